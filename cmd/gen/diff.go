package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/govault/govault/gen"
)

// runDiff compares two specs, or ours with a running server's:
//
//	gen diff [-format text|json|markdown] OLD NEW
//	gen diff [-format ...] [-spec openapi/vault.yaml] -vault-addr URL [-token T]
//
// Exit status: 0 when OLD covers NEW, 1 when something is missing, 2 on error.
func runDiff(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	spec := specFlag(fs)
	format := fs.String("format", "text", "text, json or markdown")
	var v vaultFlags
	v.register(fs)
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2, err: err}
	}
	write := map[string]func(*gen.DiffReport, io.Writer) error{
		"text": (*gen.DiffReport).WriteText, "json": (*gen.DiffReport).WriteJSON, "markdown": (*gen.DiffReport).WriteMarkdown,
	}[*format]
	if write == nil {
		return &exitError{code: 2, err: fmt.Errorf("diff: unknown -format %q (text, json, markdown)", *format)}
	}
	old, new, err := diffInputs(fs.Args(), *spec, &v)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	report := gen.Compare(old, new)
	if err := write(report, stdout); err != nil {
		return &exitError{code: 2, err: err}
	}
	if !report.Covered() {
		return &exitError{code: 1, err: fmt.Errorf("diff: %d operations of %s are missing from %s", len(report.Missing), report.New, report.Old)}
	}
	return nil
}

func diffInputs(args []string, spec string, v *vaultFlags) (old, new *gen.SpecIndex, err error) {
	switch {
	case len(args) == 2:
		// Our spec lines up with Vault's by default mount unless the other
		// side is a live-style document; index ours both ways only when asked.
		if old, err = gen.LoadIndex(args[0], false); err != nil {
			return nil, nil, err
		}
		new, err = gen.LoadIndex(args[1], false)
		return old, new, err
	case len(args) == 0 && v.addr != "":
		raw, err := v.fetch()
		if err != nil {
			return nil, nil, err
		}
		if new, err = gen.IndexBytes(v.addr+"/v1/sys/internal/specs/openapi", raw); err != nil {
			return nil, nil, err
		}
		old, err = gen.LoadIndex(spec, true)
		return old, new, err
	}
	return nil, nil, errors.New("diff: give OLD and NEW spec files, or -vault-addr (with -token) to compare ours with a running server")
}
