package main

import (
	"context"
	"flag"
	"io"
	"os"
	"time"

	"github.com/govault/govault/gen"
)

// vaultFlags are the flags of every subcommand that talks to a running Vault.
type vaultFlags struct {
	addr, token string
	mountAll    bool
}

func (v *vaultFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&v.addr, "vault-addr", os.Getenv("VAULT_ADDR"), "address of a running Vault (default $VAULT_ADDR)")
	fs.StringVar(&v.token, "token", os.Getenv("VAULT_TOKEN"), "token for it (default $VAULT_TOKEN)")
	fs.BoolVar(&v.mountAll, "mount-all", true, "mount every builtin plugin first (dev servers only), so the spec is complete")
}

func (v *vaultFlags) fetch() ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	return gen.LiveSpec(ctx, v.addr, v.token, v.mountAll)
}

// runFetch saves the spec a running Vault serves.
func runFetch(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("fetch", flag.ContinueOnError)
	var v vaultFlags
	v.register(fs)
	out := fs.String("o", "", "write here instead of standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	raw, err := v.fetch()
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = stdout.Write(raw)
		return err
	}
	return os.WriteFile(*out, raw, 0o644)
}
