// Command database reads database credentials with the wrappers Database
// calls: from a dynamic role (a new user under a lease, which it keeps
// alive for -watch and then revokes) or, with -static, the current password
// of a static role's user. It never prints the password. It reads
// VAULT_ADDR and VAULT_TOKEN like the Vault CLI.
//
//	VAULT_ADDR=http://127.0.0.1:8200 VAULT_TOKEN=... go run ./examples/database -mount database -role app -watch 2m
//	go run ./examples/database -role reporting -static
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"time"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/wrappers"
)

func main() {
	mount := flag.String("mount", wrappers.DefaultDatabaseMount, "the database mount")
	role := flag.String("role", "", "the role to read credentials of (required)")
	static := flag.Bool("static", false, "the role is a static role")
	watch := flag.Duration("watch", 0, "keep the lease alive this long (Ctrl-C ends it sooner)")
	keep := flag.Bool("keep", false, "leave the lease in place on exit instead of revoking it")
	flag.Parse()
	if *role == "" {
		flag.Usage()
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *mount, *role, *static, *watch, *keep); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, mount, role string, static bool, watch time.Duration, keep bool) error {
	client, err := wrappers.NewClient() // VAULT_ADDR, VAULT_TOKEN, ...
	if err != nil {
		return err
	}
	db := client.Database(mount)
	read := db.Credentials
	if static {
		read = db.StaticCredentials
	}
	callCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	creds, err := read(callCtx, role)
	cancel()
	if err != nil {
		return err
	}
	for _, w := range creds.Warnings {
		fmt.Println("warning:", w)
	}
	fmt.Printf("user %s, password of %d characters\n", creds.Username, len(creds.Password))
	if creds.LeaseID == "" {
		fmt.Printf("no lease; Vault rotates the password in %v\n", creds.RotatesIn)
		return nil
	}
	fmt.Printf("lease %s for %v, renewable %v\n", creds.LeaseID, creds.LeaseDuration, creds.Renewable)

	if watch > 0 {
		wctx, cancel := context.WithTimeout(ctx, watch)
		defer cancel()
		w := creds.Watch(wctx, client)
		for done := false; !done; {
			select {
			case r, ok := <-w.Renewals():
				if ok {
					fmt.Printf("renewed: %v left\n", r.TTL)
				}
			case err, ok := <-w.Errors():
				if ok {
					fmt.Println("renewal failed:", err)
				}
			case <-w.Done():
				done = true
			}
		}
		if err := w.Err(); err != nil && wctx.Err() == nil {
			return err
		}
		fmt.Println("stopped watching")
	}
	if keep {
		return nil
	}
	revokeCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := client.Sys().SysRevokeLease(revokeCtx, sys.SysRevokeLeaseRequest{LeaseID: creds.LeaseID}); err != nil {
		return err
	}
	fmt.Println("lease revoked: Vault drops the user")
	return nil
}
