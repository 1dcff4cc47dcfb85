package pki_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

func waitTidy(t *testing.T, a *pki.Client, want ...string) *pki.PKITidyStatusData {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, err := a.PKITidyStatus(t.Context())
		env.OK(t, err)
		for _, w := range want {
			if st.Data.State == w {
				return &st.Data
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("tidy still %q", st.Data.State)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestTidy(t *testing.T) {
	ctx := t.Context()
	setupCA(t)
	a := mainAPI(t)
	for i := 0; i < 3; i++ {
		issue(t, a, "tidy.example.com")
	}

	// A slow run, cancelled while it works.
	var startedRaw vtypes.Raw
	started, err := a.PKITidy(ctx, pki.PKITidyRequest{TidyCertStore: livetest.Ptr(true), PauseDuration: livetest.Ptr("1s")}, vtypes.CaptureRaw(&startedRaw))
	env.OK(t, err)
	if livetest.Status(startedRaw) != http.StatusAccepted || started == nil || len(started.Warnings) == 0 {
		t.Fatalf("tidy: %d, %+v", livetest.Status(startedRaw), started)
	}
	running := waitTidy(t, a, "Running", "Finished")
	if running.TidyCertStore == nil || !*running.TidyCertStore || running.PauseDuration == nil || *running.PauseDuration != "1s" {
		t.Fatalf("tidy status while running: %+v", running)
	}
	cancel, err := a.PKITidyCancel(ctx)
	env.OK(t, err)
	if running.State == "Running" && (cancel.Data == nil || cancel.Data.State != "Cancelling") {
		t.Fatalf("tidy-cancel of a running tidy: %+v", cancel.Data)
	}
	waitTidy(t, a, "Cancelled", "Finished")

	// A quick run to the end, then nothing left to cancel.
	_, err = a.PKITidy(ctx, pki.PKITidyRequest{
		TidyCertStore: livetest.Ptr(true), TidyRevokedCerts: livetest.Ptr(true), SafetyBuffer: livetest.Ptr(vtypes.Duration("1h")),
	})
	env.OK(t, err)
	done := waitTidy(t, a, "Finished")
	if done.TimeFinished == nil || done.CertStoreDeletedCount == nil || *done.SafetyBuffer != 3600 {
		t.Fatalf("finished tidy: %+v", done)
	}
	idle, err := a.PKITidyCancel(ctx)
	env.OK(t, err)
	if idle.Data != nil || len(idle.Warnings) == 0 {
		t.Fatalf("tidy-cancel with nothing running: %+v", idle.Data)
	}
}
