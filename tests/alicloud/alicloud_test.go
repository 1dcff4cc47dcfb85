package alicloud_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/govault/govault/generated/alicloud"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("alicloud", alicloud.New)

const policy = `[{"Statement":[{"Action":["ecs:Describe*"],"Effect":"Allow","Resource":"*"}],"Version":"1"}]`

func TestAliCloudOperations(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	env.Leaks.Add("root-secret", stsSecret, ramSecret)

	_, err := a.AliCloudReadConfig(ctx)
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("unconfigured config: %v", err)
	}
	err = a.AliCloudWriteConfig(ctx, alicloud.AliCloudWriteConfigRequest{AccessKey: livetest.Ptr("LTAIroot"), SecretKey: livetest.Ptr("root-secret")})
	env.OK(t, err)
	cfg, err := a.AliCloudReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.AccessKey != "LTAIroot" {
		t.Fatalf("config: %+v", cfg.Data)
	}

	err = a.AliCloudWriteRole(ctx, "ram", alicloud.AliCloudWriteRoleRequest{
		InlinePolicies: livetest.Ptr(policy), RemotePolicies: []string{"name:AliyunOSSReadOnlyAccess,type:System"},
		TTL: livetest.Ptr(vtypes.Duration("1h")), MaxTTL: livetest.Ptr(vtypes.Seconds(7200)),
	})
	env.OK(t, err)
	err = a.AliCloudWriteRole(ctx, "sts", alicloud.AliCloudWriteRoleRequest{RoleARN: livetest.Ptr("acs:ram::5138828231865461:role/deployer")})
	env.OK(t, err)
	ram, err := a.AliCloudReadRole(ctx, "ram")
	env.OK(t, err)
	if len(ram.Data.InlinePolicies) != 1 || ram.Data.InlinePolicies[0].Hash == "" || ram.Data.InlinePolicies[0].PolicyDocument["Version"] != "1" ||
		len(ram.Data.RemotePolicies) != 1 || ram.Data.RemotePolicies[0].Type != "System" || ram.Data.TTL != 3600 || ram.Data.MaxTTL != 7200 {
		t.Fatalf("role ram: %+v", ram.Data)
	}
	sts, err := a.AliCloudReadRole(ctx, "sts")
	env.OK(t, err)
	if sts.Data.RoleARN != "acs:ram::5138828231865461:role/deployer" || sts.Data.InlinePolicies != nil || sts.Data.RemotePolicies != nil {
		t.Fatalf("role sts: %+v", sts.Data)
	}
	roles, err := a.AliCloudListRoles(ctx)
	env.OK(t, err)
	if len(roles.Data.Keys) != 2 {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	ramCreds, err := a.AliCloudGenerateCredentials(ctx, "ram")
	env.OK(t, err)
	if ramCreds.Data.SecretKey != ramSecret || ramCreds.Data.SecurityToken != nil || ramCreds.LeaseID == "" || ramCreds.LeaseDuration != 3600 || !ramCreds.Renewable ||
		ali.seen("CreateUser") != 1 || ali.seen("CreatePolicy") != 1 || ali.seen("AttachPolicyToUser") != 2 || ali.seen("CreateAccessKey") != 1 {
		t.Fatalf("ram creds: %+v lease %q %d", ramCreds.Data, ramCreds.LeaseID, ramCreds.LeaseDuration)
	}
	stsCreds, err := a.AliCloudGenerateCredentials(ctx, "sts")
	env.OK(t, err)
	if stsCreds.Data.SecretKey != stsSecret || stsCreds.Data.SecurityToken == nil || stsCreds.Data.Expiration == nil ||
		stsCreds.Data.Expiration.Before(time.Now()) || stsCreds.Renewable {
		t.Fatalf("sts creds: %+v", stsCreds.Data)
	}

	err = a.AliCloudDeleteRole(ctx, "sts")
	env.OK(t, err)
	err = a.AliCloudDeleteConfig(ctx)
	env.OK(t, err)
	_, err = a.AliCloudReadConfig(ctx)
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("config after delete: %v", err)
	}
}
