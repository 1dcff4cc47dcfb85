package sysenterprise_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/sysreplication"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// The open-source dev server really answers sys/replication/status, without
// a token, with mode "disabled".
func TestReplicationStatusRealServer(t *testing.T) {
	a := livetest.API(t, env.Client(t, wrappers.WithToken("")), "sys", sysreplication.New)
	st, err := a.SysReadReplicationStatus(context.Background())
	env.OK(t, err)
	if st.Data.Mode == nil || *st.Data.Mode != "disabled" || st.Data.Dr != nil {
		t.Fatalf("status: %+v", st.Data)
	}
}

// Doc samples (Vault 1.21 API docs) the stand-in answers with.
const (
	drPrimaryStatus     = `{"cluster_id":"eef2a5ab-51e2-1c05-407c-8b4dc8d09ebf","corrupted_merkle_tree":false,"known_secondaries":["4ca6b639-046b-5bb1-8043-6788ddf09121"],"last_corruption_check_epoch":"-62135596800","last_dr_wal":223,"last_reindex_epoch":"0","last_wal":223,"merkle_root":"2494830f1a1c304829b5742a232d39b5457bce9a","mode":"primary","primary_cluster_addr":"","secondaries":[{"api_address":"https://127.0.0.1:65531","clock_skew_ms":"0","cluster_address":"https://127.0.0.1:65534","connection_status":"connected","last_heartbeat":"2024-03-04T10:05:56-05:00","last_heartbeat_duration_ms":"0","node_id":"4ca6b639-046b-5bb1-8043-6788ddf09121","replication_primary_canary_age_ms":"696"}],"ssct_generation_counter":0,"state":"running"}`
	perfSecondaryStatus = `{"cluster_id":"06dcf957-6630-44ae-bdd9-117d5f4d70d7","known_primary_cluster_addrs":["https://127.0.0.1:8201"],"last_remote_wal":87,"merkle_root":"c31e40f6ff02f32c37b70e6a4d58732ac812abf0","mode":"secondary","primaries":[{"api_address":"https://127.0.0.1:49244","cluster_address":"https://127.0.0.1:8201","connection_status":"connected","last_heartbeat":"2020-06-10T15:40:46-07:00"}],"primary_cluster_addr":"https://127.0.0.1:8201","secondary_id":"2","state":"stream-wals"}`
	merkleReport        = `{"merkle_corruption_report":{"corrupted_root":false,"corrupted_tree_map":{"1":{"corrupted_index_tuples_map":{"5":{"corrupted":false,"subpages":[28]}},"corrupted_subtree_root":false,"root_hash":"DyGc6rQTV9XgyNSff3zimhi3FJM=","tree_type":"replicated"},"2":{"corrupted_index_tuples_map":null,"corrupted_subtree_root":false,"root_hash":"EXmRTdfYCZTm5i9wLef9RQqyLCw=","tree_type":"local"}},"last_corruption_check_epoch":"2023-09-11T11:25:59.44956-07:00"}}`
	secondaryToken      = `{"request_id":"","lease_id":"","lease_duration":0,"renewable":false,"data":null,"warnings":null,"wrap_info":{"token":"fb79b9d3-d94e-9eb6-4919-c559311133d6","ttl":300,"creation_time":"2016-09-28T14:41:00.56961496-04:00","wrapped_accessor":""},"auth":null,"mount_type":""}`
	licenseSample       = `{"expiration_time":"2022-05-17T23:59:59Z","features":["HSM","Performance Replication","DR Replication","MFA","Sentinel"],"license_id":"060d7820-fa59-f95c-832b-395db0aeb9ba","performance_standby_count":9999,"start_time":"2021-05-17T00:00:00Z","termination_time":"2031-05-17T23:59:59Z"}`
)

