package wrappers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/vtypes"
)

// Logical reads and writes any path of the server, hvac's client.read /
// write / list / delete and the Vault CLI's `vault read` and friends: for
// plugins and endpoints that the spec, and so every generated package,
// lacks. Prefer the generated package of an area where there is one: its
// requests and answers are typed and checked against the spec.
//
// Each call sends through the client's Do, so the token, namespace, headers,
// retries, rate limit, redirects and redaction apply as for every other call,
// and the RequestOptions given to it (after those of its context) apply to
// its request. Errors are those of the generated calls: a non-2xx answer is
// a *ResponseError (errors.Is with ErrInvalidPath, ErrForbidden, ...); a 2xx
// body that is not a JSON envelope is a *MalformedResponseError; a path with
// an empty, "." or ".." segment is refused with ErrBadPathParameter before
// anything is sent. The errors name the call as LogicalRead, LogicalWrite,
// LogicalList, LogicalDelete or LogicalPatch, never the path.
//
// Paths are relative to /v1/ ("secret/app", "auth/approle/role/web");
// leading and trailing slashes are ignored. They are sent escaped, so a "?"
// or "#" in a path is part of the path: query parameters are given with
// RequestQuery.
//
// A wrapped answer (RequestWrapTTL, or an endpoint that always wraps) has no
// data: Vault put it behind the single-use token in WrapInfo. Such an answer
// is not an error, but its Data is nil and Wrapped reports true, so check
// Wrapped before reading Data as "nothing there"; Keys refuses it with a
// *WrappedError (ErrWrapped). Redeem the token with Unwrap.
type Logical struct {
	c *Client
}

// Logical returns the path-generic API of c.
func (c *Client) Logical() *Logical { return &Logical{c: c} }

// LogicalResponse is Vault's whole answer to a Logical call: the response
// envelope with its data as a map. A call Vault answered with no content
// (most writes and deletes: 204) gives a zero LogicalResponse.
type LogicalResponse struct {
	RequestID     string `json:"request_id"`
	LeaseID       string `json:"lease_id"`
	LeaseDuration int    `json:"lease_duration"` // seconds
	Renewable     bool   `json:"renewable"`
	// Data is the answer's payload; nil when Vault sent none, and always
	// nil in a wrapped answer (see Wrapped). Numbers decode as float64.
	Data     map[string]any `json:"data"`
	Warnings []string       `json:"warnings"`
	// WrapInfo is set when the answer was response-wrapped: the data is
	// behind WrapInfo.Token, not in Data.
	WrapInfo *vaultcommon.WrapInfo `json:"wrap_info"`
	// Auth is set when the call issued a token (a login, a token creation).
	Auth      *vaultcommon.AuthInfo `json:"auth"`
	MountType string                `json:"mount_type"`
}

// Wrapped reports whether Vault wrapped the answer: its data is not in Data
// but behind the single-use token in WrapInfo.
func (r *LogicalResponse) Wrapped() bool {
	return r != nil && r.WrapInfo != nil && r.WrapInfo.Token != nil && *r.WrapInfo.Token != ""
}

// Keys returns the "keys" of a List answer; an empty or missing folder gives
// none. A wrapped answer is refused with a *WrappedError (ErrWrapped)
// rather than passed off as an empty list, and data whose keys are not a
// list of strings with ErrMalformedResponse.
func (r *LogicalResponse) Keys() ([]string, error) {
	if r == nil {
		return []string{}, nil
	}
	if err := wrappedAnswer(opLogicalList, r.WrapInfo); err != nil {
		return nil, err
	}
	if r.Data == nil || r.Data["keys"] == nil {
		return []string{}, nil
	}
	list, ok := r.Data["keys"].([]any)
	if !ok {
		return nil, fmt.Errorf("vault: LogicalList: %w: data.keys is a %T, not a list", ErrMalformedResponse, r.Data["keys"])
	}
	keys := make([]string, 0, len(list))
	for _, k := range list {
		s, ok := k.(string)
		if !ok {
			return nil, fmt.Errorf("vault: LogicalList: %w: data.keys holds a %T, not a string", ErrMalformedResponse, k)
		}
		keys = append(keys, s)
	}
	return keys, nil
}

