package wrappers

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/govault/govault/gen"
)

// The wrappers are pinned to the spec both ways by their //vault:operation
// comments, read from the source with go/parser and go/ast (no type
// checker): for every exported function and method in wrappers/** that sends
// a request (reaches a generated operation, Client.Do or vtypes' Call*
// helpers through the calls of its package, the wrappers' methods it calls
// from other packages included),
//
//   - it names what it calls: one or more "//vault:operation OpID" lines in
//     its doc comment, or, for a path-generic call that no operation of the
//     spec describes, one "//vault:nooperation <reason>";
//   - every operation it names is in the spec (openapi/);
//   - every operation it names is actually called by it: its body, or the
//     functions of its package it calls (and theirs), call <recv>.<OpID>(.
//
// A function that carries a directive is held to the last two rules whether
// or not it is exported, and a //vault: line outside a function's doc comment
// is an error.
//
// The call graph is built from names: a receiver's type comes from its
// declaration (receiver, parameter, var, composite literal, field, a
// function's declared result); a method called on a value whose type that
// cannot tell stands for every method of that name in the package. Calls
// through an interface (an AuthMethod's Login) are not followed.
const (
	operationDirective   = "//vault:operation"
	noOperationDirective = "//vault:nooperation"
	vtypesPath           = "github.com/govault/govault/vtypes"
)

func TestWrapperOperationsMatchTheSpec(t *testing.T) {
	inSpec := specOperations(t)
	r, err := checkOperations(".", modulePath(t)+"/wrappers", inSpec)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.problems {
		t.Error(p)
	}
	if r.named < 60 {
		t.Errorf("only %d //vault:operation directives found in wrappers/**; the parser is missing them", r.named)
	}
	if r.sending < 60 {
		t.Errorf("only %d exported functions found to send a request; the call graph is missing edges", r.sending)
	}
}

