package terraform_test

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/govault/govault/internal/fakeupstream"
)

// fakeTFC answers the Terraform API calls the engine makes: the ping,
// organization and team reads, and creating and deleting organization,
// team and user tokens. Token values are "tfc-token-N".
type fakeTFC struct {
	*fakeupstream.Server
	next   int
	tokens map[string]string // token ID -> token
}

// startTFC starts the fake for the package; the caller closes it.
func startTFC() *fakeTFC {
	f := &fakeTFC{Server: fakeupstream.Start(), tokens: map[string]string{}}
	f.SetHeader("Content-Type", "application/vnd.api+json")
	f.SetHeader("TFP-API-Version", "2.6")
	data := func(v any) map[string]any { return map[string]any{"data": v} }
	f.Route("GET /api/v2/ping", func(*fakeupstream.Request) (int, any) { return http.StatusNoContent, nil })
	f.Route("GET /api/v2/organizations/{name}", func(r *fakeupstream.Request) (int, any) {
		name := r.PathValue("name")
		return http.StatusOK, data(map[string]any{"id": name, "type": "organizations", "attributes": map[string]any{"name": name, "email": "ops@example.com"}})
	})
	f.Route("GET /api/v2/teams/{id}", func(r *fakeupstream.Request) (int, any) {
		return http.StatusOK, data(map[string]any{"id": r.PathValue("id"), "type": "teams", "attributes": map[string]any{"name": "platform"}})
	})
	// Organization and team tokens are .../authentication-token, user
	// tokens .../authentication-tokens.
	create := func(r *fakeupstream.Request) (int, any) {
		var in struct {
			Data struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"data"`
		}
		if err := r.JSON(&in); err != nil {
			return http.StatusBadRequest, map[string]any{"errors": []any{map[string]any{"status": "400", "title": err.Error()}}}
		}
		f.next++
		id, token := fmt.Sprintf("at-%s-%d", r.PathValue("kind"), f.next), fmt.Sprintf("tfc-token-%d", f.next)
		f.tokens[id] = token
		attrs := map[string]any{"token": token, "created-at": time.Now().UTC().Format(time.RFC3339), "description": in.Data.Attributes["description"]}
		if exp, ok := in.Data.Attributes["expired-at"]; ok {
			attrs["expired-at"] = exp
		}
		return http.StatusCreated, data(map[string]any{"id": id, "type": "authentication-tokens", "attributes": attrs})
	}
	f.Route("POST /api/v2/{kind}/{id}/authentication-token", create)
	f.Route("POST /api/v2/{kind}/{id}/authentication-tokens", create)
	f.Route("DELETE /api/v2/", func(r *fakeupstream.Request) (int, any) {
		p := strings.TrimPrefix(r.Path, "/api/v2/")
		if id, ok := strings.CutPrefix(p, "authentication-tokens/"); ok {
			delete(f.tokens, id)
		}
		return http.StatusNoContent, nil
	})
	f.Route("/", func(r *fakeupstream.Request) (int, any) {
		return http.StatusNotFound, map[string]any{"errors": []any{map[string]any{"status": "404", "title": "not found: " + r.Method + " " + r.Path}}}
	})
	return f
}

// live reports whether the token with that ID exists (was made and not deleted).
func (f *fakeTFC) live(id string) bool {
	var ok bool
	f.Locked(func() { _, ok = f.tokens[id] })
	return ok
}
