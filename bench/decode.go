package bench

import (
	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/generated/transit"
	"github.com/govault/govault/generated/vaultcommon"
)

// Decoding separates what a typed client pays for decoding Vault's whole
// response from the rest of its per-request cost: for each operation, the
// canned body and a fresh value of the raw baseline's shape and of the
// generated type govault decodes into.
var Decoding = map[string]struct {
	Body       string
	Raw, Typed func() any
}{
	"kvRead":  {kvReadBody, func() any { return new(rawKVRead) }, func() any { return new(kvv2.KvV2ReadResult) }},
	"kvWrite": {kvWriteBody, func() any { return new(rawKVWrite) }, func() any { return new(kvv2.KvV2WriteResult) }},
	"login":   {loginBody, func() any { return new(rawLogin) }, func() any { return new(vaultcommon.AuthReply) }},
	"list":    {listBody, func() any { return new(rawList) }, func() any { return new(vaultcommon.ListReply) }},
	"encrypt": {encryptBody, func() any { return new(rawEncrypt) }, func() any { return new(transit.TransitEncryptResult) }},
}
