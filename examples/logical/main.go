// Command logical reads, writes or lists any Vault path through the same
// client, errors and path checks as the typed calls: for plugins no
// generated package covers. It reads VAULT_ADDR and VAULT_TOKEN like the
// Vault CLI and prints the answer's data and warnings.
//
//	VAULT_ADDR=http://127.0.0.1:8200 VAULT_TOKEN=... go run ./examples/logical read my-plugin/config
//	go run ./examples/logical write my-plugin/config url=https://example.test
//	go run ./examples/logical list my-plugin/roles
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/govault/govault/wrappers"
)

func main() {
	flag.Parse()
	if flag.NArg() < 2 {
		log.Fatal("usage: logical read|write|list|delete PATH [key=value ...]")
	}
	verb, path := flag.Arg(0), flag.Arg(1)
	data := map[string]any{}
	for _, kv := range flag.Args()[2:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			log.Fatalf("%q is not key=value", kv)
		}
		data[k] = v
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client, err := wrappers.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	l := client.Logical()
	var res *wrappers.LogicalResponse
	switch verb {
	case "read":
		res, err = l.Read(ctx, path)
	case "write":
		res, err = l.Write(ctx, path, data)
	case "list":
		res, err = l.List(ctx, path)
	case "delete":
		res, err = l.Delete(ctx, path)
	default:
		log.Fatalf("unknown verb %q", verb)
	}
	if err != nil {
		log.Fatal(err)
	}
	for k := range res.Data {
		fmt.Printf("%s=%v\n", k, res.Data[k])
	}
	for _, w := range res.Warnings {
		fmt.Println("warning:", w)
	}
}
