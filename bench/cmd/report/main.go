// Command report runs every benchmark of the bench module and writes
// docs/benchmarks.md with the tables, the machine, the versions and a chart.
//
//	go run ./cmd/report [-count 10] [-duration 3s] [-skip-build]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

func main() {
	count := flag.Int("count", 10, "runs of each overhead benchmark (for benchstat)")
	duration := flag.Duration("duration", 3*time.Second, "length of each throughput run")
	skipBuild := flag.Bool("skip-build", false, "skip the cold-cache build measurements (slow)")
	out := flag.String("out", "../docs/benchmarks.md", "report file")
	flag.Parse()
	log.SetFlags(0)

	var doc bytes.Buffer
	fmt.Fprintf(&doc, "# Benchmarks\n\nProduced by `make bench` (bench/cmd/report) on %s. Numbers are from this run on this machine; rerun to compare.\n\n", time.Now().UTC().Format("2006-01-02"))
	machine(&doc)

	// One go test per round rather than -count, which would run each client
	// ten times in a row: in a round every client runs once, close in time
	// to the others, and the report compares clients within rounds.
	log.Printf("overhead: go test -bench Overhead, %d rounds", *count)
	var raw []byte
	for range *count {
		round, err := goOutput(".", "test", "-run", "^$", "-bench", "Overhead", "-benchmem", "-count", "1", ".")
		if err != nil {
			log.Fatalf("overhead benchmarks: %v\n%s", err, round)
		}
		raw = append(raw, round...)
	}
	must(os.MkdirAll("out", 0o755))
	must(os.WriteFile("out/overhead.txt", raw, 0o644))
	results := parseBench(raw)
	overheadSection(&doc, results)
	log.Printf("decoding: go test -bench Decode")
	decoded, err := goOutput(".", "test", "-run", "^$", "-bench", "Decode", "-benchmem", ".")
	if err != nil {
		log.Fatalf("decode benchmarks: %v\n%s", err, decoded)
	}
	decodeSection(&doc, decoded, results)
	stat, err := goOutput(".", "tool", "benchstat", "-col", "/client", "out/overhead.txt")
	if err != nil {
		log.Fatalf("benchstat: %v\n%s", err, stat)
	}
	fmt.Fprintf(&doc, "<details><summary>benchstat output</summary>\n\n```\n%s```\n</details>\n\n", stat)
	must(os.WriteFile("../docs/benchmarks.svg", chart(results), 0o644))
	fmt.Fprintf(&doc, "![ns/op and allocs/op per client, relative to raw net/http](benchmarks.svg)\n\n")

	log.Printf("throughput: real Vault dev server, %v per run", *duration)
	throughputSection(&doc, *duration)

	if !*skipBuild {
		log.Printf("build cost: cold-cache builds of a KV-only program per client")
		buildSection(&doc)
	}
	log.Printf("generation")
	generationSection(&doc)

	must(os.WriteFile(*out, doc.Bytes(), 0o644))
	log.Printf("wrote %s", *out)
}

func machine(w *bytes.Buffer) {
	cpu := "unknown CPU"
	if raw, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(raw), "\n") {
			if strings.HasPrefix(line, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(line, ":", 2)[1])
				break
			}
		}
	}
	fmt.Fprintf(w, "## Machine and versions\n\n- %s/%s, %d CPUs (%s), %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpu, runtime.Version())
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			switch d.Path {
			case "github.com/hashicorp/vault/api", "github.com/hashicorp/vault-client-go", "github.com/oapi-codegen/runtime":
				fmt.Fprintf(w, "- %s %s\n", d.Path, d.Version)
			}
		}
	}
	fmt.Fprintf(w, "- govault: this checkout; Vault server v1.21.0 (tools/vault)\n\n")
}

func goOutput(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	err := cmd.Run()
	return b.Bytes(), err
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func rootDir() string { abs, _ := filepath.Abs(".."); return abs }
