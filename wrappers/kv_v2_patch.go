package wrappers

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/govault/govault/generated/kvv2"
)

// PatchWithFallback merges data into the newest version like Patch (JSON
// merge patch: a nil value removes that key, nested maps merge), but when
// the server does not support HTTP PATCH (405, or a 404 for an unsupported
// path) it reads the secret, merges locally and writes the result with
// check-and-set on the version it read, so a concurrent write makes it fail
// (ErrInvalidRequest) instead of being lost. This is hvac's patch().
//
//vault:operation KvV2Patch
//vault:operation KvV2Read
//vault:operation KvV2Write
func (kv *KVv2) PatchWithFallback(ctx context.Context, path string, data map[string]any, opts ...RequestOption) (*kvv2.KvV2WriteResult, error) {
	patched, err := kv.Patch(ctx, path, data, opts...)
	if err == nil {
		return (*kvv2.KvV2WriteResult)(patched), nil
	}
	if !patchUnsupported(err) {
		return nil, err
	}
	current, err := kv.ReadSecretVersion(ctx, path, 0, opts...)
	if err != nil {
		return nil, err
	}
	return kv.CreateOrUpdateSecret(ctx, path, mergePatch(current.Data.Data, data), append(opts[:len(opts):len(opts)], CAS(current.Data.Metadata.Version))...)
}

// patchUnsupported tells a server without PATCH from any other failure
// (a 404 for a missing secret must stay an error).
func patchUnsupported(err error) bool {
	var re *ResponseError
	if !errors.As(err, &re) {
		return false
	}
	switch re.StatusCode {
	case http.StatusMethodNotAllowed:
		return true
	case http.StatusNotFound:
		for _, e := range re.Errors {
			if strings.Contains(e, "unsupported path") || strings.Contains(e, "unsupported operation") {
				return true
			}
		}
	}
	return false
}

// mergePatch applies patch to a copy of target as RFC 7386 says.
func mergePatch(target, patch map[string]any) map[string]any {
	out := make(map[string]any, len(target)+len(patch))
	for k, v := range target {
		out[k] = v
	}
	for k, v := range patch {
		switch pv := v.(type) {
		case nil:
			delete(out, k)
		case map[string]any:
			tv, _ := out[k].(map[string]any)
			out[k] = mergePatch(tv, pv)
		default:
			out[k] = v
		}
	}
	return out
}