// The checker itself, on a package made up to break each rule once (and to
// keep each of them once).
func TestOperationCheckerFindsEachProblem(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("client.go", `package wrappers

import (
	"net/http"
	"sync"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/vtypes"
)

type settings struct{ once sync.Once }

type Client struct {
	settings
	api *sys.Client
}

type KV struct{ c *Client }

func (c *Client) Do(req *http.Request) (*http.Response, error) { return nil, nil }
func (c *Client) Sys() *sys.Client                              { c.once.Do(func() {}); return c.api }
func (c *Client) KV() *KV                                       { return &KV{c: c} }

// Missing sends through a helper and names nothing.
func (c *Client) Missing() { c.seal() }

func (c *Client) seal() { c.Sys().SysSeal(nil) }

// Good names what its helper calls.
//
//vault:operation SysSeal
func (c *Client) Good() { c.seal() }

// Unknown names an operation the spec does not have.
//
//vault:operation SysSeal
//vault:operation SysNoSuchThing
func (c *Client) Unknown() { c.seal() }

// NotCalled names an operation it never calls.
//
//vault:operation SysUnseal
func (c *Client) NotCalled() { c.seal() }

// Raw sends through Client.Do, reached through a field and a method result.
func (k *KV) Raw(req *http.Request) { k.c.Do(req) }

// Chained reaches Client.Do through a call chain of methods.
//
//vault:nooperation any path
func (c *Client) Chained(req *http.Request) { c.KV().Raw(req) }

// Generic sends with the generated calls' machinery but names an operation.
//
//vault:nooperation any path
func (c *Client) Generic(req *http.Request) { vtypes.CallJSON[int](nil, c, "X", req, nil); c.Sys().SysUnseal(nil) }

// Quiet sends nothing: sync.Once's Do is not Client.Do.
func (c *Client) Quiet() { c.once.Do(func() {}) }

// Idle names an operation and sends nothing.
//
//vault:nooperation nothing
func (c *Client) Idle() {}

//vault:operations SysSeal
func (c *Client) Typo() { c.seal() }

// Unexported helpers with a directive are checked too.
//
//vault:operation SysUnseal
func (c *Client) helper() { c.seal() }

//vault:operation SysSeal

func (c *Client) Detached() {}
`)
	write("auth/auth.go", `package auth

import "example.com/wrappers"

type M struct{}

// Login sends through the wrappers' exported methods, in another package.
func (M) Login(c *wrappers.Client) { c.Good() }

// Fine names it.
//
//vault:operation SysSeal
func (M) Fine(c *wrappers.Client) { c.Good() }
`)
	inSpec := map[string]bool{"SysSeal": true, "SysUnseal": true}
	r, err := checkOperations(dir, "example.com/wrappers", inSpec)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`auth/auth.go:8: M.Login sends a request (reaches SysSeal) but has no //vault:operation comment`,
		`client.go:25: (*Client).Missing sends a request (reaches SysSeal) but has no //vault:operation comment`,
		`client.go:38: (*Client).Unknown names operation "SysNoSuchThing", which the spec does not have`,
		`client.go:38: (*Client).Unknown names operation "SysNoSuchThing", which it does not call (it reaches SysSeal)`,
		`client.go:43: (*Client).NotCalled names operation "SysUnseal", which it does not call (it reaches SysSeal)`,
		`client.go:46: (*KV).Raw sends a request (reaches Client.Do) but has no //vault:operation comment`,
		`client.go:56: (*Client).Generic says //vault:nooperation but reaches SysUnseal: name it with //vault:operation`,
		`client.go:64: (*Client).Idle says //vault:nooperation but sends no request`,
		`client.go:66: (*Client).Typo: unknown directive "//vault:operations SysSeal"`,
		`client.go:67: (*Client).Typo sends a request (reaches SysSeal) but has no //vault:operation comment`,
		`client.go:72: (*Client).helper names operation "SysUnseal", which it does not call (it reaches SysSeal)`,
		`client.go:74: "//vault:operation SysSeal" is not in a function's doc comment`,
	}
	got := make([]string, len(r.problems))
	for i, p := range r.problems {
		got[i] = filepath.ToSlash(p)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems found:\n%s\n\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func specOperations(t *testing.T) map[string]bool {
	t.Helper()
	_, areas, err := gen.Check("../openapi/vault.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inSpec := map[string]bool{}
	for _, l := range areas {
		for _, item := range l.Doc.Paths.Map() {
			for _, op := range item.Operations() {
				inSpec[op.OperationID] = true
			}
		}
	}
	if len(inSpec) < 100 {
		t.Fatalf("the spec has only %d operations", len(inSpec))
	}
	return inSpec
}

func modulePath(t *testing.T) string {
	t.Helper()
	f, err := os.Open("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(m), `"`)
		}
	}
	t.Fatal("no module line in ../go.mod")
	return ""
}

// opReport is what checkOperations found.
type opReport struct {
	problems []string
	named    int // //vault:operation directives
	sending  int // exported functions that send a request
}

// A function, method or type is known by its package path and name:
// "example.com/wrappers.Client.Do", "example.com/wrappers.Unwrap".
type opFunc struct {
	key     string
	name    string // for messages: "(*Client).Do", "Unwrap", "M.Login"
	pkg     *opPkg
	file    *opFile
	decl    *ast.FuncDecl
	recv    string   // receiver's type key, "" for a function
	results []string // result type keys ("" where unknown)

	ops   map[string]bool // operations of the spec it calls itself
	sinks map[string]bool // "Client.Do", "vtypes.CallJSON": sends itself
	calls map[string]bool // keys of the parsed functions it calls or refers to
}

type opType struct {
	fields   map[string]string // field name -> type key
	embedded []string          // type keys of embedded fields
	alias    string            // type key it is an alias of
}

type opPkg struct {
	path, dir string
	methods   map[string][]string // method name -> keys of the methods of that name
}

type opFile struct {
	rel     string
	ast     *ast.File
	imports map[string]string // local name -> import path
}

type opChecker struct {
	root, rootPath string
	inSpec         map[string]bool
	fset           *token.FileSet
	funcs          map[string]*opFunc
	types          map[string]*opType
	order          []*opFunc
	loose          []string // directives outside a function's doc comment
}

// checkOperations reads every non-test Go file under root (the package
// whose import path is rootPath, and its subpackages) and returns the
// problems with their //vault:operation comments, sorted by file and line.
func checkOperations(root, rootPath string, inSpec map[string]bool) (*opReport, error) {
	c := &opChecker{root: root, rootPath: rootPath, inSpec: inSpec, fset: token.NewFileSet(),
		funcs: map[string]*opFunc{}, types: map[string]*opType{}}
	if err := c.load(); err != nil {
		return nil, err
	}
	for _, f := range c.order {
		c.scan(f)
	}
	r := &opReport{problems: c.loose}
	for _, f := range c.order {
		c.checkFunc(f, r)
	}
	sort.SliceStable(r.problems, func(i, j int) bool { return lessPos(r.problems[i], r.problems[j]) })
	return r, nil
}

// lessPos orders "file:line: ..." messages by file, then line.
func lessPos(a, b string) bool {
	fa, la := splitPos(a)
	fb, lb := splitPos(b)
	if fa != fb {
		return fa < fb
	}
	return la < lb
}

var posRE = regexp.MustCompile(`^([^:]+):(\d+):`)

func splitPos(s string) (string, int) {
	m := posRE.FindStringSubmatch(s)
	if m == nil {
		return s, 0
	}
	n := 0
	fmt.Sscan(m[2], &n)
	return m[1], n
}

func (c *opChecker) load() error {
	pkgs := map[string]*opPkg{}
	err := filepath.WalkDir(c.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != c.root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(c.root, p)
		dir := filepath.ToSlash(filepath.Dir(rel))
		pkg := pkgs[dir]
		if pkg == nil {
			pkg = &opPkg{path: c.rootPath, dir: dir, methods: map[string][]string{}}
			if dir != "." {
				pkg.path += "/" + dir
			}
			pkgs[dir] = pkg
		}
		af, err := parser.ParseFile(c.fset, p, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		c.addFile(pkg, &opFile{rel: rel, ast: af, imports: importNames(af)})
		c.looseDirectives(rel, af)
		return nil
	})
	return err
}

var majorVersionRE = regexp.MustCompile(`^v[0-9]+$`)

// looseDirectives reports //vault: lines that no function carries (a blank
// line between them and the func, one inside a body): they pin nothing.
func (c *opChecker) looseDirectives(rel string, f *ast.File) {
	docs := map[*ast.CommentGroup]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil {
			docs[fd.Doc] = true
		}
	}
	for _, g := range f.Comments {
		if docs[g] {
			continue
		}
		for _, cm := range g.List {
			if strings.HasPrefix(cm.Text, "//vault:") {
				c.loose = append(c.loose, fmt.Sprintf("%s:%d: %q is not in a function's doc comment", filepath.ToSlash(rel), c.fset.Position(cm.Pos()).Line, cm.Text))
			}
		}
	}
}

// importNames maps each import's local name to its path.
func importNames(f *ast.File) map[string]string {
	m := map[string]string{}
	for _, imp := range f.Imports {
		p := strings.Trim(imp.Path.Value, `"`)
		name := path.Base(p)
		if majorVersionRE.MatchString(name) && strings.Contains(p, "/") {
			name = path.Base(path.Dir(p)) // math/rand/v2
		}
		name = strings.TrimSuffix(strings.Split(name, ".")[0], "-go") // gopkg.in/yaml.v3
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name != "_" && name != "." {
			m[name] = p
		}
	}
	return m
}

func (c *opChecker) addFile(pkg *opPkg, file *opFile) {
	for _, decl := range file.ast.Decls {
		switch d := decl.(type) {
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				ts, ok := spec.(*ast.TypeSpec)
				if !ok {
					continue
				}
				ti := &opType{fields: map[string]string{}}
				if ts.Assign.IsValid() {
					ti.alias = c.typeKey(pkg, file, ts.Type)
				}
				if st, ok := ts.Type.(*ast.StructType); ok {
					for _, fld := range st.Fields.List {
						k := c.typeKey(pkg, file, fld.Type)
						if len(fld.Names) == 0 {
							ti.embedded = append(ti.embedded, k)
							if k != "" {
								ti.fields[k[strings.LastIndex(k, ".")+1:]] = k
							}
						}
						for _, n := range fld.Names {
							ti.fields[n.Name] = k
						}
					}
				}
				c.types[pkg.path+"."+ts.Name.Name] = ti
			}
		case *ast.FuncDecl:
			f := &opFunc{pkg: pkg, file: file, decl: d, name: d.Name.Name,
				ops: map[string]bool{}, sinks: map[string]bool{}, calls: map[string]bool{}}
			f.key = pkg.path + "." + d.Name.Name
			if d.Recv != nil && len(d.Recv.List) > 0 {
				f.recv = c.typeKey(pkg, file, d.Recv.List[0].Type)
				base := f.recv[strings.LastIndex(f.recv, ".")+1:]
				f.key = f.recv + "." + d.Name.Name
				if _, ptr := d.Recv.List[0].Type.(*ast.StarExpr); ptr {
					f.name = "(*" + base + ")." + d.Name.Name
				} else {
					f.name = base + "." + d.Name.Name
				}
				pkg.methods[d.Name.Name] = append(pkg.methods[d.Name.Name], f.key)
			}
			if d.Type.Results != nil {
				for _, r := range d.Type.Results.List {
					k := c.typeKey(pkg, file, r.Type)
					for range max(1, len(r.Names)) {
						f.results = append(f.results, k)
					}
				}
			}
			c.funcs[f.key] = f
			c.order = append(c.order, f)
		}
	}
}

var builtinTypes = map[string]bool{"any": true, "bool": true, "byte": true, "comparable": true, "complex64": true,
	"complex128": true, "error": true, "float32": true, "float64": true, "int": true, "int8": true, "int16": true,
	"int32": true, "int64": true, "rune": true, "string": true, "uint": true, "uint8": true, "uint16": true,
	"uint32": true, "uint64": true, "uintptr": true}

// typeKey names the named type e stands for ("" for a map, slice, func...),
// pointers dereferenced and type arguments dropped.
func (c *opChecker) typeKey(pkg *opPkg, file *opFile, e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return c.typeKey(pkg, file, t.X)
	case *ast.ParenExpr:
		return c.typeKey(pkg, file, t.X)
	case *ast.IndexExpr:
		return c.typeKey(pkg, file, t.X)
	case *ast.IndexListExpr:
		return c.typeKey(pkg, file, t.X)
	case *ast.Ident:
		if builtinTypes[t.Name] {
			return ""
		}
		return pkg.path + "." + t.Name
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok && file.imports[x.Name] != "" {
			return file.imports[x.Name] + "." + t.Sel.Name
		}
	}
	return ""
}

