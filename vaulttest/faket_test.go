package vaulttest_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// fakeT is a testing.TB that records what vaulttest reports instead of
// failing the real test, so a test can check that a mistake is caught and
// what the message says; Examples, which have no *testing.T, run their test
// bodies on one too. Fatal and Skip end the goroutine, as the real ones do.
// Methods it does not override go to the embedded TB: the real test's, or
// nil (a panic) in Examples, so vaulttest must not need more than these.
type fakeT struct {
	testing.TB
	echo io.Writer // where failures are printed as they happen, if anywhere

	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	errors   []string // Error, Errorf, Fatal, Fatalf
	logs     []string
	skipped  string
	failed   bool
	cleanups []func()
}

// runT runs body on a fakeT embedding t and returns it once body and the
// cleanups it registered have finished.
func runT(t testing.TB, body func(testing.TB)) *fakeT {
	ft := &fakeT{TB: t}
	ft.run(body)
	return ft
}

// runAsTest runs an Example's test body, printing any failure so that the
// Example's Output check shows it.
func runAsTest(body func(t testing.TB)) {
	ft := &fakeT{echo: stdout{}}
	ft.run(body)
}

func (ft *fakeT) run(body func(testing.TB)) {
	ft.ctx, ft.cancel = context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer ft.runCleanups()
		body(ft)
	}()
	<-done
}

func (ft *fakeT) runCleanups() {
	ft.cancel() // as testing does: the context ends before cleanups run
	for {
		ft.mu.Lock()
		n := len(ft.cleanups)
		if n == 0 {
			ft.mu.Unlock()
			return
		}
		f := ft.cleanups[n-1]
		ft.cleanups = ft.cleanups[:n-1]
		ft.mu.Unlock()
		f()
	}
}

func (ft *fakeT) fail(msg string) {
	ft.mu.Lock()
	ft.errors = append(ft.errors, msg)
	ft.failed = true
	ft.mu.Unlock()
	if ft.echo != nil {
		fmt.Fprintln(ft.echo, "FAIL:", msg)
	}
}

func (ft *fakeT) Helper()                           {}
func (ft *fakeT) Context() context.Context          { return ft.ctx }
func (ft *fakeT) Error(args ...any)                 { ft.fail(fmt.Sprint(args...)) }
func (ft *fakeT) Errorf(format string, args ...any) { ft.fail(fmt.Sprintf(format, args...)) }
func (ft *fakeT) Fail()                             { ft.fail("Fail called") }
func (ft *fakeT) FailNow()                          { ft.fail("FailNow called"); runtime.Goexit() }
func (ft *fakeT) Fatal(args ...any)                 { ft.fail(fmt.Sprint(args...)); runtime.Goexit() }
func (ft *fakeT) Fatalf(format string, args ...any) {
	ft.fail(fmt.Sprintf(format, args...))
	runtime.Goexit()
}
func (ft *fakeT) Log(args ...any)                  { ft.log(fmt.Sprint(args...)) }
func (ft *fakeT) Logf(format string, args ...any)  { ft.log(fmt.Sprintf(format, args...)) }
func (ft *fakeT) Skip(args ...any)                 { ft.skip(fmt.Sprint(args...)) }
func (ft *fakeT) Skipf(format string, args ...any) { ft.skip(fmt.Sprintf(format, args...)) }
func (ft *fakeT) SkipNow()                         { ft.skip("SkipNow called") }

func (ft *fakeT) Failed() bool {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	return ft.failed
}

func (ft *fakeT) Skipped() bool {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	return ft.skipped != ""
}

func (ft *fakeT) Cleanup(f func()) {
	ft.mu.Lock()
	ft.cleanups = append(ft.cleanups, f)
	ft.mu.Unlock()
}

func (ft *fakeT) log(msg string) {
	ft.mu.Lock()
	ft.logs = append(ft.logs, msg)
	ft.mu.Unlock()
}

func (ft *fakeT) skip(msg string) {
	ft.mu.Lock()
	ft.skipped = msg
	ft.mu.Unlock()
	runtime.Goexit()
}

// Errors returns the failures reported so far.
func (ft *fakeT) Errors() []string {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	return append([]string(nil), ft.errors...)
}

// Logs returns everything logged, one entry per call.
func (ft *fakeT) Logs() string {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	return strings.Join(ft.logs, "\n")
}

// stdout writes to os.Stdout as it is when written to, which is where an
// Example's output is captured.
type stdout struct{}

func (stdout) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
