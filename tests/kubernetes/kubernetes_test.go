package kubernetes_test

import (
	"context"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"github.com/govault/govault/generated/kubernetes"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ptr[T any](v T) *T { return &v }

func client(t *testing.T) *kubernetes.ClientWithResponses {
	t.Helper()
	return livetest.API(t, env.Client(t), "kubernetes", kubernetes.NewClientWithResponses, kubernetes.WithHTTPClient)
}

const rules = `rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]`

func TestKubernetesOperations(t *testing.T) {
	ctx := context.Background()
	a := client(t)
	env.Leaks.Add("engine-jwt")

	_, err := wrappers.Check(a.KubernetesCheckWithResponse(ctx))
	env.OK(t, err)

	_, err = wrappers.Decode(a.KubernetesReadConfigWithResponse(ctx))
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("unconfigured config: %v", err)
	}
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: api.Certificate().Raw}))
	_, err = wrappers.Check(a.KubernetesWriteConfigWithResponse(ctx, kubernetes.KubernetesWriteConfigRequest{
		KubernetesHost: ptr(api.URL), KubernetesCaCert: ptr(caPEM), ServiceAccountJwt: ptr("engine-jwt"), DisableLocalCaJwt: ptr(true),
	}))
	env.OK(t, err)
	cfg, err := wrappers.Decode(a.KubernetesReadConfigWithResponse(ctx))
	env.OK(t, err)
	if cfg.Data.KubernetesHost != api.URL || cfg.Data.KubernetesCaCert != caPEM || !cfg.Data.DisableLocalCaJwt {
		t.Fatalf("config: %+v", cfg.Data)
	}

	// Three kinds of role: an existing service account, an existing role, generated rules.
	_, err = wrappers.Check(a.KubernetesWriteRoleWithResponse(ctx, "existing-sa", kubernetes.KubernetesWriteRoleRequest{
		AllowedKubernetesNamespaces: []string{"default", "ci"}, ServiceAccountName: ptr("app"),
		TokenDefaultTTL: ptr(vtypes.Duration("1h")), TokenMaxTTL: ptr(vtypes.Seconds(7200)), TokenDefaultAudiences: []string{"vault"},
	}))
	env.OK(t, err)
	_, err = wrappers.Check(a.KubernetesWriteRoleWithResponse(ctx, "bind-role", kubernetes.KubernetesWriteRoleRequest{
		AllowedKubernetesNamespaces: []string{"*"}, KubernetesRoleName: ptr("viewer"), KubernetesRoleType: ptr("ClusterRole"),
		ExtraLabels: map[string]string{"owner": "vault"}, ExtraAnnotations: map[string]string{"note": "test"},
	}))
	env.OK(t, err)
	_, err = wrappers.Check(a.KubernetesWriteRoleWithResponse(ctx, "generated", kubernetes.KubernetesWriteRoleRequest{
		AllowedKubernetesNamespaceSelector: ptr(`{"matchLabels":{"team":"platform"}}`), GeneratedRoleRules: ptr(rules),
		NameTemplate: ptr("vault-{{.RoleName}}-{{random 6 | lowercase}}"),
	}))
	env.OK(t, err)
	sa, err := wrappers.Decode(a.KubernetesReadRoleWithResponse(ctx, "existing-sa"))
	env.OK(t, err)
	if sa.Data.Name != "existing-sa" || sa.Data.ServiceAccountName != "app" || len(sa.Data.AllowedKubernetesNamespaces) != 2 || sa.Data.TokenDefaultTTL != 3600 ||
		sa.Data.TokenMaxTTL != 7200 || sa.Data.KubernetesRoleType != "Role" || sa.Data.ExtraLabels != nil {
		t.Fatalf("role existing-sa: %+v", sa.Data)
	}
	br, err := wrappers.Decode(a.KubernetesReadRoleWithResponse(ctx, "bind-role"))
	env.OK(t, err)
	if br.Data.KubernetesRoleName != "viewer" || br.Data.KubernetesRoleType != "ClusterRole" || br.Data.ExtraLabels["owner"] != "vault" || br.Data.ExtraAnnotations["note"] != "test" {
		t.Fatalf("role bind-role: %+v", br.Data)
	}
	gen, err := wrappers.Decode(a.KubernetesReadRoleWithResponse(ctx, "generated"))
	env.OK(t, err)
	if gen.Data.GeneratedRoleRules != rules || gen.Data.AllowedKubernetesNamespaces != nil || gen.Data.AllowedKubernetesNamespaceSelector == "" {
		t.Fatalf("role generated: %+v", gen.Data)
	}
	roles, err := wrappers.Decode(a.KubernetesListRolesWithResponse(ctx, &kubernetes.KubernetesListRolesParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if len(roles.Data.Keys) != 3 {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	// Tokens.
	tok, err := wrappers.Decode(a.KubernetesGenerateCredentialsWithResponse(ctx, "existing-sa", kubernetes.KubernetesGenerateCredentialsRequest{KubernetesNamespace: "ci", TTL: ptr(vtypes.Duration("30m"))}))
	env.OK(t, err)
	env.Leaks.Add(tok.Data.ServiceAccountToken)
	if !strings.Contains(tok.Data.ServiceAccountToken, ".") || tok.Data.ServiceAccountName != "app" || tok.Data.ServiceAccountNamespace != "ci" || tok.LeaseDuration != 1800 {
		t.Fatalf("existing-sa creds: %+v lease %d", tok.Data, tok.LeaseDuration)
	}
	bound, err := wrappers.Decode(a.KubernetesGenerateCredentialsWithResponse(ctx, "bind-role", kubernetes.KubernetesGenerateCredentialsRequest{KubernetesNamespace: "default", ClusterRoleBinding: ptr(true)}))
	env.OK(t, err)
	env.Leaks.Add(bound.Data.ServiceAccountToken)
	if bound.Data.ServiceAccountName == "" || len(cluster.created("clusterrolebindings")) != 1 || len(cluster.created("serviceaccounts")) != 1 {
		t.Fatalf("bind-role creds: %+v; created %v", bound.Data, cluster.created(""))
	}
	made, err := wrappers.Decode(a.KubernetesGenerateCredentialsWithResponse(ctx, "generated", kubernetes.KubernetesGenerateCredentialsRequest{KubernetesNamespace: "apps", Audiences: []string{"api"}}))
	env.OK(t, err)
	env.Leaks.Add(made.Data.ServiceAccountToken)
	if !strings.HasPrefix(made.Data.ServiceAccountName, "vault-generated-") || len(cluster.created("roles")) != 1 || cluster.callCount("GET /api/v1/namespaces/apps") != 1 {
		t.Fatalf("generated creds: %+v", made.Data)
	}

	_, err = wrappers.Check(a.KubernetesDeleteRoleWithResponse(ctx, "generated"))
	env.OK(t, err)
	_, err = wrappers.Check(a.KubernetesDeleteConfigWithResponse(ctx))
	env.OK(t, err)
	_, err = wrappers.Decode(a.KubernetesReadConfigWithResponse(ctx))
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("config after delete: %v", err)
	}
}
