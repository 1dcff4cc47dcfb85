package sysinternal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/sysinternal"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var internalAPI = livetest.APIFor("sys", sysinternal.New)

// newToken issues a default-policy token through the token area.
func newToken(t *testing.T) string {
	t.Helper()
	c := env.Client(t)
	ttl := vtypes.Duration("1h")
	out, err := c.TokenAuth().TokenCreate(context.Background(), authtoken.TokenCreateRequest{Policies: []string{"default"}, TTL: &ttl})
	env.OK(t, err)
	env.Leaks.Add(out.Auth.ClientToken)
	return out.Auth.ClientToken
}

// raw sends a request outside the contract (for another area's endpoint).
func raw(t *testing.T, method, path string, body any) int {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, env.Server.Addr+"/v1/"+path, bytes.NewReader(b))
	req.Header.Set(wrappers.TokenHeader, env.Server.RootToken)
	rsp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	rsp.Body.Close()
	return rsp.StatusCode
}

// Client counting from off to on and back: config, this month's counts, the
// monthly report, the export, the entity count and the removed request counter.
func TestClientCounts(t *testing.T) {
	ctx := context.Background()
	api := internalAPI(t)

	cfg, err := api.SysReadActivityConfig(ctx)
	env.OK(t, err)
	if cfg.Data.Enabled != "default-disabled" || cfg.Data.QueriesAvailable {
		t.Fatalf("counting config on a fresh server: %+v", cfg.Data)
	}
	var monthly vtypes.Raw
	_, err = api.SysReadMonthlyActivity(ctx, vtypes.CaptureRaw(&monthly))
	env.OK(t, err)
	if monthly.Response.StatusCode != http.StatusNoContent {
		t.Fatalf("monthly counts while counting is off: status %d", monthly.Response.StatusCode)
	}

	var set vtypes.Raw
	_, err = api.SysWriteActivityConfig(ctx, sysinternal.SysWriteActivityConfigRequest{
		Enabled: livetest.Ptr(sysinternal.ActivityCountingEnable), RetentionMonths: livetest.Ptr(24),
	}, vtypes.CaptureRaw(&set))
	env.OK(t, err)
	if set.Response.StatusCode != http.StatusNoContent {
		t.Fatalf("enable counting: status %d", set.Response.StatusCode)
	}
	capped, err := api.SysWriteActivityConfig(ctx, sysinternal.SysWriteActivityConfigRequest{RetentionMonths: livetest.Ptr(100)})
	env.OK(t, err)
	if len(capped.Warnings) != 1 || !strings.Contains(capped.Warnings[0], "capped") {
		t.Fatalf("retention of 100 months: warnings %v", capped.Warnings)
	}
	cfg, err = api.SysReadActivityConfig(ctx)
	env.OK(t, err)
	if cfg.Data.Enabled != "enable" || cfg.Data.RetentionMonths != 60 {
		t.Fatalf("counting config after enabling: %+v", cfg.Data)
	}

	// A token used once is a non-entity client of auth/token this month.
	tok := newToken(t)
	_, err = env.Client(t, wrappers.WithToken(tok)).TokenAuth().TokenLookupSelf(ctx)
	env.OK(t, err)
	var month *sysinternal.SysReadMonthlyActivityResult
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		month, err = api.SysReadMonthlyActivity(ctx)
		if err == nil && month.Data.NonEntityClients >= 1 || time.Now().After(deadline) {
			break
		}
	}
	env.OK(t, err)
	if month.Data.Clients < 1 || len(month.Data.ByNamespace) != 1 || month.Data.ByNamespace[0].NamespaceID != "root" || len(month.Data.Months) != 1 {
		t.Fatalf("this month's counts: %+v", month.Data)
	}

	// Open source Vault reports finished months only.
	now := time.Now().UTC()
	report, err := api.SysReadActivityCounts(ctx, &sysinternal.SysReadActivityCountsParams{
		StartTime: livetest.Ptr(now.AddDate(0, -3, 0).Format(time.RFC3339)), EndTime: livetest.Ptr(now.Format(time.RFC3339)), LimitNamespaces: livetest.Ptr(5),
	})
	env.OK(t, err)
	startOfMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	// Before 1.21 the report runs to the end of the current month, as an estimate.
	if (env.AtLeast("1.21") && !report.Data.EndTime.Before(startOfMonth)) || len(report.Warnings) == 0 {
		t.Fatalf("report end %s (warnings %v), want before %s", report.Data.EndTime, report.Warnings, startOfMonth)
	}
	deprecated, err := api.SysReadActivityCounts(ctx, &sysinternal.SysReadActivityCountsParams{CurrentBillingPeriod: livetest.Ptr(true)})
	env.OK(t, err)
	// The deprecation warning came with 1.19.
	if env.AtLeast("1.19") && !slices.ContainsFunc(deprecated.Warnings, func(w string) bool { return strings.Contains(w, "deprecated") }) {
		t.Fatalf("current_billing_period: warnings %v", deprecated.Warnings)
	}

	// Nothing of this month is in storage yet: the export is empty.
	for _, format := range []sysinternal.ActivityExportFormat{sysinternal.ActivityExportJSON, sysinternal.ActivityExportCSV} {
		var export vtypes.Raw
		_, err := api.SysExportActivity(ctx, &sysinternal.SysExportActivityParams{Format: &format}, vtypes.CaptureRaw(&export))
		if !env.AtLeast("1.19") { // 1.17 answers an empty export with a 500
			var re *vtypes.ResponseError
			if !errors.As(err, &re) || re.StatusCode != http.StatusInternalServerError {
				t.Fatalf("%s export on %s: %v, want a 500", format, env.Version, err)
			}
			continue
		}
		env.OK(t, err)
		if export.Response.StatusCode != http.StatusNoContent {
			t.Fatalf("%s export: status %d, %d bytes", format, export.Response.StatusCode, len(export.Body))
		}
	}

	entities, err := api.SysReadEntityCounters(ctx)
	env.OK(t, err)
	before := entities.Data.Counters.Entities.Total
	if code := raw(t, http.MethodPost, "identity/entity", map[string]string{"name": "counted"}); code != http.StatusOK {
		t.Fatalf("create entity: %d", code)
	}
	entities, err = api.SysReadEntityCounters(ctx)
	env.OK(t, err)
	if entities.Data.Counters.Entities.Total != before+1 {
		t.Fatalf("entity count %d, want %d", entities.Data.Counters.Entities.Total, before+1)
	}

	err = api.SysReadRequestCounters(ctx)
	env.WantStatus(t, err, http.StatusNotFound)

	// Turning counting off again drops this month's data, with a warning.
	off, err := api.SysWriteActivityConfig(ctx, sysinternal.SysWriteActivityConfigRequest{Enabled: livetest.Ptr(sysinternal.ActivityCountingDisable)})
	env.OK(t, err)
	if len(off.Warnings) == 0 || off.Data != nil {
		t.Fatalf("disable counting: %+v", off)
	}
}

