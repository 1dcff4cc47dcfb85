package vaulttest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/vtypes"
)

// passwordOf is the code under test. It takes the generated package's
// interface, so a test can hand it a mock instead of a client.
func passwordOf(ctx context.Context, kv kvv2.API, app string) (string, error) {
	res, err := kv.KvV2Read(ctx, "apps/"+app, nil)
	if err != nil {
		return "", fmt.Errorf("password of %s: %w", app, err)
	}
	p, ok := res.Data.Data["password"].(string)
	if !ok {
		return "", fmt.Errorf("password of %s: not set", app)
	}
	return p, nil
}

// kvMock implements the one method passwordOf calls. The embedded
// interface is nil: a call of any other method panics, which shows at once
// that the code under test needs more than the mock gives.
type kvMock struct {
	kvv2.API
	secrets map[string]map[string]any
}

func (m kvMock) KvV2Read(_ context.Context, path kvv2.SecretPath, _ *kvv2.KvV2ReadParams, _ ...kvv2.RequestEditorFn) (*kvv2.KvV2ReadResult, error) {
	data, ok := m.secrets[path]
	if !ok {
		// What the generated client returns for Vault's 404.
		return nil, vtypes.NewResponseError("KvV2Read", 404, []byte(`{"errors":[]}`))
	}
	return &kvv2.KvV2ReadResult{Data: kvv2.KvV2ReadData{Data: data}}, nil
}

// A generated package's interface (kvv2.API here) mocked by hand.
func Example_mock() {
	ctx := context.Background()
	kv := kvMock{secrets: map[string]map[string]any{"apps/billing": {"password": "s3cret"}}}

	p, err := passwordOf(ctx, kv, "billing")
	fmt.Println(p, err)

	_, err = passwordOf(ctx, kv, "payroll")
	fmt.Println(errors.Is(err, vtypes.ErrInvalidPath))
	// Output:
	// s3cret <nil>
	// true
}
