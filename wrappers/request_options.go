package wrappers

import (
	"context"
	"net/http"
	"time"

	"github.com/govault/govault/vtypes"
)

// RequestOption changes one request. Every wrapper method takes them last,
// and so does every generated call (they are its request editors), so one
// vocabulary covers both layers:
//
//	secret, err := kv.ReadSecret(ctx, "app/db", wrappers.RequestNamespace("team-a"))
//	res, err := api.PKIIssueWithRole(ctx, "web", body, wrappers.RequestWrapTTL(time.Minute))
//
// WithRequestOptions attaches them to a context instead, for cross-cutting
// use; an option given to the call wins over the context's.
type RequestOption = vtypes.RequestEditorFn

func setHeader(name, value string) RequestOption {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set(name, value)
		return nil
	}
}

func addHeader(name, value string) RequestOption {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Add(name, value)
		return nil
	}
}

type requestOptionsKey struct{}

// WithRequestOptions returns a context whose requests through this
// package's Client get opts (after the context's earlier ones):
//
//	ctx = wrappers.WithRequestOptions(ctx, wrappers.RequestNamespace("team-a"))
//
// The client's own follow-up requests (unwrapping a secret ID, renewing a
// token) do not inherit them.
func WithRequestOptions(ctx context.Context, opts ...RequestOption) context.Context {
	prev, _ := ctx.Value(requestOptionsKey{}).([]RequestOption)
	all := append(append([]RequestOption(nil), prev...), opts...)
	return context.WithValue(ctx, requestOptionsKey{}, all)
}

// WithoutRequestOptions is ctx without the options WithRequestOptions put
// on it: for a follow-up request the caller's wrap TTL, token or namespace
// must not reach (an AuthMethod unwrapping its secret ID, say).
func WithoutRequestOptions(ctx context.Context) context.Context {
	return context.WithValue(ctx, requestOptionsKey{}, []RequestOption(nil))
}

// RequestToken sends this request with token instead of the client's.
func RequestToken(token string) RequestOption { return setHeader(TokenHeader, token) }

// RequestNamespace sends this request to namespace ("" for the root namespace).
func RequestNamespace(namespace string) RequestOption {
	return func(_ context.Context, req *http.Request) error {
		req.Header[NamespaceHeader] = []string{namespace} // "" is kept: it means the root
		return nil
	}
}

// RequestWrapTTL asks Vault to wrap the response in a single-use token
// living ttl; the answer then carries wrap_info instead of data.
func RequestWrapTTL(ttl time.Duration) RequestOption { return setHeader(WrapTTLHeader, ttl.String()) }

// RequestHeader adds a header to this request.
func RequestHeader(name, value string) RequestOption { return addHeader(name, value) }

// RequestMFA sends login MFA credentials ("method_id:passcode" or
// "method_name:passcode"), one X-Vault-MFA header each.
func RequestMFA(creds ...string) RequestOption {
	return func(_ context.Context, req *http.Request) error {
		for _, c := range creds {
			req.Header.Add("X-Vault-MFA", c)
		}
		return nil
	}
}

// Replication consistency headers (Vault Enterprise performance standbys).
const (
	IndexHeader        = "X-Vault-Index"
	ForwardHeader      = "X-Vault-Forward"
	InconsistentHeader = "X-Vault-Inconsistent"
)

// RequestMinIndex asks the node to answer only once it has caught up with
// the state index (from an earlier response's X-Vault-Index); a node that has
// not answers 412 and the client retries.
func RequestMinIndex(index string) RequestOption { return RequestHeader(IndexHeader, index) }

// RequestForwardActive makes a standby forward this request to the active node.
func RequestForwardActive() RequestOption { return RequestHeader(ForwardHeader, "active-node") }

// RequestInconsistentForward lets a node that has not caught up forward the
// request to the active node instead of failing it.
func RequestInconsistentForward() RequestOption {
	return RequestHeader(InconsistentHeader, "forward-active-node")
}

// applyHeaders writes the context's options and the client's defaults onto
// req, each only where the call itself set nothing.
func (c *Client) applyHeaders(req *http.Request) error {
	if opts, _ := req.Context().Value(requestOptionsKey{}).([]RequestOption); len(opts) > 0 {
		scratch := &http.Request{Header: http.Header{}}
		for _, o := range opts {
			if err := o(req.Context(), scratch); err != nil {
				return err
			}
		}
		for k, vs := range scratch.Header {
			if _, set := req.Header[k]; !set {
				req.Header[k] = vs
			}
		}
	}
	if _, set := req.Header[TokenHeader]; !set && c.Token() != "" {
		req.Header[TokenHeader] = c.tokenValues() // shared, never mutated: saves an allocation per request
	}
	if _, set := req.Header[NamespaceHeader]; !set && c.namespace != "" {
		req.Header.Set(NamespaceHeader, c.namespace)
	}
	if req.Header.Get(NamespaceHeader) == "" {
		delete(req.Header, NamespaceHeader) // RequestNamespace(""): the root
	}
	if req.Header.Get(TokenHeader) == "" {
		delete(req.Header, TokenHeader) // RequestToken(""): no token
	}
	for k, vs := range c.headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if c.readYourWrites {
		if idx := c.lastIndex(); idx != "" && req.Header.Get(IndexHeader) == "" {
			req.Header.Set(IndexHeader, idx)
		}
	}
	// Vault requires this header on requests that could come from a browser.
	req.Header[vaultRequestHeader] = vaultRequestTrue
	return nil
}

// Header values shared by every request. http.Header.Add appends to a fresh
// array when the slice is full, so sharing them is safe.
const vaultRequestHeader = "X-Vault-Request"

var vaultRequestTrue = []string{"true"}
