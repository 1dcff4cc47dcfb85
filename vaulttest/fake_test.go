package vaulttest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/kvv1"
	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/vaulttest"
	"github.com/govault/govault/wrappers"
)

// readResult is a KvV2Read answer as Vault sends it.
func readResult(data map[string]any, version int) kvv2.KvV2ReadResult {
	return kvv2.KvV2ReadResult{
		Envelope: vaultcommon.Envelope{RequestID: "r1", MountType: "kv"},
		Data: kvv2.KvV2ReadData{Data: data, Metadata: kvv2.KvV2VersionMetadata{
			CreatedTime: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Version: version,
		}},
	}
}

func TestFakeServesRegisteredResponsesAndRecordsCalls(t *testing.T) {
	fake := vaulttest.NewFake(t)
	fake.On("KvV2Write", 200, kvv2.KvV2WriteResult{Envelope: vaultcommon.Envelope{RequestID: "r0", MountType: "kv"},
		Data: kvv2.KvV2VersionMetadata{CreatedTime: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Version: 3}})
	fake.On("KvV2Read", 200, readResult(map[string]any{"password": "s3cret"}, 3))

	ctx := context.Background()
	kv := fake.Client().KVv2("secret")
	meta, err := kv.CreateOrUpdateSecret(ctx, "app/db", map[string]any{"password": "s3cret"}, wrappers.CAS(2))
	if err != nil {
		t.Fatal(err)
	}
	if meta.Data.Version != 3 {
		t.Errorf("written version %d, want 3", meta.Data.Version)
	}
	got, err := kv.ReadSecret(ctx, "app/db")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"password": "s3cret"}, got.Data.Data); diff != "" {
		t.Errorf("read data (-want +got):\n%s", diff)
	}

	type call struct {
		OperationID, Method, Path, Token string
		Body                             any
	}
	var calls []call
	for _, c := range fake.Calls() {
		var body any
		if c.Body != nil {
			if err := json.Unmarshal(c.Body, &body); err != nil {
				t.Fatalf("%s body %s: %v", c.OperationID, c.Body, err)
			}
		}
		calls = append(calls, call{c.OperationID, c.Method, c.Path, c.Token, body})
	}
	want := []call{
		{"KvV2Write", "POST", "/v1/secret/data/app/db", vaulttest.FakeToken,
			map[string]any{"data": map[string]any{"password": "s3cret"}, "options": map[string]any{"cas": float64(2)}}},
		{"KvV2Read", "GET", "/v1/secret/data/app/db", vaulttest.FakeToken, nil},
	}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

// send makes a request by hand, as code that builds its own would.
func send(t testing.TB, fake *vaulttest.Fake, method, path, token, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, fake.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("X-Vault-Token", token)
	}
	rsp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer rsp.Body.Close()
	_, _ = io.Copy(io.Discard, rsp.Body)
	return rsp.StatusCode
}

// Each wrong request fails the test once, naming the operation and what is
// wrong, and is answered with a Vault error rather than the registered
// response.
func TestFakeCatchesWrongRequests(t *testing.T) {
	for _, tc := range []struct {
		name, method, path, token, body string
		status                          int
		want                            []string // all in the one failure
	}{
		{"wrong field name in the body", "POST", "/v1/secret/data/app", "t", `{"data":{"a":"b"},"optoins":{"cas":1}}`,
			400, []string{"KvV2Write", `"optoins"`, "unsupported"}},
		{"wrong type in the body", "POST", "/v1/secret/data/app", "t", `{"data":{"a":"b"},"options":{"cas":"one"}}`,
			400, []string{"KvV2Write", "options.cas", "must be an integer"}},
		{"missing body", "POST", "/v1/secret/data/app", "t", ``,
			400, []string{"KvV2Write", "body", "required"}},
		{"no token", "GET", "/v1/secret/data/app", "", ``,
			400, []string{"KvV2Read", "X-Vault-Token"}},
		{"misspelt query parameter", "GET", "/v1/secret/data/app?verison=2", "t", ``,
			400, []string{"KvV2Read", `"verison"`, "not declared"}},
		{"query parameter of the wrong type", "GET", "/v1/secret/data/app?version=latest", "t", ``,
			400, []string{"KvV2Read", `"version"`}},
		{"one-segment parameter with a slash", "GET", "/v1/transit/keys/a/b", "t", ``,
			400, []string{"TransitReadKey", `"name"`, "spans segments"}},
		{"operation the spec lacks", "GET", "/v1/secret/nowhere/app", "t", ``,
			404, []string{"no operation in the spec matches GET /v1/secret/nowhere/app"}},
		{"mount nobody registered", "GET", "/v1/elsewhere/data/app", "t", ``,
			404, []string{"no mount registered", "/v1/elsewhere/data/app", "fake.Mount"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var status int
			ft := runT(t, func(tb testing.TB) {
				fake := vaulttest.NewFake(tb)
				// What right requests would get.
				fake.On("KvV2Write", 200, kvv2.KvV2WriteResult{Envelope: vaultcommon.Envelope{RequestID: "r"}, Data: kvv2.KvV2VersionMetadata{Version: 1}})
				fake.On("KvV2Read", 200, readResult(map[string]any{"a": "b"}, 1))
				fake.On("TransitReadKey", 404, map[string]any{"errors": []string{}})
				status = send(tb, fake, tc.method, tc.path, tc.token, tc.body)
			})
			errs := ft.Errors()
			if len(errs) != 1 {
				t.Fatalf("%d failures, want 1: %q", len(errs), errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs[0], w) {
					t.Errorf("the failure does not mention %s:\n%s", w, errs[0])
				}
			}
			if status != tc.status {
				t.Errorf("status %d, want %d", status, tc.status)
			}
		})
	}
}