func (c *opChecker) resolveAlias(k string) string {
	for range 10 {
		ti := c.types[k]
		if ti == nil || ti.alias == "" {
			return k
		}
		k = ti.alias
	}
	return k
}

// method finds the method name of type t, through embedded fields too.
func (c *opChecker) method(t, name string, depth int) string {
	t = c.resolveAlias(t)
	if t == "" || depth > 5 {
		return ""
	}
	if _, ok := c.funcs[t+"."+name]; ok {
		return t + "." + name
	}
	if ti := c.types[t]; ti != nil {
		for _, e := range ti.embedded {
			if m := c.method(e, name, depth+1); m != "" {
				return m
			}
		}
	}
	return ""
}

// field finds the type of field name of type t, through embedded fields too.
func (c *opChecker) field(t, name string, depth int) string {
	t = c.resolveAlias(t)
	ti := c.types[t]
	if ti == nil || depth > 5 {
		return ""
	}
	if k, ok := ti.fields[name]; ok {
		return k
	}
	for _, e := range ti.embedded {
		if k := c.field(e, name, depth+1); k != "" {
			return k
		}
	}
	return ""
}

// scope is what one function body knows of its names' types.
type scope struct {
	c    *opChecker
	f    *opFunc
	vars map[string]string // local name -> type key ("" unknown, but local)
}

