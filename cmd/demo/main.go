// Command demo is the product's main job end to end, run by `make demo`
// against a fresh, non-dev Vault server that scripts/demo.sh starts (and a
// Redis server for the database step): hvac's Getting Started on a real
// server (initialise, unseal, seal, rekey, generate a root token), then the
// everyday tasks an application does (KV v1 and v2, an AppRole login with
// token renewal, transit, a PKI certificate, database credentials, response
// wrapping), and last a diff of our spec against that server. Each step
// prints one line; no token or key is ever printed.
//
//	VAULT_ADDR=http://127.0.0.1:8200 DEMO_REDIS_ADDR=127.0.0.1:6379 DEMO_REDIS_PASSWORD=... go run ./cmd/demo
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/govault/govault/wrappers"
)

// demo is the state the steps share: the client and what earlier steps made.
type demo struct {
	client   *wrappers.Client
	keys     []string // the current unseal key shares
	step     int
	redis    redisServer
	specFile string
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	client, err := wrappers.NewClient(wrappers.WithToken("")) // VAULT_ADDR; the token comes from init
	if err != nil {
		fail(err)
	}
	d := &demo{
		client:   client,
		redis:    redisServer{addr: os.Getenv("DEMO_REDIS_ADDR"), password: os.Getenv("DEMO_REDIS_PASSWORD")},
		specFile: "openapi/vault.yaml",
	}
	fmt.Printf("demo: Vault at %s (not a dev server: it starts uninitialised)\n", client.Address())
	steps := []func(context.Context) error{
		d.initialise, d.unsealKeyByKey, d.seal, d.unsealAtOnce, d.rekey, d.sealAndUnsealWithNewKeys, d.generateRoot,
		d.kvV1, d.kvV2, d.appRole, d.transit, d.pki, d.database, d.wrapping, d.diff,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			fail(err)
		}
	}
	fmt.Println("demo: every step passed")
}

// say prints one step's line.
func (d *demo) say(name, format string, args ...any) {
	d.step++
	fmt.Printf("%2d %-22s %s\n", d.step, name, fmt.Sprintf(format, args...))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "demo: FAILED:", err)
	os.Exit(1)
}
