package gen

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// AreaCoverage is how much of one area the spec and the tests cover.
type AreaCoverage struct {
	Area      string `json:"area"`
	Live      int    `json:"live"`      // operations the live server serves for it
	InSpec    int    `json:"in_spec"`   // of those, how many our spec has
	Ours      int    `json:"ours"`      // operations our spec has for it (live or not)
	Typed     int    `json:"typed"`     // of ours, how many type every 2xx body
	Exercised int    `json:"exercised"` // of ours, how many a contract test called
	StandIn   int    `json:"stand_in"`  // of those, how many only against a doc-shaped stand-in
	Excluded  int    `json:"excluded"`  // of ours, how many are exempt from a test, with a reason
}

// Coverage is the whole picture, per area.
type Coverage struct {
	Areas []*AreaCoverage `json:"areas"`
	// Missing live operations: neither in our spec nor in the exclusion list.
	Missing []string `json:"missing"`
	// Excluded live operations, with the reason for each.
	Excluded map[string]string `json:"excluded"`
	// Unexercised: our operations no contract test called or excused.
	Unexercised []string     `json:"unexercised"`
	Total       AreaCoverage `json:"total"`
}

// Exclusions are live operations the spec leaves out on purpose, keyed by
// "METHOD /normalised/path", each with its reason.
type Exclusions map[string]string

