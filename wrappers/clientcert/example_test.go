package clientcert_test

import (
	"fmt"

	"github.com/govault/govault/wrappers"
	_ "github.com/govault/govault/wrappers/clientcert" // VAULT_CLIENT_CERT and VAULT_CLIENT_KEY are loaded
)

// With the blank import, a client built from the environment presents the
// certificate and key that VAULT_CLIENT_CERT and VAULT_CLIENT_KEY name, for
// mutual TLS or the cert auth method.
func Example() {
	c, err := wrappers.NewClient() // VAULT_ADDR=https://..., VAULT_CLIENT_CERT=..., VAULT_CLIENT_KEY=...
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Address())
}