// Operations that need no token (logins, health) are served without one.
func TestFakeLetsUnauthenticatedOperationsGoWithoutAToken(t *testing.T) {
	fake := vaulttest.NewFake(t)
	fake.On("AppRoleLogin", 400, map[string]any{"errors": []string{"invalid role or secret ID"}})
	if status := send(t, fake, "POST", "/v1/auth/approle/login", "", `{"role_id":"r","secret_id":"s"}`); status != 400 {
		t.Errorf("status %d, want the registered 400", status)
	}
}

func TestFakeCatchesWrongRegisteredResponses(t *testing.T) {
	wrongType := readResult(map[string]any{"a": "b"}, 1)
	raw, err := json.Marshal(wrongType)
	if err != nil {
		t.Fatal(err)
	}
	wrongTypeJSON := strings.Replace(string(raw), `"version":1`, `"version":"1"`, 1)

	for _, tc := range []struct {
		name     string
		register func(*vaulttest.Fake)
		call     bool // the failure shows when served, not when registered
		want     []string
	}{
		{"wrong type, registered", func(f *vaulttest.Fake) { f.On("KvV2Read", 200, wrongTypeJSON) },
			false, []string{`On("KvV2Read", 200)`, "data.metadata.version", "must be an integer"}},
		{"field the schema lacks", func(f *vaulttest.Fake) {
			f.On("KvV2Read", 200, strings.Replace(string(raw), `"version":1`, `"version":1,"versoin":2`, 1))
		}, false, []string{"KvV2Read", `"versoin"`, "unsupported"}},
		{"missing required field", func(f *vaulttest.Fake) { f.On("KvV2Read", 200, `{"data":{}}`) },
			false, []string{"KvV2Read", `"request_id"`, "missing"}},
		{"wrong error body", func(f *vaulttest.Fake) { f.On("KvV2Read", 403, `{"errors":"denied"}`) },
			false, []string{`On("KvV2Read", 403)`, "errors", "must be an array"}},
		{"wrong type, from a handler", func(f *vaulttest.Fake) {
			f.OnFunc("KvV2Read", func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, wrongTypeJSON)
			})
		}, true, []string{"response to KvV2Read", "data.metadata.version", "must be an integer"}},
		{"unknown operation", func(f *vaulttest.Fake) { f.On("KvV2Raed", 200, wrongType) },
			false, []string{`On("KvV2Raed")`, "no operation"}},
		{"path outside the spec", func(f *vaulttest.Fake) { f.OnPath("GET", "/v1/secret/nowhere", 200, nil) },
			false, []string{`OnPath("GET", "/v1/secret/nowhere")`, "no operation"}},
		{"undeclared status", func(f *vaulttest.Fake) { f.On("KvV2Write", 204, nil) },
			false, []string{`On("KvV2Write", 204)`, "does not declare"}},
		{"unknown area", func(f *vaulttest.Fake) { f.Mount("kv1", "kv-v3") },
			false, []string{`Mount("kv1", "kv-v3")`, `no area "kv-v3"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ft := runT(t, func(tb testing.TB) {
				fake := vaulttest.NewFake(tb)
				tc.register(fake)
				if tc.call {
					_, _ = fake.Client().KVv2("secret").ReadSecret(context.Background(), "app")
				}
			})
			errs := ft.Errors()
			if len(errs) != 1 {
				t.Fatalf("%d failures, want 1: %q", len(errs), errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs[0], w) {
					t.Errorf("the failure does not mention %s:\n%s", w, errs[0])
				}
			}
		})
	}
}

// A call nobody registered a response for fails the test naming the
// operation, and the code under test gets an error, not a made-up answer.
func TestFakeFailsAnUnregisteredCall(t *testing.T) {
	var err error
	var calls []vaulttest.Call
	ft := runT(t, func(tb testing.TB) {
		fake := vaulttest.NewFake(tb)
		_, err = fake.Client().KVv2("secret").ReadSecret(context.Background(), "app/db")
		calls = fake.Calls()
	})
	errs := ft.Errors()
	if len(errs) != 1 || !strings.Contains(errs[0], "KvV2Read (GET /v1/secret/data/app/db)") || !strings.Contains(errs[0], `fake.On("KvV2Read"`) {
		t.Errorf("failures %q: want one naming KvV2Read and how to register it", errs)
	}
	if !errors.Is(err, wrappers.ErrVaultNotInitialized) {
		t.Errorf("the client got %v, want the fake's 501", err)
	}
	want := []vaulttest.Call{{OperationID: "KvV2Read", Method: "GET", Path: "/v1/secret/data/app/db", Token: vaulttest.FakeToken}}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

// Mount changes which area answers where; OnPath answers one path ahead of
// what On registered for its operation.
func TestFakeMountAndOnPath(t *testing.T) {
	fake := vaulttest.NewFake(t)
	fake.Mount("secret", "kv-v1")
	read := func(v string) kvv1.KvV1ReadResult {
		return kvv1.KvV1ReadResult{Envelope: vaultcommon.Envelope{RequestID: "r", LeaseDuration: 60}, Data: map[string]any{"v": v}}
	}
	fake.On("KvV1Read", 200, read("any"))
	fake.OnPath("GET", "/v1/secret/app/db", 200, read("db"))

	ctx := context.Background()
	kv := fake.Client().KVv1("secret")
	for path, want := range map[string]string{"app/db": "db", "app/web": "any"} {
		got, err := kv.ReadSecret(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if got.Data["v"] != want {
			t.Errorf("%s: v = %v, want %q", path, got.Data["v"], want)
		}
	}
	var ids []string
	for _, c := range fake.Calls() {
		ids = append(ids, c.OperationID)
	}
	if diff := cmp.Diff([]string{"KvV1Read", "KvV1Read"}, ids); diff != "" {
		t.Errorf("operations (-want +got):\n%s", diff)
	}
}

// A LIST is recorded as sent, and resolved like GET ?list=true.
func TestFakeListCalls(t *testing.T) {
	fake := vaulttest.NewFake(t)
	fake.On("KvV2List", 200, map[string]any{"request_id": "r", "lease_id": "", "renewable": false, "lease_duration": 0,
		"wrap_info": nil, "warnings": nil, "auth": nil, "mount_type": "kv", "data": map[string]any{"keys": []string{"a", "b/"}}})
	keys, err := fake.Client().KVv2("secret").ListSecrets(context.Background(), "app")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "b/"}, keys.Data.Keys); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
	calls := fake.Calls()
	if len(calls) != 1 || calls[0].OperationID != "KvV2List" {
		t.Fatalf("calls %+v: want one KvV2List", calls)
	}
	if q := calls[0].Query; calls[0].Method != "LIST" && !cmp.Equal(q, url.Values{"list": {"true"}}) {
		t.Errorf("a list sent as %s with query %v", calls[0].Method, q)
	}
}

// A response-wrapped call (X-Vault-Wrap-TTL) is answered by a handler,
// whose answer is held to the wrapped schema rather than the operation's.
func TestFakeChecksWrappedAnswersAgainstTheWrappedSchema(t *testing.T) {
	const wrapped = `{"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"data":null,` +
		`"wrap_info":{"token":"hvs.wrapped","accessor":"acc","ttl":60,"creation_time":"2025-01-02T03:04:05Z","creation_path":"secret/data/app"},` +
		`"warnings":null,"auth":null,"mount_type":""}`
	for _, wrapTTL := range []string{"60s", ""} {
		ft := runT(t, func(tb testing.TB) {
			fake := vaulttest.NewFake(tb)
			fake.OnFunc("KvV2Read", func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, wrapped)
			})
			req, err := http.NewRequest("GET", fake.URL()+"/v1/secret/data/app", nil)
			if err != nil {
				tb.Fatal(err)
			}
			req.Header.Set("X-Vault-Token", "t")
			if wrapTTL != "" {
				req.Header.Set("X-Vault-Wrap-TTL", wrapTTL)
			}
			rsp, err := http.DefaultClient.Do(req)
			if err != nil {
				tb.Fatal(err)
			}
			rsp.Body.Close()
		})
		errs := ft.Errors()
		switch {
		case wrapTTL != "" && len(errs) != 0:
			t.Errorf("a wrapped answer to a wrapped call failed: %q", errs)
		case wrapTTL == "" && (len(errs) != 1 || !strings.Contains(errs[0], "response to KvV2Read") || !strings.Contains(errs[0], `"wrap_info"`)):
			t.Errorf("a wrapped answer to a plain call: failures %q, want one naming KvV2Read and wrap_info", errs)
		}
	}
}

// Fakes share the loaded spec; many at once, each called concurrently,
// stay apart (run with -race).
func TestFakesInParallel(t *testing.T) {
	for i := range 4 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			fake := vaulttest.NewFake(t)
			fake.On("KvV2Read", 200, readResult(map[string]any{"n": float64(i)}, 1))
			kv := fake.Client().KVv2("secret")
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					got, err := kv.ReadSecret(context.Background(), "app")
					if err != nil {
						t.Error(err)
						return
					}
					if got.Data.Data["n"] != float64(i) {
						t.Errorf("fake %d served %v", i, got.Data)
					}
				})
			}
			wg.Wait()
			if n := len(fake.Calls()); n != 8 {
				t.Errorf("fake %d recorded %d calls, want 8", i, n)
			}
		})
	}
}
