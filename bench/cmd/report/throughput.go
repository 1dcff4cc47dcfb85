package main

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"

	"github.com/govault/govault/bench"
	"github.com/govault/govault/internal/vaulttest"
	"github.com/govault/govault/wrappers"
)

// throughputSection drives a real Vault dev server with each client's own
// default transport: KV v2 reads and writes at 1, 8 and 64 goroutines.
func throughputSection(w *bytes.Buffer, d time.Duration) {
	ctx := context.Background()
	srv, err := vaulttest.StartDev(ctx)
	if err != nil {
		log.Fatalf("throughput: %v", err)
	}
	defer srv.Stop()
	// The clients send bench.Token: make it a real root-policy token.
	admin, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.Addr), wrappers.WithToken(srv.RootToken))
	must(err)
	if _, err := admin.TokenAuth().TokenCreate(ctx, tokenRequest()); err != nil {
		log.Fatalf("throughput: the benchmark token: %v", err)
	}
	if _, err := admin.KVv2("secret").CreateOrUpdateSecret(ctx, "app/db", map[string]any{"password": "x"}); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(w, "## Throughput against a real Vault\n\nKV v2 on a Vault 1.21.0 dev server on loopback, %v per run, each client with its own default HTTP transport. Vault shares the machine's cores with the client, so these figures bound the client only when it is slower than Vault.\n\n", d)
	fmt.Fprintf(w, "Each figure gathers %d slices of %v, with the clients taking turns in a rotating order, so that drift in the server or the machine over a report weighs on every client alike.\n\n", rounds, d/rounds)
	fmt.Fprintf(w, "| operation | client | goroutines | requests/s | p50 | p99 | errors |\n|---|---|---:|---:|---:|---:|---:|\n")
	for _, op := range []string{"kvRead", "kvWrite"} {
		ops := make([]func(context.Context) error, len(bench.Clients))
		for i, c := range bench.Clients {
			ops[i] = c.Make(srv.Addr, nil).ByName(op)
		}
		for _, n := range []int{1, 8, 64} {
			runs := make([]run, len(bench.Clients))
			for r := 0; r < rounds; r++ {
				for k := range bench.Clients {
					i := (k + r) % len(bench.Clients)
					runs[i].add(drive(ops[i], n, d/rounds))
				}
			}
			for i, c := range bench.Clients {
				rps, p50, p99 := runs[i].summary()
				if rps == 0 {
					log.Fatalf("throughput: %s %s made no successful request (%d errors)", op, c.Name, runs[i].errs)
				}
				fmt.Fprintf(w, "| %s | %s | %d | %.0f | %v | %v | %d |\n", op, c.Name, n, rps, p50.Round(time.Microsecond), p99.Round(time.Microsecond), runs[i].errs)
			}
		}
	}
	fmt.Fprintln(w)
}

// rounds is how many turns each client gets per figure.
const rounds = 3

// run gathers one client's latencies over its turns.
type run struct {
	lat  []time.Duration
	took time.Duration
	errs int
}

func (r *run) add(o run) {
	r.lat, r.took, r.errs = append(r.lat, o.lat...), r.took+o.took, r.errs+o.errs
}

func (r *run) summary() (rps float64, p50, p99 time.Duration) {
	if len(r.lat) == 0 {
		return 0, 0, 0
	}
	sort.Slice(r.lat, func(i, j int) bool { return r.lat[i] < r.lat[j] })
	return float64(len(r.lat)) / r.took.Seconds(), r.lat[len(r.lat)/2], r.lat[len(r.lat)*99/100]
}

// drive calls f from workers goroutines for d.
func drive(f func(context.Context) error, workers int, d time.Duration) run {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var out run
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for ctx.Err() == nil {
				t := time.Now()
				if err := f(context.Background()); err != nil {
					bad++
					continue
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			out.lat, out.errs = append(out.lat, mine...), out.errs+bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	out.took = time.Since(start)
	return out
}
