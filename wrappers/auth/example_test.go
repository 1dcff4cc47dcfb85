package auth_test

import (
	"context"
	"log"

	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

// A secret ID delivered response-wrapped into a file by a trusted
// orchestrator: Login unwraps it, then logs in.
func ExampleAppRole() {
	client, err := wrappers.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Login(context.Background(), auth.AppRole{
		RoleID:   "d2d7c1a4-7a8f-4c1e-9f9e-2f3b5c6d7e8f",
		SecretID: auth.FromFile("/run/vault/wrapped-secret-id"),
		Wrapped:  true,
	})
	if err != nil {
		log.Fatal(err)
	}
}

// Inside a pod: the service account token is read from its default path on
// every login, so re-logins pick up the rotated token.
func ExampleKubernetes() {
	client, err := wrappers.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Login(context.Background(), auth.Kubernetes{Role: "web"}); err != nil {
		log.Fatal(err)
	}
}
