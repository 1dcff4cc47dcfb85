package wrappers_test

import (
	"context"
	"fmt"
	"log"

	"github.com/govault/govault/generated/authuserpass"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

func ExampleClient_Login() {
	ctx := context.Background()
	exampleUserpassUser(ctx) // an operator's job: mount userpass at "example-userpass", add alice

	client, err := wrappers.NewClient(wrappers.WithToken("")) // VAULT_ADDR from the environment, no token yet
	if err != nil {
		log.Fatal(err)
	}
	infoReply, err := client.Login(ctx, auth.Userpass{Mount: "example-userpass", Username: "alice", Password: "s3cret"})
	if err != nil {
		log.Fatal(err)
	}
	// The client now sends the issued token; LastLogin lets a watcher log in again.
	fmt.Println(client.Token() == infoReply.Auth.ClientToken, infoReply.Auth.TokenPolicies, client.LastLogin())
	// Output: true [default dev] auth.Userpass{Mount:"example-userpass" Username:"alice" Password:<redacted>}
}

// exampleUserpassUser mounts userpass at example-userpass (once) and writes alice.
func exampleUserpassUser(ctx context.Context) {
	root, err := wrappers.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	mounts, err := root.Sys().SysListAuthMethods(ctx)
	if err != nil {
		log.Fatal(err)
	}
	if _, ok := mounts.Data["example-userpass/"]; !ok {
		if err := root.Sys().SysEnableAuthMethod(ctx, "example-userpass", sys.SysEnableAuthMethodRequest{Type: "userpass"}); err != nil {
			log.Fatal(err)
		}
	}
	base, _ := root.URL("auth/example-userpass") // a constant mount: cannot be refused
	up := authuserpass.New(root, base)
	pw := "s3cret"
	if err := up.UserpassWriteUser(ctx, "alice", authuserpass.UserpassWriteUserRequest{
		Password: &pw, TokenPolicies: []string{"dev"},
	}); err != nil {
		log.Fatal(err)
	}
}
