package authgithub_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/authgithub"
	"github.com/govault/govault/internal/fakeupstream"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("auth/github", authgithub.New)

const (
	orgID       = 4242
	githubToken = "ghp_stubbedtoken000000000000000000000"
)

// fakeGitHub answers the few GitHub API calls Vault makes: the organization
// by name (public), and, with the token, its user, organizations and teams.
func fakeGitHub(t *testing.T) *fakeupstream.Server {
	t.Helper()
	org := map[string]any{"login": "acme", "id": orgID}
	reply := func(v any) fakeupstream.Handler {
		return func(*fakeupstream.Request) (int, any) { return http.StatusOK, v }
	}
	gh := fakeupstream.New(t)
	gh.Require("Authorization", "Bearer "+githubToken, http.StatusUnauthorized, map[string]any{"message": "Bad credentials"})
	gh.Public("GET /orgs/acme", reply(org))
	gh.Route("GET /user", reply(map[string]any{"login": "octocat", "id": 1}))
	gh.Route("GET /user/orgs", reply([]any{map[string]any{"login": "other", "id": 7}, org}))
	gh.Route("GET /user/teams", reply([]any{
		map[string]any{"name": "Platform Team", "slug": "platform-team", "id": 11, "organization": org},
		map[string]any{"name": "elsewhere", "slug": "elsewhere", "id": 12, "organization": map[string]any{"login": "other", "id": 7}},
	}))
	return gh
}