// ReadExclusions reads openapi/exclusions.yaml (a missing file is empty).
func ReadExclusions(path string) (Exclusions, error) {
	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return Exclusions{}, nil
	}
	if err != nil {
		return nil, err
	}
	var doc struct {
		Exclusions []struct {
			Operation string `yaml:"operation"`
			Reason    string `yaml:"reason"`
		} `yaml:"exclusions"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, &Finding{File: path, Rule: "yaml", Message: err.Error()}
	}
	out := Exclusions{}
	for i, e := range doc.Exclusions {
		if e.Operation == "" || strings.TrimSpace(e.Reason) == "" {
			return nil, &Finding{File: path, Pointer: fmt.Sprintf("/exclusions/%d", i), Rule: "exclusion", Message: "every exclusion needs an operation and a reason"}
		}
		m, p, _ := strings.Cut(e.Operation, " ")
		out[strings.ToUpper(m)+" "+NormalizePath(p)] = e.Reason
	}
	return out, nil
}

// Seen is what the contract test packages report: responses validated per
// operationId, and operations they exempt from being called, with reasons.
type Seen struct {
	Calls   map[string]int    `json:"calls"`
	Exclude map[string]string `json:"exclude"`
	StandIn bool              `json:"stand_in"`
	// real counts calls made by packages that test against a real Vault.
	real map[string]int
}

// ReadSeen merges every *.json report in dir.
func ReadSeen(dir string) (*Seen, error) {
	out := &Seen{Calls: map[string]int{}, Exclude: map[string]string{}, real: map[string]int{}}
	if dir == "" {
		return out, nil
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var s Seen
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for id, n := range s.Calls {
			out.Calls[id] += n
			if !s.StandIn {
				out.real[id] += n
			}
		}
		for id, why := range s.Exclude {
			out.Exclude[id] = why
		}
	}
	return out, nil
}

// ComputeCoverage lines ours (indexed at live mounts) up with the live spec.
func ComputeCoverage(ours, live *SpecIndex, excl Exclusions, seen *Seen) *Coverage {
	by := map[string]*AreaCoverage{}
	area := func(name string) *AreaCoverage {
		if by[name] == nil {
			by[name] = &AreaCoverage{Area: name}
		}
		return by[name]
	}
	// Each of our operations counts once, even when indexed at two mounts.
	counted := map[string]bool{}
	for _, k := range ours.Keys() {
		o := ours.Ops[k]
		if counted[o.Source] {
			continue
		}
		counted[o.Source] = true
		a := area(o.Area)
		a.Ours++
		if o.Typed {
			a.Typed++
		}
		switch {
		case seen.Calls[o.ID] > 0:
			a.Exercised++
			if seen.real[o.ID] == 0 {
				a.StandIn++
			}
		case seen.Exclude[o.ID] != "":
			a.Excluded++
		}
	}
	c := &Coverage{Excluded: map[string]string{}}
	for _, k := range ours.Keys() {
		o := ours.Ops[k]
		// A release older than the operation (x-vault-min-version) does not
		// serve it: nothing to call there.
		predated := o.MinVersion != "" && live.Ops[k] == nil
		if seen.Calls[o.ID] == 0 && seen.Exclude[o.ID] == "" && !predated && !slices.Contains(c.Unexercised, o.ID) {
			c.Unexercised = append(c.Unexercised, o.ID)
		}
	}
	sort.Strings(c.Unexercised)
	for _, k := range live.Keys() {
		if o, ok := ours.Ops[k]; ok {
			a := area(o.Area)
			a.Live++
			a.InSpec++
			continue
		}
		if why, ok := excl[k]; ok {
			c.Excluded[k] = why
			continue
		}
		c.Missing = append(c.Missing, k)
		a := area(ownerOf(k, ours))
		a.Live++
	}
	for _, name := range keys(by) {
		a := by[name]
		c.Areas = append(c.Areas, a)
		c.Total.Live += a.Live
		c.Total.InSpec += a.InSpec
		c.Total.Ours += a.Ours
		c.Total.Typed += a.Typed
		c.Total.Exercised += a.Exercised
		c.Total.StandIn += a.StandIn
		c.Total.Excluded += a.Excluded
	}
	c.Total.Area = "total"
	sort.Strings(c.Missing)
	return c
}

// ownerOf attributes a live operation we lack to an area: the area of our
// operation sharing the most path segments below the mount, else the area
// whose mount prefix is the longest match.
func ownerOf(key string, ours *SpecIndex) string {
	_, path, _ := strings.Cut(key, " ")
	best, bestLen := "", 1
	for _, o := range ours.Ops {
		_, p, _ := strings.Cut(o.Key, " ")
		if n := commonSegments(p, path); n > bestLen {
			best, bestLen = o.Area, n
		}
	}
	if best != "" {
		return best
	}
	prefix := ""
	for p := range ours.Prefixes {
		if (path == p || strings.HasPrefix(path, p+"/")) && len(p) > len(prefix) {
			prefix = p
		}
	}
	if prefix == "" {
		return "(no area)"
	}
	return ours.Prefixes[prefix]
}

func commonSegments(a, b string) int {
	as, bs := strings.Split(strings.Trim(a, "/"), "/"), strings.Split(strings.Trim(b, "/"), "/")
	n := 0
	for n < len(as) && n < len(bs) && as[n] == bs[n] {
		n++
	}
	return n
}

// LiveCoverage is the share of live operations our spec has or excludes.
func (c *Coverage) LiveCoverage() float64 {
	total := c.Total.Live + len(c.Excluded)
	if total == 0 {
		return 100
	}
	return 100 * float64(c.Total.InSpec+len(c.Excluded)) / float64(total)
}

// WriteText prints the per-area table.
func (c *Coverage) WriteText(w io.Writer, listMissing bool) {
	fmt.Fprintf(w, "%-18s %6s %8s %6s %6s %10s %9s %9s\n", "area", "live", "in spec", "ours", "typed", "exercised", "stand-in", "excluded")
	for _, a := range append(c.Areas, &c.Total) {
		fmt.Fprintf(w, "%-18s %6d %8d %6d %6d %10d %9d %9d\n", a.Area, a.Live, a.InSpec, a.Ours, a.Typed, a.Exercised, a.StandIn, a.Excluded)
	}
	fmt.Fprintf(w, "\nlive coverage: %.1f%% (%d of %d live operations in the spec, %d excluded with a reason)\n",
		c.LiveCoverage(), c.Total.InSpec, c.Total.Live+len(c.Excluded), len(c.Excluded))
	if listMissing && len(c.Missing) > 0 {
		fmt.Fprintf(w, "\nmissing from the spec:\n")
		for _, k := range c.Missing {
			fmt.Fprintf(w, "  %s\n", k)
		}
	}
}
