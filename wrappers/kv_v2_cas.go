package wrappers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// CAS makes a KV v2 write or patch succeed only if version is the secret's
// current version (0: only if the secret does not exist yet). It is a
// per-call option: pass it to CreateOrUpdateSecret, Patch or the generated
// KvV2Write/KvV2Patch. It edits the request body, so on a context
// (WithRequestOptions) it fails each request rather than pass unnoticed.
func CAS(version int) RequestOption {
	return func(_ context.Context, req *http.Request) error {
		return editJSONBody(req, func(body map[string]any) {
			opts, _ := body["options"].(map[string]any)
			if opts == nil {
				opts = map[string]any{}
			}
			opts["cas"] = version
			body["options"] = opts
		})
	}
}

var errNoJSONBody = errors.New("vault: CAS applies to a request with a JSON object body (a KV v2 write or patch)")

// editJSONBody rewrites req's JSON object body with edit, keeping it
// re-sendable for retries and redirects.
func editJSONBody(req *http.Request, edit func(map[string]any)) error {
	if req.GetBody == nil {
		return errNoJSONBody
	}
	rc, err := req.GetBody()
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(rc)
	rc.Close()
	var body map[string]any
	if err != nil || json.Unmarshal(raw, &body) != nil || body == nil {
		return errNoJSONBody
	}
	edit(body)
	if raw, err = json.Marshal(body); err != nil {
		return err
	}
	req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw)), nil }
	return nil
}
