package wrappers

import (
	"context"
	"errors"
)

// IsAuthenticated reports whether the client's token is valid: it looks the
// token up, and a 401 or 403 answer means no.
//
//vault:operation TokenLookupSelf
func (c *Client) IsAuthenticated(ctx context.Context, opts ...RequestOption) (bool, error) {
	_, err := c.TokenAuth().TokenLookupSelf(ctx, opts...)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, ErrForbidden), errors.Is(err, ErrUnauthorized):
		return false, nil
	}
	return false, err
}
