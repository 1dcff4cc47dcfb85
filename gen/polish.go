package gen

import (
	"fmt"
	"path"
	"regexp"
	"strings"
)

// polish replaces the text oapi-codegen's upstream templates write into
// every package (its package doc, "X defines model for X") with what a
// reader of this package needs.
func polish(code string, l Loaded) string {
	code = upstreamPackageDoc.ReplaceAllLiteralString(code, packageDoc(l))
	return upstreamTypeDoc.ReplaceAllStringFunc(code, func(line string) string {
		m := upstreamTypeDoc.FindStringSubmatch(line)
		return "// " + m[1] + " " + typeDoc(m[1], m[2], m[3])
	})
}

var (
	upstreamPackageDoc = regexp.MustCompile(`(?m)^// Package \w+ provides primitives to interact with the openapi HTTP API\.$`)
	upstreamTypeDoc    = regexp.MustCompile(`(?m)^// (\w+) defines (model|parameters) for ([\w.]+)\.$`)
)

func typeDoc(name, kind, of string) string {
	switch {
	case strings.Contains(of, "."):
		return "is the type of field " + of[strings.LastIndex(of, ".")+1:] + " of " + of[:strings.LastIndex(of, ".")] + "."
	case kind == "parameters":
		return "holds the optional query and header parameters of " + strings.TrimSuffix(name, "Params") + "."
	case strings.HasSuffix(name, "Request"):
		return "is the request body of " + strings.TrimSuffix(name, "Request") + "."
	case strings.HasSuffix(name, "Result"):
		return "is Vault's answer to " + strings.TrimSuffix(name, "Result") + "."
	}
	return "is a schema of the spec."
}

// packageDoc says what the package is, where it is usually mounted and how
// to make its client.
func packageDoc(l Loaded) string {
	title := strings.TrimPrefix(l.Doc.Info.Title, "Vault ")
	pkg := l.Area.Package
	if l.Doc.Paths == nil || l.Doc.Paths.Len() == 0 {
		return fmt.Sprintf("// Package %s holds the types every area package shares: Vault's\n// response envelope, auth and wrap info, list answers.", pkg)
	}
	mount := ""
	if len(l.Doc.Servers) > 0 {
		if v := l.Doc.Servers[0].Variables["mount"]; v != nil {
			mount = v.Default
		}
	}
	base := strings.ReplaceAll(serverURL(l), "{mount}", mount)
	return fmt.Sprintf(`// Package %s calls the %s API of Vault on one mount
// (usually %q). Make its client with the mount's URL and any HTTP doer,
// such as *http.Client or *wrappers.Client:
//
//	api := %s.New(doer, "https://vault.example.com:8200%s")
//
// Each method is one operation of the spec (%s), documented with its
// request, what it needs and Vault's API page: %s`, pkg, title, mount, pkg, base, path.Join("openapi", l.Area.File), docsURL(l.Area))
}
