// Package certload holds the loader that reads a client certificate named by
// VAULT_CLIENT_CERT and VAULT_CLIENT_KEY. It stays nil unless the program
// imports wrappers/clientcert, so that programs which never present a client
// certificate do not link private-key parsing and signing.
package certload

import "crypto/tls"

// LoadX509KeyPair is set by wrappers/clientcert.
var LoadX509KeyPair func(certFile, keyFile string) (tls.Certificate, error)
