package authaws_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/govault/govault/generated/authaws"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

const account = "123456789012"

var awsClient = livetest.APIFor("auth/aws", authaws.New)

// identitySigner is a stand-in for AWS's identity document key: a
// self-signed RSA certificate registered with config/certificate.
type identitySigner struct {
	key     *rsa.PrivateKey
	certPEM string
}

func newIdentitySigner(t *testing.T) *identitySigner {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	env.OK(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "test identity documents"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	env.OK(t, err)
	return &identitySigner{key: key, certPEM: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))}
}

// sign returns the base64 identity document and signature for an ec2 login.
func (s *identitySigner) sign(t *testing.T, doc map[string]string) (identity, signature string) {
	t.Helper()
	raw, err := json.Marshal(doc)
	env.OK(t, err)
	sum := sha256.Sum256(raw)
	sig, err := rsa.SignPKCS1v15(rand.Reader, s.key, crypto.SHA256, sum[:])
	env.OK(t, err)
	return base64.StdEncoding.EncodeToString(raw), base64.StdEncoding.EncodeToString(sig)
}

func TestAWSAuth(t *testing.T) {
	ctx := context.Background()
	a := awsClient(t)
	anon := awsClient(t, wrappers.WithToken(""))
	stub := newAWSStub(t)
	stub.Locked(func() {
		stub.account = account
		stub.callerArn = "arn:aws:iam::" + account + ":user/alice"
		stub.callerID = "AIDAALICE"
		stub.instanceID = "i-0abc"
		stub.amiID = "ami-0123"
		stub.newKey = "AKIANEWKEY0000000"
	})
	env.Leaks.Add("old-secret", "new-secret")

	// Client config: every AWS call Vault makes goes to the stub.
	err := a.AWSAuthWriteClientConfig(ctx, authaws.AWSAuthWriteClientConfigRequest{
		AccessKey:              livetest.Ptr("AKIAOLDKEY0000000"),
		SecretKey:              livetest.Ptr("old-secret"),
		Endpoint:               livetest.Ptr(stub.URL),
		IamEndpoint:            livetest.Ptr(stub.URL),
		StsEndpoint:            livetest.Ptr(stub.URL),
		IamServerIDHeaderValue: livetest.Ptr("vault.test"),
		AllowedStsHeaderValues: []string{"x-amz-foo"},
		MaxRetries:             livetest.Ptr(0),
	})
	env.OK(t, err)
	cc, err := a.AWSAuthReadClientConfig(ctx)
	env.OK(t, err)
	// The header name comes back canonicalised.
	wantCC := authaws.AWSAuthClientConfigData{
		DisableAutomatedRotation: livetest.Since(env, "1.19", false), RotationPeriod: livetest.Since(env, "1.19", int64(0)), RotationSchedule: livetest.Since(env, "1.19", ""), RotationWindow: livetest.Since(env, "1.19", int64(0)),
		AccessKey: "AKIAOLDKEY0000000", Endpoint: stub.URL, IamEndpoint: stub.URL, StsEndpoint: stub.URL,
		IamServerIDHeaderValue: "vault.test", AllowedStsHeaderValues: []string{"X-Amz-Foo"},
	}
	if diff := cmp.Diff(wantCC, cc.Data); diff != "" {
		t.Fatalf("client config (-want +got):\n%s", diff)
	}

	// Identity integration.
	err = a.AWSAuthWriteIdentityConfig(ctx, authaws.AWSAuthWriteIdentityConfigRequest{
		IamAlias:    livetest.Ptr(authaws.AWSAuthWriteIdentityConfigRequestIamAliasFullARN),
		IamMetadata: []string{"account_id", "auth_type", "client_arn"},
		Ec2Alias:    livetest.Ptr(authaws.AWSAuthWriteIdentityConfigRequestEc2AliasInstanceID),
		Ec2Metadata: []string{"account_id", "auth_type", "region", "instance_id"},
	})
	env.OK(t, err)
	ident, err := a.AWSAuthReadIdentityConfig(ctx)
	env.OK(t, err)
	wantIdent := authaws.AWSAuthIdentityConfigData{
		IamAlias: "full_arn", IamMetadata: []string{"account_id", "auth_type", "client_arn"},
		Ec2Alias: "instance_id", Ec2Metadata: []string{"account_id", "auth_type", "region", "instance_id"},
	}
	if diff := cmp.Diff(wantIdent, ident.Data, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Fatalf("identity config (-want +got):\n%s", diff)
	}

	// A certificate of our own verifies the identity documents we sign.
	signer := newIdentitySigner(t)
	err = a.AWSAuthWriteCertificate(ctx, "test-ca", authaws.AWSAuthWriteCertificateRequest{
		AWSPublicCert: base64.StdEncoding.EncodeToString([]byte(signer.certPEM)),
		Type:          livetest.Ptr(authaws.Identity),
	})
	env.OK(t, err)
	cert, err := a.AWSAuthReadCertificate(ctx, "test-ca")
	env.OK(t, err)
	if cert.Data.Type != "identity" || strings.TrimSpace(cert.Data.AWSPublicCert) != strings.TrimSpace(signer.certPEM) {
		t.Fatalf("certificate: %+v", cert.Data)
	}
	certs, err := a.AWSAuthListCertificates(ctx)
	env.OK(t, err)
	if !slices.Equal(certs.Data.Keys, []string{"test-ca"}) {
		t.Fatalf("certificates: %v", certs.Data.Keys)
	}

	// STS roles for other accounts (never used for the logins below).
	err = a.AWSAuthWriteSTSRole(ctx, "210987654321", authaws.AWSAuthWriteSTSRoleRequest{
		StsRole: "arn:aws:iam::210987654321:role/vault-verify", ExternalID: livetest.Ptr("ext-1"),
	})
	env.OK(t, err)
	sts, err := a.AWSAuthReadSTSRole(ctx, "210987654321")
	env.OK(t, err)
	wantSTS := authaws.AWSAuthSTSRoleData{StsRole: "arn:aws:iam::210987654321:role/vault-verify", ExternalID: livetest.Ptr("ext-1")}
	if diff := cmp.Diff(wantSTS, sts.Data); diff != "" {
		t.Fatalf("sts role (-want +got):\n%s", diff)
	}
	stsList, err := a.AWSAuthListSTSRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(stsList.Data.Keys, []string{"210987654321"}) {
		t.Fatalf("sts roles: %v", stsList.Data.Keys)
	}
	err = a.AWSAuthDeleteSTSRole(ctx, "210987654321")
	env.OK(t, err)

	// Roles.
	_, err = a.AWSAuthWriteRole(ctx, "dev", authaws.AWSAuthWriteRoleRequest{
		AuthType:             livetest.Ptr(authaws.Iam),
		BoundIamPrincipalARN: []string{"arn:aws:iam::" + account + ":user/alice"},
		ResolveAWSUniqueIDs:  livetest.Ptr(false),
		TokenPolicies:        []string{"dev"},
		TokenTTL:             livetest.Ptr(vtypes.Duration("1h")),
	})
	env.OK(t, err)
	warned, err := a.AWSAuthWriteRole(ctx, "web", authaws.AWSAuthWriteRoleRequest{
		AuthType:       livetest.Ptr(authaws.Ec2),
		BoundAmiID:     []string{"ami-0123"},
		BoundAccountID: []string{account},
		RoleTag:        livetest.Ptr("VaultRole"),
		TokenPolicies:  []string{"web", "extra"},
		TokenMaxTTL:    livetest.Ptr(vtypes.Duration("10000h")),
	})
	env.OK(t, err)
	if len(warned.Warnings) == 0 {
		t.Fatal("role with a max TTL above the mount's: no warning")
	}
	_, err = a.AWSAuthWriteRole(ctx, "legacy", authaws.AWSAuthWriteRoleRequest{
		AuthType:             livetest.Ptr(authaws.Iam),
		BoundIamPrincipalARN: []string{"arn:aws:iam::" + account + ":role/*"},
		ResolveAWSUniqueIDs:  livetest.Ptr(false),
		Policies:             []string{"old"},
		TTL:                  livetest.Ptr(vtypes.Duration("10m")),
		MaxTTL:               livetest.Ptr(vtypes.Duration("20m")),
		Period:               livetest.Ptr(vtypes.Duration("5m")),
	})
	env.OK(t, err)
	dev, err := a.AWSAuthReadRole(ctx, "dev")
	env.OK(t, err)
	if dev.Data.AuthType != "iam" || dev.Data.ResolveAWSUniqueIDs || dev.Data.TokenTTL != 3600 || dev.Data.RoleID == "" ||
		dev.Data.BoundEc2InstanceID != nil || dev.Data.Policies != nil {
		t.Fatalf("dev role: %+v", dev.Data)
	}
	legacy, err := a.AWSAuthReadRole(ctx, "legacy")
	env.OK(t, err)
	if !slices.Equal(legacy.Data.Policies, []string{"old"}) || legacy.Data.TTL == nil || *legacy.Data.TTL != 600 ||
		legacy.Data.MaxTTL == nil || *legacy.Data.MaxTTL != 1200 || legacy.Data.Period == nil || *legacy.Data.Period != 300 {
		t.Fatalf("legacy role: %+v", legacy.Data)
	}
	roles, err := a.AWSAuthListRoles(ctx)
	env.OK(t, err)
	rolesAlias, err := a.AWSAuthListRolesAlias(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"dev", "legacy", "web"}) || !slices.Equal(rolesAlias.Data.Keys, roles.Data.Keys) {
		t.Fatalf("roles: %v / %v", roles.Data.Keys, rolesAlias.Data.Keys)
	}

	// Role tags: one for the instance, one to deny.
	tag, err := a.AWSAuthCreateRoleTag(ctx, "web", authaws.AWSAuthCreateRoleTagRequest{
		Policies: []string{"web"}, InstanceID: livetest.Ptr("i-0abc"), MaxTTL: livetest.Ptr(vtypes.Duration("2h")),
	})
	env.OK(t, err)
	if tag.Data.TagKey != "VaultRole" || !strings.HasPrefix(tag.Data.TagValue, "v1:") || !strings.Contains(tag.Data.TagValue, ":p=web:") {
		t.Fatalf("role tag: %+v", tag.Data)
	}
	stub.Locked(func() { stub.roleTag = tag.Data.TagValue })
	revoked, err := a.AWSAuthCreateRoleTag(ctx, "web", authaws.AWSAuthCreateRoleTagRequest{Policies: []string{"nope"}})
	env.OK(t, err)
	if len(revoked.Warnings) == 0 {
		t.Fatal("role tag with policies outside the role: no warning")
	}
	denyCycle(t, a, revoked.Data.TagValue)

	// iam login: the signed GetCallerIdentity request goes to the stub STS.
	headers, _ := json.Marshal(http.Header{
		"Content-Type":              {"application/x-www-form-urlencoded; charset=utf-8"},
		"X-Amz-Date":                {"20240101T000000Z"},
		"X-Vault-Aws-Iam-Server-Id": {"vault.test"},
		"Authorization": {"AWS4-HMAC-SHA256 Credential=AKIAALICE/20240101/us-east-1/sts/aws4_request, " +
			"SignedHeaders=content-type;host;x-amz-date;x-vault-aws-iam-server-id, Signature=00ff"},
	})
	b64 := base64.StdEncoding.EncodeToString
	iamLogin, err := anon.AWSAuthLogin(ctx, authaws.AWSAuthLoginRequest{
		Role:                 livetest.Ptr("dev"),
		IamHTTPRequestMethod: livetest.Ptr(authaws.POST),
		IamRequestURL:        livetest.Ptr(b64([]byte("https://sts.amazonaws.com/"))),
		IamRequestBody:       livetest.Ptr(b64([]byte("Action=GetCallerIdentity&Version=2011-06-15"))),
		IamRequestHeaders:    livetest.Ptr(b64(headers)),
	})
	env.OK(t, err)
	if iamLogin.Auth == nil || iamLogin.Auth.ClientToken == "" {
		t.Fatalf("iam login: no auth: %+v", iamLogin)
	}
	env.Leaks.Add(iamLogin.Auth.ClientToken)
	md := iamLogin.Auth.Metadata
	if md["auth_type"] != "iam" || md["account_id"] != account || md["client_arn"] != stub.callerArn ||
		md["role_id"] != dev.Data.RoleID || !slices.Contains(iamLogin.Auth.Policies, "dev") || iamLogin.Auth.LeaseDuration != 3600 {
		t.Fatalf("iam login auth: %+v", iamLogin.Auth)
	}

	// ec2 login: our signed identity document; DescribeInstances answers
	// from the stub with the role tag on the instance.
	identity, signature := signer.sign(t, map[string]string{
		"instanceId": "i-0abc", "imageId": "ami-0123", "accountId": account,
		"region": "us-east-1", "pendingTime": "2024-01-01T00:00:00Z",
	})
	ec2Login, err := anon.AWSAuthLogin(ctx, authaws.AWSAuthLoginRequest{
		Role: livetest.Ptr("web"), Identity: livetest.Ptr(identity), Signature: livetest.Ptr(signature), Nonce: livetest.Ptr("client-nonce-1"),
	})
	env.OK(t, err)
	if ec2Login.Auth == nil || ec2Login.Auth.ClientToken == "" {
		t.Fatalf("ec2 login: no auth: %+v", ec2Login)
	}
	env.Leaks.Add(ec2Login.Auth.ClientToken)
	md = ec2Login.Auth.Metadata
	if md["auth_type"] != "ec2" || md["instance_id"] != "i-0abc" || md["region"] != "us-east-1" || md["role"] != "web" ||
		md["role_tag_max_ttl"] != "2h0m0s" || slices.Contains(ec2Login.Auth.Policies, "extra") || !slices.Contains(ec2Login.Auth.Policies, "web") {
		t.Fatalf("ec2 login auth: %+v", ec2Login.Auth)
	}
	if stub.count("DescribeInstances") == 0 {
		t.Fatal("the ec2 login never asked EC2 about the instance")
	}

	// The login put the instance on the identity access list.
	for _, listIt := range []func() (*vaultcommon.ListResponse, error){
		func() (*vaultcommon.ListResponse, error) {
			return a.AWSAuthListIdentityAccessList(ctx)
		},
		func() (*vaultcommon.ListResponse, error) {
			return a.AWSAuthListIdentityWhitelist(ctx)
		},
	} {
		ids, err := listIt()
		env.OK(t, err)
		if !slices.Equal(ids.Data.Keys, []string{"i-0abc"}) {
			t.Fatalf("access list: %+v", ids.Data)
		}
	}
	entry, err := a.AWSAuthReadIdentityAccessList(ctx, "i-0abc")
	env.OK(t, err)
	// The times are Vault's own; the rest is what the login left.
	wantEntry := authaws.AWSAuthIdentityAccessListData{Role: "web", ClientNonce: "client-nonce-1", PendingTime: "2024-01-01T00:00:00Z"}
	if diff := cmp.Diff(wantEntry, entry.Data, cmpopts.IgnoreFields(authaws.AWSAuthIdentityAccessListData{}, "CreationTime", "ExpirationTime", "LastUpdatedTime")); diff != "" {
		t.Fatalf("access list entry (-want +got):\n%s", diff)
	}
	old, err := a.AWSAuthReadIdentityWhitelist(ctx, "i-0abc")
	env.OK(t, err)
	if old.Data.CreationTime != entry.Data.CreationTime {
		t.Fatalf("whitelist entry: %+v", old.Data)
	}
	err = a.AWSAuthDeleteIdentityWhitelist(ctx, "i-0abc")
	env.OK(t, err)
	err = a.AWSAuthDeleteIdentityAccessList(ctx, "i-0abc")
	env.OK(t, err)
	if _, err := a.AWSAuthReadIdentityAccessList(ctx, "i-0abc"); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted access list entry: %v", err)
	}

	tidyConfigs(t, a)
	tidies(t, a)

	// Root rotation: the stub IAM hands out a new key.
	rotated, err := a.AWSAuthRotateRoot(ctx)
	env.OK(t, err)
	if rotated.Data.AccessKey != "AKIANEWKEY0000000" || stub.count("DeleteAccessKey") != 1 {
		t.Fatalf("rotate-root: %+v (deletes %d)", rotated.Data, stub.count("DeleteAccessKey"))
	}
	cc, err = a.AWSAuthReadClientConfig(ctx)
	env.OK(t, err)
	if cc.Data.AccessKey != "AKIANEWKEY0000000" {
		t.Fatalf("client config after rotation: %+v", cc.Data)
	}

	// Clean up.
	for _, r := range roles.Data.Keys {
		err = a.AWSAuthDeleteRole(ctx, r)
		env.OK(t, err)
	}
	err = a.AWSAuthDeleteCertificate(ctx, "test-ca")
	env.OK(t, err)
	err = a.AWSAuthDeleteClientConfig(ctx)
	env.OK(t, err)
	if _, err := a.AWSAuthReadClientConfig(ctx); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted client config: %v", err)
	}
}

