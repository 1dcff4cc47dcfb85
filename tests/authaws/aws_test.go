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

	"github.com/govault/govault/generated/authaws"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ptr[T any](v T) *T { return &v }

var list = vaultcommon.ListTrue

const account = "123456789012"

func awsClient(t *testing.T, token ...string) *authaws.ClientWithResponses {
	t.Helper()
	c := env.Client(t)
	if len(token) > 0 {
		c = env.ClientFor(t, env.Server.Addr, token[0])
	}
	return livetest.API(t, c, "auth/aws", authaws.NewClientWithResponses, authaws.WithHTTPClient)
}

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
	anon := awsClient(t, "")
	stub := newAWSStub(t)
	stub.account = account
	stub.callerArn = "arn:aws:iam::" + account + ":user/alice"
	stub.callerID = "AIDAALICE"
	stub.instanceID = "i-0abc"
	stub.amiID = "ami-0123"
	stub.newKey = "AKIANEWKEY0000000"
	env.Leaks.Add("old-secret", "new-secret")

	// Client config: every AWS call Vault makes goes to the stub.
	_, err := wrappers.Check(a.AWSAuthWriteClientConfigWithResponse(ctx, authaws.AWSAuthWriteClientConfigRequest{
		AccessKey:              ptr("AKIAOLDKEY0000000"),
		SecretKey:              ptr("old-secret"),
		Endpoint:               ptr(stub.URL),
		IamEndpoint:            ptr(stub.URL),
		StsEndpoint:            ptr(stub.URL),
		IamServerIDHeaderValue: ptr("vault.test"),
		AllowedStsHeaderValues: []string{"x-amz-foo"},
		MaxRetries:             ptr(0),
	}))
	env.OK(t, err)
	cc, err := wrappers.Decode(a.AWSAuthReadClientConfigWithResponse(ctx))
	env.OK(t, err)
	if cc.Data.AccessKey != "AKIAOLDKEY0000000" || cc.Data.Endpoint != stub.URL || cc.Data.StsEndpoint != stub.URL ||
		cc.Data.IamServerIDHeaderValue != "vault.test" || !slices.Equal(cc.Data.AllowedStsHeaderValues, []string{"X-Amz-Foo"}) ||
		cc.Data.MaxRetries != 0 {
		t.Fatalf("client config: %+v", cc.Data)
	}

	// Identity integration.
	_, err = wrappers.Check(a.AWSAuthWriteIdentityConfigWithResponse(ctx, authaws.AWSAuthWriteIdentityConfigRequest{
		IamAlias:    ptr(authaws.AWSAuthWriteIdentityConfigRequestIamAliasFullArn),
		IamMetadata: []string{"account_id", "auth_type", "client_arn"},
		Ec2Alias:    ptr(authaws.AWSAuthWriteIdentityConfigRequestEc2AliasInstanceID),
		Ec2Metadata: []string{"account_id", "auth_type", "region", "instance_id"},
	}))
	env.OK(t, err)
	ident, err := wrappers.Decode(a.AWSAuthReadIdentityConfigWithResponse(ctx))
	env.OK(t, err)
	if ident.Data.IamAlias != "full_arn" || ident.Data.Ec2Alias != "instance_id" || !slices.Contains(ident.Data.IamMetadata, "client_arn") {
		t.Fatalf("identity config: %+v", ident.Data)
	}

	// A certificate of our own verifies the identity documents we sign.
	signer := newIdentitySigner(t)
	_, err = wrappers.Check(a.AWSAuthWriteCertificateWithResponse(ctx, "test-ca", authaws.AWSAuthWriteCertificateRequest{
		AwsPublicCert: base64.StdEncoding.EncodeToString([]byte(signer.certPEM)),
		Type:          ptr(authaws.Identity),
	}))
	env.OK(t, err)
	cert, err := wrappers.Decode(a.AWSAuthReadCertificateWithResponse(ctx, "test-ca"))
	env.OK(t, err)
	if cert.Data.Type != "identity" || strings.TrimSpace(cert.Data.AwsPublicCert) != strings.TrimSpace(signer.certPEM) {
		t.Fatalf("certificate: %+v", cert.Data)
	}
	certs, err := wrappers.Decode(a.AWSAuthListCertificatesWithResponse(ctx, &authaws.AWSAuthListCertificatesParams{List: list}))
	env.OK(t, err)
	if !slices.Equal(certs.Data.Keys, []string{"test-ca"}) {
		t.Fatalf("certificates: %v", certs.Data.Keys)
	}

	// STS roles for other accounts (never used for the logins below).
	_, err = wrappers.Check(a.AWSAuthWriteSTSRoleWithResponse(ctx, "210987654321", authaws.AWSAuthWriteSTSRoleRequest{
		StsRole: "arn:aws:iam::210987654321:role/vault-verify", ExternalID: ptr("ext-1"),
	}))
	env.OK(t, err)
	sts, err := wrappers.Decode(a.AWSAuthReadSTSRoleWithResponse(ctx, "210987654321"))
	env.OK(t, err)
	if sts.Data.StsRole != "arn:aws:iam::210987654321:role/vault-verify" || sts.Data.ExternalID == nil || *sts.Data.ExternalID != "ext-1" {
		t.Fatalf("sts role: %+v", sts.Data)
	}
	stsList, err := wrappers.Decode(a.AWSAuthListSTSRolesWithResponse(ctx, &authaws.AWSAuthListSTSRolesParams{List: list}))
	env.OK(t, err)
	if !slices.Equal(stsList.Data.Keys, []string{"210987654321"}) {
		t.Fatalf("sts roles: %v", stsList.Data.Keys)
	}
	_, err = wrappers.Check(a.AWSAuthDeleteSTSRoleWithResponse(ctx, "210987654321"))
	env.OK(t, err)

	// Roles.
	_, err = wrappers.Check(a.AWSAuthWriteRoleWithResponse(ctx, "dev", authaws.AWSAuthWriteRoleRequest{
		AuthType:             ptr(authaws.Iam),
		BoundIamPrincipalArn: []string{"arn:aws:iam::" + account + ":user/alice"},
		ResolveAwsUniqueIds:  ptr(false),
		TokenPolicies:        []string{"dev"},
		TokenTTL:             ptr(vtypes.Duration("1h")),
	}))
	env.OK(t, err)
	warned, err := wrappers.Decode(a.AWSAuthWriteRoleWithResponse(ctx, "web", authaws.AWSAuthWriteRoleRequest{
		AuthType:       ptr(authaws.Ec2),
		BoundAmiID:     []string{"ami-0123"},
		BoundAccountID: []string{account},
		RoleTag:        ptr("VaultRole"),
		TokenPolicies:  []string{"web", "extra"},
		TokenMaxTTL:    ptr(vtypes.Duration("10000h")),
	}))
	env.OK(t, err)
	if len(warned.Warnings) == 0 {
		t.Fatal("role with a max TTL above the mount's: no warning")
	}
	_, err = wrappers.Check(a.AWSAuthWriteRoleWithResponse(ctx, "legacy", authaws.AWSAuthWriteRoleRequest{
		AuthType:             ptr(authaws.Iam),
		BoundIamPrincipalArn: []string{"arn:aws:iam::" + account + ":role/*"},
		ResolveAwsUniqueIds:  ptr(false),
		Policies:             []string{"old"},
		TTL:                  ptr(vtypes.Duration("10m")),
		MaxTTL:               ptr(vtypes.Duration("20m")),
		Period:               ptr(vtypes.Duration("5m")),
	}))
	env.OK(t, err)
	dev, err := wrappers.Decode(a.AWSAuthReadRoleWithResponse(ctx, "dev"))
	env.OK(t, err)
	if dev.Data.AuthType != "iam" || dev.Data.ResolveAwsUniqueIds || dev.Data.TokenTTL != 3600 || dev.Data.RoleID == "" ||
		dev.Data.BoundEc2InstanceID != nil || dev.Data.Policies != nil {
		t.Fatalf("dev role: %+v", dev.Data)
	}
	legacy, err := wrappers.Decode(a.AWSAuthReadRoleWithResponse(ctx, "legacy"))
	env.OK(t, err)
	if !slices.Equal(legacy.Data.Policies, []string{"old"}) || legacy.Data.TTL == nil || *legacy.Data.TTL != 600 ||
		legacy.Data.MaxTTL == nil || *legacy.Data.MaxTTL != 1200 || legacy.Data.Period == nil || *legacy.Data.Period != 300 {
		t.Fatalf("legacy role: %+v", legacy.Data)
	}
	roles, err := wrappers.Decode(a.AWSAuthListRolesWithResponse(ctx, &authaws.AWSAuthListRolesParams{List: list}))
	env.OK(t, err)
	rolesAlias, err := wrappers.Decode(a.AWSAuthListRolesAliasWithResponse(ctx, &authaws.AWSAuthListRolesAliasParams{List: list}))
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"dev", "legacy", "web"}) || !slices.Equal(rolesAlias.Data.Keys, roles.Data.Keys) {
		t.Fatalf("roles: %v / %v", roles.Data.Keys, rolesAlias.Data.Keys)
	}

	// Role tags: one for the instance, one to deny.
	tag, err := wrappers.Decode(a.AWSAuthCreateRoleTagWithResponse(ctx, "web", authaws.AWSAuthCreateRoleTagRequest{
		Policies: []string{"web"}, InstanceID: ptr("i-0abc"), MaxTTL: ptr(vtypes.Duration("2h")),
	}))
	env.OK(t, err)
	if tag.Data.TagKey != "VaultRole" || !strings.HasPrefix(tag.Data.TagValue, "v1:") || !strings.Contains(tag.Data.TagValue, ":p=web:") {
		t.Fatalf("role tag: %+v", tag.Data)
	}
	stub.roleTag = tag.Data.TagValue
	revoked, err := wrappers.Decode(a.AWSAuthCreateRoleTagWithResponse(ctx, "web", authaws.AWSAuthCreateRoleTagRequest{Policies: []string{"nope"}}))
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
	iamLogin, err := wrappers.Decode(anon.AWSAuthLoginWithResponse(ctx, authaws.AWSAuthLoginRequest{
		Role:                 ptr("dev"),
		IamHTTPRequestMethod: ptr(authaws.POST),
		IamRequestURL:        ptr(b64([]byte("https://sts.amazonaws.com/"))),
		IamRequestBody:       ptr(b64([]byte("Action=GetCallerIdentity&Version=2011-06-15"))),
		IamRequestHeaders:    ptr(b64(headers)),
	}))
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
	ec2Login, err := wrappers.Decode(anon.AWSAuthLoginWithResponse(ctx, authaws.AWSAuthLoginRequest{
		Role: ptr("web"), Identity: ptr(identity), Signature: ptr(signature), Nonce: ptr("client-nonce-1"),
	}))
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
			return wrappers.Decode(a.AWSAuthListIdentityAccessListWithResponse(ctx, &authaws.AWSAuthListIdentityAccessListParams{List: list}))
		},
		func() (*vaultcommon.ListResponse, error) {
			return wrappers.Decode(a.AWSAuthListIdentityWhitelistWithResponse(ctx, &authaws.AWSAuthListIdentityWhitelistParams{List: list}))
		},
	} {
		ids, err := listIt()
		env.OK(t, err)
		if !slices.Equal(ids.Data.Keys, []string{"i-0abc"}) {
			t.Fatalf("access list: %+v", ids.Data)
		}
	}
	entry, err := wrappers.Decode(a.AWSAuthReadIdentityAccessListWithResponse(ctx, "i-0abc"))
	env.OK(t, err)
	if entry.Data.Role != "web" || entry.Data.ClientNonce != "client-nonce-1" || entry.Data.PendingTime != "2024-01-01T00:00:00Z" {
		t.Fatalf("access list entry: %+v", entry.Data)
	}
	old, err := wrappers.Decode(a.AWSAuthReadIdentityWhitelistWithResponse(ctx, "i-0abc"))
	env.OK(t, err)
	if old.Data.CreationTime != entry.Data.CreationTime {
		t.Fatalf("whitelist entry: %+v", old.Data)
	}
	_, err = wrappers.Check(a.AWSAuthDeleteIdentityWhitelistWithResponse(ctx, "i-0abc"))
	env.OK(t, err)
	_, err = wrappers.Check(a.AWSAuthDeleteIdentityAccessListWithResponse(ctx, "i-0abc"))
	env.OK(t, err)
	if _, err := wrappers.Check(a.AWSAuthReadIdentityAccessListWithResponse(ctx, "i-0abc")); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted access list entry: %v", err)
	}

	tidyConfigs(t, a)
	tidies(t, a)

	// Root rotation: the stub IAM hands out a new key.
	rotated, err := wrappers.Decode(a.AWSAuthRotateRootWithResponse(ctx))
	env.OK(t, err)
	if rotated.Data.AccessKey != "AKIANEWKEY0000000" || stub.count("DeleteAccessKey") != 1 {
		t.Fatalf("rotate-root: %+v (deletes %d)", rotated.Data, stub.count("DeleteAccessKey"))
	}
	cc, err = wrappers.Decode(a.AWSAuthReadClientConfigWithResponse(ctx))
	env.OK(t, err)
	if cc.Data.AccessKey != "AKIANEWKEY0000000" {
		t.Fatalf("client config after rotation: %+v", cc.Data)
	}

	// Clean up.
	for _, r := range roles.Data.Keys {
		_, err = wrappers.Check(a.AWSAuthDeleteRoleWithResponse(ctx, r))
		env.OK(t, err)
	}
	_, err = wrappers.Check(a.AWSAuthDeleteCertificateWithResponse(ctx, "test-ca"))
	env.OK(t, err)
	_, err = wrappers.Check(a.AWSAuthDeleteClientConfigWithResponse(ctx))
	env.OK(t, err)
	if _, err := wrappers.Check(a.AWSAuthReadClientConfigWithResponse(ctx)); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted client config: %v", err)
	}
}

