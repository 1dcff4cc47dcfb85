package wrappers

import (
	"context"
	"strings"

	"github.com/govault/govault/generated/kvv1"
	"github.com/govault/govault/generated/vaultcommon"
)

// KVv1 works with one mount of the KV secrets engine, version 1 (no versions,
// no metadata: a write replaces the secret).
type KVv1 struct {
	c     *Client
	mount string
	api   *kvv1.Client
}

// KVv1 returns the KV v1 engine mounted at mount ("" means "secret").
func (c *Client) KVv1(mount string) *KVv1 {
	if mount == "" {
		mount = DefaultKVMount
	}
	base, doer := c.mountAPI(mount)
	api := kvv1.New(doer, base) // cannot fail: the URL parsed already
	return &KVv1{c: c, mount: mount, api: api}
}

// API returns the generated client for this mount.
func (kv *KVv1) API() *kvv1.Client { return kv.api }

// ReadSecret returns the secret at path with its lease information.
//
//vault:operation KvV1Read
func (kv *KVv1) ReadSecret(ctx context.Context, path string, opts ...RequestOption) (*kvv1.KvV1ReadResult, error) {
	out, err := kv.api.KvV1Read(ctx, path, opts...)
	return whole("KvV1Read", out, err)
}

// CreateOrUpdateSecret replaces the secret at path with data.
//
//vault:operation KvV1Write
func (kv *KVv1) CreateOrUpdateSecret(ctx context.Context, path string, data map[string]any, opts ...RequestOption) error {
	if data == nil {
		data = map[string]any{}
	}
	err := kv.api.KvV1Write(ctx, path, data, opts...)
	return err
}

// DeleteSecret removes the secret at path.
//
//vault:operation KvV1Delete
func (kv *KVv1) DeleteSecret(ctx context.Context, path string, opts ...RequestOption) error {
	err := kv.api.KvV1Delete(ctx, path, opts...)
	return err
}

// ListSecrets names the secrets and folders (ending in "/") under path; ""
// lists the mount's top level. An empty folder gives an empty list.
//
//vault:operation KvV1List
//vault:operation KvV1ListRoot
func (kv *KVv1) ListSecrets(ctx context.Context, path string, opts ...RequestOption) (*vaultcommon.ListResponse, error) {
	path = strings.Trim(path, "/")
	if path == "" {
		return listKeys("KvV1ListRoot")(kv.api.KvV1ListRoot(ctx, opts...))
	}
	return listKeys("KvV1List")(kv.api.KvV1List(ctx, path, opts...))
}
