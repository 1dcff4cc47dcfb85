package auth_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authgithub"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers/auth"
)

// GitHub logs in with a personal access token that Vault checks against a
// stub GitHub API (as tests/authgithub does): the stub answers only calls
// that carry our token, so a token back proves Vault sent it.
func TestGitHubLogin(t *testing.T) {
	ctx := context.Background()
	const pat = "ghp_govaultlogintest00000000000000000"
	env.Leaks.Add(pat)
	var userCalls atomic.Int32
	org := map[string]any{"login": "acme", "id": 4242}
	reply := func(v any) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/orgs/acme" && r.Header.Get("Authorization") != "Bearer "+pat {
				http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
				return
			}
			if r.URL.Path == "/user" {
				userCalls.Add(1)
			}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(v)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /orgs/acme", reply(org))
	mux.Handle("GET /user", reply(map[string]any{"login": "octocat", "id": 1}))
	mux.Handle("GET /user/orgs", reply([]any{org}))
	mux.Handle("GET /user/teams", reply([]any{map[string]any{"name": "Platform", "slug": "platform", "id": 11, "organization": org}}))
	gh := httptest.NewServer(mux)
	defer gh.Close()

	c := admin(t)
	a := authgithub.New(c, livetest.URL(t, c, "auth/github"))
	_, err := a.GitHubWriteConfig(ctx, authgithub.GitHubWriteConfigRequest{
		Organization: "acme", BaseURL: livetest.Ptr(gh.URL + "/"), TokenPolicies: []string{"gh"}, TokenTTL: livetest.Ptr(vtypes.Duration("15m")),
	})
	ok(t, err)

	anon := anonymous(t)
	m := auth.GitHub{Token: pat}
	gotReply, err := anon.Login(ctx, m)
	ok(t, err)
	loggedIn(t, anon, "", m, gotReply.Auth)
	if gotReply.Auth.Metadata["username"] != "octocat" || gotReply.Auth.Metadata["org"] != "acme" || !slices.Contains(gotReply.Auth.Policies, "gh") || userCalls.Load() == 0 {
		t.Fatalf("auth: %+v", gotReply.Auth)
	}
}
