package cubbyhole_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/cubbyhole"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("cubbyhole", cubbyhole.New)

func TestCubbyhole(t *testing.T) {
	ctx := context.Background()
	root := env.Client(t)
	tok, err := root.TokenAuth().TokenCreate(ctx, authtoken.TokenCreateRequest{TTL: livetest.Ptr(vtypes.Duration("10m"))})
	env.OK(t, err)
	env.Leaks.Add(tok.Auth.ClientToken)
	a := api(t, wrappers.WithToken(tok.Auth.ClientToken))

	// Vault answers the LIST of an empty cubbyhole with a 404: an empty result.
	var rsp vtypes.Raw
	empty, err := a.CubbyholeListRoot(ctx, nil, vtypes.CaptureRaw(&rsp))
	env.OK(t, err)
	if rsp.Response.StatusCode != http.StatusNotFound || len(empty.Data.Keys) != 0 {
		t.Fatalf("list of an empty cubbyhole: %d %v", rsp.Response.StatusCode, empty.Data.Keys)
	}

	err = a.CubbyholeWrite(ctx, "app/db", nil, cubbyhole.CubbyholeWriteRequest{"password": "s3cret", "port": 5432})
	env.OK(t, err)
	err = a.CubbyholeWrite(ctx, "note", &cubbyhole.CubbyholeWriteParams{}, cubbyhole.CubbyholeWriteRequest{"text": "hi", "ttl": "1h"})
	env.OK(t, err)
	env.Leaks.Add("s3cret")

	got, err := a.CubbyholeRead(ctx, "app/db", nil)
	env.OK(t, err)
	if got.Data["password"] != "s3cret" || got.Data["port"] != float64(5432) {
		t.Fatalf("read: %v", got.Data)
	}
	note, err := a.CubbyholeRead(ctx, "note", &cubbyhole.CubbyholeReadParams{})
	env.OK(t, err)
	if note.Data["ttl"] != "1h" || note.LeaseDuration != 0 {
		t.Fatalf("note: %v lease %d", note.Data, note.LeaseDuration)
	}

	top, err := a.CubbyholeListRoot(ctx, nil)
	env.OK(t, err)
	if !slices.Equal(top.Data.Keys, []string{"app/", "note"}) {
		t.Fatalf("root list: %v", top.Data.Keys)
	}
	under, err := a.CubbyholeList(ctx, "app", nil)
	env.OK(t, err)
	if !slices.Equal(under.Data.Keys, []string{"db"}) {
		t.Fatalf("list app/: %v", under.Data.Keys)
	}

	// Another token (root here) has a cubbyhole of its own.
	other := api(t)
	var rsp2 vtypes.Raw
	_, err = other.CubbyholeRead(ctx, "app/db", nil, vtypes.CaptureRaw(&rsp2))
	if !errors.Is(err, wrappers.ErrInvalidPath) || rsp2.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("another token read this cubbyhole: want a 404, got %v (%s)", env.Leaks.Seen(err), rsp2.Body)
	}

	err = a.CubbyholeDelete(ctx, "app/db")
	env.OK(t, err)
	var rsp3 vtypes.Raw
	gone, err := a.CubbyholeList(ctx, "app", nil, vtypes.CaptureRaw(&rsp3))
	env.OK(t, err)
	if rsp3.Response.StatusCode != http.StatusNotFound || len(gone.Data.Keys) != 0 {
		t.Fatalf("list after delete: %d %v", rsp3.Response.StatusCode, gone.Data.Keys)
	}
}
