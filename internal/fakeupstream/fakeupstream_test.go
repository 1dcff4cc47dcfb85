package fakeupstream_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/govault/govault/internal/fakeupstream"
)

// call sends one request and returns the status, body and Content-Type.
func call(t *testing.T, method, url, auth, body string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	rsp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer rsp.Body.Close()
	b, err := io.ReadAll(rsp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rsp.StatusCode, string(b), rsp.Header.Get("Content-Type")
}

type answer struct {
	Status      int
	Body        string
	ContentType string
}

func TestRoutesAuthAndRecording(t *testing.T) {
	s := fakeupstream.New(t)
	s.Require("Authorization", "Bearer good", http.StatusUnauthorized, map[string]string{"message": "bad credentials"})
	s.Public("GET /open", func(*fakeupstream.Request) (int, any) { return http.StatusOK, "open" })
	s.Route("PUT /users/{name}", func(r *fakeupstream.Request) (int, any) {
		return http.StatusCreated, map[string]any{"name": r.PathValue("name"), "seq": r.Seq, "a": r.Form().Get("a")}
	})

	got := map[string]answer{}
	for name, c := range map[string]struct{ method, path, auth, body string }{
		"public":     {"GET", "/open", "", ""},
		"authorized": {"PUT", "/users/bob", "Bearer good", "a=1"},
		"refused":    {"PUT", "/users/eve", "Bearer bad", ""},
		"unrouted":   {"GET", "/nowhere", "Bearer good", ""},
	} {
		status, body, ct := call(t, c.method, s.URL+c.path, c.auth, c.body)
		got[name] = answer{status, body, ct}
	}
	want := map[string]answer{
		"public":     {http.StatusOK, "open", "text/plain; charset=utf-8"},
		"authorized": {http.StatusCreated, `{"a":"1","name":"bob","seq":` + seqOf(t, s, "/users/bob") + "}\n", "application/json"},
		"refused":    {http.StatusUnauthorized, `{"message":"bad credentials"}` + "\n", "application/json"},
		"unrouted":   {http.StatusNotFound, "404 page not found\n", "text/plain; charset=utf-8"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}

	var patterns []string
	for _, r := range s.Requests() {
		patterns = append(patterns, r.Method+" "+r.Path+" -> "+r.Pattern)
	}
	wantPatterns := []string{"GET /open -> GET /open", "PUT /users/bob -> PUT /users/{name}", "PUT /users/eve -> PUT /users/{name}", "GET /nowhere -> "}
	if diff := cmp.Diff(wantPatterns, patterns, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("recorded requests (-want +got):\n%s", diff)
	}
	if n := s.Count("PUT /users/{name}"); n != 2 {
		t.Errorf("Count: %d calls of PUT /users/{name}, want 2 (refused ones count too)", n)
	}
}

// seqOf is the Seq the server gave the request for path.
func seqOf(t *testing.T, s *fakeupstream.Server, path string) string {
	t.Helper()
	for _, r := range s.Requests() {
		if r.Path == path {
			return strconv.Itoa(r.Seq)
		}
	}
	t.Fatalf("no request for %s", path)
	return ""
}

func TestServeTakesEveryPathAsSent(t *testing.T) {
	s := fakeupstream.New(t)
	s.SetHeader("Content-Type", "text/xml")
	s.Serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		io.WriteString(w, r.URL.Path+" "+r.Form.Get("Action"))
	}))
	status, body, ct := call(t, "POST", s.URL+"//", "", "Action=GetCallerIdentity")
	if diff := cmp.Diff(answer{http.StatusOK, "// GetCallerIdentity", "text/xml"}, answer{status, body, ct}); diff != "" {
		t.Errorf("answer (-want +got):\n%s", diff)
	}
	var actions []string
	for _, r := range s.Requests() {
		actions = append(actions, r.Form().Get("Action"))
	}
	if diff := cmp.Diff([]string{"GetCallerIdentity"}, actions); diff != "" {
		t.Errorf("recorded actions (-want +got):\n%s", diff)
	}
}
