package azure_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/generated/azure"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
	"github.com/govault/govault/vtypes"
)

// Importing an existing credential into a static role (Enterprise, 2.0)
// against a doc-shaped stand-in.
func TestImportStaticRoleDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const path = "/v1/azure/static-roles/my-static-role/import"
	const secret = "Zq8Q~imported-client-secret-value"
	s.On("POST", path, 204, "")
	env.Leaks.Add(secret)
	a := livetest.API(t, s.Client(t), "azure", azure.New)

	req := azure.AzureImportStaticRoleRequest{
		ApplicationObjectID: "408bf248-dd4e-4be5-919a-7f6207a307ab", SecretID: "43193751-2cd7-4d03-9472-fb1024ldkmnw",
		ClientSecret: livetest.Ptr(secret), TTL: livetest.Ptr(vtypes.Duration("8760h")),
		Metadata: map[string]string{"team": "engineering", "environment": "development"}, SkipImportRotation: livetest.Ptr(true),
	}
	env.OK(t, a.AzureImportStaticRole(ctx, "my-static-role", req))
	want := map[string]any{
		"application_object_id": "408bf248-dd4e-4be5-919a-7f6207a307ab", "secret_id": "43193751-2cd7-4d03-9472-fb1024ldkmnw",
		"client_secret": secret, "ttl": "8760h", "skip_import_rotation": true,
		"metadata": map[string]any{"team": "engineering", "environment": "development"},
	}
	if diff := cmp.Diff(want, s.Sent("POST", path)); diff != "" {
		t.Errorf("import sent (-want +got):\n%s", diff)
	}
	if out := fmt.Sprintf("%+v %v", req, req); strings.Contains(out, secret) {
		t.Errorf("the request prints its client secret: %s", out)
	}
}