// denyCycle denies a role tag and allows it again, through the current and
// the deprecated paths.
func denyCycle(t *testing.T, a *authaws.Client, tag string) {
	t.Helper()
	ctx := context.Background()
	err := a.AWSAuthAddRoleTagDenyList(ctx, tag)
	env.OK(t, err)
	entry, err := a.AWSAuthReadRoleTagDenyList(ctx, tag)
	env.OK(t, err)
	if !entry.Data.ExpirationTime.After(entry.Data.CreationTime) {
		t.Fatalf("deny list entry: %+v", entry.Data)
	}
	old, err := a.AWSAuthReadRoleTagBlacklist(ctx, tag)
	env.OK(t, err)
	if !old.Data.CreationTime.Equal(entry.Data.CreationTime) {
		t.Fatalf("blacklist entry: %+v", old.Data)
	}
	tags, err := a.AWSAuthListRoleTagDenyList(ctx)
	env.OK(t, err)
	oldTags, err := a.AWSAuthListRoleTagBlacklist(ctx)
	env.OK(t, err)
	if !slices.Equal(tags.Data.Keys, []string{tag}) || !slices.Equal(oldTags.Data.Keys, tags.Data.Keys) {
		t.Fatalf("deny list: %v / %v", tags.Data.Keys, oldTags.Data.Keys)
	}
	err = a.AWSAuthDeleteRoleTagDenyList(ctx, tag)
	env.OK(t, err)
	err = a.AWSAuthAddRoleTagBlacklist(ctx, tag)
	env.OK(t, err)
	err = a.AWSAuthDeleteRoleTagBlacklist(ctx, tag)
	env.OK(t, err)
	if _, err := a.AWSAuthReadRoleTagDenyList(ctx, tag); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("allowed tag still denied: %v", err)
	}
}

