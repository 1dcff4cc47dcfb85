package contract

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

var (
	// ErrNoMount: no registered mount holds the path.
	ErrNoMount = errors.New("no mount registered")
	// ErrNoOperation: the mount's areas have no operation for the method and path.
	ErrNoOperation = errors.New("no operation in the spec matches")
	// ErrUnknownOperation: no operation has the operationId.
	ErrUnknownOperation = errors.New("the spec has no operation")
)

// MismatchError is a request or response the spec does not describe.
type MismatchError struct {
	OperationID  string
	Method, Path string
	Part         string // "request" or "response 200"
	Err          error  // kin-openapi's findings
	Body         []byte // the offending body, for the message
}

func (e *MismatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s %s): the %s does not match the spec: %s", e.OperationID, e.Method, e.Path, e.Part, Findings(e.Err))
	if len(e.Body) > 0 {
		fmt.Fprintf(&b, "\nbody: %s", truncate(e.Body))
	}
	return b.String()
}

func (e *MismatchError) Unwrap() error { return e.Err }

// Findings flattens kin-openapi's nested errors into one line per problem,
// each led by the field it concerns ("data.metadata.version: value must be
// an integer", `body: property "pasword" is unsupported`), sorted.
func Findings(err error) string {
	var lines []string
	collect(err, "", &lines)
	sort.Strings(lines)
	return strings.Join(lines, "; ")
}

func collect(err error, where string, lines *[]string) {
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		for _, e := range multi {
			collect(e, where, lines)
		}
		return
	}
	var req *openapi3filter.RequestError
	if errors.As(err, &req) && req.Err != nil {
		w := "body"
		if req.Parameter != nil {
			w = fmt.Sprintf("%s parameter %q", req.Parameter.In, req.Parameter.Name)
		}
		collect(req.Err, w, lines)
		return
	}
	var rsp *openapi3filter.ResponseError
	if errors.As(err, &rsp) && rsp.Err != nil {
		collect(rsp.Err, "body", lines)
		return
	}
	var schema *openapi3.SchemaError
	if errors.As(err, &schema) {
		field := strings.Join(schema.JSONPointer(), ".")
		switch {
		case field == "" && where == "":
			field = "body"
		case field == "":
			field = where
		case where != "" && where != "body":
			field = where + " " + field
		}
		*lines = append(*lines, field+": "+schema.Reason)
		return
	}
	msg := err.Error()
	if where != "" {
		msg = where + ": " + msg
	}
	*lines = append(*lines, msg)
}
