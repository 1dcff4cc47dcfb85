package wrappers

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// apiResponse is what every generated *XxxResponse offers.
type apiResponse interface {
	StatusCode() int
	GetBody() []byte
}

// jsonResponse is a generated response whose 200 body decodes into T.
type jsonResponse[T any] interface {
	apiResponse
	GetJSON200() *T
}

// Check gives any generated call the wrappers' error handling: it passes the
// result through when Vault answered 2xx and turns anything else into an
// error (transport failures and undecodable bodies wrapped, other statuses a
// *ResponseError). It takes the call's two results directly:
//
//	rsp, err := wrappers.Check(api.KvV2DeleteLatestWithResponse(ctx, "app/db"))
//
// Every non-2xx answer is a *ResponseError with its status, whatever its body
// (an HTML page from a proxy, nothing at all); a 2xx whose body does not
// decode is a *MalformedResponseError, which keeps the status and raw body.
func Check[R apiResponse](rsp R, err error) (R, error) {
	var malformed *MalformedResponseError
	var badPath *PathParameterError
	switch {
	case err == nil:
	case errors.As(err, &malformed) && answered(rsp):
		// The generated parser kept the response: judge it by its status.
	case errors.As(err, &malformed):
		return rsp, err // names the operation already
	case errors.As(err, &badPath) && badPath.Operation == "":
		// A refused mount (see mountAPI): name the operation it stopped.
		named := *badPath
		named.Operation = operationOf(rsp)
		return rsp, &named
	case errors.As(err, &badPath):
		return rsp, err
	default:
		return rsp, fmt.Errorf("vault: %s: %w", operationOf(rsp), err)
	}
	if code := rsp.StatusCode(); code < 200 || code > 299 {
		return rsp, newResponseError(operationOf(rsp), code, rsp.GetBody())
	}
	return rsp, err
}

// answered reports whether rsp holds an HTTP answer (a typed nil does not).
func answered(rsp apiResponse) bool {
	v := reflect.ValueOf(rsp)
	return v.IsValid() && !(v.Kind() == reflect.Pointer && v.IsNil())
}

// Decode is Check plus the typed 200 body, which must be present:
//
//	secret, err := wrappers.Decode(api.KvV2ReadWithResponse(ctx, "app/db", nil))
func Decode[T any](rsp jsonResponse[T], err error) (*T, error) {
	if _, err := Check(rsp, err); err != nil {
		return nil, err
	}
	if v := rsp.GetJSON200(); v != nil {
		return v, nil
	}
	return nil, fmt.Errorf("vault: %s: %w: status %d without a JSON body", operationOf(rsp), ErrMalformedResponse, rsp.StatusCode())
}

// operationOf recovers the operationId from the generated response type
// (KvV2ReadResponse -> KvV2Read); only errors pay for the reflection.
func operationOf(rsp any) string {
	t := reflect.TypeOf(rsp)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "request"
	}
	return strings.TrimSuffix(t.Name(), "Response")
}
