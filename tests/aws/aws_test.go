package aws_test

import (
	"context"
	"errors"
	"testing"

	"github.com/govault/govault/generated/aws"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ptr[T any](v T) *T { return &v }

func api(t *testing.T) *aws.Client {
	t.Helper()
	return livetest.API(t, env.Client(t), "aws", aws.New)
}

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
		AccessKey:   ptr("AKIAROOTKEY000000001"),
		SecretKey:   ptr("root-secret-key-value"),
		Region:      ptr("us-east-1"),
		IamEndpoint: ptr(stub.URL),
		StsEndpoint: ptr(stub.URL),
		MaxRetries:  ptr(0),
	})
	env.OK(t, err)
	root, err := a.AWSReadRootConfig(ctx)
	env.OK(t, err)
	if root.Data.AccessKey != "AKIAROOTKEY000000001" || root.Data.IamEndpoint != stub.URL || root.Data.Region != "us-east-1" || root.Data.MaxRetries != 0 {
		t.Fatalf("config/root: %+v", root.Data)
	}

	err = a.AWSWriteLeaseConfig(ctx, aws.AWSWriteLeaseConfigRequest{Lease: "30m", LeaseMax: vtypes.Seconds(7200)})
	env.OK(t, err)
	lease, err := a.AWSReadLeaseConfig(ctx)
	env.OK(t, err)
	if lease.Data.Lease != "30m0s" || lease.Data.LeaseMax != "2h0m0s" {
		t.Fatalf("config/lease: %+v", lease.Data)
	}

	rotated, err := a.AWSRotateRoot(ctx)
	env.OK(t, err)
	if rotated.Data.AccessKey == "AKIAROOTKEY000000001" || stub.seen("CreateAccessKey") != 1 || stub.seen("DeleteAccessKey") != 1 {
		t.Fatalf("rotate-root: %+v, stub saw %v", rotated.Data, stub.snapshot())
	}

	// Roles of each credential type.
	err = a.AWSWriteRole(ctx, "users", aws.AWSWriteRoleRequest{
		CredentialType: ptr("iam_user"),
		PolicyARNs:     []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
		IamGroups:      []string{"devs"},
		IamTags:        map[string]string{"team": "core"},
		UserPath:       ptr("/vault/"),
	})
	env.OK(t, err)
	err = a.AWSWriteRole(ctx, "fed", aws.AWSWriteRoleRequest{
		CredentialType: ptr("federation_token"),
		PolicyDocument: ptr(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`),
		DefaultStsTTL:  ptr(vtypes.Duration("20m")),
		MaxStsTTL:      ptr(vtypes.Seconds(3600)),
	})
	env.OK(t, err)
	err = a.AWSWriteRole(ctx, "deploy", aws.AWSWriteRoleRequest{
		CredentialType: ptr("assumed_role"),
		RoleARNs:       []string{"arn:aws:iam::123456789012:role/deploy"},
		SessionTags:    map[string]string{"env": "test"},
		ExternalID:     ptr("ext-42"),
	})
	env.OK(t, err)

	users, err := a.AWSReadRole(ctx, "users")
	env.OK(t, err)
	if users.Data.CredentialType != "iam_user" || users.Data.IamTags["team"] != "core" || len(users.Data.IamGroups) != 1 || users.Data.UserPath != "/vault/" || users.Data.RoleARNs != nil {
		t.Fatalf("role users: %+v", users.Data)
	}
	fed, err := a.AWSReadRole(ctx, "fed")
	env.OK(t, err)
	if fed.Data.DefaultStsTTL != 1200 || fed.Data.MaxStsTTL != 3600 || fed.Data.PolicyDocument == "" {
		t.Fatalf("role fed: %+v", fed.Data)
	}
	deploy, err := a.AWSReadRole(ctx, "deploy")
	env.OK(t, err)
	if deploy.Data.ExternalID != "ext-42" || deploy.Data.SessionTags["env"] != "test" || len(deploy.Data.RoleARNs) != 1 {
		t.Fatalf("role deploy: %+v", deploy.Data)
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
	if stub.seen("CreateUser") != 1 || stub.seen("TagUser") != 1 || stub.seen("AddUserToGroup") != 1 || stub.seen("AttachUserPolicy") != 1 {
		t.Fatalf("iam_user creds: stub saw %v", stub.snapshot())
	}
	iamCreds2, err := a.AWSGenerateCredentialsWithParameters(ctx, "users", aws.AWSGenerateCredentialsRequest{})
	env.OK(t, err)
	if iamCreds2.Data.AccessKey == iamCreds.Data.AccessKey {
		t.Fatalf("second iam_user creds reused the key %s", iamCreds2.Data.AccessKey)
	}

	fedCreds, err := a.AWSGenerateSTSCredentials(ctx, "fed", &aws.AWSGenerateSTSCredentialsParams{TTL: ptr(aws.TTLQuery("15m"))})
	env.OK(t, err)
	if fedCreds.Data.SessionToken == nil || *fedCreds.Data.SessionToken != "stub-session-token" || fedCreds.Data.TTL == nil || fedCreds.Renewable {
		t.Fatalf("federation creds: %+v", fedCreds.Data)
	}
	fedCreds2, err := a.AWSGenerateSTSCredentialsWithParameters(ctx, "fed", aws.AWSGenerateCredentialsRequest{TTL: ptr(vtypes.Duration("900"))})
	env.OK(t, err)
	if fedCreds2.Data.SecurityToken == nil || *fedCreds2.Data.SecurityToken != "stub-session-token" {
		t.Fatalf("federation creds (POST): %+v", fedCreds2.Data)
	}
	assumed, err := a.AWSGenerateSTSCredentialsWithParameters(ctx, "deploy", aws.AWSGenerateCredentialsRequest{RoleSessionName: ptr("ci-run")})
	env.OK(t, err)
	if assumed.Data.ARN == nil || *assumed.Data.ARN != "arn:aws:sts::123456789012:assumed-role/deploy/sess" {
		t.Fatalf("assumed-role creds: %+v", assumed.Data)
	}
	if stub.seen("GetFederationToken") != 2 || stub.seen("AssumeRole") != 1 {
		t.Fatalf("sts: stub saw %v", stub.snapshot())
	}

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
	if sc.Data.SecretKey != stubSecret || sc.Data.AccessKey == "" || sc.Data.Expiration.IsZero() {
		t.Fatalf("static creds: %+v", sc.Data)
	}
	err = a.AWSDeleteStaticRole(ctx, "legacy-app")
	env.OK(t, err)
	_, err = a.AWSReadStaticCredentials(ctx, "legacy-app")
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("static creds after delete: %v", err)
	}
}