// tidyConfigs writes, reads and resets the four tidy settings paths.
func tidyConfigs(t *testing.T, a *authaws.Client) {
	t.Helper()
	ctx := context.Background()
	type cfgOps struct {
		name  string
		write func(authaws.AWSAuthWriteTidyConfigRequest) error
		read  func() (*authaws.AWSAuthReadTidyConfigResult, error)
		del   func() error
	}
	ops := []cfgOps{
		{"identity-accesslist",
			func(b authaws.AWSAuthWriteTidyConfigRequest) error {
				err := a.AWSAuthWriteIdentityAccessListTidyConfig(ctx, b)
				return err
			},
			func() (*authaws.AWSAuthReadTidyConfigResult, error) {
				return a.AWSAuthReadIdentityAccessListTidyConfig(ctx)
			},
			func() error {
				err := a.AWSAuthDeleteIdentityAccessListTidyConfig(ctx)
				return err
			}},
		{"identity-whitelist",
			func(b authaws.AWSAuthWriteTidyConfigRequest) error {
				err := a.AWSAuthWriteIdentityWhitelistTidyConfig(ctx, b)
				return err
			},
			func() (*authaws.AWSAuthReadTidyConfigResult, error) {
				return a.AWSAuthReadIdentityWhitelistTidyConfig(ctx)
			},
			func() error {
				err := a.AWSAuthDeleteIdentityWhitelistTidyConfig(ctx)
				return err
			}},
		{"roletag-denylist",
			func(b authaws.AWSAuthWriteTidyConfigRequest) error {
				err := a.AWSAuthWriteRoleTagDenyListTidyConfig(ctx, b)
				return err
			},
			func() (*authaws.AWSAuthReadTidyConfigResult, error) {
				return a.AWSAuthReadRoleTagDenyListTidyConfig(ctx)
			},
			func() error {
				err := a.AWSAuthDeleteRoleTagDenyListTidyConfig(ctx)
				return err
			}},
		{"roletag-blacklist",
			func(b authaws.AWSAuthWriteTidyConfigRequest) error {
				err := a.AWSAuthWriteRoleTagBlacklistTidyConfig(ctx, b)
				return err
			},
			func() (*authaws.AWSAuthReadTidyConfigResult, error) {
				return a.AWSAuthReadRoleTagBlacklistTidyConfig(ctx)
			},
			func() error {
				err := a.AWSAuthDeleteRoleTagBlacklistTidyConfig(ctx)
				return err
			}},
	}
	for i, op := range ops {
		buffer := int64(3600 * (i + 1))
		env.OK(t, op.write(authaws.AWSAuthWriteTidyConfigRequest{SafetyBuffer: livetest.Ptr(vtypes.Seconds(buffer)), DisablePeriodicTidy: livetest.Ptr(true)}))
		got, err := op.read()
		env.OK(t, err)
		if got.Data.SafetyBuffer != buffer || !got.Data.DisablePeriodicTidy {
			t.Fatalf("%s tidy config: %+v", op.name, got.Data)
		}
		env.OK(t, op.del())
		if _, err := op.read(); !errors.Is(err, wrappers.ErrInvalidPath) {
			t.Fatalf("%s tidy config after delete: %v", op.name, err)
		}
	}
}

