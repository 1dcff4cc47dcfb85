// Command approle logs in as an application with AppRole, keeps its token
// alive with the token watcher (renewing it, and logging in again when it
// reaches its max TTL), and reads a KV v2 secret with it. It reads
// VAULT_ADDR like the Vault CLI; the role ID and a secret ID come from
// files, as an orchestrator would deliver them.
//
//	VAULT_ADDR=http://127.0.0.1:8200 go run ./examples/approle -role-id role-id.txt -secret-id secret-id.txt -secret app/db
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

func main() {
	mount := flag.String("mount", "approle", "where the AppRole auth method is mounted")
	roleIDFile := flag.String("role-id", "role-id.txt", "file holding the role ID")
	secretIDFile := flag.String("secret-id", "secret-id.txt", "file holding the secret ID (read again at every login)")
	wrapped := flag.Bool("wrapped", false, "the secret ID file holds a response-wrapping token")
	secret := flag.String("secret", "app/db", "a KV v2 secret under secret/ to read")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	roleID, err := os.ReadFile(*roleIDFile)
	if err != nil {
		log.Fatal(err)
	}
	client, err := wrappers.NewClient(wrappers.WithToken("")) // the login provides the token
	if err != nil {
		log.Fatal(err)
	}
	reply, err := client.Login(ctx, auth.AppRole{
		Mount: *mount, RoleID: strings.TrimSpace(string(roleID)),
		SecretID: auth.FromFile(*secretIDFile), Wrapped: *wrapped,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("logged in: policies %v, token ttl %ds, renewable %t\n", reply.Auth.TokenPolicies, reply.Auth.LeaseDuration, reply.Auth.Renewable)

	w := client.WatchToken(ctx) // renews before expiry; logs in again at max TTL
	defer w.Stop()
	go func() {
		for r := range w.Renewals() {
			fmt.Printf("token renewed: ttl %v (fresh login: %t)\n", r.TTL, r.LoggedIn)
		}
	}()

	got, err := client.KVv2("secret").ReadSecret(ctx, *secret)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("read %s version %d: keys %d\n", *secret, got.Data.Metadata.Version, len(got.Data.Data))
}
