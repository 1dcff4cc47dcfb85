package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/govault/govault/gen"
	"github.com/govault/govault/internal/vaulttest"
)

// runCoverage prints, per area, how many of a live server's operations our
// spec has, how many of ours are typed, and how many a contract test called.
//
//	gen coverage [-live FILE | -vault-addr URL -token T | -start-vault] [-seen DIR] [-fail-under PCT]
func runCoverage(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("coverage", flag.ContinueOnError)
	spec := specFlag(fs)
	var v vaultFlags
	v.register(fs)
	liveFile := fs.String("live", "", "the live server's spec, saved with gen fetch")
	start := fs.Bool("start-vault", false, "start a dev server from .bin/vault (or $GOVAULT_VAULT_BIN) to read the live spec from")
	seenDir := fs.String("seen", "", "folder of contract-test reports (GOVAULT_SEEN_DIR of a test run)")
	exclusions := fs.String("exclusions", "openapi/exclusions.yaml", "live operations left out on purpose, with reasons")
	failUnder := fs.Float64("fail-under", 0, "exit 1 when live coverage (percent) is below this")
	format := fs.String("format", "text", "text or json")
	list := fs.Bool("list-missing", false, "list every live operation the spec lacks")
	requireExercised := fs.Bool("require-exercised", false, "exit 1 when an operation of ours was neither called by a contract test nor excused by one (needs -seen)")
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2, err: err}
	}
	raw, err := liveSpec(*liveFile, *start, &v)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	live, err := gen.IndexBytes("live", raw)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	ours, err := gen.LoadIndex(*spec, true)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	excl, err := gen.ReadExclusions(*exclusions)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	seen, err := gen.ReadSeen(*seenDir)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	c := gen.ComputeCoverage(ours, live, excl, seen)
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(c); err != nil {
			return err
		}
	} else {
		c.WriteText(stdout, *list)
	}
	if *requireExercised && len(c.Unexercised) > 0 {
		return &exitError{code: 1, err: fmt.Errorf("coverage: %d operations were never called by a contract test nor excluded with a reason: %v", len(c.Unexercised), c.Unexercised)}
	}
	if c.LiveCoverage() < *failUnder {
		return &exitError{code: 1, err: fmt.Errorf("coverage: live coverage %.1f%% is below %.1f%%", c.LiveCoverage(), *failUnder)}
	}
	return nil
}

func liveSpec(file string, start bool, v *vaultFlags) ([]byte, error) {
	switch {
	case file != "":
		return os.ReadFile(file)
	case start:
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		srv, err := vaulttest.StartDev(ctx)
		if err != nil {
			return nil, err
		}
		defer srv.Stop()
		return gen.LiveSpec(ctx, srv.Addr, srv.RootToken, true)
	case v.addr != "":
		return v.fetch()
	}
	return nil, fmt.Errorf("coverage: give -live FILE, -vault-addr URL or -start-vault")
}
