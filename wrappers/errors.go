package wrappers

import "github.com/govault/govault/vtypes"

// The kinds of failure Vault reports, one per status code hvac maps. Match them
// with errors.Is; use errors.As with *ResponseError for the details. They are
// the same values as vtypes', so they match errors from a generated package's
// call too.
var (
	ErrInvalidRequest      = vtypes.ErrInvalidRequest      // 400
	ErrUnauthorized        = vtypes.ErrUnauthorized        // 401
	ErrForbidden           = vtypes.ErrForbidden           // 403
	ErrInvalidPath         = vtypes.ErrInvalidPath         // 404: nothing at that path
	ErrRateLimitExceeded   = vtypes.ErrRateLimitExceeded   // 429
	ErrInternalServerError = vtypes.ErrInternalServerError // 500
	ErrVaultNotInitialized = vtypes.ErrVaultNotInitialized // 501
	ErrBadGateway          = vtypes.ErrBadGateway          // 502
	ErrVaultDown           = vtypes.ErrVaultDown           // 503
	ErrUnexpected          = vtypes.ErrUnexpected          // any other status
)

// ErrMalformedResponse matches a 2xx answer whose body does not decode into
// the operation's response type; errors.As with *MalformedResponseError gives
// the status and the raw body.
var ErrMalformedResponse = vtypes.ErrMalformedResponse

// ErrBadPathParameter matches a call refused before anything was sent because
// a name it was given (secret path, role, key, mount) would have addressed
// another endpoint; errors.As with *PathParameterError says which and why.
var ErrBadPathParameter = vtypes.ErrBadPathParameter

// ResponseError is a non-success answer from Vault: the operation, the status
// and Vault's own messages, never a request header (so never the token).
type ResponseError = vtypes.ResponseError

// MalformedResponseError is a 2xx answer whose body does not match its type.
type MalformedResponseError = vtypes.MalformedResponseError

// PathParameterError names the operation, parameter and rule of a refused name.
type PathParameterError = vtypes.PathParameterError

// ErrUnsupportedByServer matches a 404 or 405 from a server older than the
// operation's first release (the spec's x-vault-min-version); errors.As with
// *UnsupportedError gives both versions and Vault's answer.
var ErrUnsupportedByServer = vtypes.ErrUnsupportedByServer

// UnsupportedError is a 404 or 405 from a server that predates the operation.
type UnsupportedError = vtypes.UnsupportedError
