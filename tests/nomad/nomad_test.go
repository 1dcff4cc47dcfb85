package nomad_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/nomad"
	"github.com/govault/govault/internal/fakeupstream"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("nomad", nomad.New)

// fakeNomad answers the ACL bootstrap and token endpoints.
type fakeNomad struct {
	*fakeupstream.Server
	tokens map[string]map[string]any // accessor -> token as created
}

func newNomad(t *testing.T) *fakeNomad {
	f := &fakeNomad{Server: fakeupstream.New(t), tokens: map[string]map[string]any{}}
	f.Route("/v1/acl/bootstrap", func(*fakeupstream.Request) (int, any) {
		return http.StatusOK, map[string]any{"AccessorID": "boot", "SecretID": "nomad-bootstrap-secret", "Type": "management"}
	})
	f.Route("/v1/acl/token", func(r *fakeupstream.Request) (int, any) {
		var tok map[string]any
		if err := r.JSON(&tok); err != nil {
			return http.StatusBadRequest, err.Error()
		}
		acc := fmt.Sprintf("acc-%d", r.Seq)
		tok["AccessorID"], tok["SecretID"] = acc, fmt.Sprintf("nomad-secret-%d", r.Seq)
		f.tokens[acc] = tok
		return http.StatusOK, tok
	})
	return f
}

func TestNomad(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	n := newNomad(t)
	env.Leaks.Add("nomad-bootstrap-secret")

	var rsp vtypes.Raw
	_, err := a.NomadReadAccessConfig(ctx, vtypes.CaptureRaw(&rsp))
	if !errors.Is(err, wrappers.ErrInvalidPath) || rsp.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("access before it is set: want a 404, got %v (%s)", env.Leaks.Seen(err), rsp.Body)
	}
	err = a.NomadConfigureAccess(ctx, nomad.NomadConfigureAccessRequest{Address: livetest.Ptr(n.URL), MaxTokenNameLength: livetest.Ptr(64)})
	env.OK(t, err)
	if got := n.Count("/v1/acl/bootstrap"); got != 1 {
		t.Fatalf("Vault did not bootstrap Nomad's ACLs once: %d bootstraps", got)
	}
	access, err := a.NomadReadAccessConfig(ctx)
	env.OK(t, err)
	if diff := cmp.Diff(nomad.NomadAccessData{Address: n.URL, MaxTokenNameLength: 64}, access.Data); diff != "" {
		t.Fatalf("access (-want +got):\n%s", diff)
	}

	var lrsp vtypes.Raw
	_, err = a.NomadReadLeaseConfig(ctx, vtypes.CaptureRaw(&lrsp))
	if !errors.Is(err, wrappers.ErrInvalidPath) || lrsp.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("lease before it is set: want a 404, got %v (%s)", env.Leaks.Seen(err), lrsp.Body)
	}
	err = a.NomadConfigureLease(ctx, nomad.NomadConfigureLeaseRequest{TTL: livetest.Ptr(vtypes.Duration("20m")), MaxTTL: livetest.Ptr(vtypes.Seconds(3600))})
	env.OK(t, err)
	lease, err := a.NomadReadLeaseConfig(ctx)
	env.OK(t, err)
	if diff := cmp.Diff(nomad.NomadLeaseData{TTL: 1200, MaxTTL: 3600}, lease.Data); diff != "" {
		t.Fatalf("lease (-want +got):\n%s", diff)
	}

	err = a.NomadWriteRole(ctx, "dev", nomad.NomadWriteRoleRequest{Policies: []string{"readonly", "submit-job"}, Global: livetest.Ptr(true)})
	env.OK(t, err)
	err = a.NomadWriteRole(ctx, "admin", nomad.NomadWriteRoleRequest{Type: livetest.Ptr(nomad.TokenTypeManagement)})
	env.OK(t, err)
	dev, err := a.NomadReadRole(ctx, "dev")
	env.OK(t, err)
	if diff := cmp.Diff(nomad.NomadRoleData{Type: "client", Global: true, Policies: []string{"readonly", "submit-job"}}, dev.Data); diff != "" {
		t.Fatalf("dev role (-want +got):\n%s", diff)
	}
	admin, err := a.NomadReadRole(ctx, "admin")
	env.OK(t, err)
	if diff := cmp.Diff(nomad.NomadRoleData{Type: "management"}, admin.Data); diff != "" {
		t.Fatalf("admin role (-want +got):\n%s", diff)
	}
	roles, err := a.NomadListRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"admin", "dev"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	creds, err := a.NomadGenerateCredentials(ctx, "dev")
	env.OK(t, err)
	env.Leaks.Add(creds.Data.SecretID)
	var made map[string]any
	n.Locked(func() { made = n.tokens[creds.Data.AccessorID] })
	if made == nil || made["SecretID"] != creds.Data.SecretID {
		t.Fatalf("creds %+v are not the token nomad made (%v)", creds.Data, made)
	}
	if name, _ := made["Name"].(string); made["Type"] != "client" || made["Global"] != true || name == "" || len(name) > 64 {
		t.Fatalf("nomad was asked for %v; want a global client token named in at most 64 characters", made)
	}
	if creds.LeaseDuration != 1200 || creds.LeaseID == "" {
		t.Fatalf("creds lease %q for %ds; want a lease for 1200s", creds.LeaseID, creds.LeaseDuration)
	}
	for _, r := range n.Requests() {
		if tok := r.Header.Get("X-Nomad-Token"); r.Pattern == "/v1/acl/token" && tok != "nomad-bootstrap-secret" {
			t.Fatalf("request %d made a token without the bootstrap token (X-Nomad-Token %q)", r.Seq, tok)
		}
	}

	err = a.NomadDeleteRole(ctx, "admin")
	env.OK(t, err)
	err = a.NomadDeleteLeaseConfig(ctx)
	env.OK(t, err)
	lrsp = vtypes.Raw{}
	_, err = a.NomadReadLeaseConfig(ctx, vtypes.CaptureRaw(&lrsp))
	if !errors.Is(err, wrappers.ErrInvalidPath) || lrsp.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("lease after delete: want a 404, got %v (%s)", env.Leaks.Seen(err), lrsp.Body)
	}
	err = a.NomadDeleteAccessConfig(ctx)
	env.OK(t, err)
	rsp = vtypes.Raw{}
	_, err = a.NomadReadAccessConfig(ctx, vtypes.CaptureRaw(&rsp))
	if !errors.Is(err, wrappers.ErrInvalidPath) || rsp.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("access after delete: want a 404, got %v (%s)", env.Leaks.Seen(err), rsp.Body)
	}
}
