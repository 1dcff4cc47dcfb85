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
	if _, err := wrappers.Decode(admin.TokenAuth().TokenCreateWithResponse(ctx, tokenRequest())); err != nil {
		log.Fatalf("throughput: the benchmark token: %v", err)
	}
	if _, err := admin.KVv2("secret").CreateOrUpdateSecret(ctx, "app/db", map[string]any{"password": "x"}); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(w, "## Throughput against a real Vault\n\nKV v2 on a Vault 1.21.0 dev server on loopback, %v per run, each client with its own default HTTP transport. Vault shares the machine's cores with the client, so these figures bound the client only when it is slower than Vault.\n\n", d)
	fmt.Fprintf(w, "| operation | client | goroutines | requests/s | p50 | p99 | errors |\n|---|---|---:|---:|---:|---:|---:|\n")
	for _, op := range []string{"kvRead", "kvWrite"} {
		for _, c := range bench.Clients {
			f := c.Make(srv.Addr, nil).ByName(op)
			for _, n := range []int{1, 8, 64} {
				rps, p50, p99, errs := drive(f, n, d)
				if rps == 0 {
					log.Fatalf("throughput: %s %s made no successful request (%d errors)", op, c.Name, errs)
				}
				fmt.Fprintf(w, "| %s | %s | %d | %.0f | %v | %v | %d |\n", op, c.Name, n, rps, p50.Round(time.Microsecond), p99.Round(time.Microsecond), errs)
			}
		}
	}
	fmt.Fprintln(w)
}

func drive(f func(context.Context) error, workers int, d time.Duration) (float64, time.Duration, time.Duration, int) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
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
			lat, errs = append(lat, mine...), errs+bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	took := time.Since(start)
	if len(lat) == 0 {
		return 0, 0, 0, errs
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return float64(len(lat)) / took.Seconds(), lat[len(lat)/2], lat[len(lat)*99/100], errs
}
