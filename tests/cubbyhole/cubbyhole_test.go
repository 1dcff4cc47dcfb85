package cubbyhole_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/cubbyhole"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ptr[T any](v T) *T { return &v }

func api(t *testing.T, c *wrappers.Client) *cubbyhole.ClientWithResponses {
	t.Helper()
	return livetest.API(t, c, "cubbyhole", cubbyhole.NewClientWithResponses, cubbyhole.WithHTTPClient)
}

func TestCubbyhole(t *testing.T) {
	ctx := context.Background()
	root := env.Client(t)
	tok, err := wrappers.Decode(root.TokenAuth().TokenCreateWithResponse(ctx, authtoken.TokenCreateRequest{TTL: ptr(vtypes.Duration("10m"))}))
	env.OK(t, err)
	env.Leaks.Add(tok.Auth.ClientToken)
	a := api(t, env.ClientFor(t, env.Server.Addr, tok.Auth.ClientToken))

	rsp, err := a.CubbyholeListRootWithResponse(ctx, &cubbyhole.CubbyholeListRootParams{List: vaultcommon.ListTrue})
	env.OK(t, err)
	if rsp.StatusCode() != http.StatusNotFound {
		t.Fatalf("list of an empty cubbyhole: %d", rsp.StatusCode())
	}

	_, err = wrappers.Check(a.CubbyholeWriteWithResponse(ctx, "app/db", nil, cubbyhole.CubbyholeWriteRequest{"password": "s3cret", "port": 5432}))
	env.OK(t, err)
	_, err = wrappers.Check(a.CubbyholeWriteWithResponse(ctx, "note", &cubbyhole.CubbyholeWriteParams{}, cubbyhole.CubbyholeWriteRequest{"text": "hi", "ttl": "1h"}))
	env.OK(t, err)
	env.Leaks.Add("s3cret")

	got, err := wrappers.Decode(a.CubbyholeReadWithResponse(ctx, "app/db", nil))
	env.OK(t, err)
	if got.Data["password"] != "s3cret" || got.Data["port"] != float64(5432) {
		t.Fatalf("read: %v", got.Data)
	}
	note, err := wrappers.Decode(a.CubbyholeReadWithResponse(ctx, "note", &cubbyhole.CubbyholeReadParams{}))
	env.OK(t, err)
	if note.Data["ttl"] != "1h" || note.LeaseDuration != 0 {
		t.Fatalf("note: %v lease %d", note.Data, note.LeaseDuration)
	}

	top, err := wrappers.Decode(a.CubbyholeListRootWithResponse(ctx, &cubbyhole.CubbyholeListRootParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Equal(top.Data.Keys, []string{"app/", "note"}) {
		t.Fatalf("root list: %v", top.Data.Keys)
	}
	under, err := wrappers.Decode(a.CubbyholeListWithResponse(ctx, "app", &cubbyhole.CubbyholeListParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Equal(under.Data.Keys, []string{"db"}) {
		t.Fatalf("list app/: %v", under.Data.Keys)
	}

	// Another token (root here) has a cubbyhole of its own.
	other := api(t, root)
	rsp2, err := other.CubbyholeReadWithResponse(ctx, "app/db", nil)
	env.OK(t, err)
	if rsp2.StatusCode() != http.StatusNotFound {
		t.Fatalf("another token read this cubbyhole: %d", rsp2.StatusCode())
	}

	_, err = wrappers.Check(a.CubbyholeDeleteWithResponse(ctx, "app/db"))
	env.OK(t, err)
	rsp3, err := a.CubbyholeListWithResponse(ctx, "app", &cubbyhole.CubbyholeListParams{List: vaultcommon.ListTrue})
	env.OK(t, err)
	if rsp3.StatusCode() != http.StatusNotFound {
		t.Fatalf("list after delete: %d", rsp3.StatusCode())
	}
}
