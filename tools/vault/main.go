// Command vault builds a real HashiCorp Vault server binary from the Go module
// proxy, so the client's integration tests run against the genuine article.
// It lives in its own module so the client library never inherits Vault's
// dependency graph.
package main

import (
	"os"

	"github.com/hashicorp/vault/command"
)

func main() {
	os.Exit(command.Run(os.Args[1:]))
}
