// Package openapi carries the curated Vault spec inside the module, so code
// that checks requests and responses against it (vaulttest's fake) works in
// any build, not only in a checkout of this repository.
package openapi

import "embed"

// Root is the root document's name inside FS.
const Root = "vault.yaml"

// FS holds vault.yaml, the shared components and every area document, at
// the same relative paths as on disk, so the areas' "../components/..."
// references resolve inside it.
//
//go:embed vault.yaml components/*.yaml auth/*.yaml identity/*.yaml secrets/*.yaml sys/*.yaml
var FS embed.FS
