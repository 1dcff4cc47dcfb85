package vtypes

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNewResponseErrorKeepsStatusWhateverTheBody(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		kind   error
		errs   []string
	}{
		{503, "<html>Service Unavailable</html>", ErrVaultDown, nil},
		{404, "", ErrInvalidPath, nil},
		{403, `{"errors":["permission denied"]}`, ErrForbidden, []string{"permission denied"}},
		{418, `{"errors":"not a list"}`, ErrUnexpected, nil},
	} {
		e := NewResponseError("Op", tc.status, []byte(tc.body))
		if e.StatusCode != tc.status || !errors.Is(e, tc.kind) {
			t.Errorf("%d %q: %v; want status %d matching %v", tc.status, tc.body, e, tc.status, tc.kind)
		}
		if diff := cmp.Diff(tc.errs, e.Errors); diff != "" {
			t.Errorf("%d %q: Errors (-want +got):\n%s", tc.status, tc.body, diff)
		}
	}
}

func TestMalformedResponseNamesOperationAndFieldNotValue(t *testing.T) {
	body := []byte(`{"data":{"metadata":{"version":"s3cret-value"}}}`)
	var dest struct {
		Data struct {
			Metadata struct {
				Version int `json:"version"`
			} `json:"metadata"`
		} `json:"data"`
	}
	err := error(NewMalformedResponse("KvV2Read", 200, body, json.Unmarshal(body, &dest)))
	var me *MalformedResponseError
	if !errors.Is(err, ErrMalformedResponse) || !errors.As(err, &me) {
		t.Fatalf("%v does not match ErrMalformedResponse / *MalformedResponseError", err)
	}
	if me.StatusCode != 200 || string(me.Body) != string(body) {
		t.Errorf("status %d body %q; want 200 and the raw body", me.StatusCode, me.Body)
	}
	msg := err.Error()
	if want := "vault: KvV2Read: malformed response (status 200): field data.metadata.version: a JSON string where int was expected"; msg != want {
		t.Errorf("Error() = %s\nwant      %s", msg, want)
	}
	if strings.Contains(msg, "s3cret") {
		t.Errorf("Error() repeats the value: %s", msg)
	}
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		t.Error("the decoder's error is not reachable with errors.As")
	}
}
