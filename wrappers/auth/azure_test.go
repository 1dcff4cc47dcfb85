package auth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authazure"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers/auth"
)

// Azure logs in with an RS256 access token "issued by" Azure AD: the dev
// server fetches the tenant's OpenID configuration and signing keys from
// https://login.microsoftonline.com, which the cloud proxy answers with our
// key, so Vault really verifies the token we sent. The resource fields we
// send come back in the token's metadata.
func TestAzureLogin(t *testing.T) {
	ctx := context.Background()
	const (
		tenant   = "00000000-0000-0000-0000-0000000000aa"
		resource = "https://vault.test/"
		sub      = "00000000-0000-0000-0000-0000000000bb"
		objectID = "sp-object-1"
	)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	ok(t, err)
	issuer := "https://sts.windows.net/" + tenant + "/"
	var mu sync.Mutex
	var paths []string
	cloud.Handle("login.microsoftonline.com", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/" + tenant + "/.well-known/openid-configuration":
			json.NewEncoder(w).Encode(map[string]string{"issuer": issuer, "jwks_uri": "https://login.microsoftonline.com/" + tenant + "/discovery/keys"})
		case "/" + tenant + "/discovery/keys":
			json.NewEncoder(w).Encode(map[string]any{"keys": []any{rsaJWK(&key.PublicKey, "azure-1")}})
		default:
			http.NotFound(w, r)
		}
	}))

	c := admin(t)
	a := authazure.New(c, livetest.URL(t, c, "auth/azure"))
	err = a.AzureAuthWriteConfig(ctx, authazure.AzureAuthWriteConfigRequest{TenantID: livetest.Ptr(tenant), Resource: livetest.Ptr(resource)})
	ok(t, err)
	_, err = a.AzureAuthWriteRole(ctx, "vm", authazure.AzureAuthWriteRoleRequest{
		BoundServicePrincipalIDs: []string{objectID}, TokenPolicies: []string{"vm"}, TokenTTL: livetest.Ptr(vtypes.Duration("10m")),
	})
	ok(t, err)

	now := time.Now().Unix()
	jwt := signRS256(t, key, "azure-1", map[string]any{
		"iss": issuer, "aud": resource, "sub": sub, "oid": objectID, "appid": "app-1", "iat": now, "nbf": now - 5, "exp": now + 300,
	})
	env.Leaks.Add(jwt)
	anon := anonymous(t)
	m := auth.Azure{Role: "vm", JWT: jwt, SubscriptionID: "00000000-0000-0000-0000-0000000000cc", ResourceGroupName: "rg-app", VMName: "vm-1"}
	gotReply, err := anon.Login(ctx, m)
	ok(t, err)
	loggedIn(t, anon, "", m, gotReply.Auth)
	md := gotReply.Auth.Metadata
	if md["role"] != "vm" || md["subscription_id"] != m.SubscriptionID || md["resource_group_name"] != "rg-app" || md["vm_name"] != "vm-1" ||
		md["app_id"] != "app-1" || !slices.Contains(gotReply.Auth.TokenPolicies, "vm") {
		t.Fatalf("auth: %+v", gotReply.Auth)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Contains(cloud.Tunnels(), "login.microsoftonline.com:443") || !slices.Contains(paths, "/"+tenant+"/discovery/keys") {
		t.Fatalf("Vault did not fetch the tenant's keys: tunnels %v, paths %v", cloud.Tunnels(), paths)
	}
}
