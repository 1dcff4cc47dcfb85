package gen

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteText prints the report for a terminal.
func (r *DiffReport) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "comparing %s (old) with %s (new)\n", r.Old, r.New)
	fmt.Fprintf(w, "%d same, %d missing from old, %d only in old, %d changed\n", r.Same, len(r.Missing), len(r.Extra), len(r.Changed))
	section := func(title string, ops []*Op) {
		if len(ops) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, o := range ops {
			fmt.Fprintf(w, "  %s%s\n", o.Key, describe(o))
		}
	}
	section("missing from old (add them)", r.Missing)
	section("only in old (removed upstream, enterprise or docs-only)", r.Extra)
	if len(r.Changed) > 0 {
		fmt.Fprintf(w, "\nchanged (review):\n")
		for _, c := range r.Changed {
			fmt.Fprintf(w, "  %s%s\n", c.Key, ids(c))
			for _, d := range c.Details {
				fmt.Fprintf(w, "      %s\n", d)
			}
		}
	}
	return nil
}

// WriteMarkdown prints the report for a release-review pull request.
func (r *DiffReport) WriteMarkdown(w io.Writer) error {
	fmt.Fprintf(w, "## Spec review: `%s` against `%s`\n\n", r.Old, r.New)
	fmt.Fprintf(w, "| same | missing | only in old | changed |\n|---:|---:|---:|---:|\n| %d | %d | %d | %d |\n", r.Same, len(r.Missing), len(r.Extra), len(r.Changed))
	table := func(title string, ops []*Op) {
		if len(ops) == 0 {
			return
		}
		fmt.Fprintf(w, "\n### %s\n\n| operation | id | note |\n|---|---|---|\n", title)
		for _, o := range ops {
			note := ""
			if o.Enterprise {
				note = "enterprise"
			}
			fmt.Fprintf(w, "| `%s` | %s | %s |\n", o.Key, o.ID, note)
		}
	}
	table("Missing from old: add", r.Missing)
	table("Only in old: removed upstream, enterprise or docs-only", r.Extra)
	if len(r.Changed) > 0 {
		fmt.Fprintf(w, "\n### Changed: review\n\n")
		for _, c := range r.Changed {
			fmt.Fprintf(w, "- `%s`%s\n", c.Key, ids(c))
			for _, d := range c.Details {
				fmt.Fprintf(w, "  - %s\n", d)
			}
		}
	}
	return nil
}

// WriteJSON prints the report for tools and CI.
func (r *DiffReport) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func describe(o *Op) string {
	var parts []string
	if o.ID != "" {
		parts = append(parts, o.ID)
	}
	if o.Enterprise {
		parts = append(parts, "enterprise")
	}
	if len(parts) == 0 {
		return ""
	}
	return "  (" + strings.Join(parts, ", ") + ")"
}

func ids(c *Change) string {
	if c.OldID == "" && c.NewID == "" {
		return ""
	}
	return fmt.Sprintf("  (%s / %s)", c.OldID, c.NewID)
}