func TestGitHub(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	gh := fakeGitHub(t)
	env.Leaks.Add(githubToken)

	var rsp vtypes.Raw
	_, err := a.GitHubReadConfig(ctx, vtypes.CaptureRaw(&rsp))
	if !errors.Is(err, wrappers.ErrInvalidPath) || livetest.Status(rsp) != 404 {
		t.Fatalf("config before any write: status %d, %v", livetest.Status(rsp), err)
	}
	// Nothing mapped yet: the plain GET is a 200 without keys.
	none, err := a.GitHubReadTeamMappings(ctx)
	env.OK(t, err)
	if none.Data.Keys != nil {
		t.Fatalf("team mappings on an empty mount: %v", none.Data.Keys)
	}

	// No organization_id: Vault looks it up in the (fake) GitHub API.
	_, err = a.GitHubWriteConfig(ctx, authgithub.GitHubWriteConfigRequest{
		Organization:  "acme",
		BaseURL:       livetest.Ptr(gh.URL + "/"),
		TokenPolicies: []string{"gh-base"},
		TokenTTL:      livetest.Ptr(vtypes.Duration("45m")),
		MaxTTL:        livetest.Ptr(vtypes.Duration("2h")),
	})
	env.OK(t, err)
	cfg, err := a.GitHubReadConfig(ctx)
	env.OK(t, err)
	wantCfg := authgithub.GitHubConfigData{
		Organization: "acme", OrganizationID: orgID, BaseURL: gh.URL + "/",
		TokenPolicies: []string{"gh-base"}, TokenTTL: 2700, TokenMaxTTL: 7200, MaxTTL: livetest.Ptr[int64](7200),
		TokenBoundCIDRs: []string{}, TokenType: "default",
	}
	if diff := cmp.Diff(wantCfg, cfg.Data); diff != "" {
		t.Fatalf("config (-want +got):\n%s", diff)
	}

	// Team and user mappings.
	err = a.GitHubWriteTeamMapping(ctx, "platform-team", authgithub.GitHubWriteMappingRequest{Value: livetest.Ptr("deploy,ops")})
	env.OK(t, err)
	err = a.GitHubWriteUserMapping(ctx, "OctoCat", authgithub.GitHubWriteMappingRequest{Value: livetest.Ptr("octo")})
	env.OK(t, err)
	err = a.GitHubWriteUserMapping(ctx, "nobody", authgithub.GitHubWriteMappingRequest{})
	env.OK(t, err)
	team, err := a.GitHubReadTeamMapping(ctx, "platform-team")
	env.OK(t, err)
	if diff := cmp.Diff(&authgithub.GitHubMappingData{Key: "platform-team", Value: livetest.Ptr("deploy,ops")}, team.Data); diff != "" {
		t.Fatalf("team mapping (-want +got):\n%s", diff)
	}
	user, err := a.GitHubReadUserMapping(ctx, "octocat")
	env.OK(t, err)
	if diff := cmp.Diff(&authgithub.GitHubMappingData{Key: "OctoCat", Value: livetest.Ptr("octo")}, user.Data); diff != "" {
		t.Fatalf("user mapping (-want +got):\n%s", diff)
	}
	nobody, err := a.GitHubReadUserMapping(ctx, "nobody")
	env.OK(t, err)
	if diff := cmp.Diff(&authgithub.GitHubMappingData{Key: "nobody"}, nobody.Data); diff != "" {
		t.Fatalf("mapping without a value (-want +got):\n%s", diff)
	}
	unmapped, err := a.GitHubReadTeamMapping(ctx, "no-such-team")
	env.OK(t, err)
	if unmapped.Data != nil {
		t.Fatalf("unmapped team: %+v", unmapped.Data)
	}
	teams, err := a.GitHubListTeams(ctx)
	env.OK(t, err)
	if !slices.Equal(teams.Data.Keys, []string{"platform-team"}) {
		t.Fatalf("teams: %v", teams.Data.Keys)
	}
	users, err := a.GitHubListUsers(ctx)
	env.OK(t, err)
	if !slices.Equal(users.Data.Keys, []string{"nobody", "octocat"}) {
		t.Fatalf("users: %v", users.Data.Keys)
	}
	plainUsers, err := a.GitHubReadUserMappings(ctx)
	env.OK(t, err)
	if !slices.Equal(plainUsers.Data.Keys, users.Data.Keys) {
		t.Fatalf("plain GET users: %v", plainUsers.Data.Keys)
	}

	// Login: the user's team in acme and the user mapping add their policies.
	login, err := api(t, wrappers.WithToken("")).GitHubLogin(ctx, authgithub.GitHubLoginRequest{Token: githubToken})
	env.OK(t, err)
	if login.Auth == nil || login.Auth.ClientToken == "" {
		t.Fatalf("login: no auth block: %+v", login)
	}
	env.Leaks.Add(login.Auth.ClientToken)
	for _, p := range []string{"gh-base", "deploy", "ops", "octo"} {
		if !slices.Contains(login.Auth.Policies, p) {
			t.Fatalf("login policies %v lack %s", login.Auth.Policies, p)
		}
	}
	if diff := cmp.Diff(map[string]string{"username": "octocat", "org": "acme"}, login.Auth.Metadata); diff != "" {
		t.Fatalf("login metadata (-want +got):\n%s", diff)
	}
	if login.Auth.LeaseDuration != 2700 {
		t.Fatalf("login lease: %ds, want 2700s", login.Auth.LeaseDuration)
	}
	var bad vtypes.Raw
	_, err = api(t, wrappers.WithToken("")).GitHubLogin(ctx, authgithub.GitHubLoginRequest{Token: "wrong"}, vtypes.CaptureRaw(&bad))
	var refused *vtypes.ResponseError
	if !errors.As(err, &refused) || livetest.Status(bad) < 400 {
		t.Fatalf("login with a bad GitHub token: status %d, %v", livetest.Status(bad), err)
	}

	err = a.GitHubDeleteTeamMapping(ctx, "platform-team")
	env.OK(t, err)
	for _, name := range []string{"octocat", "nobody"} {
		err = a.GitHubDeleteUserMapping(ctx, name)
		env.OK(t, err)
	}
	after, err := a.GitHubReadUserMappings(ctx)
	env.OK(t, err)
	if len(after.Data.Keys) != 0 {
		t.Fatalf("user mappings after delete: %v", after.Data.Keys)
	}
}
