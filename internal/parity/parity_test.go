// Package parity checks docs/hvac-parity.tsv, the table that maps every public
// method of the Python client hvac to its govault counterpart.
//
// The test reads the Go sources with go/parser only: it never imports or
// compiles the packages it checks, so it runs (and reports stale rows) even
// while another package does not build.
package parity

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

const (
	tablePath = "../../docs/hvac-parity.tsv"
	repoRoot  = "../.."
	minRows   = 300
)

var header = []string{"hvac_class", "method", "go_symbol", "note"}

// row is one data line of the table; line is its 1-based line number in the file.
type row struct {
	line                  int
	class, method, symbol string
	note                  string
}

// symbolRef is a parsed go_symbol.
type symbolRef struct {
	pkg      string // "wrappers", "wrappers/auth/aws", "vtypes" or a generated package name
	recv     string // receiver type name for a method, else ""
	ptrRecv  bool   // receiver written as (*T)
	name     string // the func, method, type, var or const
	original string
}

var (
	identRE    = `[A-Za-z_][A-Za-z0-9_]*`
	pkgRE      = `(?:wrappers(?:/[a-z0-9_]+)*|[a-z][a-z0-9_]*)`
	methodRE   = regexp.MustCompile(`^(` + pkgRE + `)\.\((\*?)(` + identRE + `)\)\.(` + identRE + `)$`)
	plainRE    = regexp.MustCompile(`^(` + pkgRE + `)\.(` + identRE + `)$`)
	hvacNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*$`)
	// noteRefRE finds fully qualified wrappers symbols mentioned in a note,
	// so a note cannot keep pointing at something that was renamed.
	noteRefRE = regexp.MustCompile(`wrappers(?:/[a-z0-9_]+)*\.(?:\(\*?` + identRE + `\)\.)?` + identRE)
)

func parseSymbol(s string) (symbolRef, error) {
	if m := methodRE.FindStringSubmatch(s); m != nil {
		return symbolRef{pkg: m[1], ptrRecv: m[2] == "*", recv: m[3], name: m[4], original: s}, nil
	}
	if m := plainRE.FindStringSubmatch(s); m != nil {
		return symbolRef{pkg: m[1], name: m[2], original: s}, nil
	}
	return symbolRef{}, fmt.Errorf("go_symbol %q is not pkg.Name, pkg.(*Type).Method or -", s)
}

// dirOf maps a symbol's package to its directory, relative to the repo root.
func dirOf(pkg string) string {
	if pkg == "wrappers" || strings.HasPrefix(pkg, "wrappers/") || pkg == "vtypes" {
		return filepath.FromSlash(pkg)
	}
	return filepath.Join("generated", pkg)
}

// pkgSymbols is what one package directory declares (test files excluded).
type pkgSymbols struct {
	values  map[string]string          // func, var, const and type names -> kind
	methods map[string]map[string]bool // receiver type -> method -> pointer receiver
}

func loadPackage(dir string) (*pkgSymbols, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	syms := &pkgSymbols{values: map[string]string{}, methods: map[string]map[string]bool{}}
	fset := token.NewFileSet()
	found := false
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		found = true
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil || len(d.Recv.List) == 0 {
					syms.values[d.Name.Name] = "func"
					continue
				}
				recv, ptr := receiverName(d.Recv.List[0].Type)
				if syms.methods[recv] == nil {
					syms.methods[recv] = map[string]bool{}
				}
				syms.methods[recv][d.Name.Name] = ptr
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						syms.values[s.Name.Name] = "type"
					case *ast.ValueSpec:
						for _, n := range s.Names {
							syms.values[n.Name] = strings.ToLower(d.Tok.String())
						}
					}
				}
			}
		}
	}
	if !found {
		return nil, fmt.Errorf("no Go files in %s", dir)
	}
	return syms, nil
}

// receiverName returns the base type name of a receiver and whether it is a pointer.
func receiverName(expr ast.Expr) (string, bool) {
	ptr := false
	if star, ok := expr.(*ast.StarExpr); ok {
		ptr, expr = true, star.X
	}
	switch t := expr.(type) {
	case *ast.IndexExpr: // generic receiver T[P]
		expr = t.X
	case *ast.IndexListExpr: // generic receiver T[P, Q]
		expr = t.X
	}
	if id, ok := expr.(*ast.Ident); ok {
		return id.Name, ptr
	}
	return "", ptr
}

// check reports why ref does not resolve, or "" when it does.
func (p *pkgSymbols) check(ref symbolRef) string {
	if ref.recv == "" {
		if _, ok := p.values[ref.name]; ok {
			return ""
		}
		return fmt.Sprintf("%s declares no func, type, var or const %s", ref.pkg, ref.name)
	}
	if p.values[ref.recv] != "type" {
		return fmt.Sprintf("%s declares no type %s", ref.pkg, ref.recv)
	}
	ptr, ok := p.methods[ref.recv][ref.name]
	if !ok {
		return fmt.Sprintf("type %s.%s has no method %s", ref.pkg, ref.recv, ref.name)
	}
	if ptr && !ref.ptrRecv {
		return fmt.Sprintf("%s.%s has a pointer receiver: write (*%s)", ref.recv, ref.name, ref.recv)
	}
	return ""
}

func readTable(t *testing.T) ([]row, []string) {
	t.Helper()
	f, err := os.Open(tablePath)
	if err != nil {
		t.Fatalf("open the parity table: %v", err)
	}
	defer f.Close()

	var rows []row
	var problems []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if line == 1 {
			if text != strings.Join(header, "\t") {
				problems = append(problems, fmt.Sprintf("row %d: header is %q, want %q", line, text, strings.Join(header, "\t")))
			}
			continue
		}
		if strings.TrimSpace(text) == "" {
			problems = append(problems, fmt.Sprintf("row %d: blank line", line))
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != len(header) {
			problems = append(problems, fmt.Sprintf("row %d: %d columns, want %d (tab-separated %s)", line, len(cols), len(header), strings.Join(header, ", ")))
			continue
		}
		r := row{line: line, class: cols[0], method: cols[1], symbol: cols[2], note: cols[3]}
		bad := false
		for i, c := range cols[:3] {
			if c != strings.TrimSpace(c) || c == "" {
				problems = append(problems, fmt.Sprintf("row %d: column %s is empty or has surrounding spaces: %q", line, header[i], c))
				bad = true
			}
		}
		if r.note != strings.TrimSpace(r.note) {
			problems = append(problems, fmt.Sprintf("row %d: note has surrounding spaces", line))
			bad = true
		}
		if !bad && (!hvacNameRE.MatchString(r.class) || !hvacNameRE.MatchString(r.method)) {
			problems = append(problems, fmt.Sprintf("row %d: hvac_class %q or method %q is not a Python identifier", line, r.class, r.method))
			bad = true
		}
		if !bad {
			rows = append(rows, r)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read the parity table: %v", err)
	}
	if line == 0 {
		problems = append(problems, "the table is empty")
	}
	return rows, problems
}

func TestParityTable(t *testing.T) {
	rows, problems := readTable(t)

	if n := len(rows) + countRowProblems(problems); n < minRows {
		problems = append(problems, fmt.Sprintf("the table has %d rows, want at least %d", n, minRows))
	}

	seen := map[[2]string]int{}
	refs := map[int]symbolRef{}       // row line -> its go_symbol
	noteRefs := map[int][]symbolRef{} // row line -> wrappers symbols its note names
	for _, r := range rows {
		for _, m := range noteRefRE.FindAllString(r.note, -1) {
			if ref, err := parseSymbol(m); err == nil {
				noteRefs[r.line] = append(noteRefs[r.line], ref)
			}
		}
		key := [2]string{r.class, r.method}
		if first, ok := seen[key]; ok {
			problems = append(problems, fmt.Sprintf("row %d: duplicate of row %d (%s.%s)", r.line, first, r.class, r.method))
		} else {
			seen[key] = r.line
		}
		if r.symbol == "-" {
			if strings.TrimSpace(r.note) == "" {
				problems = append(problems, fmt.Sprintf("row %d: %s.%s maps to - without a note saying why", r.line, r.class, r.method))
			}
			continue
		}
		ref, err := parseSymbol(r.symbol)
		if err != nil {
			problems = append(problems, fmt.Sprintf("row %d: %v", r.line, err))
			continue
		}
		refs[r.line] = ref
	}

	pkgs := map[string]*pkgSymbols{}
	pkgErrs := map[string]error{}
	// resolve says why ref does not exist, or "" when it does.
	resolve := func(ref symbolRef) string {
		if _, done := pkgs[ref.pkg]; !done && pkgErrs[ref.pkg] == nil {
			p, err := loadPackage(filepath.Join(repoRoot, dirOf(ref.pkg)))
			if err != nil {
				pkgErrs[ref.pkg] = err
			} else {
				pkgs[ref.pkg] = p
			}
		}
		if err := pkgErrs[ref.pkg]; err != nil {
			return fmt.Sprintf("package %s: %v", ref.pkg, err)
		}
		return pkgs[ref.pkg].check(ref)
	}
	for _, r := range rows {
		if ref, ok := refs[r.line]; ok {
			if why := resolve(ref); why != "" {
				problems = append(problems, fmt.Sprintf("row %d: missing %s (%s.%s): %s", r.line, ref.original, r.class, r.method, why))
			}
		}
		for _, ref := range noteRefs[r.line] {
			if why := resolve(ref); why != "" {
				problems = append(problems, fmt.Sprintf("row %d: note names missing %s (%s.%s): %s", r.line, ref.original, r.class, r.method, why))
			}
		}
	}

	if len(problems) > 0 {
		sort.SliceStable(problems, func(i, j int) bool { return rowNumber(problems[i]) < rowNumber(problems[j]) })
		t.Errorf("%s: %d problem(s):\n%s", tablePath, len(problems), strings.Join(problems, "\n"))
	}
	t.Logf("%d rows, %d packages checked", len(rows), len(pkgs))
}

// countRowProblems counts the data lines that were rejected as malformed, so
// the size check counts every line the author wrote.
func countRowProblems(problems []string) int {
	lines := map[int]bool{}
	for _, p := range problems {
		if n := rowNumber(p); n > 1 && n < 1<<30 {
			lines[n] = true
		}
	}
	return len(lines)
}

func rowNumber(problem string) int {
	var n int
	if _, err := fmt.Sscanf(problem, "row %d:", &n); err != nil {
		return 1 << 30
	}
	return n
}

func TestParseSymbol(t *testing.T) {
	good := map[string]symbolRef{
		"authapprole.(*ClientWithResponses).AppRoleLoginWithResponse": {pkg: "authapprole", recv: "ClientWithResponses", ptrRecv: true, name: "AppRoleLoginWithResponse"},
		"wrappers.(*KVv2).ReadSecretVersion":                          {pkg: "wrappers", recv: "KVv2", ptrRecv: true, name: "ReadSecretVersion"},
		"wrappers.ErrInvalidPath":                                     {pkg: "wrappers", name: "ErrInvalidPath"},
		"wrappers/auth.AppRole":                                       {pkg: "wrappers/auth", name: "AppRole"},
		"wrappers/auth/aws.IAM":                                       {pkg: "wrappers/auth/aws", name: "IAM"},
		"wrappers/policy.Parse":                                       {pkg: "wrappers/policy", name: "Parse"},
	}
	for in, want := range good {
		got, err := parseSymbol(in)
		if err != nil {
			t.Errorf("parseSymbol(%q): %v", in, err)
			continue
		}
		got.original = ""
		if got != want {
			t.Errorf("parseSymbol(%q) = %+v, want %+v", in, got, want)
		}
	}
	for _, in := range []string{"", "wrappers", "wrappers.", "wrappers.(*KVv2)", "wrappers.(*KVv2).", "Wrappers.X", "wrappers/.X", "../x.Y", "wrappers.KVv2.Read", "generated/sys.X"} {
		if _, err := parseSymbol(in); err == nil {
			t.Errorf("parseSymbol(%q) accepted a malformed symbol", in)
		}
	}
	if got := dirOf("sys"); got != filepath.Join("generated", "sys") {
		t.Errorf("dirOf(sys) = %s", got)
	}
	if got := dirOf("wrappers/auth/aws"); got != filepath.FromSlash("wrappers/auth/aws") {
		t.Errorf("dirOf(wrappers/auth/aws) = %s", got)
	}
}
