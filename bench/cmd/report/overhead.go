package main

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"

	"github.com/govault/govault/bench"
)

// result is the median of one benchmark's runs. vsRaw is the median, over
// the rounds, of the time relative to raw's time in the same round: pairing
// runs made seconds apart cancels the machine's drift over the minutes of a
// whole report, which is larger than the differences measured.
type result struct{ ns, bytes, allocs, vsRaw float64 }

var benchLine = regexp.MustCompile(`^BenchmarkOverhead/op=(\w+)/client=(\w+)-\d+\s+\d+\s+([\d.]+) ns/op\s+(\d+) B/op\s+(\d+) allocs/op`)

// parseBench returns op -> client -> medians.
func parseBench(raw []byte) map[string]map[string]result {
	runs := map[string]map[string][]result{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		ns, _ := strconv.ParseFloat(m[3], 64)
		b, _ := strconv.ParseFloat(m[4], 64)
		a, _ := strconv.ParseFloat(m[5], 64)
		if runs[m[1]] == nil {
			runs[m[1]] = map[string][]result{}
		}
		runs[m[1]][m[2]] = append(runs[m[1]][m[2]], result{ns: ns, bytes: b, allocs: a})
	}
	out := map[string]map[string]result{}
	for op, byClient := range runs {
		out[op] = map[string]result{}
		raw := byClient["raw"]
		for c, rs := range byClient {
			var paired []result
			for i := range min(len(rs), len(raw)) {
				paired = append(paired, result{vsRaw: rs[i].ns / raw[i].ns})
			}
			out[op][c] = result{
				ns:     median(rs, func(r result) float64 { return r.ns }),
				bytes:  median(rs, func(r result) float64 { return r.bytes }),
				allocs: median(rs, func(r result) float64 { return r.allocs }),
				vsRaw:  median(paired, func(r result) float64 { return r.vsRaw }),
			}
		}
	}
	return out
}

func median(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	sort.Float64s(v)
	return v[len(v)/2]
}

func overheadSection(w *bytes.Buffer, res map[string]map[string]result) {
	fmt.Fprintf(w, "## Per-request overhead\n\nOne request per iteration against an in-process `httptest` server returning the same canned Vault responses to every client (medians of the runs; `time vs raw` is the median of each run's time over the raw net/http + encoding/json baseline's time in the same round, `allocs vs raw` the difference in allocations).\n\n")
	fmt.Fprintf(w, "| operation | client | ns/op | time vs raw | B/op | allocs/op | allocs vs raw |\n|---|---|---:|---:|---:|---:|---:|\n")
	for _, op := range bench.OpNames {
		raw := res[op]["raw"]
		for _, c := range bench.Clients {
			r, ok := res[op][c.Name]
			if !ok {
				continue
			}
			fmt.Fprintf(w, "| %s | %s | %.0f | %.2fx | %.0f | %.0f | %+.0f |\n", op, c.Name, r.ns, r.vsRaw, r.bytes, r.allocs, r.allocs-raw.allocs)
		}
	}
	fmt.Fprintln(w)
}

var decodeLine = regexp.MustCompile(`^BenchmarkDecode/op=(\w+)/shape=(\w+)-\d+\s+\d+\s+[\d.]+ ns/op\s+\d+ B/op\s+(\d+) allocs/op`)

// decodeSection splits govault's extra allocations into those spent decoding
// the fields the raw baseline skips and the rest (the client itself).
func decodeSection(w *bytes.Buffer, raw []byte, res map[string]map[string]result) {
	allocs := map[string]map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		if m := decodeLine.FindStringSubmatch(sc.Text()); m != nil {
			if allocs[m[1]] == nil {
				allocs[m[1]] = map[string]float64{}
			}
			allocs[m[1]][m[2]], _ = strconv.ParseFloat(m[3], 64)
		}
	}
	fmt.Fprintf(w, "The raw baseline decodes only the fields its caller reads; govault decodes Vault's whole typed response. `BenchmarkDecode` decodes each canned body both ways without HTTP, which splits govault's extra allocations:\n\n")
	fmt.Fprintf(w, "| operation | govault allocs vs raw | of which decoding the fields raw skips | the rest |\n|---|---:|---:|---:|\n")
	for _, op := range bench.OpNames {
		extra := res[op]["govault"].allocs - res[op]["raw"].allocs
		decoding := allocs[op]["typed"] - allocs[op]["raw"]
		fmt.Fprintf(w, "| %s | %+.0f | %+.0f | %+.0f |\n", op, extra, decoding, extra-decoding)
	}
	fmt.Fprintln(w)
}
