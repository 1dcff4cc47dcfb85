package mongodbatlas_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/govault/govault/generated/mongodbatlas"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("mongodbatlas", mongodbatlas.New)

func TestMongoDBAtlasOperations(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	env.Leaks.Add("root-private-key")

	_, err := a.MongoDBAtlasReadConfig(ctx)
	if !errors.Is(err, wrappers.ErrInternalServerError) {
		t.Fatalf("unconfigured config: %v", err)
	}
	err = a.MongoDBAtlasWriteConfig(ctx, mongodbatlas.MongoDBAtlasWriteConfigRequest{PublicKey: "rootpub", PrivateKey: "root-private-key"})
	env.OK(t, err)
	cfg, err := a.MongoDBAtlasReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.PublicKey != "rootpub" {
		t.Fatalf("config: %+v", cfg.Data)
	}

	// An organization key with an access list, a project key, and an
	// organization key assigned to a project.
	roles := map[string]mongodbatlas.MongoDBAtlasWriteRoleRequest{
		"org":      {OrganizationID: livetest.Ptr("org-1"), Roles: []string{"ORG_MEMBER"}, IPAddresses: []string{"192.0.2.10"}, CIDRBlocks: []string{"198.51.100.0/24"}, TTL: livetest.Ptr(vtypes.Duration("1h")), MaxTTL: livetest.Ptr(vtypes.Duration("2h"))},
		"project":  {ProjectID: livetest.Ptr("proj-1"), Roles: []string{"GROUP_READ_ONLY"}},
		"assigned": {OrganizationID: livetest.Ptr("org-1"), ProjectID: livetest.Ptr("proj-1"), Roles: []string{"ORG_MEMBER"}, ProjectRoles: []string{"GROUP_DATA_ACCESS_READ_ONLY"}},
	}
	for name, body := range roles {
		_, err = a.MongoDBAtlasWriteRole(ctx, name, body)
		env.OK(t, err)
	}
	org, err := a.MongoDBAtlasReadRole(ctx, "org")
	env.OK(t, err)
	if org.Data.OrganizationID != "org-1" || org.Data.ProjectID != "" || len(org.Data.Roles) != 1 || len(org.Data.IPAddresses) != 1 || len(org.Data.CIDRBlocks) != 1 ||
		org.Data.TTL != 3600 || org.Data.MaxTTL != 7200 || org.Data.ProjectRoles != nil {
		t.Fatalf("role org: %+v", org.Data)
	}
	assigned, err := a.MongoDBAtlasReadRole(ctx, "assigned")
	env.OK(t, err)
	if len(assigned.Data.ProjectRoles) != 1 || assigned.Data.IPAddresses != nil {
		t.Fatalf("role assigned: %+v", assigned.Data)
	}
	list, err := a.MongoDBAtlasListRoles(ctx)
	env.OK(t, err)
	if len(list.Data.Keys) != 3 {
		t.Fatalf("roles: %v", list.Data.Keys)
	}

	orgKey, err := a.MongoDBAtlasGenerateCredentials(ctx, "org")
	env.OK(t, err)
	env.Leaks.Add(orgKey.Data.PrivateKey)
	if !strings.HasPrefix(orgKey.Data.PrivateKey, "private-key") || orgKey.Data.Description == "" || orgKey.LeaseID == "" || orgKey.LeaseDuration != 3600 ||
		atlas.count("POST orgs/org-1/apiKeys/") != 1 {
		t.Fatalf("org key: %+v lease %q %d", orgKey.Data, orgKey.LeaseID, orgKey.LeaseDuration)
	}
	projKey, err := a.MongoDBAtlasGenerateCredentialsWithPost(ctx, "project")
	env.OK(t, err)
	env.Leaks.Add(projKey.Data.PrivateKey)
	if atlas.count("POST groups/proj-1/apiKeys") != 1 {
		t.Fatalf("project key: %+v", projKey.Data)
	}
	asKey, err := a.MongoDBAtlasGenerateCredentials(ctx, "assigned")
	env.OK(t, err)
	env.Leaks.Add(asKey.Data.PrivateKey)
	if atlas.count("PATCH groups/proj-1/apiKeys/") != 1 {
		t.Fatalf("assigned key was not assigned to the project: %+v", asKey.Data)
	}

	err = a.MongoDBAtlasDeleteRole(ctx, "project")
	env.OK(t, err)
	_, err = a.MongoDBAtlasReadRole(ctx, "project")
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted role still readable: %v", err)
	}
}
