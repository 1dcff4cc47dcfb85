package wrappers

import (
	"context"
	"net/http"
	"time"
)

// RequestOption changes one request. Attach them to a context with
// WithRequestOptions; they apply to every wrapper and generated call made
// with that context through this package's Client.
type RequestOption func(*requestSettings)

type requestSettings struct {
	token, namespace *string
	wrapTTL          string
	headers          http.Header
	mfa              []string
}

type requestOptionsKey struct{}

// WithRequestOptions returns a context carrying per-request options:
//
//	ctx = wrappers.WithRequestOptions(ctx, wrappers.RequestWrapTTL(5*time.Minute))
//	secret, err := client.KVv2("secret").ReadSecret(ctx, "app/db") // answered as a wrapping token
func WithRequestOptions(ctx context.Context, opts ...RequestOption) context.Context {
	s := &requestSettings{}
	if prev, ok := ctx.Value(requestOptionsKey{}).(*requestSettings); ok {
		cp := *prev
		cp.headers = prev.headers.Clone()
		cp.mfa = append([]string(nil), prev.mfa...)
		s = &cp
	}
	for _, o := range opts {
		o(s)
	}
	return context.WithValue(ctx, requestOptionsKey{}, s)
}

// RequestToken sends this request with token instead of the client's.
func RequestToken(token string) RequestOption {
	return func(s *requestSettings) { s.token = &token }
}

// RequestNamespace sends this request to namespace ("" for the root namespace).
func RequestNamespace(namespace string) RequestOption {
	return func(s *requestSettings) { s.namespace = &namespace }
}

// RequestWrapTTL asks Vault to wrap the response in a single-use token
// living ttl; the answer then carries wrap_info instead of data.
func RequestWrapTTL(ttl time.Duration) RequestOption {
	return func(s *requestSettings) { s.wrapTTL = ttl.String() }
}

// RequestHeader adds a header to this request.
func RequestHeader(name, value string) RequestOption {
	return func(s *requestSettings) {
		if s.headers == nil {
			s.headers = http.Header{}
		}
		s.headers.Add(name, value)
	}
}

// RequestMFA sends login MFA credentials ("method_id:passcode" or
// "method_name:passcode"), one X-Vault-MFA header each.
func RequestMFA(creds ...string) RequestOption {
	return func(s *requestSettings) { s.mfa = append(s.mfa, creds...) }
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

// apply writes the client defaults and the context's options onto req.
func (c *Client) applyHeaders(req *http.Request) {
	s, _ := req.Context().Value(requestOptionsKey{}).(*requestSettings)
	token, namespace := c.Token(), c.namespace
	if s != nil {
		if s.token != nil {
			token = *s.token
		}
		if s.namespace != nil {
			namespace = *s.namespace
		}
	}
	if token != "" && req.Header.Get(TokenHeader) == "" {
		if s == nil || s.token == nil {
			req.Header[TokenHeader] = c.tokenValues() // shared, never mutated: saves an allocation per request
		} else {
			req.Header.Set(TokenHeader, token)
		}
	}
	if namespace != "" && req.Header.Get(NamespaceHeader) == "" {
		req.Header.Set(NamespaceHeader, namespace)
	}
	for k, vs := range c.headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if s != nil {
		if s.wrapTTL != "" {
			req.Header.Set(WrapTTLHeader, s.wrapTTL)
		}
		for k, vs := range s.headers {
			for _, v := range vs {
				req.Header.Add(k, v)
			}
		}
		for _, m := range s.mfa {
			req.Header.Add("X-Vault-MFA", m)
		}
	}
	if c.readYourWrites {
		if idx := c.lastIndex(); idx != "" && req.Header.Get(IndexHeader) == "" {
			req.Header.Set(IndexHeader, idx)
		}
	}
	// Vault requires this header on requests that could come from a browser.
	req.Header[vaultRequestHeader] = vaultRequestTrue
}

// Header values shared by every request. http.Header.Add appends to a fresh
// array when the slice is full, so sharing them is safe.
const vaultRequestHeader = "X-Vault-Request"

var vaultRequestTrue = []string{"true"}
