package gen

// Build reads, validates and lints the spec rooted at root, then generates
// every package in memory. Any problem stops it before a file is written.
func Build(root string) (*Spec, map[string][]byte, error) {
	spec, areas, err := Check(root)
	if err != nil {
		return nil, nil, err
	}
	files, err := Generate(spec, areas)
	return spec, files, err
}

// Check reads, validates and lints the spec without generating code.
func Check(root string) (*Spec, []Loaded, error) {
	spec, err := ReadSpec(root)
	if err != nil {
		return nil, nil, err
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