func (s *scope) declareFields(fl *ast.FieldList) {
	if fl == nil {
		return
	}
	for _, fld := range fl.List {
		k := s.c.typeKey(s.f.pkg, s.f.file, fld.Type)
		for _, n := range fld.Names {
			s.vars[n.Name] = k
		}
	}
}

// typeOf is the type key of e, or "" when the parse alone cannot tell.
func (s *scope) typeOf(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return s.c.resolveAlias(s.vars[x.Name])
	case *ast.ParenExpr:
		return s.typeOf(x.X)
	case *ast.StarExpr:
		return s.typeOf(x.X)
	case *ast.UnaryExpr:
		return s.typeOf(x.X)
	case *ast.CompositeLit:
		return s.c.resolveAlias(s.c.typeKey(s.f.pkg, s.f.file, x.Type))
	case *ast.TypeAssertExpr:
		if x.Type != nil {
			return s.c.resolveAlias(s.c.typeKey(s.f.pkg, s.f.file, x.Type))
		}
	case *ast.SelectorExpr:
		if s.isImport(x.X) {
			return ""
		}
		if t := s.typeOf(x.X); t != "" {
			return s.c.resolveAlias(s.c.field(t, x.Sel.Name, 0))
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "new" && len(x.Args) == 1 {
			return s.c.resolveAlias(s.c.typeKey(s.f.pkg, s.f.file, x.Args[0]))
		}
		if res := s.results(x); len(res) > 0 {
			return s.c.resolveAlias(res[0])
		}
	}
	return ""
}

