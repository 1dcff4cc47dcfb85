package realbackend

import (
	"context"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// recorder is a testing.TB whose Fatalf records the message and ends the
// goroutine like the real one.
type recorder struct {
	testing.TB
	msg string
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Helper() {}

// failure runs f with a recorder (cleanups go to t) and returns its message.
func failure(t *testing.T, f func(testing.TB)) string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r.msg
}

func TestServerThatExitsFailsNamingIt(t *testing.T) {
	msg := failure(t, func(tb testing.TB) {
		p := start(tb, "exiter", exec.Command("sh", "-c", "echo cannot bind; exit 3"))
		p.waitReady(tb, 10*time.Second, func(context.Context) error { return errNotReady })
	})
	for _, want := range []string{"realbackend: exiter:", "exited before it was ready", "exit status 3", "cannot bind", hint} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}

func TestServerNeverReadyFailsInBoundedTime(t *testing.T) {
	began := time.Now()
	msg := failure(t, func(tb testing.TB) {
		p := start(tb, "sleeper", exec.Command("sleep", "60"))
		p.waitReady(tb, time.Second, func(context.Context) error { return errNotReady })
	})
	if !strings.Contains(msg, "sleeper: not ready after 1s: not ready") || !strings.Contains(msg, hint) {
		t.Errorf("message: %q", msg)
	}
	if took := time.Since(began); took > 5*time.Second {
		t.Errorf("the bounded wait took %v", took)
	}
}

func TestMissingBinaryIsNamed(t *testing.T) {
	_, err := binary("/nonexistent/slapd", "no-such-slapd-binary")
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/slapd") {
		t.Fatalf("binary: %v", err)
	}
}
