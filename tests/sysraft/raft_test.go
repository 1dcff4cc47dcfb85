package sysraft_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/govault/govault/internal/vaulttest"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/sysconfig"
	"github.com/govault/govault/generated/sysraft"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func clients(t *testing.T) (*sysraft.Client, *wrappers.Client) {
	t.Helper()
	c := env.ClientFor(t, leader.Addr, rootToken)
	return livetest.API(t, c, "sys", sysraft.New), c
}

// eventually retries cond for up to 30 seconds; raft changes settle in the
// background.
func eventually(t *testing.T, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok, err := cond()
		env.OK(t, err)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func peers(t *testing.T, a *sysraft.Client) []sysraft.RaftServer {
	t.Helper()
	cfg, err := a.SysReadRaftConfiguration(context.Background())
	env.OK(t, err)
	return cfg.Data.Config.Servers
}

func TestConfiguration(t *testing.T) {
	ctx := context.Background()
	a, c := clients(t)
	servers := peers(t, a)
	if len(servers) != 1 || servers[0].NodeID != "n1" || !servers[0].Leader || !servers[0].Voter {
		t.Fatalf("servers: %+v", servers)
	}
	viaPost, err := a.SysReadRaftConfigurationWithDRToken(ctx, sysraft.DROperationTokenRequest{})
	env.OK(t, err)
	if !slices.Equal(viaPost.Data.Config.Servers, servers) {
		t.Fatalf("POST form: %+v", viaPost.Data.Config)
	}

	// The sanitized configuration of a raft server carries the raft stanza
	// (with the node ID from 1.19; 1.17 sends max_entry_size only).
	cfgAPI := livetest.API(t, c, "sys", sysconfig.New)
	san, err := cfgAPI.SysReadSanitizedConfig(ctx)
	env.OK(t, err)
	if san.Data.Storage == nil || san.Data.Storage.Type != "raft" || (env.AtLeast("1.19") && san.Data.Storage.Raft["node_id"] != "n1") {
		t.Fatalf("sanitized storage: %+v", san.Data.Storage)
	}
}

func TestAutopilot(t *testing.T) {
	ctx := context.Background()
	a, _ := clients(t)
	state, err := a.SysReadRaftAutopilotState(ctx)
	env.OK(t, err)
	n1, ok := state.Data.Servers["n1"]
	if !ok || state.Data.Leader != "n1" || n1.Status != "leader" || n1.Address == "" || !slices.Equal(state.Data.Voters, []string{"n1"}) {
		t.Fatalf("state: %+v", state.Data)
	}

	before, err := a.SysReadRaftAutopilotConfiguration(ctx)
	env.OK(t, err)
	err = a.SysWriteRaftAutopilotConfiguration(ctx, sysraft.SysWriteRaftAutopilotConfigurationRequest{
		MaxTrailingLogs:      livetest.Ptr(2000),
		LastContactThreshold: livetest.Ptr(vtypes.Duration("15s")),
		// A number is seconds.
		ServerStabilizationTime: livetest.Ptr(vtypes.Seconds(5)),
	})
	env.OK(t, err)
	after, err := a.SysReadRaftAutopilotConfiguration(ctx)
	env.OK(t, err)
	if after.Data.MaxTrailingLogs != 2000 || after.Data.LastContactThreshold != "15s" || after.Data.ServerStabilizationTime != "5s" ||
		after.Data.DeadServerLastContactThreshold != before.Data.DeadServerLastContactThreshold {
		t.Fatalf("after write: %+v", after.Data)
	}
	// cleanup_dead_servers needs min_quorum >= 3.
	if err := a.SysWriteRaftAutopilotConfiguration(ctx, sysraft.SysWriteRaftAutopilotConfigurationRequest{CleanupDeadServers: livetest.Ptr(true)}); !errors.Is(err, wrappers.ErrInvalidRequest) {
		t.Fatalf("cleanup without min_quorum: want 400, got %v", err)
	}
	err = a.SysWriteRaftAutopilotConfiguration(ctx, sysraft.SysWriteRaftAutopilotConfigurationRequest{
		MaxTrailingLogs:         livetest.Ptr(int(before.Data.MaxTrailingLogs)),
		LastContactThreshold:    livetest.Ptr(vtypes.Duration(before.Data.LastContactThreshold)),
		ServerStabilizationTime: livetest.Ptr(vtypes.Duration(before.Data.ServerStabilizationTime)),
	})
	env.OK(t, err)
}

func TestSnapshotRestore(t *testing.T) {
	ctx := context.Background()
	a, c := clients(t)
	writePolicy := func(name string) {
		t.Helper()
		_, err := c.Sys().SysWritePolicy(ctx, name, sys.SysWritePolicyRequest{Policy: livetest.Ptr(`path "secret/*" { capabilities = ["read"] }`)})
		env.OK(t, err)
	}
	policyExists := func(name string) bool {
		t.Helper()
		_, err := c.Sys().SysReadPolicy(ctx, name)
		if errors.Is(err, wrappers.ErrInvalidPath) {
			return false
		}
		env.OK(t, err)
		return true
	}

	writePolicy("before-snapshot")
	var snapRaw vtypes.Raw
	snap, err := a.SysReadRaftSnapshot(ctx, vtypes.CaptureRaw(&snapRaw))
	env.OK(t, err)
	if ct := snapRaw.Response.Header.Get("Content-Type"); ct != "application/gzip" || !bytes.HasPrefix(snap, []byte{0x1f, 0x8b}) {
		t.Fatalf("snapshot: %q, %d bytes", ct, len(snap))
	}
	writePolicy("after-snapshot")

	err = a.SysRestoreRaftSnapshot(ctx, snap)
	env.OK(t, err)
	env.OK(t, leader.WaitHealth(ctx, http.StatusOK))
	if !policyExists("before-snapshot") || policyExists("after-snapshot") {
		t.Fatal("restore did not bring back the snapshot's policies")
	}

	writePolicy("after-snapshot")
	err = a.SysForceRestoreRaftSnapshot(ctx, snap)
	env.OK(t, err)
	env.OK(t, leader.WaitHealth(ctx, http.StatusOK))
	if !policyExists("before-snapshot") || policyExists("after-snapshot") {
		t.Fatal("forced restore did not bring back the snapshot's policies")
	}

	if err := a.SysRestoreRaftSnapshot(ctx, []byte("not a snapshot")); err == nil {
		t.Fatal("a garbage snapshot was accepted")
	}
}

// A second node joins, shows up in the configuration and autopilot, and is
// removed again.
func TestJoinAndRemovePeer(t *testing.T) {
	ctx := context.Background()
	a, _ := clients(t)
	n2, err := vaulttest.StartRaftNode(ctx, "n2")
	if err != nil {
		t.Fatal(err)
	}
	defer n2.Stop()

	// The joining node has no token yet: join is unauthenticated.
	c2 := env.ClientFor(t, n2.Addr, "")
	a2 := livetest.API(t, c2, "sys", sysraft.New)
	joined, err := a2.SysJoinRaftCluster(ctx, sysraft.SysJoinRaftClusterRequest{LeaderAPIAddr: &leader.Addr})
	env.OK(t, err)
	if !joined.Joined {
		t.Fatal("join answered joined=false")
	}
	// It is unsealed with the cluster's keys and becomes a standby.
	if _, err := c2.Operator().SubmitUnsealKeys(ctx, unsealKeys); err != nil {
		t.Fatal(err)
	}
	env.OK(t, n2.WaitHealth(ctx, http.StatusTooManyRequests))

	eventually(t, "n2 in the raft configuration", func() (bool, error) {
		return slices.ContainsFunc(peers(t, a), func(s sysraft.RaftServer) bool { return s.NodeID == "n2" && !s.Leader }), nil
	})
	eventually(t, "n2 in the autopilot state", func() (bool, error) {
		st, err := a.SysReadRaftAutopilotState(ctx)
		if err != nil {
			return false, err
		}
		s, ok := st.Data.Servers["n2"]
		return ok && s.NodeStatus == "alive", nil
	})

	err = a.SysRemoveRaftPeer(ctx, sysraft.SysRemoveRaftPeerRequest{ServerID: "n2"})
	env.OK(t, err)
	servers := peers(t, a)
	if len(servers) != 1 || servers[0].NodeID != "n1" {
		t.Fatalf("after remove-peer: %+v", servers)
	}
	// An unknown id is not an error.
	err = a.SysRemoveRaftPeer(ctx, sysraft.SysRemoveRaftPeerRequest{ServerID: "no-such-node"})
	env.OK(t, err)
	if err := a.SysRemoveRaftPeer(ctx, sysraft.SysRemoveRaftPeerRequest{}); !errors.Is(err, wrappers.ErrInvalidRequest) {
		t.Fatalf("remove-peer without server_id: want 400, got %v", err)
	}

	// Joining an initialised node is a no-op that still says joined.
	again, err := a.SysJoinRaftCluster(ctx, sysraft.SysJoinRaftClusterRequest{LeaderAPIAddr: &n2.Addr})
	env.OK(t, err)
	if !again.Joined {
		t.Fatal("join on an initialised node answered joined=false")
	}
}

// Automated snapshots are an Enterprise feature: Community Edition routes
// the calls and refuses them with 404.
func TestAutoSnapshotsEnterpriseOnly(t *testing.T) {
	ctx := context.Background()
	a, _ := clients(t)
	calls := map[string]func() error{
		"SysListRaftAutoSnapshotConfigs": func() error {
			_, err := a.SysListRaftAutoSnapshotConfigs(ctx)
			return err
		},
		"SysWriteRaftAutoSnapshotConfig": func() error {
			err := a.SysWriteRaftAutoSnapshotConfig(ctx, "daily", sysraft.SysWriteRaftAutoSnapshotConfigRequest{
				Interval: vtypes.Duration("24h"), PathPrefix: "/tmp", StorageType: sysraft.AutoSnapshotStorageLocal, LocalMaxSpace: livetest.Ptr(int64(1 << 30)),
			})
			return err
		},
		"SysReadRaftAutoSnapshotConfig": func() error {
			_, err := a.SysReadRaftAutoSnapshotConfig(ctx, "daily")
			return err
		},
		"SysReadRaftAutoSnapshotStatus": func() error {
			_, err := a.SysReadRaftAutoSnapshotStatus(ctx, "daily")
			return err
		},
		"SysDeleteRaftAutoSnapshotConfig": func() error {
			return a.SysDeleteRaftAutoSnapshotConfig(ctx, "daily")
		},
	}
	env.ExpectEnterpriseOnly(t, calls)
}