// RequestQuery adds the query parameter key=value to a request (once per
// call; repeat it for a list), for the Logical calls whose endpoint reads
// parameters from the query string: hvac's read with params, the CLI's
// `vault read path key=value`.
func RequestQuery(key, value string) RequestOption {
	return func(_ context.Context, req *http.Request) error {
		q := req.URL.Query()
		q.Add(key, value)
		req.URL.RawQuery = q.Encode()
		return nil
	}
}

// The names the Logical calls go by in errors, as an operationId would.
const (
	opLogicalRead   = "LogicalRead"
	opLogicalWrite  = "LogicalWrite"
	opLogicalList   = "LogicalList"
	opLogicalDelete = "LogicalDelete"
	opLogicalPatch  = "LogicalPatch"
)

// Read sends GET /v1/<path> and returns the answer.
//
//vault:nooperation any path: the endpoints Logical is for are not in the spec
func (l *Logical) Read(ctx context.Context, path string, opts ...RequestOption) (*LogicalResponse, error) {
	return l.call(ctx, opLogicalRead, http.MethodGet, path, nil, opts)
}

// Write sends data as the JSON body of POST /v1/<path> (PUT and POST are
// the same to Vault) and returns the answer: data of its own for endpoints
// that compute something, a zero LogicalResponse for a plain store. A nil
// data sends an empty object.
//
//vault:nooperation any path: the endpoints Logical is for are not in the spec
func (l *Logical) Write(ctx context.Context, path string, data map[string]any, opts ...RequestOption) (*LogicalResponse, error) {
	return l.call(ctx, opLogicalWrite, http.MethodPost, path, jsonObject(data), opts)
}

// List sends LIST /v1/<path>/ (as GET with list=true) and returns the
// answer; its Keys method gives the names. As for the generated list
// operations, a 404 without errors (an empty or missing folder) is an empty
// answer, not an error.
//
//vault:nooperation any path: the endpoints Logical is for are not in the spec
func (l *Logical) List(ctx context.Context, path string, opts ...RequestOption) (*LogicalResponse, error) {
	return l.call(ctx, opLogicalList, http.MethodGet, path, nil, opts)
}

// Delete sends DELETE /v1/<path> and returns the answer (usually a zero
// LogicalResponse).
//
//vault:nooperation any path: the endpoints Logical is for are not in the spec
func (l *Logical) Delete(ctx context.Context, path string, opts ...RequestOption) (*LogicalResponse, error) {
	return l.call(ctx, opLogicalDelete, http.MethodDelete, path, nil, opts)
}

// Patch sends data as a JSON merge patch (RFC 7386, Content-Type
// application/merge-patch+json) in PATCH /v1/<path>: fields it names are
// replaced, fields set to nil removed, the rest kept. Only endpoints that
// implement patching accept it (KV v2's data/ and metadata/ do); others
// answer 405, a *ResponseError.
//
//vault:nooperation any path: the endpoints Logical is for are not in the spec
func (l *Logical) Patch(ctx context.Context, path string, data map[string]any, opts ...RequestOption) (*LogicalResponse, error) {
	return l.call(ctx, opLogicalPatch, http.MethodPatch, path, jsonObject(data), opts)
}

// jsonObject is data as the body of a request; nil is an empty object.
func jsonObject(data map[string]any) any {
	if data == nil {
		return map[string]any{}
	}
	return data
}

// call checks path, builds the request and sends it through the client
// with the generated calls' machinery, so the answer and the errors are
// theirs.
func (l *Logical) call(ctx context.Context, op, method, path string, body any, opts []RequestOption) (*LogicalResponse, error) {
	req, err := l.request(op, method, path, body)
	if err != nil {
		return nil, err
	}
	if op == opLogicalList {
		return vtypes.CallList[LogicalResponse](ctx, l.c, op, req, opts)
	}
	return vtypes.CallJSON[LogicalResponse](ctx, l.c, op, req, opts)
}

// request builds the request of one Logical call, refusing a path that
// would address another endpoint.
func (l *Logical) request(op, method, path string, body any) (*http.Request, error) {
	u, err := l.c.apiURL(op, "path", path)
	if err != nil {
		return nil, err
	}
	var reader io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("vault: %s: %w", op, err)
		}
		reader = bytes.NewReader(buf)
	}
	if op == opLogicalList {
		u += "/?list=true"
	}
	req, err := http.NewRequest(method, u, reader)
	if err != nil {
		return nil, fmt.Errorf("vault: %s: %w", op, err)
	}
	switch {
	case method == http.MethodPatch:
		req.Header.Set("Content-Type", "application/merge-patch+json")
	case body != nil:
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}
