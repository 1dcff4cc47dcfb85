package sysraft_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/sysraft"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// Loaded snapshots (for RECOVER) are Enterprise, and bootstrapping only
// succeeds on a raft node that has never formed a cluster: both are checked
// against a doc-shaped stand-in.
func TestLoadedSnapshotsDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const id = "2403d301-94f2-46a1-a39d-02be83e2831a"
	loaded := `"cluster_id":"2ec84695-cfe5-44f3-b351-3f08a9ccc0c8","created_at":"2025-05-22T15:07:58.187769+01:00","expires_at":"2025-05-25T15:07:58.187769+01:00","snapshot_id":"` + id + `"`
	s.On("POST", "/v1/sys/storage/raft/bootstrap", 204, "")
	s.On("POST", "/v1/sys/storage/raft/snapshot-load", 200, docstub.Enveloped(`{`+loaded+`,"status":"loading"}`))
	s.On("GET", "/v1/sys/storage/raft/snapshot-load/", 200, docstub.Enveloped(`{"keys":["`+id+`"]}`))
	s.On("GET", "/v1/sys/storage/raft/snapshot-load/"+id, 200, docstub.Enveloped(`{`+loaded+`,"status":"ready"}`))
	s.On("DELETE", "/v1/sys/storage/raft/snapshot-load/"+id, 204, "")
	s.On("POST", "/v1/sys/storage/raft/snapshot-auto/snapshot-load/config1", 200, docstub.Enveloped(`{`+loaded+`,"auto_config_name":"config1","url":"https://example.com/raft.snap","status":"ready"}`))
	a := livetest.API(t, s.Client(t), "sys", sysraft.New)

	env.OK(t, a.SysBootstrapRaft(ctx))
	l, err := a.SysLoadRaftSnapshot(ctx, []byte("raft snapshot bytes"))
	env.OK(t, err)
	if l.Data.SnapshotID != id || l.Data.Status != "loading" {
		t.Fatalf("load: %+v", l.Data)
	}
	list, err := a.SysListLoadedRaftSnapshots(ctx)
	env.OK(t, err)
	r, err := a.SysReadLoadedRaftSnapshot(ctx, id)
	env.OK(t, err)
	if len(list.Data.Keys) != 1 || r.Data.Status != "ready" {
		t.Fatalf("list %v, read %+v", list.Data.Keys, r.Data)
	}
	auto, err := a.SysLoadRaftAutoSnapshot(ctx, "config1", sysraft.SysLoadRaftAutoSnapshotRequest{URL: "https://example.com/raft.snap"})
	env.OK(t, err)
	if auto.Data.AutoConfigName == nil || *auto.Data.AutoConfigName != "config1" || s.Sent("POST", "/v1/sys/storage/raft/snapshot-auto/snapshot-load/config1")["url"] != "https://example.com/raft.snap" {
		t.Fatalf("auto load: %+v", auto.Data)
	}
	env.OK(t, a.SysUnloadRaftSnapshot(ctx, id, &sysraft.SysUnloadRaftSnapshotParams{Force: livetest.Ptr(true)}))
	if q := s.RawQuery("DELETE", "/v1/sys/storage/raft/snapshot-load/"+id); q != "force=true" {
		t.Fatalf("unload query %q", q)
	}
}
