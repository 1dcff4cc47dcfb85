package nomad_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/govault/govault/generated/nomad"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("nomad", nomad.New)

// fakeNomad answers the ACL bootstrap and token endpoints.
type fakeNomad struct {
	*httptest.Server
	mu     sync.Mutex
	n      int
	booted bool
	tokens map[string]map[string]any // accessor -> token as created
	auth   []string
}

func newNomad(t *testing.T) *fakeNomad {
	f := &fakeNomad{tokens: map[string]map[string]any{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		defer f.mu.Unlock()
		f.n++
		f.auth = append(f.auth, r.Header.Get("X-Nomad-Token"))
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/acl/bootstrap":
			f.booted = true
			fmt.Fprint(w, `{"AccessorID":"boot","SecretID":"nomad-bootstrap-secret","Type":"management"}`)
		case "/v1/acl/token":
			var tok map[string]any
			_ = json.Unmarshal(body, &tok)
			acc := fmt.Sprintf("acc-%d", f.n)
			tok["AccessorID"], tok["SecretID"] = acc, fmt.Sprintf("nomad-secret-%d", f.n)
			f.tokens[acc] = tok
			_ = json.NewEncoder(w).Encode(tok)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(f.Close)
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
	if !n.booted {
		t.Fatal("Vault did not bootstrap Nomad's ACLs")
	}
	access, err := a.NomadReadAccessConfig(ctx)
	env.OK(t, err)
	if access.Data.Address != n.URL || access.Data.MaxTokenNameLength != 64 || access.Data.CACert != "" {
		t.Fatalf("access: %+v", access.Data)
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
	if lease.Data.TTL != 1200 || lease.Data.MaxTTL != 3600 {
		t.Fatalf("lease: %+v", lease.Data)
	}

	err = a.NomadWriteRole(ctx, "dev", nomad.NomadWriteRoleRequest{Policies: []string{"readonly", "submit-job"}, Global: livetest.Ptr(true)})
	env.OK(t, err)
	err = a.NomadWriteRole(ctx, "admin", nomad.NomadWriteRoleRequest{Type: livetest.Ptr(nomad.TokenTypeManagement)})
	env.OK(t, err)
	dev, err := a.NomadReadRole(ctx, "dev")
	env.OK(t, err)
	if dev.Data.Type != "client" || !dev.Data.Global || !slices.Equal(dev.Data.Policies, []string{"readonly", "submit-job"}) {
		t.Fatalf("dev role: %+v", dev.Data)
	}
	admin, err := a.NomadReadRole(ctx, "admin")
	env.OK(t, err)
	if admin.Data.Type != "management" || admin.Data.Policies != nil {
		t.Fatalf("admin role: %+v", admin.Data)
	}
	roles, err := a.NomadListRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"admin", "dev"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	creds, err := a.NomadGenerateCredentials(ctx, "dev")
	env.OK(t, err)
	env.Leaks.Add(creds.Data.SecretID)
	n.mu.Lock()
	made := n.tokens[creds.Data.AccessorID]
	used := slices.Contains(n.auth, "nomad-bootstrap-secret")
	n.mu.Unlock()
	if made == nil || made["SecretID"] != creds.Data.SecretID || made["Type"] != "client" || made["Global"] != true || len(made["Name"].(string)) > 64 ||
		creds.LeaseDuration != 1200 || creds.LeaseID == "" || !used {
		t.Fatalf("creds: %+v lease %d; nomad saw %v", creds.Data, creds.LeaseDuration, made)
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