// denyCycle denies a role tag and allows it again, through the current and
// the deprecated paths.
func denyCycle(t *testing.T, a *authaws.ClientWithResponses, tag string) {
	t.Helper()
	ctx := context.Background()
	_, err := wrappers.Check(a.AWSAuthAddRoleTagDenyListWithResponse(ctx, tag))
	env.OK(t, err)
	entry, err := wrappers.Decode(a.AWSAuthReadRoleTagDenyListWithResponse(ctx, tag))
	env.OK(t, err)
	if !entry.Data.ExpirationTime.After(entry.Data.CreationTime) {
		t.Fatalf("deny list entry: %+v", entry.Data)
	}
	old, err := wrappers.Decode(a.AWSAuthReadRoleTagBlacklistWithResponse(ctx, tag))
	env.OK(t, err)
	if !old.Data.CreationTime.Equal(entry.Data.CreationTime) {
		t.Fatalf("blacklist entry: %+v", old.Data)
	}
	tags, err := wrappers.Decode(a.AWSAuthListRoleTagDenyListWithResponse(ctx, &authaws.AWSAuthListRoleTagDenyListParams{List: list}))
	env.OK(t, err)
	oldTags, err := wrappers.Decode(a.AWSAuthListRoleTagBlacklistWithResponse(ctx, &authaws.AWSAuthListRoleTagBlacklistParams{List: list}))
	env.OK(t, err)
	if !slices.Equal(tags.Data.Keys, []string{tag}) || !slices.Equal(oldTags.Data.Keys, tags.Data.Keys) {
		t.Fatalf("deny list: %v / %v", tags.Data.Keys, oldTags.Data.Keys)
	}
	_, err = wrappers.Check(a.AWSAuthDeleteRoleTagDenyListWithResponse(ctx, tag))
	env.OK(t, err)
	_, err = wrappers.Check(a.AWSAuthAddRoleTagBlacklistWithResponse(ctx, tag))
	env.OK(t, err)
	_, err = wrappers.Check(a.AWSAuthDeleteRoleTagBlacklistWithResponse(ctx, tag))
	env.OK(t, err)
	if _, err := wrappers.Check(a.AWSAuthReadRoleTagDenyListWithResponse(ctx, tag)); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("allowed tag still denied: %v", err)
	}
}

