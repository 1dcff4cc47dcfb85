package wrappers

import (
	"context"
	"fmt"

	"github.com/govault/govault/generated/vaultcommon"
)

// KV is a KV mount whose engine version is chosen per client (WithKVVersion),
// per mount (DetectVersion) or per call (WithVersion), as hvac's
// default_kv_version does. Its methods work the same on both versions.
type KV struct {
	c       *Client
	mount   string
	version int
}

// Secret is what KV.Read returns for either engine version: the data and
// Vault's envelope (warnings, request ID, and on KV v1 the lease_duration
// refresh hint).
type Secret struct {
	vaultcommon.Envelope
	Data map[string]any
	// Version is the KV v2 version read; 0 on KV v1.
	Version int
}

// Written is what KV.Write returns: the version stored (0 on KV v1, which
// answers a write with no body) and Vault's envelope.
type Written struct {
	vaultcommon.Envelope
	Version int
}

// KV returns the KV mount at mount ("" means "secret") using the client's
// default engine version (2 unless WithKVVersion said otherwise).
func (c *Client) KV(mount string) *KV {
	if mount == "" {
		mount = DefaultKVMount
	}
	return &KV{c: c, mount: mount, version: c.kvVersion}
}

// WithVersion returns a copy of kv that uses engine version v (1 or 2).
func (kv *KV) WithVersion(v int) *KV {
	out := *kv
	out.version = v
	return &out
}

// Version is the engine version kv uses.
func (kv *KV) Version() int { return kv.version }

// V1 and V2 give the version-specific API of the same mount.
func (kv *KV) V1() *KVv1 { return kv.c.KVv1(kv.mount) }

// V2 gives the KV v2 API of the same mount.
func (kv *KV) V2() *KVv2 { return kv.c.KVv2(kv.mount) }

// DetectVersion asks Vault which KV version the mount runs and returns a copy
// of kv that uses it.
//
//vault:operation SysReadUIMount
func (kv *KV) DetectVersion(ctx context.Context, opts ...RequestOption) (*KV, error) {
	v, err := kv.c.KVMountVersion(ctx, kv.mount, opts...)
	if err != nil {
		return nil, err
	}
	return kv.WithVersion(v), nil
}

func (kv *KV) badVersion() error {
	return fmt.Errorf("vault: KV version %d on %s: want 1 or 2", kv.version, kv.mount)
}

// Read returns the secret at path (the newest version on KV v2).
//
//vault:operation KvV1Read
//vault:operation KvV2Read
func (kv *KV) Read(ctx context.Context, path string, opts ...RequestOption) (*Secret, error) {
	switch kv.version {
	case 1:
		r, err := kv.V1().ReadSecret(ctx, path, opts...)
		if err != nil {
			return nil, err
		}
		return &Secret{Envelope: r.Envelope, Data: r.Data}, nil
	case 2:
		r, err := kv.V2().ReadSecret(ctx, path, opts...)
		if err != nil {
			return nil, err
		}
		return &Secret{Envelope: r.Envelope, Data: r.Data.Data, Version: r.Data.Metadata.Version}, nil
	}
	return nil, kv.badVersion()
}

// Write stores data at path and reports the version written (0 on KV v1).
//
//vault:operation KvV1Write
//vault:operation KvV2Write
func (kv *KV) Write(ctx context.Context, path string, data map[string]any, opts ...RequestOption) (*Written, error) {
	switch kv.version {
	case 1:
		if err := kv.V1().CreateOrUpdateSecret(ctx, path, data, opts...); err != nil {
			return nil, err
		}
		return &Written{}, nil
	case 2:
		out, err := kv.V2().CreateOrUpdateSecret(ctx, path, data, opts...)
		if err != nil {
			return nil, err
		}
		return &Written{Envelope: out.Envelope, Version: out.Data.Version}, nil
	}
	return nil, kv.badVersion()
}

// List names what is under path; an empty folder gives an empty list.
//
//vault:operation KvV1List
//vault:operation KvV1ListRoot
//vault:operation KvV2List
//vault:operation KvV2ListRoot
func (kv *KV) List(ctx context.Context, path string, opts ...RequestOption) (*vaultcommon.ListResponse, error) {
	switch kv.version {
	case 1:
		return kv.V1().ListSecrets(ctx, path, opts...)
	case 2:
		return kv.V2().ListSecrets(ctx, path, opts...)
	}
	return nil, kv.badVersion()
}

// Delete removes the secret on KV v1 and soft-deletes its newest version on KV v2.
//
//vault:operation KvV1Delete
//vault:operation KvV2DeleteLatest
func (kv *KV) Delete(ctx context.Context, path string, opts ...RequestOption) error {
	switch kv.version {
	case 1:
		return kv.V1().DeleteSecret(ctx, path, opts...)
	case 2:
		return kv.V2().DeleteLatestVersion(ctx, path, opts...)
	}
	return kv.badVersion()
}
