package aws_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/govault/govault/generated/aws"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("aws", aws.New)

// Every AWS operation against the dev server, with a stub standing in for
// the IAM and STS APIs (config/root points both endpoints at it).
func TestAWSOperations(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	stub := newAWSStub(t)
	env.Leaks.Add(stubSecret, "root-secret-key-value")

	// Nothing configured yet: both config reads are 404s.
	_, err := a.AWSReadRootConfig(ctx)
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("unconfigured config/root: %v", err)
	}
	_, err = a.AWSReadLeaseConfig(ctx)
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("unconfigured config/lease: %v", err)
	}

	err = a.AWSWriteRootConfig(ctx, aws.AWSWriteRootConfigRequest{
		AccessKey:   livetest.Ptr("AKIAROOTKEY000000001"),
		SecretKey:   livetest.Ptr("root-secret-key-value"),
		Region:      livetest.Ptr("us-east-1"),
		IamEndpoint: livetest.Ptr(stub.URL),
		StsEndpoint: livetest.Ptr(stub.URL),
		MaxRetries:  livetest.Ptr(0),
	})
	env.OK(t, err)
	root, err := a.AWSReadRootConfig(ctx)
	env.OK(t, err)
	wantRoot := aws.AWSRootConfigData{
		DisableAutomatedRotation: livetest.Since(env, "1.19", false), RotationPeriod: livetest.Since(env, "1.19", 0), RotationSchedule: livetest.Since(env, "1.19", ""), RotationWindow: livetest.Since(env, "1.19", 0), StsRegion: livetest.Since(env, "1.19", ""),
		AccessKey: "AKIAROOTKEY000000001", IamEndpoint: stub.URL, StsEndpoint: stub.URL, Region: "us-east-1",
		StsFallbackEndpoints: []string{}, StsFallbackRegions: []string{},
	}
	if !env.AtLeast("1.19") { // the STS fallbacks came with 1.19
		wantRoot.StsFallbackEndpoints, wantRoot.StsFallbackRegions = nil, nil
	}
	// The username template is Vault's default, not ours to pin.
	if diff := cmp.Diff(wantRoot, root.Data, cmpopts.IgnoreFields(aws.AWSRootConfigData{}, "UsernameTemplate")); diff != "" {
		t.Fatalf("config/root (-want +got):\n%s", diff)
	}

	err = a.AWSWriteLeaseConfig(ctx, aws.AWSWriteLeaseConfigRequest{Lease: "30m", LeaseMax: vtypes.Seconds(7200)})
	env.OK(t, err)
	lease, err := a.AWSReadLeaseConfig(ctx)
	env.OK(t, err)
	if diff := cmp.Diff(aws.AWSLeaseConfigData{Lease: "30m0s", LeaseMax: "2h0m0s"}, lease.Data); diff != "" {
		t.Fatalf("config/lease (-want +got):\n%s", diff)
	}

	rotated, err := a.AWSRotateRoot(ctx)
	env.OK(t, err)
	if rotated.Data.AccessKey == "AKIAROOTKEY000000001" {
		t.Fatalf("rotate-root kept the access key: %+v", rotated.Data)
	}
	stub.want(t, "rotate-root", map[string]int{"CreateAccessKey": 1, "DeleteAccessKey": 1})

	// Roles of each credential type.
	err = a.AWSWriteRole(ctx, "users", aws.AWSWriteRoleRequest{
		CredentialType: livetest.Ptr("iam_user"),
		PolicyARNs:     []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
		IamGroups:      []string{"devs"},
		IamTags:        map[string]string{"team": "core"},
		UserPath:       livetest.Ptr("/vault/"),
	})
	env.OK(t, err)
	err = a.AWSWriteRole(ctx, "fed", aws.AWSWriteRoleRequest{
		CredentialType: livetest.Ptr("federation_token"),
		PolicyDocument: livetest.Ptr(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`),
		DefaultStsTTL:  livetest.Ptr(vtypes.Duration("20m")),
		MaxStsTTL:      livetest.Ptr(vtypes.Seconds(3600)),
	})
	env.OK(t, err)
	err = a.AWSWriteRole(ctx, "deploy", aws.AWSWriteRoleRequest{
		CredentialType: livetest.Ptr("assumed_role"),
		RoleARNs:       []string{"arn:aws:iam::123456789012:role/deploy"},
		SessionTags:    map[string]string{"env": "test"},
		ExternalID:     livetest.Ptr("ext-42"),
	})
	env.OK(t, err)

	users, err := a.AWSReadRole(ctx, "users")
	env.OK(t, err)
	wantUsers := aws.AWSRoleData{
		CredentialType: "iam_user", PolicyARNs: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
		IamGroups: []string{"devs"}, IamTags: map[string]string{"team": "core"}, UserPath: "/vault/",
	}
	if diff := cmp.Diff(wantUsers, users.Data); diff != "" {
		t.Fatalf("role users (-want +got):\n%s", diff)
	}
	fed, err := a.AWSReadRole(ctx, "fed")
	env.OK(t, err)
	wantFed := aws.AWSRoleData{
		CredentialType: "federation_token", PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`,
		DefaultStsTTL: 1200, MaxStsTTL: 3600,
	}
	if diff := cmp.Diff(wantFed, fed.Data); diff != "" {
		t.Fatalf("role fed (-want +got):\n%s", diff)
	}
	deploy, err := a.AWSReadRole(ctx, "deploy")
	env.OK(t, err)
	wantDeploy := aws.AWSRoleData{
		CredentialType: "assumed_role", RoleARNs: []string{"arn:aws:iam::123456789012:role/deploy"},
		SessionTags: map[string]string{"env": "test"}, ExternalID: "ext-42",
	}
	if diff := cmp.Diff(wantDeploy, deploy.Data); diff != "" {
		t.Fatalf("role deploy (-want +got):\n%s", diff)
	}
	roles, err := a.AWSListRoles(ctx)
	env.OK(t, err)
	if len(roles.Data.Keys) != 3 {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	// Credentials.
	iamCreds, err := a.AWSGenerateCredentials(ctx, "users", nil)
	env.OK(t, err)
	if iamCreds.Data.AccessKey == "" || iamCreds.Data.SecretKey != stubSecret || iamCreds.Data.SessionToken != nil || iamCreds.LeaseID == "" || iamCreds.LeaseDuration != 1800 {
		t.Fatalf("iam_user creds: %+v lease %q %d", iamCreds.Data, iamCreds.LeaseID, iamCreds.LeaseDuration)
	}
	stub.want(t, "iam_user creds", map[string]int{"CreateUser": 1, "TagUser": 1, "AddUserToGroup": 1, "AttachUserPolicy": 1})
	iamCreds2, err := a.AWSGenerateCredentialsWithParameters(ctx, "users", aws.AWSGenerateCredentialsRequest{})
	env.OK(t, err)
	if iamCreds2.Data.AccessKey == iamCreds.Data.AccessKey {
		t.Fatalf("second iam_user creds reused the key %s", iamCreds2.Data.AccessKey)
	}

	fedCreds, err := a.AWSGenerateSTSCredentials(ctx, "fed", &aws.AWSGenerateSTSCredentialsParams{TTL: livetest.Ptr(aws.TTLQuery("15m"))})
	env.OK(t, err)
	if fedCreds.Data.SessionToken == nil || *fedCreds.Data.SessionToken != "stub-session-token" || fedCreds.Data.TTL == nil || fedCreds.Renewable {
		t.Fatalf("federation creds: %+v", fedCreds.Data)
	}
	fedCreds2, err := a.AWSGenerateSTSCredentialsWithParameters(ctx, "fed", aws.AWSGenerateCredentialsRequest{TTL: livetest.Ptr(vtypes.Duration("900"))})
	env.OK(t, err)
	if fedCreds2.Data.SecurityToken == nil || *fedCreds2.Data.SecurityToken != "stub-session-token" {
		t.Fatalf("federation creds (POST): %+v", fedCreds2.Data)
	}
	assumed, err := a.AWSGenerateSTSCredentialsWithParameters(ctx, "deploy", aws.AWSGenerateCredentialsRequest{RoleSessionName: livetest.Ptr("ci-run")})
	env.OK(t, err)
	if assumed.Data.ARN == nil || *assumed.Data.ARN != "arn:aws:sts::123456789012:assumed-role/deploy/sess" {
		t.Fatalf("assumed-role creds: %+v", assumed.Data)
	}
	stub.want(t, "sts creds", map[string]int{"GetFederationToken": 2, "AssumeRole": 1})

	err = a.AWSDeleteRole(ctx, "fed")
	env.OK(t, err)
	_, err = a.AWSReadRole(ctx, "fed")
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted role still readable: %v", err)
	}

	// Static roles: adopt an existing user, read its rotated key.
	written, err := a.AWSWriteStaticRole(ctx, "legacy-app", aws.AWSWriteStaticRoleRequest{Username: "legacy-app-user", RotationPeriod: "24h"})
	env.OK(t, err)
	if written.Data.Username != "legacy-app-user" || written.Data.RotationPeriod != 86400 || written.Data.ID != "AIDASTUBUSER00000001" {
		t.Fatalf("static role write: %+v", written.Data)
	}
	static, err := a.AWSReadStaticRole(ctx, "legacy-app")
	env.OK(t, err)
	if static.Data.Name != "legacy-app" || static.Data.RotationPeriod != 86400 {
		t.Fatalf("static role read: %+v", static.Data)
	}
	statics, err := a.AWSListStaticRoles(ctx)
	if !env.Absent(t, err) && (len(statics.Data.Keys) != 1 || statics.Data.Keys[0] != "legacy-app") {
		t.Fatalf("static roles: %v", statics.Data.Keys)
	}
	sc, err := a.AWSReadStaticCredentials(ctx, "legacy-app")
	env.OK(t, err)
	if sc.Data.SecretKey != stubSecret || sc.Data.AccessKey == "" || (env.AtLeast("1.19") && (sc.Data.Expiration == nil || sc.Data.Expiration.IsZero())) {
		t.Fatalf("static creds: %+v", sc.Data)
	}
	err = a.AWSDeleteStaticRole(ctx, "legacy-app")
	env.OK(t, err)
	_, err = a.AWSReadStaticCredentials(ctx, "legacy-app")
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("static creds after delete: %v", err)
	}
}
