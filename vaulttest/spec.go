package vaulttest

import (
	"sync"

	"github.com/govault/govault/internal/contract"
	"github.com/govault/govault/openapi"
)

// The embedded spec takes a few hundred milliseconds to load and never
// changes, so every Fake of a test binary shares one copy.
var embeddedSpec = sync.OnceValues(func() (*contract.Spec, error) {
	return contract.Load(openapi.FS, openapi.Root)
})
