package wrappers

import (
	"errors"
	"fmt"

	"github.com/govault/govault/generated/vaultcommon"
)

// ErrWrapped matches a call that Vault answered with a wrapping token (the
// request carried RequestWrapTTL) where the wrapper returns data: the data is
// behind the single-use token, never an empty result. errors.As with
// *WrappedError gives the token's wrap info; Unwrap redeems it.
var ErrWrapped = errors.New("answer is wrapped")

// WrappedError carries the wrap info of a wrapped answer.
type WrappedError struct {
	Operation string
	WrapInfo  *vaultcommon.WrapInfo
}

// Error never prints the wrapping token.
func (e *WrappedError) Error() string {
	return fmt.Sprintf("vault: %s: %s in a single-use token (redeem it with Unwrap)", e.Operation, ErrWrapped)
}

// Is makes errors.Is(err, ErrWrapped) true.
func (e *WrappedError) Is(target error) bool { return target == ErrWrapped }

// wrappedAnswer is a *WrappedError when w holds a wrapping token.
func wrappedAnswer(op string, w *vaultcommon.WrapInfo) error {
	if w != nil && w.Token != nil && *w.Token != "" {
		return &WrappedError{Operation: op, WrapInfo: w}
	}
	return nil
}

// enveloped is any generated result: each embeds vaultcommon.Envelope.
type enveloped interface {
	GetEnvelope() *vaultcommon.Envelope
}

// whole passes on Vault's whole answer to operation op, or a *WrappedError
// when the answer is a wrapping token: a wrapper's result never looks like
// an empty one.
func whole[T enveloped](op string, out T, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if err := wrappedAnswer(op, out.GetEnvelope().WrapInfo); err != nil {
		return zero, err
	}
	return out, nil
}
