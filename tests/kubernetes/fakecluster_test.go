package kubernetes_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/govault/govault/internal/fakecloud"
)

// saToken is a service account token as the API server issues it: a JWT
// (unsigned here; Vault only reads its expiry).
func saToken(namespace, name string, seconds int64) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	now := time.Now().Unix()
	return enc(map[string]string{"alg": "RS256", "typ": "JWT"}) + "." +
		enc(map[string]any{"iss": "https://kubernetes.default.svc", "sub": "system:serviceaccount:" + namespace + ":" + name, "iat": now, "nbf": now, "exp": now + seconds}) +
		"." + base64.RawURLEncoding.EncodeToString([]byte("fake-signature"))
}

// fakeCluster answers the Kubernetes API calls the engine makes: token
// requests, creating and deleting service accounts, roles and bindings, and
// reading namespaces (for label selectors). Created objects are echoed back
// with a uid, and kept so tests can look at them.
type fakeCluster struct {
	mu      sync.Mutex
	objects map[string]map[string]any // "POST path/name" -> object
	calls   []string
	tokens  []string
}

func newFakeCluster() *fakeCluster {
	return &fakeCluster{objects: map[string]map[string]any{}}
}

func (c *fakeCluster) created(kind string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var names []string
	for key := range c.objects {
		if strings.Contains(key, "/"+kind+"/") {
			names = append(names, key)
		}
	}
	return names
}

func (c *fakeCluster) callCount(prefix string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, call := range c.calls {
		if strings.HasPrefix(call, prefix) {
			n++
		}
	}
	return n
}

func (c *fakeCluster) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.calls = append(c.calls, r.Method+" "+r.URL.Path)
	c.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	send := func(status int, v any) {
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	switch {
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/token"):
		obj, err := readObject(r)
		if err != nil {
			send(http.StatusBadRequest, map[string]any{"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": err.Error(), "code": 400})
			return
		}
		spec, _ := obj["spec"].(map[string]any)
		seconds, _ := spec["expirationSeconds"].(float64)

		parts := strings.Split(r.URL.Path, "/") // /api/v1/namespaces/{ns}/serviceaccounts/{name}/token
		token := saToken(parts[4], parts[6], int64(seconds))
		c.mu.Lock()
		c.tokens = append(c.tokens, token)
		c.mu.Unlock()
		send(http.StatusCreated, map[string]any{
			"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "metadata": map[string]any{"creationTimestamp": nil},
			"spec":   spec,
			"status": map[string]any{"token": token, "expirationTimestamp": time.Now().Add(time.Duration(seconds) * time.Second).UTC().Format(time.RFC3339)},
		})
	case r.Method == http.MethodPost:
		obj, err := readObject(r)
		if err != nil {
			send(http.StatusBadRequest, map[string]any{"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": err.Error(), "code": 400})
			return
		}
		meta, _ := obj["metadata"].(map[string]any)
		if meta == nil {
			meta = map[string]any{}
			obj["metadata"] = meta
		}
		meta["uid"] = fmt.Sprintf("uid-%d", time.Now().UnixNano())
		meta["creationTimestamp"] = time.Now().UTC().Format(time.RFC3339)
		c.mu.Lock()
		c.objects[r.URL.Path+"/"+fmt.Sprint(meta["name"])] = obj
		c.mu.Unlock()
		send(http.StatusCreated, obj)
	case r.Method == http.MethodDelete:
		c.mu.Lock()
		delete(c.objects, strings.Replace(r.URL.Path, "/"+lastSegment(r.URL.Path), "", 1)+"/"+lastSegment(r.URL.Path))
		c.mu.Unlock()
		send(http.StatusOK, map[string]any{"kind": "Status", "apiVersion": "v1", "status": "Success"})
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/v1/namespaces/"):
		name := lastSegment(r.URL.Path)
		send(http.StatusOK, map[string]any{"kind": "Namespace", "apiVersion": "v1",
			"metadata": map[string]any{"name": name, "uid": "ns-" + name, "labels": map[string]string{"team": "platform", "kubernetes.io/metadata.name": name}}})
	default:
		send(http.StatusNotFound, map[string]any{"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404,
			"message": "fake cluster has no " + r.Method + " " + r.URL.Path})
	}
}

func lastSegment(p string) string { return p[strings.LastIndex(p, "/")+1:] }

// readObject decodes a create request body. client-go sends the core and
// RBAC types as Kubernetes protobuf; only the fields Vault's requests are
// checked against are decoded from it (metadata name, namespace, labels;
// token spec audiences and expirationSeconds). JSON bodies are taken whole.
func readObject(r *http.Request) (map[string]any, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(r.Header.Get("Content-Type"), "protobuf") {
		var obj map[string]any
		return obj, json.Unmarshal(body, &obj)
	}
	if len(body) < 4 || string(body[:4]) != "k8s\x00" {
		return nil, fmt.Errorf("not a Kubernetes protobuf body")
	}
	unknown, err := fakecloud.Decode(body[4:])
	if err != nil {
		return nil, err
	}
	typeMeta := unknown.Sub(1)
	raw, err := fakecloud.Decode(unknown.Bytes(2))
	if err != nil {
		return nil, err
	}
	meta := raw.Sub(1)
	labels := map[string]any{}
	for _, e := range meta[11] {
		kv, _ := fakecloud.Decode(e.Bytes)
		labels[kv.String(1)] = kv.String(2)
	}
	obj := map[string]any{
		"apiVersion": typeMeta.String(1), "kind": typeMeta.String(2),
		"metadata": map[string]any{"name": meta.String(1), "namespace": meta.String(3), "labels": labels},
	}
	if typeMeta.String(2) == "TokenRequest" {
		spec := raw.Sub(2)
		var audiences []any
		for _, a := range spec[1] {
			audiences = append(audiences, string(a.Bytes))
		}
		obj["spec"] = map[string]any{"audiences": audiences, "expirationSeconds": float64(spec.Uint(4))}
	}
	return obj, nil
}
