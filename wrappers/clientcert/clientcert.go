// Package clientcert lets clients built from the environment present the
// certificate and key named by VAULT_CLIENT_CERT and VAULT_CLIENT_KEY:
//
//	import _ "github.com/govault/govault/wrappers/clientcert"
//
// It is a separate import, like time/tzdata, because parsing and signing with
// private keys adds about 0.25 MB to a program, and most programs never
// present a client certificate. Without it, wrappers.NewClient refuses to
// start when those variables are set rather than connect without the
// certificate. wrappers.WithClientCert needs no import.
package clientcert

import (
	"crypto/tls"

	"github.com/govault/govault/wrappers/internal/certload"
)

func init() { certload.LoadX509KeyPair = tls.LoadX509KeyPair }
