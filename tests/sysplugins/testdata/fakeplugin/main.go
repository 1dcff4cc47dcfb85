// Command fakeplugin is the smallest secrets-engine plugin Vault will run: it
// answers the plugin handshake and serves an empty backend.
package main

import (
	"context"
	"os"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
	"github.com/hashicorp/vault/sdk/plugin"
)

func main() {
	err := plugin.ServeMultiplex(&plugin.ServeOpts{
		BackendFactoryFunc: func(ctx context.Context, conf *logical.BackendConfig) (logical.Backend, error) {
			b := &framework.Backend{BackendType: logical.TypeLogical, RunningVersion: "v0.1.0"}
			if err := b.Setup(ctx, conf); err != nil {
				return nil, err
			}
			return b, nil
		},
	})
	if err != nil {
		os.Exit(1)
	}
}
