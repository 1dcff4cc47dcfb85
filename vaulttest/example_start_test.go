package vaulttest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/govault/govault/vaulttest"
)

// In a test, the body of runAsTest is the body of func TestX(t *testing.T):
// an Example has no *testing.T of its own.
func ExampleStart() {
	runAsTest(func(t testing.TB) {
		srv := vaulttest.Start(t, vaulttest.WithSecretsEngine("kv", "kv", map[string]string{"version": "1"}))
		ctx := context.Background()
		kv := srv.Client().KVv1("kv")
		if err := kv.CreateOrUpdateSecret(ctx, "app/db", map[string]any{"password": "s3cret"}); err != nil {
			t.Fatal(err)
		}
		secret, err := kv.ReadSecret(ctx, "app/db")
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(secret.Data["password"])
	})
	// Output: s3cret
}

// A non-dev server, initialised with 3 key shares of which 2 unseal it.
func ExampleWithInit() {
	runAsTest(func(t testing.TB) {
		srv := vaulttest.Start(t, vaulttest.WithInit(3, 2))
		st, err := srv.Client().Operator().SealStatus(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(len(srv.UnsealKeys), "keys; threshold", st.T, "; sealed:", st.Sealed)
	})
	// Output: 3 keys; threshold 2 ; sealed: false
}