// tidies starts the four tidy operations; each answers 202 (started) or
// 200 (one sharing its guard is still running), with a warning either way.
func tidies(t *testing.T, a *authaws.Client) {
	t.Helper()
	ctx := context.Background()
	body := authaws.AWSAuthTidyRequest{SafetyBuffer: livetest.Ptr(vtypes.Duration("1s"))}
	check := func(name string, raw vtypes.Raw, res *authaws.AWSAuthWarningsResult, err error) {
		t.Helper()
		env.OK(t, err)
		status := raw.Response.StatusCode
		if status != http.StatusOK && status != http.StatusAccepted {
			t.Fatalf("%s: status %d, want 200 or 202", name, status)
		}
		if res == nil || len(res.Warnings) == 0 {
			t.Fatalf("%s: status %d without warnings", name, status)
		}
	}
	var raw1, raw2, raw3, raw4 vtypes.Raw
	r1, err := a.AWSAuthTidyIdentityAccessList(ctx, body, vtypes.CaptureRaw(&raw1))
	check("tidy identity-accesslist", raw1, r1, err)
	time.Sleep(200 * time.Millisecond)
	r2, err := a.AWSAuthTidyIdentityWhitelist(ctx, body, vtypes.CaptureRaw(&raw2))
	check("tidy identity-whitelist", raw2, r2, err)
	r3, err := a.AWSAuthTidyRoleTagDenyList(ctx, body, vtypes.CaptureRaw(&raw3))
	check("tidy roletag-denylist", raw3, r3, err)
	time.Sleep(200 * time.Millisecond)
	r4, err := a.AWSAuthTidyRoleTagBlacklist(ctx, body, vtypes.CaptureRaw(&raw4))
	check("tidy roletag-blacklist", raw4, r4, err)
}
