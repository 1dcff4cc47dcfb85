package main

import (
	"flag"
	"io"
	"os"

	"github.com/govault/govault/gen"
)

func runBundle(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bundle", flag.ContinueOnError)
	spec := specFlag(fs)
	outFile := fs.String("o", "", "write here instead of standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	_, areas, err := gen.Check(*spec)
	if err != nil {
		return err
	}
	raw, err := gen.Bundle(areas)
	if err != nil {
		return err
	}
	if *outFile == "" {
		_, err = stdout.Write(raw)
		return err
	}
	return os.WriteFile(*outFile, raw, 0o644)
}
