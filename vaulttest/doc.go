// Package vaulttest helps test code that uses govault, in three ways.
//
// A real server: Start runs a Vault binary on a free loopback port for one
// test, a dev server by default or an initialised and unsealed one with
// WithInit, with the secrets engines and auth methods you name mounted, and
// stops it when the test ends (attaching its output to a failed test's log).
// The binary is the one passed with WithBinary, else the file named by
// $GOVAULT_VAULT_BIN or $VAULT_BINARY, else vault on $PATH. Without one
// the test fails, saying how to get one; SkipIfNoBinary skips instead.
//
//	srv := vaulttest.Start(t, vaulttest.WithSecretsEngine("transit", "transit", nil))
//	client := srv.Client()
//
// A fake that does not lie: NewFake serves the responses a test registers
// per operation (operationIds of govault's spec, such as "KvV2Read") and
// holds both sides to that spec. A request for an operation the spec lacks,
// a body field the request schema lacks, a misspelt query parameter or a
// missing token fails the test naming the operation and the field; so does
// a registered response the response schema does not describe, and a call
// nobody registered a response for. The spec is embedded in the module, so
// this works in any build.
//
//	fake := vaulttest.NewFake(t)
//	fake.On("KvV2Read", 200, readResult)
//	app := NewApp(fake.Client())
//
// Mocks: every generated package lists its operations in an interface
// (kvv2.API, pki.API, ...); code that takes one can be handed a struct that
// embeds the interface and implements only the methods the code calls (see
// the example).
package vaulttest