// results are the result types of the function call calls, when known.
func (s *scope) results(call *ast.CallExpr) []string {
	for _, k := range s.callees(call.Fun, false) {
		if f := s.c.funcs[k]; f != nil {
			return f.results
		}
	}
	return nil
}

func (s *scope) isImport(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	_, local := s.vars[id.Name]
	return !local && s.f.file.imports[id.Name] != ""
}

// callees are the parsed functions fun may stand for. guess allows, for a
// method of a receiver whose type is unknown, every method of that name in
// the package.
func (s *scope) callees(fun ast.Expr, guess bool) []string {
	switch x := fun.(type) {
	case *ast.ParenExpr:
		return s.callees(x.X, guess)
	case *ast.IndexExpr:
		return s.callees(x.X, guess)
	case *ast.IndexListExpr:
		return s.callees(x.X, guess)
	case *ast.Ident:
		if _, local := s.vars[x.Name]; local {
			return nil
		}
		if k := s.f.pkg.path + "." + x.Name; s.c.funcs[k] != nil && s.c.funcs[k].recv == "" {
			return []string{k}
		}
	case *ast.SelectorExpr:
		if s.isImport(x.X) {
			if k := s.f.file.imports[x.X.(*ast.Ident).Name] + "." + x.Sel.Name; s.c.funcs[k] != nil {
				return []string{k}
			}
			return nil
		}
		if t := s.typeOf(x.X); t != "" {
			if m := s.c.method(t, x.Sel.Name, 0); m != "" {
				return []string{m}
			}
			return nil
		}
		if guess {
			return s.f.pkg.methods[x.Sel.Name]
		}
	}
	return nil
}

