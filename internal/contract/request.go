package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// CheckRequest validates a request to the operation m as Vault's clients
// must send it: a token unless the operation is x-vault-unauthenticated,
// path parameters that stay in their segment unless x-vault-multi-segment,
// only the query parameters the operation declares, each of its type, and a
// JSON body matching the request schema with no field the schema lacks.
// body is the request body already read.
func (v *Validator) CheckRequest(m *Match, req *http.Request, body []byte) error {
	var problems openapi3.MultiError
	if req.Header.Get("X-Vault-Token") == "" && !m.Unauthenticated() {
		problems = append(problems, errors.New("header X-Vault-Token: missing, and the operation needs a token"))
	}
	params := m.parameters()
	for _, name := range m.ref.route.params {
		p := params.GetByInAndName(openapi3.ParameterInPath, name)
		multi := p != nil && p.Extensions["x-vault-multi-segment"] == true
		if !multi && strings.Contains(m.PathParams[name], "/") {
			problems = append(problems, fmt.Errorf("path parameter %q: %q spans segments; only one is allowed", name, m.PathParams[name]))
		}
	}
	query := req.URL.Query()
	if req.Method == "LIST" {
		query.Set("list", "true")
	}
	problems = append(problems, undeclaredQuery(query, params)...)

	clone := req.Clone(context.Background())
	clone.Body = io.NopCloser(bytes.NewReader(body))
	clone.ContentLength = int64(len(body))
	input := &openapi3filter.RequestValidationInput{
		Request:     clone,
		PathParams:  m.PathParams,
		QueryParams: query,
		Route:       m.route(),
		Options: &openapi3filter.Options{
			MultiError:                        true,
			RejectWhenRequestBodyNotSpecified: true,
			AuthenticationFunc:                openapi3filter.NoopAuthenticationFunc,
			SkipSettingDefaults:               true,
		},
	}
	if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil {
		problems = append(problems, err)
	}
	if len(problems) == 0 {
		return nil
	}
	return &MismatchError{OperationID: m.OperationID, Method: req.Method, Path: m.Path, Part: "request", Err: problems, Body: body}
}

// parameters are the operation's parameters with its path item's.
func (m *Match) parameters() openapi3.Parameters {
	var out openapi3.Parameters
	out = append(out, m.ref.route.item.Parameters...)
	return append(out, m.ref.op.Parameters...)
}

// undeclaredQuery reports query parameters the operation does not declare:
// kin-openapi accepts any, but a misspelt one is a bug Vault ignores.
func undeclaredQuery(q url.Values, params openapi3.Parameters) []error {
	var names []string
	for name := range q {
		if params.GetByInAndName(openapi3.ParameterInQuery, name) == nil {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	errs := make([]error, len(names))
	for i, n := range names {
		errs[i] = fmt.Errorf("query parameter %q: not declared by the operation", n)
	}
	return errs
}
