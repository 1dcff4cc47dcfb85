package contract

import (
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/openapi"
)

// Every spec file on disk is in the embedded copy, so a new area folder
// cannot be left out of openapi/embed.go's patterns unnoticed, and the two
// load to the same operations.
func TestEmbeddedSpecIsTheSpecOnDisk(t *testing.T) {
	err := filepath.WalkDir("../../openapi", func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == "releases" {
			return filepath.SkipDir // docs inventories, not spec documents
		}
		if err != nil || d.IsDir() || filepath.Ext(path) != ".yaml" || d.Name() == "exclusions.yaml" {
			return err
		}
		rel, _ := filepath.Rel("../../openapi", path)
		onDisk, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		embedded, err := fs.ReadFile(openapi.FS, filepath.ToSlash(rel))
		if err != nil {
			t.Errorf("%s is not embedded (add its folder to openapi/embed.go): %v", rel, err)
			return nil
		}
		if string(onDisk) != string(embedded) {
			t.Errorf("%s differs from its embedded copy", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(newValidator(t).Operations(), defaultValidator(t).Operations()); diff != "" {
		t.Errorf("operations from disk vs embedded (-disk +embedded):\n%s", diff)
	}
}

var embedded = sync.OnceValues(func() (*Spec, error) { return Load(openapi.FS, openapi.Root) })

func defaultValidator(t *testing.T) *Validator {
	t.Helper()
	s, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	v := s.Validator()
	v.MountDefaults()
	return v
}

// The default mounts are a mount-all Vault's: secret/ is KV v2 as on a dev
// server, kv/ KV v1, auth methods under auth/, both JWT mounts.
func TestMountDefaultsAndVaultsMethodAliases(t *testing.T) {
	v := defaultValidator(t)
	for _, tc := range []struct{ method, path, want string }{
		{"GET", "/v1/secret/data/app/db", "KvV2Read"},
		{"GET", "/v1/kv/app/db", "KvV1Read"},
		{"GET", "/v1/sys/health", "SysReadHealth"},
		{"POST", "/v1/auth/approle/login", "AppRoleLogin"},
		{"GET", "/v1/auth/token/lookup-self", "TokenLookupSelf"},
		{"POST", "/v1/auth/oidc/login", "JWTLogin"},
		{"PUT", "/v1/secret/data/app/db", "KvV2Write"}, // Vault takes PUT for POST
		{"LIST", "/v1/secret/metadata/app/", "KvV2List"},
	} {
		m, err := v.Resolve(tc.method, tc.path)
		if err != nil {
			t.Errorf("%s %s: %v", tc.method, tc.path, err)
			continue
		}
		if m.OperationID != tc.want {
			t.Errorf("%s %s resolves to %s, want %s", tc.method, tc.path, m.OperationID, tc.want)
		}
	}
	if _, err := v.Resolve("GET", "/v1/nowhere/x"); !errors.Is(err, ErrNoMount) {
		t.Errorf("unmounted path: %v, want ErrNoMount", err)
	}
	if _, err := v.Resolve("DELETE", "/v1/sys/health"); !errors.Is(err, ErrNoOperation) {
		t.Errorf("undeclared method: %v, want ErrNoOperation", err)
	}
	if err := v.Mount("kv1", "kv-v3"); err == nil {
		t.Error("Mount accepted an unknown area")
	}
}

func TestCheckRequest(t *testing.T) {
	v := defaultValidator(t)
	for _, tc := range []struct {
		name, method, target, token, body string
		want                              string // "" for a valid request
	}{
		{"valid write", "POST", "/v1/secret/data/a", "t", `{"data":{"k":"v"},"options":{"cas":0}}`, ""},
		{"valid read with version", "GET", "/v1/secret/data/a?version=2", "t", "", ""},
		{"valid LIST method", "LIST", "/v1/secret/metadata/a/", "t", "", ""},
		{"login needs no token", "POST", "/v1/auth/approle/login", "", `{"role_id":"r"}`, ""},
		{"field the schema lacks", "POST", "/v1/secret/data/a", "t", `{"data":{},"cas":1}`, `body: property "cas" is unsupported`},
		{"nested field of the wrong type", "POST", "/v1/secret/data/a", "t", `{"data":{},"options":{"cas":true}}`, "options.cas: value must be an integer"},
		{"no token", "GET", "/v1/secret/data/a", "", "", "X-Vault-Token"},
		{"undeclared query parameter", "GET", "/v1/secret/data/a?versions=2", "t", "", `query parameter "versions"`},
		{"body where none is taken", "GET", "/v1/sys/health", "t", `{"x":1}`, "body"},
		{"slash in a one-segment name", "GET", "/v1/transit/keys/a/b", "t", "", `path parameter "name"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if tc.token != "" {
				req.Header.Set("X-Vault-Token", tc.token)
			}
			m, err := v.Resolve(req.Method, req.URL.Path)
			if err != nil {
				t.Fatal(err)
			}
			err = v.CheckRequest(m, req, []byte(tc.body))
			var mismatch *MismatchError
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("a valid request was refused: %v", err)
			case tc.want != "" && (!errors.As(err, &mismatch) || mismatch.OperationID != m.OperationID || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("got %v, want a MismatchError of %s mentioning %q", err, m.OperationID, tc.want)
			}
		})
	}
}

// A response registered without a request (vaulttest's fake does this) is
// checked against the operation found by its operationId.
func TestOperationAndCheckResponse(t *testing.T) {
	v := defaultValidator(t)
	m, err := v.Operation("KvV2Read")
	if err != nil {
		t.Fatal(err)
	}
	if m.Path != "/v1/secret/data/{path}" || m.Method != http.MethodGet {
		t.Errorf("KvV2Read is %s %s, want GET /v1/secret/data/{path}", m.Method, m.Path)
	}
	h := http.Header{"Content-Type": {"application/json"}}
	if err := v.CheckResponse(m, false, 200, h, []byte(goodRead)); err != nil {
		t.Errorf("a good read was refused: %v", err)
	}
	bad := strings.Replace(goodRead, `"destroyed":false`, `"destroyed":"no"`, 1)
	if err := v.CheckResponse(m, false, 200, h, []byte(bad)); err == nil || !strings.Contains(err.Error(), "data.metadata.destroyed") {
		t.Errorf("got %v, want a mismatch naming data.metadata.destroyed", err)
	}
	if _, err := v.Operation("KvV2Raed"); !errors.Is(err, ErrUnknownOperation) {
		t.Errorf("unknown operationId: %v, want ErrUnknownOperation", err)
	}
}
