package kubernetes_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/govault/govault/internal/fakecloud"
	"github.com/govault/govault/internal/fakeupstream"
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
	*fakeupstream.Server
	objects map[string]map[string]any // "POST path/name" -> object
	tokens  []string
}

// startCluster starts the fake over HTTPS for the package; the caller
// closes it.
func startCluster() *fakeCluster {
	c := &fakeCluster{Server: fakeupstream.StartTLS(), objects: map[string]map[string]any{}}
	status := func(code int, reason, message string) (int, any) {
		return code, map[string]any{"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": reason, "message": message, "code": code}
	}
	c.Route("POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token", func(r *fakeupstream.Request) (int, any) {
		obj, err := readObject(r)
		if err != nil {
			return status(http.StatusBadRequest, "BadRequest", err.Error())
		}
		spec, _ := obj["spec"].(map[string]any)
		seconds, _ := spec["expirationSeconds"].(float64)
		token := saToken(r.PathValue("ns"), r.PathValue("name"), int64(seconds))
		c.tokens = append(c.tokens, token)
		return http.StatusCreated, map[string]any{
			"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "metadata": map[string]any{"creationTimestamp": nil},
			"spec":   spec,
			"status": map[string]any{"token": token, "expirationTimestamp": time.Now().Add(time.Duration(seconds) * time.Second).UTC().Format(time.RFC3339)},
		}
	})
	c.Route("POST /", func(r *fakeupstream.Request) (int, any) {
		obj, err := readObject(r)
		if err != nil {
			return status(http.StatusBadRequest, "BadRequest", err.Error())
		}
		meta, _ := obj["metadata"].(map[string]any)
		if meta == nil {
			meta = map[string]any{}
			obj["metadata"] = meta
		}
		meta["uid"] = fmt.Sprintf("uid-%d", time.Now().UnixNano())
		meta["creationTimestamp"] = time.Now().UTC().Format(time.RFC3339)
		c.objects[r.Path+"/"+fmt.Sprint(meta["name"])] = obj
		return http.StatusCreated, obj
	})
	c.Route("DELETE /", func(r *fakeupstream.Request) (int, any) {
		delete(c.objects, r.Path)
		return http.StatusOK, map[string]any{"kind": "Status", "apiVersion": "v1", "status": "Success"}
	})
	c.Route("GET /api/v1/namespaces/", func(r *fakeupstream.Request) (int, any) {
		name := lastSegment(r.Path)
		return http.StatusOK, map[string]any{"kind": "Namespace", "apiVersion": "v1",
			"metadata": map[string]any{"name": name, "uid": "ns-" + name, "labels": map[string]string{"team": "platform", "kubernetes.io/metadata.name": name}}}
	})
	c.Route("/", func(r *fakeupstream.Request) (int, any) {
		return status(http.StatusNotFound, "NotFound", "fake cluster has no "+r.Method+" "+r.Path)
	})
	return c
}

// created returns the keys of the objects of a kind ("roles",
// "serviceaccounts", ...) that exist now.
func (c *fakeCluster) created(kind string) []string {
	var names []string
	c.Locked(func() {
		for key := range c.objects {
			if strings.Contains(key, "/"+kind+"/") {
				names = append(names, key)
			}
		}
	})
	return names
}

// callCount returns how many calls "METHOD /path" started with prefix.
func (c *fakeCluster) callCount(prefix string) int {
	n := 0
	for _, r := range c.Requests() {
		if strings.HasPrefix(r.Method+" "+r.Path, prefix) {
			n++
		}
	}
	return n
}

func lastSegment(p string) string { return p[strings.LastIndex(p, "/")+1:] }

// readObject decodes a create request body. client-go sends the core and
// RBAC types as Kubernetes protobuf; only the fields Vault's requests are
// checked against are decoded from it (metadata name, namespace, labels;
// token spec audiences and expirationSeconds). JSON bodies are taken whole.
func readObject(r *fakeupstream.Request) (map[string]any, error) {
	body := r.Body
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
