package wrappers

import (
	"context"
	"strings"

	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/generated/vaultcommon"
)

// DefaultKVMount is where KV is assumed to be mounted (dev servers mount v2 there).
const DefaultKVMount = "secret"

// KVv2 works with one mount of the KV secrets engine, version 2.
type KVv2 struct {
	c     *Client
	mount string
	api   *kvv2.Client
}

// KVv2 returns the KV v2 engine mounted at mount ("" means "secret").
func (c *Client) KVv2(mount string) *KVv2 {
	if mount == "" {
		mount = DefaultKVMount
	}
	base, doer := c.mountAPI(mount)
	api := kvv2.New(doer, base) // cannot fail: the URL parsed already
	return &KVv2{c: c, mount: mount, api: api}
}

// API returns the generated client for this mount, for anything not wrapped here.
func (kv *KVv2) API() *kvv2.Client { return kv.api }

// ReadConfiguration returns the mount-wide settings.
//
//vault:operation KvV2ReadConfig
func (kv *KVv2) ReadConfiguration(ctx context.Context, opts ...RequestOption) (*kvv2.KvV2ReadConfigResult, error) {
	out, err := kv.api.KvV2ReadConfig(ctx, opts...)
	return whole("KvV2ReadConfig", out, err)
}

// Configure changes the mount-wide settings; unset fields keep their value.
//
//vault:operation KvV2WriteConfig
func (kv *KVv2) Configure(ctx context.Context, cfg kvv2.KvV2WriteConfigRequest, opts ...RequestOption) error {
	err := kv.api.KvV2WriteConfig(ctx, cfg, opts...)
	return err
}

// ReadSecretVersion returns one version of a secret; version 0 means the newest.
// A deleted or destroyed version is an error matching ErrInvalidPath.
//
//vault:operation KvV2Read
func (kv *KVv2) ReadSecretVersion(ctx context.Context, path string, version int, opts ...RequestOption) (*kvv2.KvV2ReadResult, error) {
	var params *kvv2.KvV2ReadParams // nil skips building a query string
	if version > 0 {
		v := version // a copy, so that only this branch moves it to the heap
		params = &kvv2.KvV2ReadParams{Version: &v}
	}
	out, err := kv.api.KvV2Read(ctx, path, params, opts...)
	return whole("KvV2Read", out, err)
}

// ReadSecret returns the newest version of a secret.
//
//vault:operation KvV2Read
func (kv *KVv2) ReadSecret(ctx context.Context, path string, opts ...RequestOption) (*kvv2.KvV2ReadResult, error) {
	return kv.ReadSecretVersion(ctx, path, 0, opts...)
}

// CreateOrUpdateSecret stores data as a new version and returns its metadata.
//
//vault:operation KvV2Write
func (kv *KVv2) CreateOrUpdateSecret(ctx context.Context, path string, data map[string]any, opts ...RequestOption) (*kvv2.KvV2WriteResult, error) {
	body := kvv2.KvV2WriteRequest{Data: data}
	if body.Data == nil {
		body.Data = map[string]any{}
	}
	out, err := kv.api.KvV2Write(ctx, path, body, opts...)
	return whole("KvV2Write", out, err)
}

// Patch merges data into the newest version (JSON merge patch: a nil value
// removes that key) and stores the result as a new version.
//
//vault:operation KvV2Patch
func (kv *KVv2) Patch(ctx context.Context, path string, data map[string]any, opts ...RequestOption) (*kvv2.KvV2PatchResult, error) {
	body := kvv2.KvV2PatchRequest{Data: data}
	out, err := kv.api.KvV2Patch(ctx, path, body, opts...)
	return whole("KvV2Patch", out, err)
}

// DeleteLatestVersion soft-deletes the newest version; Undelete brings it back.
//
//vault:operation KvV2DeleteLatest
func (kv *KVv2) DeleteLatestVersion(ctx context.Context, path string, opts ...RequestOption) error {
	err := kv.api.KvV2DeleteLatest(ctx, path, opts...)
	return err
}

// DeleteVersions soft-deletes the given versions.
//
//vault:operation KvV2DeleteVersions
func (kv *KVv2) DeleteVersions(ctx context.Context, path string, versions []int, opts ...RequestOption) error {
	err := kv.api.KvV2DeleteVersions(ctx, path, kvv2.KvV2DeleteVersionsRequest{Versions: versions}, opts...)
	return err
}

