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
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/generated/authkubernetes"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

func ptr[T any](v T) *T { return &v }

// status is the HTTP status of a captured answer (0 if none came back).
func status(raw vtypes.Raw) int {
	if raw.Response == nil {
		return 0
	}
	return raw.Response.StatusCode
}

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
func tokenReviewAPI(t *testing.T, reviewer string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/apis/authentication.k8s.io/v1/tokenreviews" ||
			r.Header.Get("Authorization") != "Bearer "+reviewer {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		var review struct {
			Spec struct {
				Token     string   `json:"token"`
				Audiences []string `json:"audiences"`
			} `json:"spec"`
		}
		if err := json.NewDecoder(r.Body).Decode(&review); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		parts := strings.Split(review.Spec.Token, ".")
		payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
		var claims map[string]any
		_ = json.Unmarshal(payload, &claims)
		ns, _ := claims["kubernetes.io/serviceaccount/namespace"].(string)
		name, _ := claims["kubernetes.io/serviceaccount/service-account.name"].(string)
		uid, _ := claims["kubernetes.io/serviceaccount/service-account.uid"].(string)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"apiVersion": "authentication.k8s.io/v1",
			"kind":       "TokenReview",
			"status": map[string]any{
				"authenticated": true,
				"audiences":     review.Spec.Audiences,
				"user":          map[string]any{"username": "system:serviceaccount:" + ns + ":" + name, "uid": uid},
			},
		})
	}))
	t.Cleanup(srv.Close)
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
		TokenReviewerJWT:  ptr(reviewer),
		PEMKeys:           []string{pub},
		DisableLocalCAJWT: ptr(true),
	})
	env.OK(t, err)
	cfg, err := a.KubernetesAuthReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.KubernetesHost != k8s.URL || !cfg.Data.TokenReviewerJWTSet || len(cfg.Data.PEMKeys) != 1 ||
		!cfg.Data.DisableLocalCAJWT || !cfg.Data.DisableIssValidation {
		t.Fatalf("config: %+v", cfg.Data)
	}

	ttl := vtypes.Duration("30m")
	_, err = a.KubernetesAuthWriteRole(ctx, "app", authkubernetes.KubernetesAuthWriteRoleRequest{
		BoundServiceAccountNames:      []string{"web-*"},
		BoundServiceAccountNamespaces: []string{"prod"},
		Audience:                      ptr("vault"),
		AliasNameSource:               ptr(authkubernetes.ServiceaccountName),
		TokenPolicies:                 []string{"web"},
		TokenTTL:                      &ttl,
	})
	env.OK(t, err)
	role, err := a.KubernetesAuthReadRole(ctx, "app")
	env.OK(t, err)
	if role.Data.Audience == nil || *role.Data.Audience != "vault" || role.Data.AliasNameSource != "serviceaccount_name" ||
		!slices.Equal(role.Data.BoundServiceAccountNames, []string{"web-*"}) || role.Data.TokenTTL != 1800 ||
		!slices.Equal(role.Data.TokenPolicies, []string{"web"}) {
		t.Fatalf("role: %+v", role.Data)
	}

	// A role without an audience is saved with a warning (since 1.20); old field names
	// still work and read back under both names.
	warned, err := a.KubernetesAuthWriteRole(ctx, "legacy", authkubernetes.KubernetesAuthWriteRoleRequest{
		BoundServiceAccountNames:             []string{"*"},
		BoundServiceAccountNamespaceSelector: ptr(`{"matchLabels":{"team":"a"}}`),
		Policies:                             []string{"old"},
		TTL:                                  ptr(vtypes.Duration("10m")),
	})
	env.OK(t, err)
	if len(warned.Warnings) == 0 && env.AtLeast("1.20") { // the warning came with 1.20
		t.Fatal("role without audience: no warning")
	}
	legacy, err := a.KubernetesAuthReadRole(ctx, "legacy")
	env.OK(t, err)
	if !slices.Equal(legacy.Data.Policies, []string{"old"}) || legacy.Data.TTL == nil || *legacy.Data.TTL != 600 ||
		legacy.Data.BoundServiceAccountNamespaces != nil || legacy.Data.Audience != nil {
		t.Fatalf("legacy role: %+v", legacy.Data)
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
	md := login.Auth.Metadata
	if md["role"] != "app" || md["service_account_name"] != "web-frontend" || md["service_account_namespace"] != "prod" ||
		md["service_account_uid"] != "0c2d-uid" || md["service_account_secret_name"] != "web-frontend-token" ||
		!slices.Contains(login.Auth.Policies, "web") || login.Auth.LeaseDuration != 1800 {
		t.Fatalf("login auth: %+v", login.Auth)
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
	if status(after) != 404 || len(list.Data.Keys) != 0 {
		t.Fatalf("roles after delete: status %d, %v", status(after), list.Data.Keys)
	}
}
