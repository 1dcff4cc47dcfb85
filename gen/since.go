package gen

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/govault/govault/vtypes"
)

// A Release is the spec one Vault release serves with every builtin plugin
// mounted (gen fetch against it).
type Release struct {
	Version string // "1.19.5"
	Live    *SpecIndex
}

// A Mark is a version mark the live specs call for on one of our operations
// (Field empty) or on one of its top-level request fields.
type Mark struct {
	ID, Source, Field string
	Min, Max          string // major.minor of the first and last release serving it; "" when all do
	Have              string // the mark the spec already carries ("" none)
}

// Since compares our operations, and their request fields, with the live
// specs of several releases and returns the marks the releases call for,
// plus the operations none of them serves (Enterprise, or docs only), which
// the live specs cannot date.
func Since(ours *SpecIndex, releases []Release) (marks []Mark, unserved []string) {
	sort.Slice(releases, func(i, j int) bool {
		before, _ := vtypes.VersionBefore(releases[i].Version, releases[j].Version)
		return before
	})
	byID := map[string][]*Op{}
	for _, k := range ours.Keys() {
		o := ours.Ops[k]
		if o.ID != "" {
			byID[o.ID] = append(byID[o.ID], o)
		}
	}
	for _, id := range keys(byID) {
		ops := byID[id]
		served := make([]*Op, len(releases)) // that release's op, nil when absent
		for i, r := range releases {
			for _, o := range ops {
				if lo := r.Live.Ops[o.Key]; lo != nil {
					served[i] = lo
					break
				}
			}
		}
		first, last := -1, -1
		for i, lo := range served {
			if lo != nil {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		if first < 0 {
			unserved = append(unserved, id)
			continue
		}
		m := Mark{ID: id, Source: ops[0].Source, Have: ops[0].MinVersion}
		if first > 0 {
			m.Min = minor(releases[first].Version)
		}
		if last < len(releases)-1 {
			m.Max = minor(releases[last].Version)
		}
		if m.Min != "" || m.Max != "" || m.Have != "" {
			marks = append(marks, m)
		}
		marks = append(marks, fieldMarks(ops[0], served, releases, first)...)
	}
	return marks, unserved
}

// fieldMarks dates the top-level request fields of ours that a later
// release serves and an earlier one (serving the operation) does not.
func fieldMarks(ours *Op, served []*Op, releases []Release, first int) []Mark {
	var out []Mark
	for _, f := range keys(ours.Request) {
		if strings.Contains(f, ".") {
			continue
		}
		firstWith := -1
		missingBefore := false
		for i := first; i < len(served); i++ {
			if served[i] == nil {
				continue
			}
			if _, ok := served[i].Request[f]; ok {
				if firstWith < 0 {
					firstWith = i
				}
			} else if firstWith < 0 {
				missingBefore = true
			}
		}
		if firstWith > first && missingBefore {
			out = append(out, Mark{ID: ours.ID, Source: ours.Source, Field: f, Min: minor(releases[firstWith].Version), Have: ours.FieldMin[f]})
		}
	}
	return out
}

// minor is "1.19" for "1.19.5".
func minor(v string) string {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

// WriteMarks prints one mark a line: kind, operationId, field, min, max,
// the mark the spec has, and where the operation is.
func WriteMarks(w io.Writer, marks []Mark) {
	for _, m := range marks {
		kind := "op"
		if m.Field != "" {
			kind = "field"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", kind, m.ID, dash(m.Field), dash(m.Min), dash(m.Max), dash(m.Have), m.Source)
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
