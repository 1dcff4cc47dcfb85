package vaulttest

// Option configures Start.
type Option func(*config)

type config struct {
	binary            string
	skipIfNoBinary    bool
	shares, threshold int // 0: a dev server
	mounts            []mount
}

type mount struct {
	auth    bool
	path    string
	kind    string
	options map[string]string
}

// WithBinary runs the Vault executable at path, ahead of the environment
// and $PATH. A path that does not exist fails the test.
func WithBinary(path string) Option {
	return func(c *config) { c.binary = path }
}

// SkipIfNoBinary skips the test (t.Skip, with the reason) when no Vault
// binary is found, instead of failing it. A binary that is named but
// missing still fails.
func SkipIfNoBinary() Option {
	return func(c *config) { c.skipIfNoBinary = true }
}

// WithInit starts a non-dev server (in-memory storage) and initialises it
// with shares unseal key shares of which threshold unseal it, then unseals
// it. The keys and root token are on the Server.
func WithInit(shares, threshold int) Option {
	return func(c *config) { c.shares, c.threshold = shares, threshold }
}

// WithSecretsEngine mounts a secrets engine of type kind at path once the
// server is up, with its engine options (e.g. {"version": "2"} for kv);
// options may be nil. Mounts are made in the order given.
func WithSecretsEngine(path, kind string, options map[string]string) Option {
	return func(c *config) {
		c.mounts = append(c.mounts, mount{path: path, kind: kind, options: options})
	}
}

// WithAuthMethod enables an auth method of type kind at path (under
// auth/, so "approle" is auth/approle) once the server is up.
func WithAuthMethod(path, kind string) Option {
	return func(c *config) { c.mounts = append(c.mounts, mount{auth: true, path: path, kind: kind}) }
}