// UndeleteVersions restores soft-deleted versions.
//
//vault:operation KvV2Undelete
func (kv *KVv2) UndeleteVersions(ctx context.Context, path string, versions []int, opts ...RequestOption) error {
	err := kv.api.KvV2Undelete(ctx, path, kvv2.KvV2UndeleteRequest{Versions: versions}, opts...)
	return err
}

// DestroyVersions erases the data of the given versions for good.
//
//vault:operation KvV2Destroy
func (kv *KVv2) DestroyVersions(ctx context.Context, path string, versions []int, opts ...RequestOption) error {
	err := kv.api.KvV2Destroy(ctx, path, kvv2.KvV2DestroyRequest{Versions: versions}, opts...)
	return err
}

// ListSecrets names the secrets and folders (ending in "/") under path; ""
// lists the mount's top level. An empty or missing folder gives an empty list.
//
//vault:operation KvV2List
//vault:operation KvV2ListRoot
func (kv *KVv2) ListSecrets(ctx context.Context, path string, opts ...RequestOption) (*vaultcommon.ListResponse, error) {
	path = strings.Trim(path, "/")
	if path == "" {
		return listKeys("KvV2ListRoot")(kv.api.KvV2ListRoot(ctx, nil, opts...))
	}
	return listKeys("KvV2List")(kv.api.KvV2List(ctx, path, nil, opts...))
}

// ReadMetadata returns the secret's metadata and version history.
//
//vault:operation KvV2ReadMetadata
func (kv *KVv2) ReadMetadata(ctx context.Context, path string, opts ...RequestOption) (*kvv2.KvV2ReadMetadataResult, error) {
	out, err := kv.api.KvV2ReadMetadata(ctx, path, opts...)
	return whole("KvV2ReadMetadata", out, err)
}

// UpdateMetadata replaces the secret's settings and custom metadata.
//
//vault:operation KvV2WriteMetadata
func (kv *KVv2) UpdateMetadata(ctx context.Context, path string, md kvv2.KvV2WriteMetadataRequest, opts ...RequestOption) error {
	_, err := kv.api.KvV2WriteMetadata(ctx, path, md, opts...)
	return err
}

// PatchMetadata changes only the metadata fields that are set.
//
//vault:operation KvV2PatchMetadata
func (kv *KVv2) PatchMetadata(ctx context.Context, path string, md kvv2.KvV2PatchMetadataRequest, opts ...RequestOption) error {
	_, err := kv.api.KvV2PatchMetadata(ctx, path, md, opts...)
	return err
}

// DeleteMetadataAndAllVersions removes the secret entirely.
//
//vault:operation KvV2DeleteMetadata
func (kv *KVv2) DeleteMetadataAndAllVersions(ctx context.Context, path string, opts ...RequestOption) error {
	err := kv.api.KvV2DeleteMetadata(ctx, path, opts...)
	return err
}

// ReadSubkeys returns the secret's key structure without its values; version 0
// means the newest, depth 0 means all levels.
//
//vault:operation KvV2ReadSubkeys
func (kv *KVv2) ReadSubkeys(ctx context.Context, path string, version, depth int, opts ...RequestOption) (*kvv2.KvV2ReadSubkeysResult, error) {
	var params kvv2.KvV2ReadSubkeysParams
	if version > 0 {
		params.Version = &version
	}
	if depth > 0 {
		params.Depth = &depth
	}
	out, err := kv.api.KvV2ReadSubkeys(ctx, path, &params, opts...)
	return whole("KvV2ReadSubkeys", out, err)
}

// listKeys checks the LIST answer of operation op: Data.Keys is never nil
// (the generated call already turns an empty folder's 404 into an empty
// answer) and a wrapped answer is a *WrappedError.
func listKeys(op string) func(*vaultcommon.ListResponse, error) (*vaultcommon.ListResponse, error) {
	return func(out *vaultcommon.ListResponse, err error) (*vaultcommon.ListResponse, error) {
		if out, err = whole(op, out, err); err != nil {
			return nil, err
		}
		if out.Data.Keys == nil {
			out.Data.Keys = []string{}
		}
		return out, nil
	}
}
