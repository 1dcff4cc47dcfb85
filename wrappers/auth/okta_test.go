package auth_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authokta"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers/auth"
)

// Okta logs in through Okta's authn API, which the cloud proxy answers for
// https://govault.okta.test: it accepts one username and password, so a
// token back proves Vault forwarded the credentials we logged in with.
func TestOktaLogin(t *testing.T) {
	ctx := context.Background()
	const password = "okta-pw-1"
	env.Leaks.Add(password)
	var mu sync.Mutex
	var seen []string
	cloud.Handle("govault.okta.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Username, Password string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path+" "+body.Username)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.Method != http.MethodPost || r.URL.Path != "/api/v1/authn" || body.Username != "alice" || body.Password != password {
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"errorCode": "E0000004", "errorSummary": "Authentication failed"})
			return
		}
		json.NewEncoder(w).Encode(map[string]any{
			"status":    "SUCCESS",
			"_embedded": map[string]any{"user": map[string]any{"id": "00u1", "profile": map[string]string{"login": "alice"}}},
		})
	}))

	c := admin(t)
	a := authokta.New(c, livetest.URL(t, c, "auth/okta"))
	_, err := a.OktaWriteConfig(ctx, authokta.OktaWriteConfigRequest{
		OrgName: livetest.Ptr("govault"), BaseURL: livetest.Ptr("okta.test"), TokenPolicies: []string{"okta"}, TokenTTL: livetest.Ptr(vtypes.Duration("10m")),
	})
	ok(t, err)

	anon := anonymous(t)
	m := auth.Okta{Username: "alice", Password: password}
	gotReply, err := anon.Login(ctx, m)
	ok(t, err)
	loggedIn(t, anon, "", m, gotReply.Auth)
	if gotReply.Auth.Metadata["username"] != "alice" || !slices.Contains(gotReply.Auth.Policies, "okta") {
		t.Fatalf("auth: %+v", gotReply.Auth)
	}
	wrong := "okta-wrong-pw"
	env.Leaks.Add(wrong)
	_, err = anonymous(t).Login(ctx, auth.Okta{Username: "alice", Password: wrong})
	env.Leaks.Seen(err)
	if err == nil {
		t.Fatal("wrong password: no error")
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Contains(seen, "POST /api/v1/authn alice") {
		t.Fatalf("Okta saw: %v", seen)
	}
}
