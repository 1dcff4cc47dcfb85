package vtypes

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// The kinds of failure Vault reports, one per status code hvac maps. Match them
// with errors.Is; use errors.As with *ResponseError for the details. The
// wrappers package re-exports each of them under the same name.
var (
	ErrInvalidRequest      = errors.New("invalid request")          // 400
	ErrUnauthorized        = errors.New("unauthorized")             // 401
	ErrForbidden           = errors.New("forbidden")                // 403
	ErrInvalidPath         = errors.New("invalid path")             // 404: nothing at that path
	ErrRateLimitExceeded   = errors.New("rate limit exceeded")      // 429
	ErrInternalServerError = errors.New("internal server error")    // 500
	ErrVaultNotInitialized = errors.New("vault is not initialized") // 501
	ErrBadGateway          = errors.New("bad gateway")              // 502
	ErrVaultDown           = errors.New("vault is down or sealed")  // 503
	ErrUnexpected          = errors.New("unexpected response")      // any other status
)

// ErrMalformedResponse matches a 2xx answer whose body does not decode into
// the operation's response type (see *MalformedResponseError).
var ErrMalformedResponse = errors.New("malformed response")

// KindOf is the sentinel a status code maps to.
func KindOf(status int) error {
	switch status {
	case http.StatusBadRequest:
		return ErrInvalidRequest
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrForbidden
	case http.StatusNotFound:
		return ErrInvalidPath
	case http.StatusTooManyRequests:
		return ErrRateLimitExceeded
	case http.StatusInternalServerError:
		return ErrInternalServerError
	case http.StatusNotImplemented:
		return ErrVaultNotInitialized
	case http.StatusBadGateway:
		return ErrBadGateway
	case http.StatusServiceUnavailable:
		return ErrVaultDown
	}
	return ErrUnexpected
}

// ResponseError is a non-success answer from Vault. It holds only the
// operation, the status and Vault's own messages: never a request header, so
// never the token.
type ResponseError struct {
	Operation  string   // the spec's operationId, e.g. "KvV2Read"
	StatusCode int      // HTTP status
	Errors     []string // Vault's "errors" list, when it sent one
	RequestID  string   // Vault's request_id, when the body carried one
	kind       error
}

func (e *ResponseError) Error() string {
	msg := fmt.Sprintf("vault: %s: %d %s", e.Operation, e.StatusCode, e.kind)
	if len(e.Errors) > 0 {
		msg += ": " + strings.Join(e.Errors, "; ")
	}
	return msg
}

// Unwrap returns the kind (ErrInvalidPath, ErrForbidden, ...) for errors.Is.
func (e *ResponseError) Unwrap() error { return e.kind }

// NewResponseError reads Vault's error body leniently: whatever the body
// (HTML from a proxy, nothing at all), the error keeps the status and its kind.
func NewResponseError(op string, status int, body []byte) *ResponseError {
	e := &ResponseError{Operation: op, StatusCode: status, kind: KindOf(status)}
	var parsed struct {
		Errors    []string `json:"errors"`
		RequestID string   `json:"request_id"`
		Warnings  []string `json:"warnings"`
		Data      struct {
			Error string `json:"error"`
		} `json:"data"`
	}
	if json.Unmarshal(body, &parsed) == nil {
		e.Errors, e.RequestID = parsed.Errors, parsed.RequestID
		// Some endpoints put the reason elsewhere (AppRole's data.error,
		// Kerberos' warnings): keep it rather than lose it.
		if len(e.Errors) == 0 && parsed.Data.Error != "" {
			e.Errors = []string{parsed.Data.Error}
		}
		if len(e.Errors) == 0 {
			e.Errors = parsed.Warnings
		}
	}
	return e
}

// MalformedResponseError is a 2xx answer whose body does not match the
// operation's response type. It matches ErrMalformedResponse and keeps what
// Vault sent, so nothing is lost: Err is the decoder's error, which names the
// field (a *json.UnmarshalTypeError, for instance).
type MalformedResponseError struct {
	Operation  string
	StatusCode int
	Body       []byte // the raw body, never printed by Error
	Err        error
}

// NewMalformedResponse is the error generated code returns when a body does
// not decode.
func NewMalformedResponse(op string, status int, body []byte, err error) *MalformedResponseError {
	return &MalformedResponseError{Operation: op, StatusCode: status, Body: body, Err: err}
}

func (e *MalformedResponseError) Error() string {
	msg := fmt.Sprintf("vault: %s: %s (status %d)", e.Operation, ErrMalformedResponse, e.StatusCode)
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(e.Err, &te) && te.Field != "":
		// Only the field and the types: the value may be a secret.
		msg += fmt.Sprintf(": field %s: a JSON %s where %s was expected", te.Field, te.Value, te.Type)
	case e.Err != nil:
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Is makes errors.Is(err, ErrMalformedResponse) true.
func (e *MalformedResponseError) Is(target error) bool { return target == ErrMalformedResponse }

// Unwrap returns the decoder's error.
func (e *MalformedResponseError) Unwrap() error { return e.Err }
