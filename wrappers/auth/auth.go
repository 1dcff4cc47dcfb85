// Package auth holds one wrappers.AuthMethod per Vault auth method, for
// Client.Login:
//
//	client.Login(ctx, &auth.AppRole{RoleID: id, SecretID: auth.FromFile("/run/secret-id")})
//
// Each method talks to its mount (Mount, defaulting to the method's name)
// through the generated package for it. Structs that hold a password, a
// token, a JWT or a secret ID print it redacted with %v, %+v and %#v, and no
// error from this package contains it. The AWS method is in the aws
// subpackage, so only programs that import it compile the AWS SDK.
package auth

import (
	"fmt"
	"strings"

	"github.com/govault/govault/wrappers"
)

// redacted stands in for a secret in String output ("" stays "").
func redacted(secret string) string {
	if secret == "" {
		return `""`
	}
	return "<redacted>"
}

// mountURL is the base URL of the auth mount, mount defaulting to def; a
// mount that would leave auth/ is refused (wrappers.ErrBadPathParameter).
func mountURL(c *wrappers.Client, mount, def string) (string, error) {
	if mount = strings.Trim(mount, "/"); mount == "" {
		mount = def
	}
	return c.URL("auth/" + mount)
}

// optional is a pointer to s, or nil when s is empty (the field is left out).
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// required fails a login whose field is empty, naming the field only.
func required(method, field, value string) error {
	if value == "" {
		return fmt.Errorf("vault: %s login: %s is required", method, field)
	}
	return nil
}
