package gen

import "fmt"

// Build reads, validates and lints the spec rooted at root, then generates
// every package in memory. Any problem stops it before a file is written.
func Build(root string, only ...string) (*Spec, map[string][]byte, error) {
	spec, areas, err := Check(root, only...)
	if err != nil {
		return nil, nil, err
	}
	files, err := Generate(spec, areas)
	return spec, files, err
}

// Check reads, validates and lints the spec without generating code. Naming
// areas in only restricts it to them (and the shared components), so one
// area can be worked on while another is broken.
func Check(root string, only ...string) (*Spec, []Loaded, error) {
	spec, err := ReadSpec(root)
	if err != nil {
		return nil, nil, err
	}
	if len(only) > 0 {
		if spec, err = spec.restrict(only); err != nil {
			return nil, nil, err
		}
	}
	areas, err := LoadAll(spec)
	if err != nil {
		return nil, nil, err
	}
	if fs := Lint(areas); len(fs) > 0 {
		return nil, nil, fs
	}
	return spec, areas, nil
}

func (s *Spec) restrict(names []string) (*Spec, error) {
	out := *s
	out.Areas = nil
	for _, a := range s.Areas {
		if a.Package == "vaultcommon" {
			out.Areas = append(out.Areas, a)
		}
	}
	for _, n := range names {
		a, ok := s.Area(n)
		if !ok {
			return nil, fmt.Errorf("%s lists no area %q", s.Root, n)
		}
		if a.Package != "vaultcommon" {
			out.Areas = append(out.Areas, a)
		}
	}
	return &out, nil
}
