package main

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/govault/govault/bench"
)

// buildSection builds each program with an empty build cache (the module
// cache stays warm: downloads are not build time) and reports time and size.
func buildSection(w *bytes.Buffer) {
	fmt.Fprintf(w, "## Cost to the user's build\n\nThe same program (read one KV v2 secret) written with each client, built with `go build` and an empty build cache (the standard library is compiled too, so the difference between rows is what each client costs).\n\n")
	fmt.Fprintf(w, "| program | cold build | binary size | vs raw |\n|---|---:|---:|---:|\n")
	var rawSize int64
	for _, name := range bench.ProgramOrder {
		took, size, err := coldBuild(name)
		if err != nil {
			log.Fatalf("build %s: %v", name, err)
		}
		if name == "raw" {
			rawSize = size
		}
		fmt.Fprintf(w, "| %s | %.1fs | %.2f MB | %+.2f MB |\n", name, took.Seconds(), float64(size)/1e6, float64(size-rawSize)/1e6)
	}
	fmt.Fprintln(w)
}

func coldBuild(name string) (time.Duration, int64, error) {
	dir, err := os.MkdirTemp("", "govault-build-*")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	if err := bench.WriteProgram(".", dir, name); err != nil {
		return 0, 0, err
	}
	cache := filepath.Join(dir, "cache")
	cmd := exec.Command("go", "build", "-mod=mod", "-o", "prog", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOCACHE="+cache, "GOFLAGS=")
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, 0, fmt.Errorf("%v\n%s", err, out)
	}
	took := time.Since(start)
	st, err := os.Stat(filepath.Join(dir, "prog"))
	if err != nil {
		return 0, 0, err
	}
	return took, st.Size(), nil
}
