package wrappers

import "github.com/govault/govault/generated/sys"

// Operator is what a Vault operator does to the server itself, hvac's
// client.sys init/seal/rekey/generate_root: initialise it, seal and unseal
// it, replace its unseal keys (rekey) and make a new root token from the
// key shares. These calls rarely belong in an application, so they live
// here rather than on Client.
//
//	op := client.Operator()
//	init, err := op.Initialize(ctx, 5, 3)
//	status, err := op.SubmitUnsealKeys(ctx, init.Keys)
type Operator struct {
	api *sys.Client
}

// Operator returns the server-operator calls, sharing the client's
// transport, token and options.
func (c *Client) Operator() *Operator { return &Operator{api: c.Sys()} }