func TestInspectRouter(t *testing.T) {
	ctx := context.Background()
	api := internalAPI(t)

	for _, tag := range []sysinternal.RouterTag{sysinternal.RouterTagRoot, sysinternal.RouterTagUUID, sysinternal.RouterTagAccessor, sysinternal.RouterTagStorage} {
		out, err := api.SysInspectRouter(ctx, tag)
		env.OK(t, err)
		records := map[sysinternal.RouterTag][]sysinternal.RouterRecord{
			sysinternal.RouterTagRoot: out.Data.Root, sysinternal.RouterTagUUID: out.Data.UUID,
			sysinternal.RouterTagAccessor: out.Data.Accessor, sysinternal.RouterTagStorage: out.Data.Storage,
		}
		for other, recs := range records {
			if other != tag && recs != nil {
				t.Fatalf("router %s: data also has %s", tag, other)
			}
		}
		i := slices.IndexFunc(records[tag], func(r sysinternal.RouterRecord) bool { return r.MountPath == "secret/" })
		if i < 0 {
			t.Fatalf("router %s has no secret/ mount: %+v", tag, records[tag])
		}
		secret := records[tag][i]
		if secret.MountType != "kv" || secret.Accessor == "" || secret.UUID == "" {
			t.Fatalf("router %s secret/ entry: %+v", tag, secret)
		}
		if (tag == sysinternal.RouterTagRoot || tag == sysinternal.RouterTagStorage) && (secret.StoragePrefix == nil || !strings.HasPrefix(*secret.StoragePrefix, "logical/")) {
			t.Fatalf("router %s secret/ storage prefix: %+v", tag, secret.StoragePrefix)
		}
	}
}

