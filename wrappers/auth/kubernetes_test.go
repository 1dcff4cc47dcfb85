package auth_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authkubernetes"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers/auth"
)

// tokenReviews stands in for the Kubernetes API's TokenReview endpoint: it
// records every token Vault asks about and vouches for any well-formed
// service account token presented with the reviewer token.
type tokenReviews struct {
	*httptest.Server
	mu     sync.Mutex
	tokens []string
}

func newTokenReviews(t *testing.T, reviewer string) *tokenReviews {
	k := &tokenReviews{}
	k.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/apis/authentication.k8s.io/v1/tokenreviews" || r.Header.Get("Authorization") != "Bearer "+reviewer {
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
		k.mu.Lock()
		k.tokens = append(k.tokens, review.Spec.Token)
		k.mu.Unlock()
		var claims map[string]any
		if parts := strings.Split(review.Spec.Token, "."); len(parts) == 3 {
			payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
			_ = json.Unmarshal(payload, &claims)
		}
		ns, _ := claims["kubernetes.io/serviceaccount/namespace"].(string)
		name, _ := claims["kubernetes.io/serviceaccount/service-account.name"].(string)
		uid, _ := claims["kubernetes.io/serviceaccount/service-account.uid"].(string)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview",
			"status": map[string]any{
				"authenticated": true, "audiences": review.Spec.Audiences,
				"user": map[string]any{"username": "system:serviceaccount:" + ns + ":" + name, "uid": uid},
			},
		})
	}))
	t.Cleanup(k.Close)
	return k
}

func (k *tokenReviews) reviewed() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]string(nil), k.tokens...)
}

// Kubernetes logs in with a service account token given directly or read
// from TokenPath; Vault sends exactly that token to the (stub) cluster's
// TokenReview API, which is what the stub checks.
func TestKubernetesLogin(t *testing.T) {
	ctx := context.Background()
	reviewer := "reviewer-jwt"
	env.Leaks.Add(reviewer)
	k8s := newTokenReviews(t, reviewer)
	c := admin(t)
	a := authkubernetes.New(c, livetest.URL(t, c, "auth/kubernetes"))
	err := a.KubernetesAuthWriteConfig(ctx, authkubernetes.KubernetesAuthWriteConfigRequest{
		KubernetesHost: k8s.URL, TokenReviewerJWT: livetest.Ptr(reviewer), DisableLocalCAJWT: livetest.Ptr(true),
	})
	ok(t, err)
	_, err = a.KubernetesAuthWriteRole(ctx, "web", authkubernetes.KubernetesAuthWriteRoleRequest{
		BoundServiceAccountNames: []string{"web"}, BoundServiceAccountNamespaces: []string{"prod"}, Audience: livetest.Ptr("vault"),
		TokenPolicies: []string{"web"}, TokenTTL: livetest.Ptr(vtypes.Duration("5m")),
	})
	ok(t, err)

	saToken := func() string {
		tok := signES256(t, newECKey(t), "", map[string]any{
			"iss": "kubernetes/serviceaccount", "aud": []string{"vault"}, "sub": "system:serviceaccount:prod:web",
			"kubernetes.io/serviceaccount/namespace":            "prod",
			"kubernetes.io/serviceaccount/service-account.name": "web",
			"kubernetes.io/serviceaccount/service-account.uid":  "uid-1",
		})
		env.Leaks.Add(tok)
		return tok
	}
	direct, fromFile := saToken(), saToken()
	path := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(path, []byte(fromFile+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		m    auth.Kubernetes
		sent string
	}{
		"JWT":       {auth.Kubernetes{Role: "web", JWT: direct}, direct},
		"TokenPath": {auth.Kubernetes{Role: "web", TokenPath: path}, fromFile},
	} {
		t.Run(name, func(t *testing.T) {
			c := anonymous(t)
			gotReply, err := c.Login(ctx, tc.m)
			ok(t, err)
			loggedIn(t, c, "", tc.m, gotReply.Auth)
			if gotReply.Auth.Metadata["service_account_name"] != "web" || gotReply.Auth.Metadata["service_account_namespace"] != "prod" ||
				!slices.Contains(gotReply.Auth.TokenPolicies, "web") {
				t.Fatalf("auth: %+v", gotReply.Auth)
			}
			if !slices.Contains(k8s.reviewed(), tc.sent) {
				t.Fatal("the TokenReview Vault sent did not carry the token we logged in with")
			}
		})
	}
	// The default path does not exist here: the error names the file, not a token.
	_, err = anonymous(t).Login(ctx, auth.Kubernetes{Role: "web"})
	if err == nil || !strings.Contains(err.Error(), auth.DefaultServiceAccountTokenPath) {
		t.Fatalf("login without a token file: %v", err)
	}
}
