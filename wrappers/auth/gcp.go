package auth

import (
	"context"
	"fmt"

	"github.com/govault/govault/generated/authgcp"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// GCP logs in with a JWT signed by Google (auth/<mount>/login): for an iam
// role, one the service account signed (iam.serviceAccounts.signJwt) with
// aud "vault/<role>"; for a gce role, the instance's identity token from the
// metadata server.
type GCP struct {
	Mount string // default "gcp"
	Role  string
	JWT   string
}

// Login implements wrappers.AuthMethod.
//
//vault:operation GCPAuthLogin
func (m GCP) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	if err := required("gcp", "Role", m.Role); err != nil {
		return nil, err
	}
	if err := required("gcp", "JWT", m.JWT); err != nil {
		return nil, err
	}
	base, err := mountURL(c, m.Mount, "gcp")
	if err != nil {
		return nil, err
	}
	api := authgcp.New(c, base)
	reply, err := api.GCPAuthLogin(ctx, authgcp.GCPAuthLoginRequest{Role: m.Role, JWT: m.JWT})
	return wrappers.LoginReply("GCPAuthLogin", reply, err)
}

func (m GCP) String() string {
	return fmt.Sprintf("auth.GCP{Mount:%q Role:%q JWT:%s}", m.Mount, m.Role, redacted(m.JWT))
}

// GoString is String, so %#v redacts too.
func (m GCP) GoString() string { return m.String() }
