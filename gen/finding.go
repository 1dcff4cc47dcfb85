package gen

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Finding is one problem in the spec, located by file and JSON pointer.
type Finding struct {
	File    string
	Pointer string // RFC 6901 pointer into File, "" for the whole document
	Rule    string
	Message string
}

func (f *Finding) Error() string {
	ptr := f.Pointer
	if ptr == "" {
		ptr = "/"
	}
	return fmt.Sprintf("%s#%s: [%s] %s", f.File, ptr, f.Rule, f.Message)
}

// Findings is every problem a lint run found; it is an error when not empty.
type Findings []*Finding

func (fs Findings) Error() string {
	lines := make([]string, len(fs))
	for i, f := range fs {
		lines[i] = f.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find each single Finding.
func (fs Findings) Unwrap() []error {
	errs := make([]error, len(fs))
	for i, f := range fs {
		errs[i] = f
	}
	return errs
}

func (fs Findings) sorted() Findings {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].File != fs[j].File {
			return fs[i].File < fs[j].File
		}
		return fs[i].Pointer < fs[j].Pointer
	})
	return fs
}

// AsFindings returns the findings err carries, if any.
func AsFindings(err error) Findings {
	var fs Findings
	if errors.As(err, &fs) {
		return fs
	}
	var f *Finding
	if errors.As(err, &f) {
		return Findings{f}
	}
	return nil
}

// pointer builds a JSON pointer from reference tokens, escaping ~ and /.
func pointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}
