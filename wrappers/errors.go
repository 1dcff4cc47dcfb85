package wrappers

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// The kinds of failure Vault reports, one per status code hvac maps. Match them
// with errors.Is; use errors.As with *ResponseError for the details.
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

// ErrMalformedResponse is returned when Vault's answer cannot be decoded into
// the operation's response type.
var ErrMalformedResponse = errors.New("malformed response")

func kindOf(status int) error {
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

// newResponseError reads Vault's error body leniently: a body that is not the
// usual {"errors": [...]} still yields an error with the status.
func newResponseError(op string, status int, body []byte) *ResponseError {
	e := &ResponseError{Operation: op, StatusCode: status, kind: kindOf(status)}
	var parsed struct {
		Errors []string `json:"errors"`
	}
	if json.Unmarshal(body, &parsed) == nil {
		e.Errors = parsed.Errors
	}
	return e
}