func TestOpenAPIDocument(t *testing.T) {
	ctx := context.Background()

	anon, err := internalAPI(t, wrappers.WithToken("")).SysReadOpenAPI(ctx, nil)
	env.OK(t, err)
	if !strings.HasPrefix(anon.Openapi, "3.") || anon.Info["title"] == "" {
		t.Fatalf("unauthenticated document: openapi %q info %v", anon.Openapi, anon.Info)
	}

	api := internalAPI(t)
	doc, err := api.SysReadOpenAPI(ctx, &sysinternal.SysReadOpenAPIParams{Context: livetest.Ptr("ctx"), GenericMountPaths: livetest.Ptr(true)})
	env.OK(t, err)
	health, ok := doc.Paths["/sys/health"]
	if !ok || len(doc.Paths) <= len(anon.Paths) {
		t.Fatalf("root document: %d paths (anonymous %d), /sys/health %v", len(doc.Paths), len(anon.Paths), ok)
	}
	get, _ := health["get"].(map[string]any)
	if id, _ := get["operationId"].(string); id != "read-health-status" {
		t.Fatalf("/sys/health operationId %q", id)
	}
	if _, ok := doc.Paths["/{secret_mount_path}/data/{path}"]; !ok {
		t.Fatal("generic_mount_paths did not parameterise the kv mount")
	}

	posted, err := api.SysGenerateOpenAPI(ctx, sysinternal.SysGenerateOpenAPIRequest{})
	env.OK(t, err)
	if _, ok := posted.Paths["/secret/data/{path}"]; !ok {
		t.Fatal("POST without generic_mount_paths: no /secret/data/{path}")
	}
}

func TestUIHelpers(t *testing.T) {
	ctx := context.Background()
	anon := internalAPI(t, wrappers.WithToken(""))
	api := internalAPI(t)

	flags, err := anon.SysReadUIFeatureFlags(ctx)
	env.OK(t, err)
	if len(flags.FeatureFlags) != 0 {
		t.Fatalf("feature flags: %v", flags.FeatureFlags)
	}
	ns, err := api.SysListUINamespaces(ctx)
	env.OK(t, err)
	if len(ns.Data.Keys) != 1 || ns.Data.Keys[0] != "" {
		t.Fatalf("namespaces: %q", ns.Data.Keys)
	}
	_, err = anon.SysListUINamespaces(ctx)
	env.WantStatus(t, err, http.StatusInternalServerError)

	rootACL, err := api.SysReadUIResultantACL(ctx)
	env.OK(t, err)
	if !rootACL.Data.Root || rootACL.Data.ExactPaths != nil {
		t.Fatalf("root token ACL: %+v", rootACL.Data)
	}
	tok := newToken(t)
	acl, err := internalAPI(t, wrappers.WithToken(tok)).SysReadUIResultantACL(ctx)
	env.OK(t, err)
	lookup := acl.Data.ExactPaths["auth/token/lookup-self"]
	if acl.Data.Root || len(lookup.Capabilities) != 1 || lookup.Capabilities[0] != "read" {
		t.Fatalf("default policy ACL: %+v", acl.Data)
	}
	if cubby, ok := acl.Data.GlobPaths["cubbyhole/"]; !ok || !slices.Contains(cubby.Capabilities, "list") {
		t.Fatalf("default policy glob paths: %+v", acl.Data.GlobPaths)
	}

	// Custom messages are configured in Vault Enterprise only: none are active.
	for name, call := range map[string]func() (*sysinternal.CustomMessagesData, error){
		"authenticated": func() (*sysinternal.CustomMessagesData, error) {
			out, err := api.SysReadUIAuthenticatedMessages(ctx)
			if err != nil {
				return nil, err
			}
			return &out.Data, nil
		},
		"authenticated, no token": func() (*sysinternal.CustomMessagesData, error) {
			out, err := anon.SysReadUIAuthenticatedMessages(ctx)
			if err != nil {
				return nil, err
			}
			return &out.Data, nil
		},
		"unauthenticated": func() (*sysinternal.CustomMessagesData, error) {
			out, err := anon.SysReadUIUnauthenticatedMessages(ctx)
			if err != nil {
				return nil, err
			}
			return &out.Data, nil
		},
	} {
		data, err := call()
		env.OK(t, err)
		if len(data.Keys) != 0 || len(data.KeyInfo) != 0 {
			t.Fatalf("%s messages: %+v", name, data)
		}
	}
}
