package auth

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/govault/govault/generated/authkubernetes"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// DefaultServiceAccountTokenPath is where Kubernetes mounts a pod's
// service account token.
const DefaultServiceAccountTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token"

// Kubernetes logs in with a service account token (auth/<mount>/login).
// With JWT empty the token is read from TokenPath on every login, so a
// re-login picks up the kubelet's rotated token.
type Kubernetes struct {
	Mount     string // default "kubernetes"
	Role      string
	JWT       string // the token itself; when empty, read from TokenPath
	TokenPath string // default DefaultServiceAccountTokenPath
}

// Login implements wrappers.AuthMethod.
//
//vault:operation KubernetesAuthLogin
func (m Kubernetes) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	if err := required("kubernetes", "Role", m.Role); err != nil {
		return nil, err
	}
	jwt := m.JWT
	if jwt == "" {
		path := m.TokenPath
		if path == "" {
			path = DefaultServiceAccountTokenPath
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("vault: kubernetes login: reading the service account token: %w", err)
		}
		if jwt = strings.TrimSpace(string(b)); jwt == "" {
			return nil, fmt.Errorf("vault: kubernetes login: service account token file %s is empty", path)
		}
	}
	base, err := mountURL(c, m.Mount, "kubernetes")
	if err != nil {
		return nil, err
	}
	api := authkubernetes.New(c, base)
	reply, err := api.KubernetesAuthLogin(ctx, authkubernetes.KubernetesAuthLoginRequest{Role: m.Role, JWT: jwt})
	return wrappers.LoginReply("KubernetesAuthLogin", reply, err)
}

func (m Kubernetes) String() string {
	return fmt.Sprintf("auth.Kubernetes{Mount:%q Role:%q JWT:%s TokenPath:%q}", m.Mount, m.Role, redacted(m.JWT), m.TokenPath)
}

// GoString is String, so %#v redacts too.
func (m Kubernetes) GoString() string { return m.String() }
