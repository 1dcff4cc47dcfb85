package wrappers

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/vtypes"
)

// ReadSecretVersionAllowDeleted is ReadSecretVersion for callers that want to
// see a deleted or destroyed version rather than an error (hvac's
// raise_on_deleted_version=False): Data is then nil and Metadata says when it
// was deleted or that it was destroyed. Vault answers such a read with a 404
// that still carries the metadata; a path with no secret at all remains an
// ErrInvalidPath error.
//
//vault:operation KvV2Read
func (kv *KVv2) ReadSecretVersionAllowDeleted(ctx context.Context, path string, version int, opts ...RequestOption) (*kvv2.KvV2ReadResult, error) {
	var params *kvv2.KvV2ReadParams
	if version > 0 {
		params = &kvv2.KvV2ReadParams{Version: &version}
	}
	var raw vtypes.Raw
	out, err := kv.api.KvV2Read(ctx, path, params, append(opts[:len(opts):len(opts)], vtypes.CaptureRaw(&raw))...)
	var re *ResponseError
	if errors.As(err, &re) && re.StatusCode == http.StatusNotFound {
		// The 404 of a deleted or destroyed version still has its metadata.
		var gone kvv2.KvV2ReadResult
		if json.Unmarshal(raw.Body, &gone) == nil && gone.Data.Metadata.Version > 0 {
			gone.Data.Data = nil
			return &gone, nil
		}
	}
	if err != nil {
		return nil, err
	}
	if err := wrappedAnswer("KvV2Read", out.WrapInfo); err != nil {
		return nil, err
	}
	return out, nil
}
