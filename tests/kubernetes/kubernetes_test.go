package kubernetes_test

import (
	"context"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/kubernetes"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("kubernetes", kubernetes.New)

const rules = `rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]`

func TestKubernetesOperations(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	env.Leaks.Add("engine-jwt")

	err := a.KubernetesCheck(ctx)
	env.OK(t, err)

	_, err = a.KubernetesReadConfig(ctx)
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("unconfigured config: %v", err)
	}
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cluster.Certificate().Raw}))
	err = a.KubernetesWriteConfig(ctx, kubernetes.KubernetesWriteConfigRequest{
		KubernetesHost: livetest.Ptr(cluster.URL), KubernetesCACert: livetest.Ptr(caPEM), ServiceAccountJWT: livetest.Ptr("engine-jwt"), DisableLocalCAJWT: livetest.Ptr(true),
	})
	env.OK(t, err)
	cfg, err := a.KubernetesReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.KubernetesHost != cluster.URL || cfg.Data.KubernetesCACert != caPEM || !cfg.Data.DisableLocalCAJWT {
		t.Fatalf("config: %+v", cfg.Data)
	}

	// Three kinds of role: an existing service account, an existing role, generated rules.
	err = a.KubernetesWriteRole(ctx, "existing-sa", kubernetes.KubernetesWriteRoleRequest{
		AllowedKubernetesNamespaces: []string{"default", "ci"}, ServiceAccountName: livetest.Ptr("app"),
		TokenDefaultTTL: livetest.Ptr(vtypes.Duration("1h")), TokenMaxTTL: livetest.Ptr(vtypes.Seconds(7200)), TokenDefaultAudiences: []string{"vault"},
	})
	env.OK(t, err)
	err = a.KubernetesWriteRole(ctx, "bind-role", kubernetes.KubernetesWriteRoleRequest{
		AllowedKubernetesNamespaces: []string{"*"}, KubernetesRoleName: livetest.Ptr("viewer"), KubernetesRoleType: livetest.Ptr("ClusterRole"),
		ExtraLabels: map[string]string{"owner": "vault"}, ExtraAnnotations: map[string]string{"note": "test"},
	})
	env.OK(t, err)
	err = a.KubernetesWriteRole(ctx, "generated", kubernetes.KubernetesWriteRoleRequest{
		AllowedKubernetesNamespaceSelector: livetest.Ptr(`{"matchLabels":{"team":"platform"}}`), GeneratedRoleRules: livetest.Ptr(rules),
		NameTemplate: livetest.Ptr("vault-{{.RoleName}}-{{random 6 | lowercase}}"),
	})
	env.OK(t, err)
	sa, err := a.KubernetesReadRole(ctx, "existing-sa")
	env.OK(t, err)
	wantSA := kubernetes.KubernetesRoleData{
		Name: "existing-sa", ServiceAccountName: "app", AllowedKubernetesNamespaces: []string{"ci", "default"}, // sorted
		TokenDefaultTTL: 3600, TokenMaxTTL: 7200, TokenDefaultAudiences: []string{"vault"}, KubernetesRoleType: "Role",
	}
	if diff := cmp.Diff(wantSA, sa.Data); diff != "" {
		t.Fatalf("role existing-sa (-want +got):\n%s", diff)
	}
	br, err := a.KubernetesReadRole(ctx, "bind-role")
	env.OK(t, err)
	wantBR := kubernetes.KubernetesRoleData{
		Name: "bind-role", AllowedKubernetesNamespaces: []string{"*"}, KubernetesRoleName: "viewer", KubernetesRoleType: "ClusterRole",
		ExtraLabels: map[string]string{"owner": "vault"}, ExtraAnnotations: map[string]string{"note": "test"},
	}
	if diff := cmp.Diff(wantBR, br.Data); diff != "" {
		t.Fatalf("role bind-role (-want +got):\n%s", diff)
	}
	gen, err := a.KubernetesReadRole(ctx, "generated")
	env.OK(t, err)
	wantGen := kubernetes.KubernetesRoleData{
		Name: "generated", AllowedKubernetesNamespaceSelector: `{"matchLabels":{"team":"platform"}}`, GeneratedRoleRules: rules,
		NameTemplate: "vault-{{.RoleName}}-{{random 6 | lowercase}}", KubernetesRoleType: "Role",
	}
	if diff := cmp.Diff(wantGen, gen.Data); diff != "" {
		t.Fatalf("role generated (-want +got):\n%s", diff)
	}
	roles, err := a.KubernetesListRoles(ctx)
	env.OK(t, err)
	if len(roles.Data.Keys) != 3 {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	// Tokens.
	tok, err := a.KubernetesGenerateCredentials(ctx, "existing-sa", kubernetes.KubernetesGenerateCredentialsRequest{KubernetesNamespace: "ci", TTL: livetest.Ptr(vtypes.Duration("30m"))})
	env.OK(t, err)
	env.Leaks.Add(tok.Data.ServiceAccountToken)
	if !strings.Contains(tok.Data.ServiceAccountToken, ".") || tok.Data.ServiceAccountName != "app" || tok.Data.ServiceAccountNamespace != "ci" || tok.LeaseDuration != 1800 {
		t.Fatalf("existing-sa creds: %+v lease %d", tok.Data, tok.LeaseDuration)
	}
	bound, err := a.KubernetesGenerateCredentials(ctx, "bind-role", kubernetes.KubernetesGenerateCredentialsRequest{KubernetesNamespace: "default", ClusterRoleBinding: livetest.Ptr(true)})
	env.OK(t, err)
	env.Leaks.Add(bound.Data.ServiceAccountToken)
	if bound.Data.ServiceAccountName == "" {
		t.Fatalf("bind-role creds name no service account: %+v", bound.Data)
	}
	if len(cluster.created("clusterrolebindings")) != 1 || len(cluster.created("serviceaccounts")) != 1 {
		t.Fatalf("bind-role creds: want one cluster role binding and one service account created, got %v", cluster.created(""))
	}
	made, err := a.KubernetesGenerateCredentials(ctx, "generated", kubernetes.KubernetesGenerateCredentialsRequest{KubernetesNamespace: "apps", Audiences: []string{"api"}})
	env.OK(t, err)
	env.Leaks.Add(made.Data.ServiceAccountToken)
	if !strings.HasPrefix(made.Data.ServiceAccountName, "vault-generated-") {
		t.Fatalf("generated creds: service account %q, want vault-generated-...", made.Data.ServiceAccountName)
	}
	if got := cluster.created("roles"); len(got) != 1 {
		t.Fatalf("generated creds: want one role created, got %v", got)
	}
	if n := cluster.callCount("GET /api/v1/namespaces/apps"); n != 1 {
		t.Fatalf("generated creds: namespace apps read %d times, want once (for its labels)", n)
	}

	err = a.KubernetesDeleteRole(ctx, "generated")
	env.OK(t, err)
	err = a.KubernetesDeleteConfig(ctx)
	env.OK(t, err)
	_, err = a.KubernetesReadConfig(ctx)
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("config after delete: %v", err)
	}
}
