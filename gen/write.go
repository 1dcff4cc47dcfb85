package gen

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// genSuffix marks files the generator owns; anything else under the output
// folder (a doc.go, say) is left alone.
const genSuffix = ".gen.go"

// WriteTree makes dir hold exactly files: new and changed files are written
// through a temporary file and a rename, and generated files no longer
// produced are removed. It returns the paths it changed.
func WriteTree(dir string, files map[string][]byte) ([]string, error) {
	stale, err := StaleFiles(dir, files)
	if err != nil {
		return nil, err
	}
	for _, rel := range stale {
		target := filepath.Join(dir, rel)
		content, keep := files[rel]
		if !keep {
			if err := os.Remove(target); err != nil {
				return nil, err
			}
			continue
		}
		if err := writeAtomic(target, content); err != nil {
			return nil, err
		}
	}
	return stale, nil
}

// StaleFiles lists the generated files under dir that differ from files: changed,
// missing, or no longer produced. An empty list means dir is up to date.
func StaleFiles(dir string, files map[string][]byte) ([]string, error) {
	onDisk := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, genSuffix) {
			rel, _ := filepath.Rel(dir, p)
			onDisk[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var changed []string
	for rel, want := range files {
		have, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil || !bytes.Equal(have, want) {
			changed = append(changed, rel)
		}
	}
	for rel := range onDisk {
		if _, ok := files[rel]; !ok {
			changed = append(changed, rel)
		}
	}
	sort.Strings(changed)
	return changed, nil
}

// WriteFile writes one generated file under dir if its content changed.
func WriteFile(dir, rel string, content []byte) error {
	target := filepath.Join(dir, rel)
	if have, err := os.ReadFile(target); err == nil && bytes.Equal(have, content) {
		return nil
	}
	return writeAtomic(target, content)
}

func writeAtomic(target string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), ".gen-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(content); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", target, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), target)
}
