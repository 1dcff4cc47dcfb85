package sysenterprise_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/sysmanagedkeys"
	"github.com/govault/govault/generated/syssync"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// Managed keys against the docs-shaped Enterprise stand-in.
func TestManagedKeysDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	key := "/v1/sys/managed-keys/pkcs11/hsm-key1"
	s.On("POST", key, 204, "")
	s.On("GET", key, 200, docstub.Enveloped(`{"UUID":"af0a688e-d2c1-fc07-b365-40325674114d","allow_generate_key":true,"allow_replace_key":false,"allow_store_key":false,"any_mount":false,"curve":"","force_rw_session":false,"key_bits":0,"key_label":"test-kms-root","library":"softhsm","mechanism":1,"name":"hsm-key1","pin":"redacted","slot":1,"token_label":"","type":"pkcs11","usages":["sign","verify"]}`))
	s.On("GET", "/v1/sys/managed-keys/pkcs11/", 200, docstub.Enveloped(`{"keys":["hsm-key1","hsm-key2"]}`))
	s.On("POST", key+"/test/sign", 204, "")
	s.On("DELETE", key, 204, "")
	c := s.Client(t)
	a := livetest.API(t, c, "sys", sysmanagedkeys.New)

	env.Leaks.Add("12345")
	err := a.SysWriteManagedKey(ctx, sysmanagedkeys.Pkcs11, "hsm-key1", sysmanagedkeys.SysWriteManagedKeyRequest{
		Library: livetest.Ptr("softhsm"), Slot: livetest.Ptr("693149389"), Pin: livetest.Ptr("12345"), KeyLabel: livetest.Ptr("hsm-key1"), Mechanism: livetest.Ptr("0x0001"),
		AllowGenerateKey: livetest.Ptr(true), KeyBits: livetest.Ptr(2048), Usages: []string{"sign", "verify"},
	})
	env.OK(t, err)
	if got := s.Sent("POST", key); got["mechanism"] != "0x0001" || got["slot"] != "693149389" || got["allow_generate_key"] != true {
		t.Fatalf("write sent %v", got)
	}
	k, err := a.SysReadManagedKey(ctx, sysmanagedkeys.Pkcs11, "hsm-key1")
	env.OK(t, err)
	if k.Data.UUID == "" || k.Data.Mechanism == nil || *k.Data.Mechanism != 1 || k.Data.Usages[1] != "verify" {
		t.Fatalf("read: %+v", k.Data)
	}
	list, err := a.SysListManagedKeys(ctx, sysmanagedkeys.Pkcs11)
	env.OK(t, err)
	if len(list.Data.Keys) != 2 {
		t.Fatalf("list: %v", list.Data.Keys)
	}
	hash := sysmanagedkeys.SysTestSignManagedKeyRequestHashAlgorithm("sha2-384")
	err = a.SysTestSignManagedKey(ctx, sysmanagedkeys.Pkcs11, "hsm-key1", sysmanagedkeys.SysTestSignManagedKeyRequest{UsePss: livetest.Ptr(true), HashAlgorithm: &hash})
	env.OK(t, err)
	if got := s.Sent("POST", key+"/test/sign"); got["hash_algorithm"] != "sha2-384" || got["use_pss"] != true {
		t.Fatalf("test/sign sent %v", got)
	}
	err = a.SysDeleteManagedKey(ctx, sysmanagedkeys.Pkcs11, "hsm-key1")
	env.OK(t, err)
}

