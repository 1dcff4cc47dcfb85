package wrappers

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/vtypes"
)

// Response wrapping, hvac's sys.wrap / sys.unwrap: to have any single call's
// answer wrapped, use WithRequestOptions(ctx, RequestWrapTTL(ttl)).

// Unwrapped is a wrapped answer once redeemed: its data decoded into T and
// the envelope it came in (a wrapped dynamic secret keeps its lease here).
type Unwrapped[T any] struct {
	vaultcommon.Envelope
	Data T
}

// Unwrap redeems a single-use wrapping token and decodes the wrapped
// response's data into T, e.g. Unwrap[kvv2.KvV2ReadData] for a wrapped KV v2
// read. The wrapping token is sent as the request's token, so the client's own
// token is not needed. A wrapped answer without data (a login) is an
// ErrMalformedResponse; use UnwrapAuth for those.
//
//vault:operation SysUnwrap
func Unwrap[T any](ctx context.Context, c *Client, wrappingToken string, opts ...RequestOption) (*Unwrapped[T], error) {
	var raw vtypes.Raw
	if _, err := unwrap(ctx, c, wrappingToken, append(opts[:len(opts):len(opts)], vtypes.CaptureRaw(&raw))...); err != nil {
		return nil, err
	}
	var body struct {
		vaultcommon.Envelope
		Data *T `json:"data"`
	}
	if err := json.Unmarshal(raw.Body, &body); err != nil {
		return nil, vtypes.NewMalformedResponse("SysUnwrap", raw.Response.StatusCode, raw.Body, err)
	}
	if body.Wrapped() {
		return nil, &WrappedError{Operation: "SysUnwrap", WrapInfo: body.WrapInfo}
	}
	if body.Data == nil {
		return nil, fmt.Errorf("vault: SysUnwrap: %w: the wrapped response has no data", ErrMalformedResponse)
	}
	return &Unwrapped[T]{Envelope: body.Envelope, Data: *body.Data}, nil
}

// UnwrapAuth redeems a wrapping token around a login or token-creation
// answer and returns that whole answer (the new token is in
// reply.Auth.ClientToken).
//
//vault:operation SysUnwrap
func UnwrapAuth(ctx context.Context, c *Client, wrappingToken string, opts ...RequestOption) (*vaultcommon.AuthReply, error) {
	rsp, err := unwrap(ctx, c, wrappingToken, opts...)
	if rsp, err = whole("SysUnwrap", rsp, err); err != nil {
		return nil, err
	}
	if rsp.Auth == nil {
		return nil, fmt.Errorf("vault: SysUnwrap: %w: the wrapped response has no auth block", ErrMalformedResponse)
	}
	return &vaultcommon.AuthReply{Envelope: rsp.Envelope, Data: rsp.Data}, nil
}

func unwrap(ctx context.Context, c *Client, wrappingToken string, editors ...vtypes.RequestEditorFn) (*sys.SysUnwrapResult, error) {
	// The wrapping token goes last: no option may send another token.
	return c.Sys().SysUnwrap(ctx, sys.SysUnwrapRequest{}, append(editors[:len(editors):len(editors)], RequestToken(wrappingToken))...)
}

// Wrap stores data (anything that marshals to a JSON object) behind a new
// wrapping token living ttl, and returns the token's wrap_info.
//
//vault:operation SysWrap
func (c *Client) Wrap(ctx context.Context, data any, ttl time.Duration, opts ...RequestOption) (*vaultcommon.WrapInfo, error) {
	body, ok := data.(map[string]any)
	if !ok {
		raw, err := json.Marshal(data)
		if err != nil {
			return nil, fmt.Errorf("vault: wrap: %w", err)
		}
		if err := json.Unmarshal(raw, &body); err != nil || body == nil {
			return nil, fmt.Errorf("vault: wrap: data must encode as a JSON object, not %T", data)
		}
	}
	if body == nil {
		body = map[string]any{}
	}
	if ttl < time.Second {
		return nil, fmt.Errorf("vault: wrap: ttl %v is under a second", ttl)
	}
	params := &sys.SysWrapParams{XVaultWrapTTL: fmt.Sprintf("%ds", int64(ttl/time.Second))}
	out, err := c.Sys().SysWrap(ctx, params, sys.SysWrapRequest(body), opts...)
	if err != nil {
		return nil, err
	}
	if out.WrapInfo == nil || out.WrapInfo.Token == nil {
		return nil, fmt.Errorf("vault: SysWrap: %w: no wrap_info in the answer", ErrMalformedResponse)
	}
	return out.WrapInfo, nil
}
