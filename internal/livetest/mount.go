package livetest

import "testing"

// Enable enables one more mount from a test (registered with the validator
// like Options.Mounts), for a test that wants a mount of its own.
func (e *Env) Enable(t testing.TB, m Mount) {
	t.Helper()
	if err := e.enable([]Mount{m}); err != nil {
		t.Fatal(e.Leaks.Seen(err))
	}
}