// Secrets sync against the docs-shaped Enterprise stand-in.
func TestSyncDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	awsDest := docstub.Enveloped(`{"connection_details":{"access_key_id":"*****","secret_access_key":"*****","region":"us-west-1"},"name":"my-store-1","options":{"custom_tags":{},"granularity_level":"secret-path","secret_name_template":"vault/{{ .MountAccessor }}/{{ .SecretPath }}"},"type":"aws-sm"}`)
	dests := "/v1/sys/sync/destinations/"
	s.On("PATCH", "/v1/sys/sync/config", 200, docstub.Enveloped(`{"disabled":true,"queue_capacity":1000000}`))
	s.On("GET", dests, 200, docstub.Enveloped(`{"key_info":{"aws-sm/":["my-dest-1"],"gh/":["my-dest-1"]},"keys":["aws-sm/","gh/"],"total_destinations":2}`))
	s.On("GET", dests+"aws-sm/", 200, docstub.Enveloped(`{"keys":["my-dest-1"],"total_destinations":1}`))
	s.On("GET", dests+"aws-sm/my-store-1", 200, awsDest)
	s.On("DELETE", dests+"aws-sm/my-store-1", 204, "")
	for _, typ := range []string{"aws-sm", "azure-kv", "gcp-sm", "gh", "vercel-project"} {
		body := awsDest
		if typ != "aws-sm" {
			body = docstub.Enveloped(`{"connection_details":{},"name":"my-store-1","options":{"granularity_level":"secret-key","secret_name_template":""},"type":"` + typ + `"}`)
		}
		s.On("POST", dests+typ+"/my-store-1", 200, body)
	}
	assoc := func(status string) string {
		return docstub.Enveloped(`{"associated_secrets":{"kv_eb4acbae/my-secret-1":{"accessor":"kv_eb4acbae","secret_name":"my-secret-1","sync_status":"` + status + `","updated_at":"2023-09-20T10:51:53.961861096-04:00"}},"store_name":"my-store-1","store_type":"aws-sm"}`)
	}
	s.On("GET", dests+"aws-sm/my-store-1/associations", 200, assoc("SYNCED"))
	s.On("POST", dests+"aws-sm/my-store-1/associations/set", 200, assoc("SYNCED"))
	s.On("POST", dests+"aws-sm/my-store-1/associations/remove", 200, assoc("UNSYNCED"))
	s.On("GET", "/v1/sys/sync/associations/", 200, docstub.Enveloped(`{"key_info":{"my-kv-1/my-secret-1":[{"mount":"my-kv-1/","secret_path":"my-secret-1"}],"my/kv/1/my/secret/1":[{"mount":"my/kv/1/","secret_path":"my/secret/1"}]},"keys":["my/kv/1/my/secret/1","my-kv-1/my-secret-1"],"total_associations":4,"total_secrets":2}`))
	byDest := docstub.Enveloped(`{"associated_destinations":{"aws-sm/my-dest-1":{"type":"aws-sm","name":"my-dest-1","sync_status":"UNSYNCED","updated_at":"2023-11-02T14:24:24.07391144-04:00"},"gh/my-dest-1":{"type":"gh","name":"my-dest-1","sync_status":"SYNCED","updated_at":"2023-11-02T14:24:28.719833506-04:00"}}}`)
	s.On("GET", "/v1/sys/sync/associations/my-kv-1/my-secret-1", 200, byDest)
	s.On("GET", "/v1/sys/sync/associations/destinations", 200, byDest)
	app := docstub.Enveloped(`{"app_id":123456,"fingerprint":"<fingerprint>","name":"my-custom-app","private_key":"*****"}`)
	s.On("POST", "/v1/sys/sync/github-apps/my-custom-app", 200, app)
	s.On("GET", "/v1/sys/sync/github-apps/my-custom-app", 200, app)
	s.On("DELETE", "/v1/sys/sync/github-apps/my-custom-app", 204, "")
	c := s.Client(t)
	a := livetest.API(t, c, "sys", syssync.New)

	cfg, err := a.SysPatchSyncConfig(ctx, syssync.SysPatchSyncConfigRequest{Disabled: livetest.Ptr(true)})
	env.OK(t, err)
	if !cfg.Data.Disabled || cfg.Data.QueueCapacity != 1000000 {
		t.Fatalf("config: %+v", cfg.Data)
	}
	if got := s.Sent("PATCH", "/v1/sys/sync/config"); got["disabled"] != true || got["queue_capacity"] != nil {
		t.Fatalf("config sent %v", got)
	}

	gran := syssync.SecretPath
	env.Leaks.Add("ktri-secret-key")
	aws, err := a.SysWriteSyncDestinationAWSSM(ctx, "my-store-1", syssync.SysWriteSyncDestinationAWSSMRequest{
		AccessKeyID: livetest.Ptr("AKIAEXAMPLE"), SecretAccessKey: livetest.Ptr("ktri-secret-key"), Region: livetest.Ptr("us-west-1"),
		Granularity: &gran, AllowedIpv4Addresses: []string{"10.0.100.1/24"},
	})
	env.OK(t, err)
	if aws.Data.ConnectionDetails["region"] != "us-west-1" || aws.Data.Type != "aws-sm" {
		t.Fatalf("aws-sm: %+v", aws.Data)
	}
	if got := s.Sent("POST", dests+"aws-sm/my-store-1"); got["granularity"] != "secret-path" || got["region"] != "us-west-1" {
		t.Fatalf("aws-sm sent %v", got)
	}
	_, err = a.SysWriteSyncDestinationAzureKV(ctx, "my-store-1", syssync.SysWriteSyncDestinationAzureKVRequest{KeyVaultURI: livetest.Ptr("https://keyvault-1234abcd.vault.azure.net"), TenantID: livetest.Ptr("t"), ClientID: livetest.Ptr("c"), ClientSecret: livetest.Ptr("s")})
	env.OK(t, err)
	_, err = a.SysWriteSyncDestinationGCPSM(ctx, "my-store-1", syssync.SysWriteSyncDestinationGCPSMRequest{Credentials: livetest.Ptr("{}"), ReplicationLocations: []string{"us-east1", "us-west1"}})
	env.OK(t, err)
	loc := syssync.SysWriteSyncDestinationGitHubRequestSecretsLocation("repository")
	_, err = a.SysWriteSyncDestinationGitHub(ctx, "my-store-1", syssync.SysWriteSyncDestinationGitHubRequest{AccessToken: livetest.Ptr("github_pat_12345"), SecretsLocation: &loc, RepositoryOwner: livetest.Ptr("me"), RepositoryName: livetest.Ptr("repo")})
	env.OK(t, err)
	env.Leaks.Add("github_pat_12345")
	_, err = a.SysWriteSyncDestinationVercelProject(ctx, "my-store-1", syssync.SysWriteSyncDestinationVercelProjectRequest{AccessToken: livetest.Ptr("vercel-tok"), ProjectID: livetest.Ptr("prj_12345"), DeploymentEnvironments: []string{"development", "preview", "production"}})
	env.OK(t, err)
	if envs := s.Sent("POST", dests+"vercel-project/my-store-1")["deployment_environments"].([]any); len(envs) != 3 {
		t.Fatalf("vercel sent %v", envs)
	}

	all, err := a.SysListSyncDestinations(ctx)
	env.OK(t, err)
	if all.Data.TotalDestinations != 2 || all.Data.KeyInfo["gh/"][0] != "my-dest-1" {
		t.Fatalf("destinations: %+v", all.Data)
	}
	byType, err := a.SysListSyncDestinationsByType(ctx, "aws-sm")
	env.OK(t, err)
	if byType.Data.Keys[0] != "my-dest-1" {
		t.Fatalf("by type: %+v", byType.Data)
	}
	read, err := a.SysReadSyncDestination(ctx, "aws-sm", "my-store-1")
	env.OK(t, err)
	if read.Data.Options["granularity_level"] != "secret-path" {
		t.Fatalf("read: %+v", read.Data)
	}

	ref := syssync.SyncAssociationRequest{Mount: "my-kv", SecretName: "my-secret-1"}
	set, err := a.SysSetSyncAssociation(ctx, "aws-sm", "my-store-1", ref)
	env.OK(t, err)
	if set.Data.AssociatedSecrets["kv_eb4acbae/my-secret-1"].SyncStatus != "SYNCED" {
		t.Fatalf("set: %+v", set.Data)
	}
	assocs, err := a.SysReadSyncDestinationAssociations(ctx, "aws-sm", "my-store-1")
	env.OK(t, err)
	if assocs.Data.StoreName != "my-store-1" {
		t.Fatalf("associations: %+v", assocs.Data)
	}
	secrets, err := a.SysListSyncAssociations(ctx)
	env.OK(t, err)
	if secrets.Data.TotalSecrets != 2 || secrets.Data.KeyInfo["my-kv-1/my-secret-1"][0].SecretPath != "my-secret-1" {
		t.Fatalf("associations list: %+v", secrets.Data)
	}
	dd, err := a.SysReadSyncSecretDestinations(ctx, "my-kv-1", "my-secret-1")
	env.OK(t, err)
	dq, err := a.SysQuerySyncSecretDestinations(ctx, &syssync.SysQuerySyncSecretDestinationsParams{Mount: "my-kv-1", SecretName: "my-secret-1"})
	env.OK(t, err)
	if len(dd.Data.AssociatedDestinations) != 2 || dq.Data.AssociatedDestinations["gh/my-dest-1"].SyncStatus != "SYNCED" {
		t.Fatalf("by secret: %+v %+v", dd.Data, dq.Data)
	}
	if q := s.RawQuery("GET", "/v1/sys/sync/associations/destinations"); q != "mount=my-kv-1&secret_name=my-secret-1" {
		t.Fatalf("query form sent %q", q)
	}
	rm, err := a.SysRemoveSyncAssociation(ctx, "aws-sm", "my-store-1", ref)
	env.OK(t, err)
	if rm.Data.AssociatedSecrets["kv_eb4acbae/my-secret-1"].SyncStatus != "UNSYNCED" {
		t.Fatalf("remove: %+v", rm.Data)
	}
	_, err = a.SysDeleteSyncDestination(ctx, "aws-sm", "my-store-1", &syssync.SysDeleteSyncDestinationParams{Purge: livetest.Ptr(true)})
	env.OK(t, err)
	if q := s.RawQuery("DELETE", dests+"aws-sm/my-store-1"); q != "purge=true" {
		t.Fatalf("delete sent query %q", q)
	}

	pem := "-----BEGIN RSA PRIVATE KEY-----\nMIIEexample\n-----END RSA PRIVATE KEY-----"
	env.Leaks.Add(pem)
	created, err := a.SysWriteSyncGitHubApp(ctx, "my-custom-app", syssync.SysWriteSyncGitHubAppRequest{AppID: "123456", PrivateKey: pem})
	env.OK(t, err)
	got, err := a.SysReadSyncGitHubApp(ctx, "my-custom-app")
	env.OK(t, err)
	if created.Data.AppID != 123456 || got.Data.PrivateKey != "*****" {
		t.Fatalf("github app: %+v %+v", created.Data, got.Data)
	}
	err = a.SysDeleteSyncGitHubApp(ctx, "my-custom-app")
	env.OK(t, err)
}
