package wrappers_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// fixedAnswer is a server that answers every request with one status,
// content type and body.
func fixedAnswer(t *testing.T, status int, body string) *wrappers.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithToken("t"), wrappers.WithRetries(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Every non-2xx answer is a *ResponseError with its status, whatever the body.
func TestNonSuccessIsAResponseErrorWhateverTheBody(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		kind   error
	}{
		{503, "<html><body>Service Unavailable</body></html>", wrappers.ErrVaultDown},
		{404, "", wrappers.ErrInvalidPath},
		{502, "not json at all", wrappers.ErrBadGateway},
		{500, `{"errors":`, wrappers.ErrInternalServerError},
	} {
		_, err := fixedAnswer(t, tc.status, tc.body).KVv2("").ReadSecret(context.Background(), "app/db")
		var re *wrappers.ResponseError
		if !errors.As(err, &re) || re.StatusCode != tc.status || !errors.Is(err, tc.kind) {
			t.Errorf("%d %q: err = %v; want a *ResponseError with status %d matching %v", tc.status, tc.body, err, tc.status, tc.kind)
		}
	}
}

// A 2xx whose field has the wrong type matches ErrMalformedResponse, names
// the operation and the field, and keeps the status and the raw body, both
// in the error and in the generated call's result.
func TestMalformedSuccessKeepsStatusAndBody(t *testing.T) {
	const body = `{"data":{"data":{},"metadata":{"version":"seven"}}}`
	c := fixedAnswer(t, 200, body)
	_, err := c.KVv2("").ReadSecret(context.Background(), "app/db")
	var me *wrappers.MalformedResponseError
	if !errors.Is(err, wrappers.ErrMalformedResponse) || !errors.As(err, &me) {
		t.Fatalf("err = %v; want a *MalformedResponseError", err)
	}
	if me.Operation != "KvV2Read" || me.StatusCode != 200 || string(me.Body) != body {
		t.Errorf("got %s %d %q; want KvV2Read 200 and the raw body", me.Operation, me.StatusCode, me.Body)
	}
	if want := "vault: KvV2Read: malformed response (status 200): field data.metadata.version: a JSON string where int was expected"; err.Error() != want {
		t.Errorf("Error() = %s\nwant      %s", err, want)
	}

	var raw vtypes.Raw
	api := kvv2.New(c, c.Address()+"/v1/secret/")
	_, err = api.KvV2Read(context.Background(), "app/db", nil, vtypes.CaptureRaw(&raw))
	if !errors.Is(err, wrappers.ErrMalformedResponse) || raw.Response == nil || raw.Response.StatusCode != 200 || string(raw.Body) != body {
		t.Fatalf("generated call: raw %+v, err %v; want the answer with status 200 and body, and ErrMalformedResponse", raw, err)
	}
}
