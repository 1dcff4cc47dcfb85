package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// generationSection times `go generate ./...` for the whole spec (a warm run:
// cmd/gen already compiled) and sizes generated/.
func generationSection(w *bytes.Buffer) {
	root := rootDir()
	run := func() time.Duration {
		cmd := exec.Command("go", "generate", "./...")
		cmd.Dir = root
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			log.Fatalf("go generate: %v\n%s", err, out)
		}
		return time.Since(start)
	}
	cold := run()
	warm := run()
	var files, bytesTotal, lines int
	_ = filepath.WalkDir(filepath.Join(root, "generated"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			raw, _ := os.ReadFile(p)
			files++
			bytesTotal += len(raw)
			lines += bytes.Count(raw, []byte("\n"))
		}
		return nil
	})
	fmt.Fprintf(w, "## Generation\n\n| measure | value |\n|---|---:|\n| `go generate ./...`, first run (compiles cmd/gen) | %.1fs |\n| `go generate ./...`, warm | %.1fs |\n| generated/ | %d files, %.1f MB, %d lines |\n\n",
		cold.Seconds(), warm.Seconds(), files, float64(bytesTotal)/1e6, lines)
}
