package authradius_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/govault/govault/generated/authradius"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/internal/realbackend"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// Logins checked by a real FreeRADIUS with its own client secret and users.
func TestRealFreeRADIUS(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const davePW = "dave-radius-pw"
	r := realbackend.StartRADIUS(t, map[string]string{"dave": davePW})
	env.Leaks.Add(r.Secret, davePW)

	const mount = "radius-real"
	env.Enable(t, livetest.Mount{Type: "radius", Path: mount, Auth: true})
	a := livetest.API(t, env.Client(t), "auth/"+mount, authradius.New)
	anon := livetest.API(t, env.Client(t, wrappers.WithToken("")), "auth/"+mount, authradius.New)
	err := a.RadiusWriteConfig(ctx, authradius.RadiusWriteConfigRequest{
		Host:          livetest.Ptr(r.Host),
		Port:          livetest.Ptr(r.Port),
		Secret:        livetest.Ptr(r.Secret),
		DialTimeout:   livetest.Ptr(vtypes.Duration("5s")),
		ReadTimeout:   livetest.Ptr(vtypes.Seconds(5)),
		TokenPolicies: []string{"radius-base"},
	})
	env.OK(t, err)
	err = a.RadiusWriteUser(ctx, "dave", authradius.RadiusWriteUserRequest{Policies: []string{"dave-policy"}})
	env.OK(t, err)

	in, err := anon.RadiusLogin(ctx, authradius.RadiusLoginRequest{Username: "dave", Password: davePW})
	env.OK(t, err)
	if in.Auth == nil || in.Auth.ClientToken == "" {
		t.Fatalf("login: no auth block: %+v", in)
	}
	env.Leaks.Add(in.Auth.ClientToken, in.Auth.Accessor)
	if in.Auth.Metadata["username"] != "dave" || !slices.Contains(in.Auth.Policies, "dave-policy") || !slices.Contains(in.Auth.Policies, "radius-base") {
		t.Fatalf("dave: %+v", in.Auth)
	}
	self, err := env.Client(t, wrappers.WithToken(in.Auth.ClientToken)).Tokens().LookupSelf(ctx)
	env.OK(t, err)
	if !slices.Contains(self.Data.Policies, "dave-policy") {
		t.Fatalf("dave's token: %v", self.Data.Policies)
	}

	for _, try := range []struct{ user, password string }{{"dave", "wrong"}, {"nobody", davePW}} {
		var denied vtypes.Raw
		_, err = anon.RadiusLogin(ctx, authradius.RadiusLoginRequest{Username: try.user, Password: try.password}, vtypes.CaptureRaw(&denied))
		if !errors.Is(err, wrappers.ErrInvalidRequest) || livetest.Status(denied) != 400 {
			t.Fatalf("login %s with a wrong password: status %d, %v", try.user, livetest.Status(denied), env.Leaks.Seen(err))
		}
	}

	// With another client secret the hidden password decodes to garbage on
	// the server (or the answer fails Vault's authenticator check): no login.
	err = a.RadiusWriteConfig(ctx, authradius.RadiusWriteConfigRequest{
		Host: livetest.Ptr(r.Host), Port: livetest.Ptr(r.Port), Secret: livetest.Ptr("not-the-secret"), ReadTimeout: livetest.Ptr(vtypes.Seconds(1)),
	})
	env.OK(t, err)
	var dropped vtypes.Raw
	_, err = anon.RadiusLogin(ctx, authradius.RadiusLoginRequest{Username: "dave", Password: davePW}, vtypes.CaptureRaw(&dropped))
	if err == nil {
		t.Fatal("a login with the wrong client secret succeeded")
	}
	env.Leaks.Seen(err)
}
