package authkubernetes_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/authkubernetes"
	"github.com/govault/govault/internal/fakeupstream"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

// signES256 makes a compact ES256 JWT by hand.
func signES256(t *testing.T, key *ecdsa.PrivateKey, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	input := enc(map[string]any{"alg": "ES256", "typ": "JWT"}) + "." + enc(claims)
	sum := sha256.Sum256([]byte(input))
	r, s, err := ecdsa.Sign(rand.Reader, key, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// tokenReviewAPI stands in for a Kubernetes API server's TokenReview
// endpoint: it accepts any token whose claims name a service account, when
// called with the reviewer token.
func tokenReviewAPI(t *testing.T, reviewer string) *fakeupstream.Server {
	srv := fakeupstream.New(t)
	srv.Require("Authorization", "Bearer "+reviewer, http.StatusForbidden, "forbidden")
	srv.Route("POST /apis/authentication.k8s.io/v1/tokenreviews", func(r *fakeupstream.Request) (int, any) {
		var review struct {
			Spec struct {
				Token     string   `json:"token"`
				Audiences []string `json:"audiences"`
			} `json:"spec"`
		}
		if err := r.JSON(&review); err != nil {
			return http.StatusBadRequest, err.Error()
		}
		parts := strings.Split(review.Spec.Token, ".")
		if len(parts) != 3 {
			return http.StatusBadRequest, "not a JWT"
		}
		payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
		var claims map[string]any
		_ = json.Unmarshal(payload, &claims)
		ns, _ := claims["kubernetes.io/serviceaccount/namespace"].(string)
		name, _ := claims["kubernetes.io/serviceaccount/service-account.name"].(string)
		uid, _ := claims["kubernetes.io/serviceaccount/service-account.uid"].(string)
		return http.StatusOK, map[string]any{
			"apiVersion": "authentication.k8s.io/v1",
			"kind":       "TokenReview",
			"status": map[string]any{
				"authenticated": true,
				"audiences":     review.Spec.Audiences,
				"user":          map[string]any{"username": "system:serviceaccount:" + ns + ":" + name, "uid": uid},
			},
		}
	})
	return srv
}

// Config and role CRUD, and a real login whose TokenReview call goes to a
// stub Kubernetes API.
func TestKubernetesAuth(t *testing.T) {
	ctx := context.Background()
	c := env.Client(t)
	a := livetest.API(t, c, "auth/kubernetes", authkubernetes.New)

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	env.OK(t, err)
	der, err := x509.MarshalPKIXPublicKey(key.Public())
	env.OK(t, err)
	pub := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	reviewer := "reviewer-token"
	env.Leaks.Add(reviewer)
	k8s := tokenReviewAPI(t, reviewer)

	err = a.KubernetesAuthWriteConfig(ctx, authkubernetes.KubernetesAuthWriteConfigRequest{
		KubernetesHost:    k8s.URL,
		TokenReviewerJWT:  livetest.Ptr(reviewer),
		PEMKeys:           []string{pub},
		DisableLocalCAJWT: livetest.Ptr(true),
	})
	env.OK(t, err)
	cfg, err := a.KubernetesAuthReadConfig(ctx)
	env.OK(t, err)
	wantCfg := authkubernetes.KubernetesAuthConfigData{
		KubernetesHost: k8s.URL, TokenReviewerJWTSet: true, PEMKeys: []string{strings.TrimSpace(pub)}, // stored without the final newline
		DisableLocalCAJWT: true, DisableIssValidation: true,
	}
	if diff := cmp.Diff(wantCfg, cfg.Data); diff != "" {
		t.Fatalf("config (-want +got):\n%s", diff)
	}

	ttl := vtypes.Duration("30m")
	_, err = a.KubernetesAuthWriteRole(ctx, "app", authkubernetes.KubernetesAuthWriteRoleRequest{
		BoundServiceAccountNames:      []string{"web-*"},
		BoundServiceAccountNamespaces: []string{"prod"},
		Audience:                      livetest.Ptr("vault"),
		AliasNameSource:               livetest.Ptr(authkubernetes.ServiceaccountName),
		TokenPolicies:                 []string{"web"},
		TokenTTL:                      &ttl,
	})
	env.OK(t, err)
	role, err := a.KubernetesAuthReadRole(ctx, "app")
	env.OK(t, err)
	wantRole := authkubernetes.KubernetesAuthRoleData{
		Audience: livetest.Ptr("vault"), AliasNameSource: "serviceaccount_name",
		BoundServiceAccountNames: []string{"web-*"}, BoundServiceAccountNamespaces: []string{"prod"},
		TokenPolicies: []string{"web"}, TokenTTL: 1800,
		TokenBoundCIDRs: []string{}, TokenType: "default",
	}
	if diff := cmp.Diff(wantRole, role.Data); diff != "" {
		t.Fatalf("role (-want +got):\n%s", diff)
	}

	// A role without an audience is saved with a warning (since 1.20); old field names
	// still work and read back under both names.
	warned, err := a.KubernetesAuthWriteRole(ctx, "legacy", authkubernetes.KubernetesAuthWriteRoleRequest{
		BoundServiceAccountNames:             []string{"*"},
		BoundServiceAccountNamespaceSelector: livetest.Ptr(`{"matchLabels":{"team":"a"}}`),
		Policies:                             []string{"old"},
		TTL:                                  livetest.Ptr(vtypes.Duration("10m")),
	})
	env.OK(t, err)
	if len(warned.Warnings) == 0 && env.AtLeast("1.20") { // the warning came with 1.20
		t.Fatal("role without audience: no warning")
	}
	legacy, err := a.KubernetesAuthReadRole(ctx, "legacy")
	env.OK(t, err)
	wantLegacy := authkubernetes.KubernetesAuthRoleData{
		AliasNameSource:          "serviceaccount_uid", // the default
		BoundServiceAccountNames: []string{"*"}, BoundServiceAccountNamespaceSelector: `{"matchLabels":{"team":"a"}}`,
		Policies: []string{"old"}, TokenPolicies: []string{"old"}, TTL: livetest.Ptr[int64](600), TokenTTL: 600,
		TokenBoundCIDRs: []string{}, TokenType: "default",
	}
	if diff := cmp.Diff(wantLegacy, legacy.Data); diff != "" {
		t.Fatalf("legacy role (-want +got):\n%s", diff)
	}

	list, err := a.KubernetesAuthListRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(list.Data.Keys, []string{"app", "legacy"}) {
		t.Fatalf("roles: %v", list.Data.Keys)
	}

	// Login without a Vault token: the service account token is the credential.
	anon := env.ClientFor(t, env.Server.Addr, "")
	la := livetest.API(t, anon, "auth/kubernetes", authkubernetes.New)
	now := time.Now().Unix()
	sa := signES256(t, key, map[string]any{
		"iss": "kubernetes/serviceaccount", "aud": []string{"vault"}, "iat": now, "exp": now + 600,
		"sub":                                    "system:serviceaccount:prod:web-frontend",
		"kubernetes.io/serviceaccount/namespace": "prod",
		"kubernetes.io/serviceaccount/service-account.name": "web-frontend",
		"kubernetes.io/serviceaccount/service-account.uid":  "0c2d-uid",
		"kubernetes.io/serviceaccount/secret.name":          "web-frontend-token",
	})
	env.Leaks.Add(sa)
	login, err := la.KubernetesAuthLogin(ctx, authkubernetes.KubernetesAuthLoginRequest{Role: "app", JWT: sa})
	env.OK(t, err)
	if login.Auth == nil || login.Auth.ClientToken == "" {
		t.Fatalf("login: no auth: %+v", login)
	}
	env.Leaks.Add(login.Auth.ClientToken)
	wantMD := map[string]string{
		"role": "app", "service_account_name": "web-frontend", "service_account_namespace": "prod",
		"service_account_uid": "0c2d-uid", "service_account_secret_name": "web-frontend-token",
	}
	if diff := cmp.Diff(wantMD, login.Auth.Metadata); diff != "" {
		t.Fatalf("login metadata (-want +got):\n%s", diff)
	}
	if !slices.Contains(login.Auth.Policies, "web") || login.Auth.LeaseDuration != 1800 {
		t.Fatalf("login: policies %v for %ds; want web for 1800s", login.Auth.Policies, login.Auth.LeaseDuration)
	}
	// A service account the role does not bind is refused.
	other := signES256(t, key, map[string]any{
		"iss": "kubernetes/serviceaccount", "aud": []string{"vault"},
		"kubernetes.io/serviceaccount/namespace":            "prod",
		"kubernetes.io/serviceaccount/service-account.name": "db",
		"kubernetes.io/serviceaccount/service-account.uid":  "9f-uid",
	})
	if _, err := la.KubernetesAuthLogin(ctx, authkubernetes.KubernetesAuthLoginRequest{Role: "app", JWT: other}); err == nil {
		t.Fatal("login with an unbound service account succeeded")
	}

	for _, name := range list.Data.Keys {
		err = a.KubernetesAuthDeleteRole(ctx, name)
		env.OK(t, err)
	}
	// Vault answers the LIST of an empty folder with a 404 without errors,
	// which the client returns as an empty list.
	var after vtypes.Raw
	list, err = a.KubernetesAuthListRoles(ctx, vtypes.CaptureRaw(&after))
	env.OK(t, err)
	if livetest.Status(after) != 404 || len(list.Data.Keys) != 0 {
		t.Fatalf("roles after delete: status %d, %v", livetest.Status(after), list.Data.Keys)
	}
}
