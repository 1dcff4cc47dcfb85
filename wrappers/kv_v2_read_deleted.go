package wrappers

import (
	"context"
	"net/http"

	"github.com/govault/govault/generated/kvv2"
)

// ReadSecretVersionAllowDeleted is ReadSecretVersion for callers that want to
// see a deleted or destroyed version rather than an error (hvac's
// raise_on_deleted_version=False): Data is then nil and Metadata says when it
// was deleted or that it was destroyed. Vault answers such a read with a 404
// that still carries the metadata; a path with no secret at all remains an
// ErrInvalidPath error.
//
//vault:operation KvV2Read
func (kv *KVv2) ReadSecretVersionAllowDeleted(ctx context.Context, path string, version int) (*kvv2.KvV2ReadData, error) {
	var params *kvv2.KvV2ReadParams
	if version > 0 {
		params = &kvv2.KvV2ReadParams{Version: &version}
	}
	rsp, err := kv.api.KvV2ReadWithResponse(ctx, path, params)
	if err == nil && rsp.StatusCode() == http.StatusNotFound && rsp.JSON404 != nil {
		if gone, err := rsp.JSON404.AsKvV2ReadResult(); err == nil && gone.Data.Metadata.Version > 0 {
			gone.Data.Data = nil
			return &gone.Data, nil
		}
	}
	out, err := Decode(rsp, err)
	if err != nil {
		return nil, err
	}
	return &out.Data, nil
}
