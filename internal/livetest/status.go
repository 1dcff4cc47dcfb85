package livetest

import (
	"errors"
	"testing"

	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// Status is the HTTP status of an answer vtypes.CaptureRaw captured (0 if
// none came back).
func Status(raw vtypes.Raw) int {
	if raw.Response == nil {
		return 0
	}
	return raw.Response.StatusCode
}

// StatusOf is the HTTP status of Vault's answer to a failed call (0 when err
// is nil or not a *wrappers.ResponseError).
func StatusOf(err error) int {
	var re *wrappers.ResponseError
	if errors.As(err, &re) {
		return re.StatusCode
	}
	return 0
}

// WantStatus fails t unless err is Vault's answer with that status
// (recording err's text for the token-leak check).
func (e *Env) WantStatus(t testing.TB, err error, status int) {
	t.Helper()
	if got := StatusOf(err); got != status || got == 0 {
		t.Fatalf("want a %d from Vault, got %v", status, e.Leaks.Seen(err))
	}
}
