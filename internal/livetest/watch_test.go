package livetest

import (
	"errors"
	"strings"
	"testing"
)

func TestTokenWatchFindsLeaksInErrorsAndLogs(t *testing.T) {
	var w TokenWatch
	w.Add("s.secret-one")
	w.Seen(errors.New("permission denied"))
	w.logger().Debug("vault request", "path", "/v1/sys/seal")
	if got := w.Report(); got != "" {
		t.Fatalf("clean run reported %q", got)
	}
	w.logger().Debug("oops", "token", "s.secret-one")
	if got := w.Report(); !strings.Contains(got, "s.secret-one") {
		t.Fatalf("a token in the log went unnoticed: %q", got)
	}
	var e TokenWatch
	e.Add("s.secret-two")
	e.Seen(errors.New("bad token s.secret-two"))
	if e.Report() == "" {
		t.Fatal("a token in an error went unnoticed")
	}
}
