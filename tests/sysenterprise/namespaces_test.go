package sysenterprise_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/govault/govault/generated/sysnamespaces"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
	"github.com/govault/govault/wrappers"
)

// The open-source dev server has no namespaces: it answers 404 with
// "enterprise-only feature", an error body the spec describes.
func TestNamespacesOpenSourceAnswer(t *testing.T) {
	a := livetest.API(t, env.Client(t), "sys", sysnamespaces.New)
	_, err := a.SysReadNamespace(context.Background(), "ns1")
	var re *wrappers.ResponseError
	if !errors.As(err, &re) || !errors.Is(err, wrappers.ErrInvalidPath) || !strings.Contains(strings.Join(re.Errors, " "), "enterprise-only") {
		t.Fatalf("want 404 enterprise-only feature, got %v", err)
	}
}

// Every namespace operation against the docs-shaped Enterprise stand-in.
func TestNamespacesDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	ns := `{"id":"gsudj","path":"ns1/","custom_metadata":{"foo":"abc","bar":"123"}}`
	s.On("GET", "/v1/sys/namespaces/", 200, docstub.Enveloped(`{"key_info":{"bar/":{"custom_metadata":{},"id":"HWmNL","path":"bar/"},"foo/":{"custom_metadata":{},"id":"5q39x","path":"foo/"}},"keys":["bar/","foo/"]}`))
	s.On("POST", "/v1/sys/namespaces/ns1", 200, docstub.Enveloped(ns))
	s.On("GET", "/v1/sys/namespaces/ns1", 200, docstub.Enveloped(ns))
	s.On("PATCH", "/v1/sys/namespaces/ns1", 200, docstub.Enveloped(`{"id":"gsudj","path":"ns1/","custom_metadata":{"foo":"abc"}}`))
	s.On("DELETE", "/v1/sys/namespaces/ns1", 204, "")
	s.On("POST", "/v1/sys/namespaces/api-lock/lock", 200, docstub.Enveloped(`{"unlock_key":"Wq8nY2t1FQ2BzPpF8cC4kW1z"}`))
	s.On("POST", "/v1/sys/namespaces/api-lock/lock/some/descendant/subpath", 200, docstub.Enveloped(`{"unlock_key":"b7DqU3uRZg0hVQ0bAa4Kc7lh"}`))
	s.On("POST", "/v1/sys/namespaces/api-lock/unlock", 204, "")
	s.On("POST", "/v1/sys/namespaces/api-lock/unlock/some/descendant/subpath", 204, "")
	a := livetest.API(t, s.Client(t), "sys", sysnamespaces.New)

	created, err := a.SysCreateNamespace(ctx, "ns1", sysnamespaces.SysCreateNamespaceRequest{
		CustomMetadata: map[string]string{"foo": "abc", "bar": "123"},
	})
	env.OK(t, err)
	if created.Data.Path != "ns1/" || created.Data.ID != "gsudj" {
		t.Fatalf("create: %+v", created.Data)
	}
	if md := s.Sent("POST", "/v1/sys/namespaces/ns1")["custom_metadata"].(map[string]any); md["foo"] != "abc" {
		t.Fatalf("create sent %v", md)
	}
	read, err := a.SysReadNamespace(ctx, "ns1")
	env.OK(t, err)
	if read.Data.CustomMetadata["bar"] != "123" {
		t.Fatalf("read: %+v", read.Data)
	}
	list, err := a.SysListNamespaces(ctx)
	env.OK(t, err)
	if len(list.Data.Keys) != 2 || list.Data.KeyInfo["foo/"].ID != "5q39x" {
		t.Fatalf("list: %+v", list.Data)
	}
	if q := s.RawQuery("GET", "/v1/sys/namespaces/"); q != "list=true" {
		t.Fatalf("list sent query %q", q)
	}
	patched, err := a.SysPatchNamespace(ctx, "ns1", sysnamespaces.SysPatchNamespaceRequest{
		CustomMetadata: map[string]*string{"bar": nil},
	})
	env.OK(t, err)
	if _, still := patched.Data.CustomMetadata["bar"]; still {
		t.Fatalf("patch: %+v", patched.Data)
	}
	if md := s.Sent("PATCH", "/v1/sys/namespaces/ns1")["custom_metadata"].(map[string]any); md["bar"] != nil {
		t.Fatalf("patch sent %v", md)
	}

	lock, err := a.SysLockNamespace(ctx)
	env.OK(t, err)
	if lock.Data.UnlockKey == "" {
		t.Fatal("lock: no unlock key")
	}
	env.Leaks.Add(lock.Data.UnlockKey)
	sub, err := a.SysLockNamespaceSubpath(ctx, "some/descendant/subpath")
	env.OK(t, err)
	env.Leaks.Add(sub.Data.UnlockKey)
	err = a.SysUnlockNamespace(ctx, sysnamespaces.SysUnlockNamespaceRequest{UnlockKey: &lock.Data.UnlockKey})
	env.OK(t, err)
	if got := s.Sent("POST", "/v1/sys/namespaces/api-lock/unlock")["unlock_key"]; got != lock.Data.UnlockKey {
		t.Fatalf("unlock sent %v", got)
	}
	err = a.SysUnlockNamespaceSubpath(ctx, "some/descendant/subpath", sysnamespaces.SysUnlockNamespaceSubpathRequest{UnlockKey: &sub.Data.UnlockKey})
	env.OK(t, err)
	_, err = a.SysDeleteNamespace(ctx, "ns1")
	env.OK(t, err)
}
