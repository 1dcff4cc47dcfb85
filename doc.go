// Package govault is a Go client for HashiCorp Vault built from a curated
// OpenAPI spec: the generated packages under generated/ speak Vault's HTTP
// API one area at a time, and the wrappers package adds the conveniences
// people reach for (unseal until the threshold, KV version switching, login
// helpers, typed errors).
//
// Run `go generate ./...` after changing anything under openapi/.
package govault

//go:generate go run ./cmd/gen generate -spec openapi/vault.yaml -out generated
