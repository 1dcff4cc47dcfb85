package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/govault/govault/gen"
)

// releaseFlags collects -live VERSION=FILE pairs.
type releaseFlags []string

func (r *releaseFlags) String() string     { return strings.Join(*r, ",") }
func (r *releaseFlags) Set(s string) error { *r = append(*r, s); return nil }

// runSince prints the version marks the live specs of several releases call
// for (kind, operationId, field, min, max, present mark, source), and on
// standard error how many operations none of them serves.
//
//	gen since -live 1.17.6=spec-1.17.6.json -live 1.21.0=spec-1.21.0.json
func runSince(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("since", flag.ContinueOnError)
	spec := specFlag(fs)
	var lives releaseFlags
	fs.Var(&lives, "live", "VERSION=FILE: a release's live spec, saved with gen fetch (repeat)")
	listUnserved := fs.Bool("list-unserved", false, "also list the operations no release serves")
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2, err: err}
	}
	if len(lives) < 2 {
		return &exitError{code: 2, err: fmt.Errorf("since: give at least two -live VERSION=FILE")}
	}
	var releases []gen.Release
	for _, l := range lives {
		version, file, ok := strings.Cut(l, "=")
		if !ok {
			return &exitError{code: 2, err: fmt.Errorf("since: -live %q: want VERSION=FILE", l)}
		}
		raw, err := os.ReadFile(file)
		if err != nil {
			return &exitError{code: 2, err: err}
		}
		ix, err := gen.IndexBytes(file, raw)
		if err != nil {
			return &exitError{code: 2, err: err}
		}
		releases = append(releases, gen.Release{Version: version, Live: ix})
	}
	ours, err := gen.LoadIndex(*spec, true)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	marks, unserved := gen.Since(ours, releases)
	gen.WriteMarks(stdout, marks)
	fmt.Fprintf(os.Stderr, "since: %d marks; %d of our operations are served by none of the %d releases\n", len(marks), len(unserved), len(releases))
	if *listUnserved {
		for _, id := range unserved {
			fmt.Fprintln(stdout, "unserved\t"+id)
		}
	}
	return nil
}