// scan records what f calls: operations of the spec, the functions parsed
// and the sending machinery.
func (c *opChecker) scan(f *opFunc) {
	if f.decl.Body == nil {
		return
	}
	s := &scope{c: c, f: f, vars: map[string]string{}}
	if f.decl.Recv != nil {
		s.declareFields(f.decl.Recv)
	}
	s.declareFields(f.decl.Type.Params)
	s.declareFields(f.decl.Type.Results)
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			s.declareFields(x.Type.Params)
		case *ast.AssignStmt:
			s.assign(x.Lhs, x.Rhs, x.Tok == token.DEFINE)
		case *ast.ValueSpec:
			if x.Type != nil {
				k := c.typeKey(f.pkg, f.file, x.Type)
				for _, n := range x.Names {
					s.vars[n.Name] = k
				}
			} else {
				lhs := make([]ast.Expr, len(x.Names))
				for i, n := range x.Names {
					lhs[i] = n
				}
				s.assign(lhs, x.Values, true)
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{x.Key, x.Value} {
				if id, ok := e.(*ast.Ident); ok && x.Tok == token.DEFINE {
					s.vars[id.Name] = ""
				}
			}
		case *ast.CallExpr:
			fun := x.Fun
			for {
				switch i := fun.(type) {
				case *ast.IndexExpr:
					fun = i.X
					continue
				case *ast.IndexListExpr:
					fun = i.X
					continue
				}
				break
			}
			if sel, ok := fun.(*ast.SelectorExpr); ok && s.isImport(sel.X) &&
				s.f.file.imports[sel.X.(*ast.Ident).Name] == vtypesPath && strings.HasPrefix(sel.Sel.Name, "Call") {
				f.sinks["vtypes."+sel.Sel.Name] = true
			}
			for _, k := range s.callees(fun, true) {
				f.calls[k] = true
			}
		case *ast.SelectorExpr:
			// A method value (api.KvV2Read passed on) counts as a call;
			// the selected name itself is no reference to a function.
			if !s.isImport(x.X) && c.inSpec[x.Sel.Name] {
				f.ops[x.Sel.Name] = true
			}
			for _, k := range s.callees(x, false) {
				f.calls[k] = true
			}
			ast.Inspect(x.X, visit)
			return false
		case *ast.Ident:
			for _, k := range s.callees(x, false) {
				f.calls[k] = true // a function value: unwrap passed on
			}
		case *ast.KeyValueExpr:
			if _, ok := x.Key.(*ast.Ident); ok {
				ast.Inspect(x.Value, visit) // a field name is no reference
				return false
			}
		}
		return true
	}
	ast.Inspect(f.decl.Body, visit)
	if c.funcs[c.rootPath+".Client.Do"] == f {
		f.sinks["Client.Do"] = true
	}
}

func (s *scope) assign(lhs, rhs []ast.Expr, define bool) {
	set := func(e ast.Expr, k string) {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			if _, known := s.vars[id.Name]; define || !known {
				s.vars[id.Name] = k
			}
		}
	}
	if len(lhs) == len(rhs) {
		for i := range lhs {
			set(lhs[i], s.typeOf(rhs[i]))
		}
		return
	}
	if len(rhs) == 1 {
		var res []string
		if call, ok := rhs[0].(*ast.CallExpr); ok {
			res = s.results(call)
		}
		for i := range lhs {
			k := ""
			if i < len(res) {
				k = res[i]
			}
			set(lhs[i], k)
		}
	}
}

