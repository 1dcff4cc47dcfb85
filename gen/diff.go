package gen

import (
	"fmt"
	"sort"
)

// DiffReport is the comparison of two specs, operation by operation, from
// the point of view of OLD (usually ours) against NEW (usually a Vault release).
type DiffReport struct {
	Old, New string
	// Missing: in NEW, not in OLD (we must add them).
	Missing []*Op `json:"missing"`
	// Extra: in OLD, not in NEW (removed upstream, enterprise-only, or docs-only).
	Extra []*Op `json:"extra"`
	// Changed: in both, with different inputs or result fields (review).
	Changed []*Change `json:"changed"`
	// Same counts the operations found in both without a difference.
	Same int `json:"same"`
}

// Change is one operation that both specs have, described differently.
type Change struct {
	Key     string   `json:"key"`
	OldID   string   `json:"old_id,omitempty"`
	NewID   string   `json:"new_id,omitempty"`
	Details []string `json:"details"`
}

// Covered reports whether OLD has every operation NEW has.
func (r *DiffReport) Covered() bool { return len(r.Missing) == 0 }

// Compare compares two indexed specs.
func Compare(old, new *SpecIndex) *DiffReport {
	r := &DiffReport{Old: old.Name, New: new.Name}
	for _, k := range new.Keys() {
		o, ok := old.Ops[k]
		if !ok {
			r.Missing = append(r.Missing, new.Ops[k])
			continue
		}
		if details := compareOps(o, new.Ops[k]); len(details) > 0 {
			r.Changed = append(r.Changed, &Change{Key: k, OldID: o.ID, NewID: new.Ops[k].ID, Details: details})
		} else {
			r.Same++
		}
	}
	for _, k := range old.Keys() {
		if _, ok := new.Ops[k]; !ok {
			r.Extra = append(r.Extra, old.Ops[k])
		}
	}
	return r
}

func compareOps(o, n *Op) []string {
	var out []string
	out = append(out, compareFields("parameter", o.Params, n.Params, true)...)
	out = append(out, compareFields("request field", o.Request, n.Request, true)...)
	// Result fields only when both sides type them: Vault's own spec mostly
	// does not, and "untyped" is not a difference worth a review line.
	if len(o.Response) > 0 && len(n.Response) > 0 {
		out = append(out, compareFields("result field", o.Response, n.Response, false)...)
	}
	return out
}

// compareFields lists fields added, removed or retyped from o to n. With
// reportRemoved unset, fields only o has are not listed (we type results
// more fully than Vault does).
func compareFields(what string, o, n map[string]string, reportRemoved bool) []string {
	var out []string
	for _, k := range keys(n) {
		ot, ok := o[k]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s %s (%s) added", what, k, n[k]))
		case !compatible(ot, n[k]):
			out = append(out, fmt.Sprintf("%s %s changed type: %s -> %s", what, k, ot, n[k]))
		}
	}
	if reportRemoved {
		for _, k := range keys(o) {
			if _, ok := n[k]; !ok {
				out = append(out, fmt.Sprintf("%s %s (%s) removed", what, k, o[k]))
			}
		}
	}
	sort.Strings(out)
	return out
}

// compatible treats the spellings of one type alike: Vault writes durations
// and many numbers as strings, and leaves many types out.
func compatible(a, b string) bool {
	if a == b || a == "any" || b == "any" {
		return true
	}
	loose := map[string]bool{"duration": true, "string": true, "integer": true}
	return loose[a] && loose[b] && (a == "duration" || b == "duration")
}
