package vtypes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
)

// HTTPRequestDoer sends requests: *http.Client and *wrappers.Client are two.
type HTTPRequestDoer interface {
	Do(req *http.Request) (*http.Response, error)
}

// RequestEditorFn changes one request before it is sent: a header, a
// namespace, a wrap TTL. Every generated operation takes any number of them,
// and one editor works with every area package.
type RequestEditorFn = func(ctx context.Context, req *http.Request) error

// Raw is what CaptureRaw fills in: Vault's answer as it came, for callers
// who need a header or the exact bytes.
type Raw struct {
	Response *http.Response // its Body is already read and closed
	Body     []byte
}

type rawKey struct{}

// CaptureRaw is a request editor that makes the call store Vault's answer
// (status, headers, body) in dst, whatever the outcome:
//
//	var raw vtypes.Raw
//	res, err := api.KvV2Read(ctx, "app/db", nil, vtypes.CaptureRaw(&raw))
func CaptureRaw(dst *Raw) RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		*req = *req.WithContext(context.WithValue(req.Context(), rawKey{}, dst))
		return nil
	}
}

// send applies the editors, sends req and reads the whole answer. Any
// status outside 2xx, except those the operation documents as answers
// (sys/health's 429 for a standby, say), is a *ResponseError, whatever the
// body; a 404 or 405 from a server older than the operation is an
// *UnsupportedError around it (see Since).
func send(ctx context.Context, doer HTTPRequestDoer, op string, req *http.Request, editors []RequestEditorFn, answers []int) (*http.Response, []byte, error) {
	req = req.WithContext(ctx)
	for _, edit := range editors {
		if err := edit(ctx, req); err != nil {
			return nil, nil, err
		}
	}
	rsp, err := doer.Do(req)
	var badPath *PathParameterError
	if errors.As(err, &badPath) && badPath.Operation == "" {
		// A doer that refused the mount (wrappers does): name the operation.
		named := *badPath
		named.Operation = op
		return nil, nil, &named
	}
	if err != nil {
		return nil, nil, fmt.Errorf("vault: %s: %w", op, err)
	}
	body, err := io.ReadAll(rsp.Body)
	rsp.Body.Close()
	if raw, _ := req.Context().Value(rawKey{}).(*Raw); raw != nil {
		raw.Response, raw.Body = rsp, body
	}
	if err != nil {
		return rsp, body, fmt.Errorf("vault: %s: reading the answer (status %d): %w", op, rsp.StatusCode, err)
	}
	if (rsp.StatusCode < 200 || rsp.StatusCode > 299) && !slices.Contains(answers, rsp.StatusCode) {
		return rsp, body, unsupported(ctx, doer, req, NewResponseError(op, rsp.StatusCode, body))
	}
	return rsp, body, nil
}

// CallJSON sends req and decodes a 2xx body (or one of the other statuses
// listed in answers) into T. A body that does not decode is a
// *MalformedResponseError; a 204 or 304 gives a zero T.
func CallJSON[T any](ctx context.Context, doer HTTPRequestDoer, op string, req *http.Request, editors []RequestEditorFn, answers ...int) (*T, error) {
	rsp, body, err := send(ctx, doer, op, req, editors, answers)
	if err != nil {
		return nil, err
	}
	out := new(T)
	if rsp.StatusCode == http.StatusNoContent || rsp.StatusCode == http.StatusNotModified {
		return out, nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return nil, NewMalformedResponse(op, rsp.StatusCode, body, err)
	}
	return out, nil
}

// CallNoContent sends req for an operation that answers without a body.
func CallNoContent(ctx context.Context, doer HTTPRequestDoer, op string, req *http.Request, editors []RequestEditorFn, answers ...int) error {
	_, _, err := send(ctx, doer, op, req, editors, answers)
	return err
}

// CallBytes sends req for an operation whose answer is not JSON (PEM, DER,
// plain text) and returns the body as it came.
func CallBytes(ctx context.Context, doer HTTPRequestDoer, op string, req *http.Request, editors []RequestEditorFn, answers ...int) ([]byte, error) {
	_, body, err := send(ctx, doer, op, req, editors, answers)
	if err != nil {
		return nil, err
	}
	return body, nil
}

// CallList is CallJSON for a LIST: Vault answers an empty or missing folder
// with a 404 without messages, which is an empty result here, not an error.
func CallList[T any](ctx context.Context, doer HTTPRequestDoer, op string, req *http.Request, editors []RequestEditorFn, answers ...int) (*T, error) {
	out, err := CallJSON[T](ctx, doer, op, req, editors, answers...)
	var re *ResponseError
	if errors.As(err, &re) && re.StatusCode == http.StatusNotFound && len(re.Errors) == 0 && !errors.Is(err, ErrUnsupportedByServer) {
		return new(T), nil
	}
	return out, err
}