// tidyConfigs writes, reads and resets the four tidy settings paths.
func tidyConfigs(t *testing.T, a *authaws.ClientWithResponses) {
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
				_, err := wrappers.Check(a.AWSAuthWriteIdentityAccessListTidyConfigWithResponse(ctx, b))
				return err
			},
			func() (*authaws.AWSAuthReadTidyConfigResult, error) {
				return wrappers.Decode(a.AWSAuthReadIdentityAccessListTidyConfigWithResponse(ctx))
			},
			func() error {
				_, err := wrappers.Check(a.AWSAuthDeleteIdentityAccessListTidyConfigWithResponse(ctx))
				return err
			}},
		{"identity-whitelist",
			func(b authaws.AWSAuthWriteTidyConfigRequest) error {
				_, err := wrappers.Check(a.AWSAuthWriteIdentityWhitelistTidyConfigWithResponse(ctx, b))
				return err
			},
			func() (*authaws.AWSAuthReadTidyConfigResult, error) {
				return wrappers.Decode(a.AWSAuthReadIdentityWhitelistTidyConfigWithResponse(ctx))
			},
			func() error {
				_, err := wrappers.Check(a.AWSAuthDeleteIdentityWhitelistTidyConfigWithResponse(ctx))
				return err
			}},
		{"roletag-denylist",
			func(b authaws.AWSAuthWriteTidyConfigRequest) error {
				_, err := wrappers.Check(a.AWSAuthWriteRoleTagDenyListTidyConfigWithResponse(ctx, b))
				return err
			},
			func() (*authaws.AWSAuthReadTidyConfigResult, error) {
				return wrappers.Decode(a.AWSAuthReadRoleTagDenyListTidyConfigWithResponse(ctx))
			},
			func() error {
				_, err := wrappers.Check(a.AWSAuthDeleteRoleTagDenyListTidyConfigWithResponse(ctx))
				return err
			}},
		{"roletag-blacklist",
			func(b authaws.AWSAuthWriteTidyConfigRequest) error {
				_, err := wrappers.Check(a.AWSAuthWriteRoleTagBlacklistTidyConfigWithResponse(ctx, b))
				return err
			},
			func() (*authaws.AWSAuthReadTidyConfigResult, error) {
				return wrappers.Decode(a.AWSAuthReadRoleTagBlacklistTidyConfigWithResponse(ctx))
			},
			func() error {
				_, err := wrappers.Check(a.AWSAuthDeleteRoleTagBlacklistTidyConfigWithResponse(ctx))
				return err
			}},
	}
	for i, op := range ops {
		buffer := int64(3600 * (i + 1))
		env.OK(t, op.write(authaws.AWSAuthWriteTidyConfigRequest{SafetyBuffer: ptr(vtypes.Seconds(buffer)), DisablePeriodicTidy: ptr(true)}))
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
func tidies(t *testing.T, a *authaws.ClientWithResponses) {
	t.Helper()
	ctx := context.Background()
	body := authaws.AWSAuthTidyRequest{SafetyBuffer: ptr(vtypes.Duration("1s"))}
	check := func(name string, status int, json200, json202 *authaws.AWSAuthWarningsResult, err error) {
		t.Helper()
		env.OK(t, err)
		res := json202
		if status == http.StatusOK {
			res = json200
		}
		if res == nil || len(res.Warnings) == 0 {
			t.Fatalf("%s: status %d without warnings", name, status)
		}
	}
	r1, err := wrappers.Check(a.AWSAuthTidyIdentityAccessListWithResponse(ctx, body))
	check("tidy identity-accesslist", r1.StatusCode(), r1.JSON200, r1.JSON202, err)
	time.Sleep(200 * time.Millisecond)
	r2, err := wrappers.Check(a.AWSAuthTidyIdentityWhitelistWithResponse(ctx, body))
	check("tidy identity-whitelist", r2.StatusCode(), r2.JSON200, r2.JSON202, err)
	r3, err := wrappers.Check(a.AWSAuthTidyRoleTagDenyListWithResponse(ctx, body))
	check("tidy roletag-denylist", r3.StatusCode(), r3.JSON200, r3.JSON202, err)
	time.Sleep(200 * time.Millisecond)
	r4, err := wrappers.Check(a.AWSAuthTidyRoleTagBlacklistWithResponse(ctx, body))
	check("tidy roletag-blacklist", r4.StatusCode(), r4.JSON200, r4.JSON202, err)
}
