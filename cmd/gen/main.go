// Command gen is the spec pipeline's front door: lint the curated Vault spec,
// generate the Go packages from it, bundle it into one file, and compare it
// with the spec a Vault release serves.
//
//	gen lint      [-spec openapi/vault.yaml]
//	gen generate  [-spec openapi/vault.yaml] [-out generated] [-check]
//	gen bundle    [-spec openapi/vault.yaml] [-o file]
//	gen docs-inventory -release v2.x -docs DIR [-overlay DIR] [-o file]
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// exitError carries the process exit status a subcommand wants.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

var commands = map[string]func(args []string, stdout io.Writer) error{
	"lint":           runLint,
	"generate":       runGenerate,
	"bundle":         runBundle,
	"fetch":          runFetch,
	"diff":           runDiff,
	"coverage":       runCoverage,
	"docs-inventory": runDocsInventory,
	"since":          runSince,
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || commands[args[0]] == nil {
		fmt.Fprintln(stderr, "usage: gen lint|generate|bundle [flags]  (gen <command> -h for flags)")
		return 2
	}
	if err := commands[args[0]](args[1:], stdout); err != nil {
		fmt.Fprintln(stderr, err)
		var ee *exitError
		if errors.As(err, &ee) {
			return ee.code
		}
		return 1
	}
	return 0
}