// reach is every operation of the spec f calls, and whether it sends a
// request at all (an operation, Client.Do or the generated calls'
// machinery), through the functions it calls.
func (c *opChecker) reach(f *opFunc) (ops []string, sends string) {
	seen := map[string]bool{}
	opSet := map[string]bool{}
	var walk func(g *opFunc)
	walk = func(g *opFunc) {
		if seen[g.key] {
			return
		}
		seen[g.key] = true
		for op := range g.ops {
			opSet[op] = true
		}
		for s := range g.sinks {
			if sends == "" || s < sends {
				sends = s
			}
		}
		if g.sinks["Client.Do"] {
			return // the transport: what it does is not a call of f's
		}
		for k := range g.calls {
			walk(c.funcs[k])
		}
	}
	walk(f)
	for op := range opSet {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	if len(ops) > 0 {
		sends = strings.Join(ops, ", ")
	}
	return ops, sends
}

func exported(f *opFunc) bool {
	if !ast.IsExported(f.decl.Name.Name) {
		return false
	}
	if f.recv == "" {
		return true
	}
	return ast.IsExported(f.recv[strings.LastIndex(f.recv, ".")+1:])
}

func (c *opChecker) checkFunc(f *opFunc, r *opReport) {
	if f.sinks["Client.Do"] {
		return // Client.Do is the transport itself, for any request
	}
	pos := func(n ast.Node) string {
		p := c.fset.Position(n.Pos())
		return fmt.Sprintf("%s:%d", filepath.ToSlash(f.file.rel), p.Line)
	}
	var named []*ast.Comment
	var none *ast.Comment
	if f.decl.Doc != nil {
		for _, cm := range f.decl.Doc.List {
			word, rest, _ := strings.Cut(cm.Text, " ")
			switch {
			case word == operationDirective:
				named = append(named, cm)
				r.named++
				if id := strings.TrimSpace(rest); id == "" || strings.ContainsAny(id, " \t,") {
					r.problems = append(r.problems, fmt.Sprintf("%s: %s: %q must name exactly one operation", pos(cm), f.name, cm.Text))
				}
			case word == noOperationDirective:
				none = cm
				if strings.TrimSpace(rest) == "" {
					r.problems = append(r.problems, fmt.Sprintf("%s: %s: //vault:nooperation needs a reason", pos(cm), f.name))
				}
			case strings.HasPrefix(cm.Text, "//vault:"):
				r.problems = append(r.problems, fmt.Sprintf("%s: %s: unknown directive %q", pos(cm), f.name, cm.Text))
			}
		}
	}
	ops, sends := c.reach(f)
	if exported(f) && sends != "" {
		r.sending++
		if len(named) == 0 && none == nil {
			r.problems = append(r.problems, fmt.Sprintf("%s: %s sends a request (reaches %s) but has no //vault:operation comment", pos(f.decl), f.name, sends))
		}
	}
	if none != nil {
		switch {
		case len(named) > 0:
			r.problems = append(r.problems, fmt.Sprintf("%s: %s has both //vault:operation and //vault:nooperation", pos(none), f.name))
		case len(ops) > 0:
			r.problems = append(r.problems, fmt.Sprintf("%s: %s says //vault:nooperation but reaches %s: name it with //vault:operation", pos(f.decl), f.name, strings.Join(ops, ", ")))
		case sends == "":
			r.problems = append(r.problems, fmt.Sprintf("%s: %s says //vault:nooperation but sends no request", pos(f.decl), f.name))
		}
	}
	for _, cm := range named {
		id := strings.TrimSpace(strings.TrimPrefix(cm.Text, operationDirective))
		if id == "" || strings.ContainsAny(id, " \t,") {
			continue
		}
		if !c.inSpec[id] {
			r.problems = append(r.problems, fmt.Sprintf("%s: %s names operation %q, which the spec does not have", pos(f.decl), f.name, id))
		}
		if !contains(ops, id) {
			reached := "it calls none"
			if len(ops) > 0 {
				reached = "it reaches " + strings.Join(ops, ", ")
			}
			r.problems = append(r.problems, fmt.Sprintf("%s: %s names operation %q, which it does not call (%s)", pos(f.decl), f.name, id, reached))
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
