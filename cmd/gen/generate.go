package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/govault/govault/gen"
)

func specFlag(fs *flag.FlagSet) *string {
	return fs.String("spec", "openapi/vault.yaml", "root document of the spec")
}

// areaFlag restricts a command to some areas (comma-separated names).
func areaFlag(fs *flag.FlagSet) func() []string {
	v := fs.String("area", "", "only these areas (comma-separated names from the root document)")
	return func() []string {
		if *v == "" {
			return nil
		}
		return strings.Split(*v, ",")
	}
}

func runLint(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	spec := specFlag(fs)
	only := areaFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, areas, err := gen.Check(*spec, only()...)
	if err != nil {
		return err
	}
	// Some problems only show in the generated code (method names): build it in memory.
	if _, _, err := gen.Build(*spec, only()...); err != nil {
		return err
	}
	ops := 0
	for _, a := range areas {
		ops += a.Doc.Paths.Len()
	}
	fmt.Fprintf(stdout, "%s: %d areas, %d paths, no findings\n", s.Root, len(areas), ops)
	return nil
}

func runGenerate(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	spec := specFlag(fs)
	out := fs.String("out", "generated", "folder the packages are written to")
	check := fs.Bool("check", false, "write nothing; fail if the folder is out of date")
	only := areaFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	_, files, err := gen.Build(*spec, only()...)
	if err != nil {
		return err
	}
	if len(only()) > 0 {
		// A partial run writes its packages and leaves every other one alone.
		for name, code := range files {
			if err := gen.WriteFile(*out, name, code); err != nil {
				return err
			}
		}
		fmt.Fprintf(stdout, "generated %d files into %s\n", len(files), *out)
		return nil
	}
	if *check {
		stale, err := gen.StaleFiles(*out, files)
		if err != nil {
			return err
		}
		if len(stale) > 0 {
			return fmt.Errorf("%s is out of date with the spec (run go generate ./...): %s", *out, strings.Join(stale, ", "))
		}
		return nil
	}
	changed, err := gen.WriteTree(*out, files)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generated %d files into %s (%d changed)\n", len(files), *out, len(changed))
	return nil
}
