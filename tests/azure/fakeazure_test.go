package azure_test

import (
	"net/http"
	"strings"

	"github.com/govault/govault/internal/fakecloud"
)

const (
	tenantID       = "tenant-1"
	subscriptionID = "sub-1"
	rootClientID   = "root-client-id"
	readerRoleID   = "/subscriptions/sub-1/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7"
	groupID        = "22222222-0000-0000-0000-000000000001"
	existingAppID  = "33333333-0000-0000-0000-000000000001"
	newAppClientID = "55555555-0000-0000-0000-000000000001"
	existingClient = "99999999-0000-0000-0000-000000000001"
	fakeSecret     = "fake-generated-client-secret"
)

// fakeAzure answers the Entra ID token flow and the Graph and Resource
// Manager calls the engine makes, with just enough of each object.
func fakeAzure() http.Handler {
	pwd := func(keyID string) map[string]any {
		return map[string]any{"keyId": keyID, "displayName": "vault", "hint": "fak", "startDateTime": "2026-01-01T00:00:00Z", "endDateTime": "2036-01-01T00:00:00Z"}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, path, method := r.URL.Host, r.URL.Path, r.Method
		switch {
		// Entra ID (MSAL): instance discovery, tenant metadata, client-credentials token.
		case host == "login.microsoftonline.com" && path == "/common/discovery/instance":
			fakecloud.JSON(w, 200, map[string]any{
				"tenant_discovery_endpoint": "https://login.microsoftonline.com/" + tenantID + "/v2.0/.well-known/openid-configuration",
				"api-version":               "1.1",
				"metadata":                  []any{map[string]any{"preferred_network": "login.microsoftonline.com", "preferred_cache": "login.windows.net", "aliases": []string{"login.microsoftonline.com", "login.windows.net"}}},
			})
		case host == "login.microsoftonline.com" && strings.HasSuffix(path, "/v2.0/.well-known/openid-configuration"):
			base := "https://login.microsoftonline.com/" + strings.Split(path, "/")[1]
			fakecloud.JSON(w, 200, map[string]any{"token_endpoint": base + "/oauth2/v2.0/token", "authorization_endpoint": base + "/oauth2/v2.0/authorize", "issuer": base + "/v2.0"})
		case host == "login.microsoftonline.com" && strings.HasSuffix(path, "/oauth2/v2.0/token"):
			fakecloud.JSON(w, 200, map[string]any{"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": "fake-access-token"})

		// Resource Manager: role definitions (by ID or by name filter) and assignments.
		case host == "management.azure.com" && strings.HasSuffix(path, "/providers/Microsoft.Authorization/roleDefinitions"):
			fakecloud.JSON(w, 200, map[string]any{"value": []any{roleDefinition(readerRoleID)}})
		case host == "management.azure.com" && strings.Contains(path, "/providers/Microsoft.Authorization/roleDefinitions/"):
			fakecloud.JSON(w, 200, roleDefinition(path))
		case host == "management.azure.com" && strings.Contains(path, "/providers/Microsoft.Authorization/roleAssignments/"):
			parts := strings.Split(path, "/")
			fakecloud.JSON(w, 200, map[string]any{"id": path, "name": parts[len(parts)-1], "type": "Microsoft.Authorization/roleAssignments",
				"properties": map[string]any{"roleDefinitionId": readerRoleID, "principalId": "aaaaaaaa-0000-0000-0000-000000000001", "scope": "/subscriptions/" + subscriptionID}})

		// Microsoft Graph: groups, applications, service principals, passwords.
		case host == "graph.microsoft.com" && strings.HasPrefix(path, "/v1.0/groups/") && strings.HasSuffix(path, "/members/$ref"):
			w.WriteHeader(http.StatusNoContent)
		case host == "graph.microsoft.com" && strings.HasPrefix(path, "/v1.0/groups/") && method == http.MethodGet:
			fakecloud.JSON(w, 200, map[string]any{"id": strings.Split(path, "/")[3], "displayName": "devs"})
		case host == "graph.microsoft.com" && path == "/v1.0/applications" && method == http.MethodPost:
			fakecloud.JSON(w, 201, map[string]any{"id": "44444444-0000-0000-0000-000000000001", "appId": newAppClientID, "displayName": "vault-app"})
		case host == "graph.microsoft.com" && path == "/v1.0/applications" && method == http.MethodGet:
			// Lookup of the engine's own application by its client ID (rotate-root).
			fakecloud.JSON(w, 200, map[string]any{"value": []any{map[string]any{"id": "66666666-0000-0000-0000-000000000001", "appId": rootClientID, "displayName": "vault-root",
				"passwordCredentials": []any{pwd("77777777-0000-0000-0000-000000000001")}}}})
		case host == "graph.microsoft.com" && strings.HasSuffix(path, "/addPassword"):
			p := pwd("88888888-0000-0000-0000-000000000001")
			p["secretText"] = fakeSecret
			fakecloud.JSON(w, 200, p)
		case host == "graph.microsoft.com" && strings.HasSuffix(path, "/removePassword"):
			w.WriteHeader(http.StatusNoContent)
		case host == "graph.microsoft.com" && strings.HasPrefix(path, "/v1.0/applications/") && method == http.MethodGet:
			fakecloud.JSON(w, 200, map[string]any{"id": strings.Split(path, "/")[3], "appId": existingClient, "displayName": "existing-app", "passwordCredentials": []any{}})
		case host == "graph.microsoft.com" && path == "/v1.0/servicePrincipals" && method == http.MethodPost:
			fakecloud.JSON(w, 201, map[string]any{"id": "aaaaaaaa-0000-0000-0000-000000000001", "appId": newAppClientID})
		case host == "graph.microsoft.com" && method == http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		default:
			fakecloud.NotFound(w, r)
		}
	})
}

func roleDefinition(id string) map[string]any {
	parts := strings.Split(id, "/")
	return map[string]any{"id": id, "name": parts[len(parts)-1], "type": "Microsoft.Authorization/roleDefinitions",
		"properties": map[string]any{"roleName": "Reader", "type": "BuiltInRole", "assignableScopes": []string{"/"}}}
}
