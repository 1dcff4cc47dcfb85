package vaulttest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/vaulttest"
)

// The code under test reads a password through the client it is given.
func ExampleNewFake() {
	runAsTest(func(t testing.TB) {
		fake := vaulttest.NewFake(t)
		// Checked against KvV2Read's 200 schema here: a field the schema
		// lacks or a wrong type would fail the test.
		fake.On("KvV2Read", 200, kvv2.KvV2ReadResult{
			Envelope: vaultcommon.Envelope{RequestID: "r1"},
			Data: kvv2.KvV2ReadData{
				Data:     map[string]any{"password": "s3cret"},
				Metadata: kvv2.KvV2VersionMetadata{Version: 4},
			},
		})

		secret, err := fake.Client().KVv2("secret").ReadSecret(context.Background(), "app/db")
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(secret.Data.Data["password"], secret.Data.Metadata.Version)
		for _, c := range fake.Calls() {
			fmt.Println(c.OperationID, c.Method, c.Path)
		}
	})
	// Output:
	// s3cret 4
	// KvV2Read GET /v1/secret/data/app/db
}