// Every other replication operation against the docs-shaped Enterprise stand-in.
func TestReplicationDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	warned := docstub.EnvelopedWarn("This cluster is being enabled as a primary for replication. Vault will be unavailable for a brief period and will resume service shortly.")
	s.On("GET", "/v1/sys/replication/status", 200, docstub.Enveloped(`{"dr":`+drPrimaryStatus+`,"performance":`+perfSecondaryStatus+`}`))
	s.On("GET", "/v1/sys/replication/dr/status", 200, docstub.Enveloped(drPrimaryStatus))
	s.On("GET", "/v1/sys/replication/performance/status", 200, docstub.Enveloped(perfSecondaryStatus))
	for _, p := range []string{"recover", "reindex", "dr/secondary/reindex", "dr/secondary/recover"} {
		s.On("POST", "/v1/sys/replication/"+p, 200, docstub.EnvelopedWarn("..."))
	}
	s.On("POST", "/v1/sys/replication/merkle-check", 200, docstub.Enveloped(merkleReport))
	s.On("POST", "/v1/sys/replication/dr/secondary/merkle-check", 200, docstub.Enveloped(merkleReport))
	for _, prefix := range []string{"dr/", "performance/", ""} {
		base := "/v1/sys/replication/" + prefix
		s.On("POST", base+"primary/enable", 200, warned)
		s.On("POST", base+"primary/demote", 200, warned)
		s.On("POST", base+"primary/disable", 200, warned)
		s.On("POST", base+"primary/secondary-token", 200, secondaryToken)
		s.On("POST", base+"primary/revoke-secondary", 204, "")
		s.On("POST", base+"secondary/enable", 200, warned)
		s.On("POST", base+"secondary/promote", 200, warned)
		s.On("POST", base+"secondary/disable", 200, warned)
		s.On("POST", base+"secondary/update-primary", 200, warned)
		s.On("POST", base+"secondary/generate-public-key", 200, docstub.Enveloped(`{"secondary_public_key":"qYBcPbhD8U4IgvRt6j+nuvbeTl9RaEBOlOw5u6FpKZU="}`))
	}
	// The DR promote sample response, as the docs print it.
	s.On("POST", "/v1/sys/replication/dr/secondary/promote", 200, `{"progress":0,"required":1,"complete":false,"request_id":"ad8f9074-0e24-d30e-83cd-595c9652ff89","lease_id":"","renewable":false,"lease_duration":0,"data":{"complete":false,"progress":0,"required":1},"wrap_info":null,"warnings":null,"auth":null,"mount_type":""}`)
	attempt := "/v1/sys/replication/dr/secondary/generate-operation-token/attempt"
	s.On("GET", attempt, 200, `{"started":true,"nonce":"2dbd10f1-8528-6246-09e7-82b25b8aba63","progress":1,"required":3,"encoded_token":"","pgp_fingerprint":"","complete":false}`)
	s.On("POST", attempt, 200, `{"started":true,"nonce":"2dbd10f1-8528-6246-09e7-82b25b8aba63","progress":1,"required":3,"encoded_token":"","otp":"2vPFYG8gUSW9npwzyvxXMug0","otp_length":24,"complete":false}`)
	s.On("DELETE", attempt, 204, "")
	s.On("POST", "/v1/sys/replication/dr/secondary/generate-operation-token/update", 200, `{"started":true,"nonce":"2dbd10f1-8528-6246-09e7-82b25b8aba63","progress":3,"required":3,"pgp_fingerprint":"","complete":true,"encoded_token":"FPzkNBvwNDeFh4SmGA8c+w=="}`)
	s.On("POST", "/v1/sys/replication/dr/secondary/operation-token/delete", 204, "")
	s.On("POST", "/v1/sys/replication/dr/secondary/config/reload/license", 204, "")
	s.On("GET", "/v1/sys/replication/dr/secondary/license/status", 200, docstub.Enveloped(`{"autoloading_used":true,"autoloaded":`+licenseSample+`,"persisted_autoload":`+licenseSample+`}`))
	pf := "/v1/sys/replication/performance/primary/paths-filter/mySecondaryID"
	s.On("POST", pf, 204, "")
	s.On("GET", pf, 200, docstub.Enveloped(`{"mode":"allow","paths":["secret/","ns1/"]}`))
	s.On("DELETE", pf, 204, "")
	dyn := docstub.Enveloped(`{"dynamic_filtered_mounts":["ns1/ns2/secret/","ns1/kv/"],"dynamic_filtered_namespaces":["ns1/","ns1/ns2/"]}`)
	s.On("GET", "/v1/sys/replication/performance/primary/dynamic-filter/mySecondaryID", 200, dyn)
	s.On("GET", "/v1/sys/replication/performance/secondary/dynamic-filter/mySecondaryID", 200, dyn)

	a := livetest.API(t, s.Client(t), "sys", sysreplication.New)
	ok := func(name string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, env.Leaks.Seen(err))
		}
	}

	// Status.
	st, err := a.SysReadReplicationStatus(ctx)
	ok("status", err)
	if st.Data.Dr == nil || st.Data.Dr.Mode != "primary" || st.Data.Performance == nil || st.Data.Performance.Mode != "secondary" {
		t.Fatalf("status: %+v", st.Data)
	}
	dr, err := a.SysReadDRReplicationStatus(ctx)
	ok("dr status", err)
	if len(dr.Data.Secondaries) != 1 || *dr.Data.Secondaries[0].ConnectionStatus != "connected" || *dr.Data.LastDrWal != 223 {
		t.Fatalf("dr status: %+v", dr.Data)
	}
	perf, err := a.SysReadPerformanceReplicationStatus(ctx)
	ok("performance status", err)
	if *perf.Data.State != "stream-wals" || len(perf.Data.Primaries) != 1 {
		t.Fatalf("performance status: %+v", perf.Data)
	}

	// General.
	_, err = a.SysRecoverReplication(ctx)
	ok("recover", err)
	_, err = a.SysReindexReplication(ctx, sysreplication.SysReindexReplicationRequest{Diff: livetest.Ptr(true)})
	ok("reindex", err)
	if s.Sent("POST", "/v1/sys/replication/reindex")["diff"] != true {
		t.Fatal("reindex did not send diff")
	}
	mc, err := a.SysCheckReplicationMerkleTree(ctx)
	ok("merkle-check", err)
	if tree := mc.Data.MerkleCorruptionReport.CorruptedTreeMap["1"]; tree.CorruptedIndexTuplesMap == nil || tree.CorruptedIndexTuplesMap["5"].Subpages[0] != 28 {
		t.Fatalf("merkle-check: %+v", mc.Data)
	}

	// Primaries: DR, performance and the older performance paths.
	addr := "https://10.0.0.1:8201"
	ttl := vtypes.Duration("30m")
	token := func(name string, res *sysreplication.ReplicationSecondaryTokenResult, err error) {
		t.Helper()
		ok(name, err)
		if res.WrapInfo == nil || res.WrapInfo.Token == nil || *res.WrapInfo.Token == "" {
			t.Fatalf("%s: no wrapped activation token: %+v", name, res)
		}
		env.Leaks.Add(*res.WrapInfo.Token)
	}
	en, err := a.SysEnableDRPrimary(ctx, sysreplication.ReplicationPrimaryEnableRequest{PrimaryClusterAddr: &addr})
	ok("dr primary enable", err)
	if len(en.Warnings) != 1 || s.Sent("POST", "/v1/sys/replication/dr/primary/enable")["primary_cluster_addr"] != addr {
		t.Fatalf("dr primary enable: %+v", en)
	}
	_, err = a.SysDemoteDRPrimary(ctx)
	ok("dr demote", err)
	_, err = a.SysDisableDRPrimary(ctx)
	ok("dr disable", err)
	tok, err := a.SysCreateDRSecondaryToken(ctx, sysreplication.ReplicationSecondaryTokenRequest{ID: "us-east-1", TTL: &ttl})
	token("dr secondary-token", tok, err)
	if got := s.Sent("POST", "/v1/sys/replication/dr/primary/secondary-token"); got["id"] != "us-east-1" || got["ttl"] != "30m" {
		t.Fatalf("dr secondary-token sent %v", got)
	}
	_, err = a.SysRevokeDRSecondary(ctx, sysreplication.ReplicationRevokeSecondaryRequest{ID: "us-east-1"})
	ok("dr revoke-secondary", err)

	_, err = a.SysEnablePerformancePrimary(ctx, sysreplication.ReplicationPrimaryEnableRequest{})
	ok("perf primary enable", err)
	_, err = a.SysDemotePerformancePrimary(ctx)
	ok("perf demote", err)
	_, err = a.SysDisablePerformancePrimary(ctx)
	ok("perf disable", err)
	tok, err = a.SysCreatePerformanceSecondaryToken(ctx, sysreplication.ReplicationSecondaryTokenRequest{ID: "us-west"})
	token("perf secondary-token", tok, err)
	_, err = a.SysRevokePerformanceSecondary(ctx, sysreplication.ReplicationRevokeSecondaryRequest{ID: "us-west"})
	ok("perf revoke-secondary", err)

	_, err = a.SysEnableReplicationPrimary(ctx, sysreplication.ReplicationPrimaryEnableRequest{})
	ok("legacy primary enable", err)
	_, err = a.SysDemoteReplicationPrimary(ctx)
	ok("legacy demote", err)
	_, err = a.SysDisableReplicationPrimary(ctx)
	ok("legacy disable", err)
	tok, err = a.SysCreateReplicationSecondaryToken(ctx, sysreplication.ReplicationSecondaryTokenRequest{ID: "legacy"})
	token("legacy secondary-token", tok, err)
	_, err = a.SysRevokeReplicationSecondary(ctx, sysreplication.ReplicationRevokeSecondaryRequest{ID: "legacy"})
	ok("legacy revoke-secondary", err)

	// Path filters.
	mode := sysreplication.SysWritePerformancePathsFilterRequestMode("allow")
	_, err = a.SysWritePerformancePathsFilter(ctx, "mySecondaryID", sysreplication.SysWritePerformancePathsFilterRequest{Mode: &mode, Paths: []string{"secret/", "ns1/"}})
	ok("paths-filter write", err)
	if got := s.Sent("POST", pf); got["mode"] != "allow" || len(got["paths"].([]any)) != 2 {
		t.Fatalf("paths-filter sent %v", got)
	}
	filter, err := a.SysReadPerformancePathsFilter(ctx, "mySecondaryID")
	ok("paths-filter read", err)
	if filter.Data.Mode != "allow" || filter.Data.Paths[1] != "ns1/" {
		t.Fatalf("paths-filter: %+v", filter.Data)
	}
	err = a.SysDeletePerformancePathsFilter(ctx, "mySecondaryID")
	ok("paths-filter delete", err)
	pd, err := a.SysReadPerformancePrimaryDynamicFilter(ctx, "mySecondaryID")
	ok("primary dynamic-filter", err)
	sd, err := a.SysReadPerformanceSecondaryDynamicFilter(ctx, "mySecondaryID")
	ok("secondary dynamic-filter", err)
	if pd.Data.DynamicFilteredMounts[0] != "ns1/ns2/secret/" || len(sd.Data.DynamicFilteredNamespaces) != 2 {
		t.Fatalf("dynamic filters: %+v %+v", pd.Data, sd.Data)
	}

	// Secondaries.
	act := "eyJhbGciOiJFUzUxMiIsInR5cCI6IkpXVCJ9.activation"
	env.Leaks.Add(act)
	for name, call := range map[string]func() (*sysreplication.ReplicationPublicKeyResult, error){
		"dr": func() (*sysreplication.ReplicationPublicKeyResult, error) {
			return a.SysGenerateDRSecondaryPublicKey(ctx)
		},
		"perf": func() (*sysreplication.ReplicationPublicKeyResult, error) {
			return a.SysGeneratePerformanceSecondaryPublicKey(ctx)
		},
	} {
		pk, err := call()
		ok(name+" generate-public-key", err)
		if pk.Data.SecondaryPublicKey == "" {
			t.Fatalf("%s generate-public-key: empty", name)
		}
	}
	_, err = a.SysEnableDRSecondary(ctx, sysreplication.ReplicationSecondaryEnableRequest{Token: act})
	ok("dr secondary enable", err)
	if s.Sent("POST", "/v1/sys/replication/dr/secondary/enable")["token"] != act {
		t.Fatal("dr secondary enable did not send the token")
	}
	_, err = a.SysEnablePerformanceSecondary(ctx, sysreplication.ReplicationSecondaryEnableRequest{Token: act})
	ok("perf secondary enable", err)
	_, err = a.SysEnableReplicationSecondary(ctx, sysreplication.ReplicationSecondaryEnableRequest{Token: act})
	ok("legacy secondary enable", err)
	_, err = a.SysPromotePerformanceSecondary(ctx, sysreplication.ReplicationPromoteRequest{Force: livetest.Ptr(true)})
	ok("perf promote", err)
	_, err = a.SysPromoteReplicationSecondary(ctx, sysreplication.ReplicationPromoteRequest{})
	ok("legacy promote", err)
	_, err = a.SysUpdatePerformanceSecondaryPrimary(ctx, sysreplication.ReplicationUpdatePrimaryRequest{UpdatePrimaryAddrs: []string{"10.0.0.2:8201"}})
	ok("perf update-primary", err)
	_, err = a.SysUpdateReplicationSecondaryPrimary(ctx, sysreplication.ReplicationUpdatePrimaryRequest{Token: &act})
	ok("legacy update-primary", err)
	_, err = a.SysDisablePerformanceSecondary(ctx)
	ok("perf secondary disable", err)
	_, err = a.SysDisableReplicationSecondary(ctx)
	ok("legacy secondary disable", err)

	// DR operation token and the calls it authorizes.
	started, err := a.SysStartDROperationTokenAttempt(ctx, sysreplication.SysStartDROperationTokenAttemptRequest{})
	ok("operation token start", err)
	if started.OTP == nil || *started.OTPLength != 24 {
		t.Fatalf("start: %+v", started)
	}
	env.Leaks.Add(*started.OTP)
	cur, err := a.SysReadDROperationTokenAttempt(ctx)
	ok("operation token read", err)
	if !cur.Started || cur.Nonce != started.Nonce {
		t.Fatalf("attempt: %+v", cur)
	}
	done, err := a.SysUpdateDROperationTokenAttempt(ctx, sysreplication.SysUpdateDROperationTokenAttemptRequest{Key: "acbd1234", Nonce: cur.Nonce})
	ok("operation token update", err)
	if !done.Complete || done.EncodedToken == nil || *done.EncodedToken == "" {
		t.Fatalf("update: %+v", done)
	}
	err = a.SysCancelDROperationTokenAttempt(ctx)
	ok("operation token cancel", err)
	opTok := "ijH8tphEHaBtgx+IvPfxDsSi2LV4j9k+Lad6eqT5cJw="
	env.Leaks.Add(opTok)
	prom, err := a.SysPromoteDRSecondary(ctx, sysreplication.SysPromoteDRSecondaryRequest{DrOperationToken: opTok})
	ok("dr promote", err)
	if prom.Data == nil || prom.Data.Required == nil || *prom.Data.Required != 1 {
		t.Fatalf("dr promote: %+v", prom)
	}
	if s.Sent("POST", "/v1/sys/replication/dr/secondary/promote")["dr_operation_token"] != opTok {
		t.Fatal("dr promote did not send the operation token")
	}
	_, err = a.SysUpdateDRSecondaryPrimary(ctx, sysreplication.SysUpdateDRSecondaryPrimaryRequest{DrOperationToken: opTok, Token: &act})
	ok("dr update-primary", err)
	_, err = a.SysReindexDRSecondary(ctx, sysreplication.SysReindexDRSecondaryRequest{DrOperationToken: opTok, Force: livetest.Ptr(true)})
	ok("dr reindex", err)
	_, err = a.SysRecoverDRSecondary(ctx, sysreplication.SysRecoverDRSecondaryRequest{DrOperationToken: &opTok})
	ok("dr recover", err)
	dmc, err := a.SysCheckDRSecondaryMerkleTree(ctx, sysreplication.SysCheckDRSecondaryMerkleTreeRequest{DrOperationToken: opTok})
	ok("dr merkle-check", err)
	if dmc.Data.MerkleCorruptionReport.CorruptedRoot {
		t.Fatal("dr merkle-check: corrupted root")
	}
	_, err = a.SysReloadDRSecondaryConfig(ctx, "license", sysreplication.SysReloadDRSecondaryConfigRequest{DrOperationToken: &opTok})
	ok("dr config reload", err)
	lic, err := a.SysReadDRSecondaryLicenseStatus(ctx)
	ok("dr license status", err)
	if !lic.Data.AutoloadingUsed || lic.Data.Autoloaded == nil || *lic.Data.Autoloaded.PerformanceStandbyCount != 9999 {
		t.Fatalf("dr license: %+v", lic.Data)
	}
	_, err = a.SysDisableDRSecondary(ctx, sysreplication.SysDisableDRSecondaryRequest{DrOperationToken: opTok})
	ok("dr secondary disable", err)
	_, err = a.SysDeleteDROperationToken(ctx, sysreplication.SysDeleteDROperationTokenRequest{DrOperationToken: opTok})
	ok("operation token delete", err)
}
