package gcpkms_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/govault/govault/internal/fakecloud"
)

// KMS enum values (google.cloud.kms.v1).
const (
	purposeEncryptDecrypt = 1
	purposeAsymmetricSign = 5
	algSymmetric          = 1
	algECP256SHA256       = 12
	protectionSoftware    = 1
	stateEnabled          = 1
	stateDestroyScheduled = 4
)

const fakeToken = "fake-gcp-access-token"

// keyFile is a service account key file whose token requests the fake
// OAuth2 endpoint answers.
func keyFile() string {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(k)
	b, _ := json.Marshal(map[string]string{
		"type": "service_account", "project_id": "proj-1", "private_key_id": "admin-key-0",
		"private_key":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email": "vault-kms@proj-1.iam.gserviceaccount.com", "client_id": "100000000000000000001",
		"token_uri": "https://oauth2.googleapis.com/token",
	})
	return string(b)
}

type kmsKey struct {
	name                 string
	purpose, algorithm   uint64
	labels               map[string]string
	rotation, nextRotate uint64
	states               []uint64 // state of version i+1
	primary              int
}

// fakeKMS is an in-memory Cloud KMS speaking gRPC: key rings, crypto keys
// and versions, symmetric "encryption" that only wraps the plaintext, and
// real ECDSA P-256 signatures so Vault's own verification succeeds.
type fakeKMS struct {
	mu     sync.Mutex
	rings  map[string]bool
	keys   map[string]*kmsKey
	signer *ecdsa.PrivateKey
	calls  map[string]int
}

func newFakeKMS() *fakeKMS {
	signer, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	return &fakeKMS{rings: map[string]bool{}, keys: map[string]*kmsKey{}, signer: signer, calls: map[string]int{}}
}

func (f *fakeKMS) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

func (f *fakeKMS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Host == "oauth2.googleapis.com" && r.URL.Path == "/token":
		fakecloud.JSON(w, 200, map[string]any{"access_token": fakeToken, "expires_in": 3599, "token_type": "Bearer"})
	case r.URL.Host == "cloudkms.googleapis.com" && strings.HasPrefix(r.URL.Path, "/google.cloud.kms.v1.KeyManagementService/"):
		fakecloud.GRPC(w, r, f.call)
	default:
		fakecloud.NotFound(w, r)
	}
}

func notFound(what string) error { return &fakecloud.Status{Code: 5, Message: what + " not found"} }

// keyOf splits a key or key-version name into the key and the version
// (0 when the name is the key's).
func (f *fakeKMS) keyOf(name string) (*kmsKey, int, error) {
	version := 0
	if i := strings.Index(name, "/cryptoKeyVersions/"); i >= 0 {
		v, err := strconv.Atoi(name[i+len("/cryptoKeyVersions/"):])
		if err != nil {
			return nil, 0, notFound(name)
		}
		name, version = name[:i], v
	}
	k := f.keys[name]
	if k == nil || version > len(k.states) {
		return nil, 0, notFound(name)
	}
	return k, version, nil
}

func (k *kmsKey) version(v int) *fakecloud.Builder {
	return fakecloud.NewMessage().String(1, fmt.Sprintf("%s/cryptoKeyVersions/%d", k.name, v)).
		Uint(3, k.states[v-1]).Uint(7, protectionSoftware).Uint(10, k.algorithm)
}

func (k *kmsKey) message() *fakecloud.Builder {
	m := fakecloud.NewMessage().String(1, k.name)
	if k.primary > 0 {
		m.Message(2, k.version(k.primary))
	}
	m.Uint(3, k.purpose)
	if k.nextRotate > 0 {
		m.Message(7, fakecloud.NewMessage().Uint(1, k.nextRotate))
	}
	if k.rotation > 0 {
		m.Message(8, fakecloud.NewMessage().Uint(1, k.rotation))
	}
	names := make([]string, 0, len(k.labels))
	for n := range k.labels {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		m.Message(10, fakecloud.NewMessage().String(1, n).String(2, k.labels[n]))
	}
	return m.Message(11, fakecloud.NewMessage().Uint(1, protectionSoftware).Uint(3, k.algorithm))
}

// apply copies the settable parts of a CryptoKey message onto k.
func (k *kmsKey) apply(ck fakecloud.Message) {
	if len(ck[10]) > 0 {
		k.labels = map[string]string{}
		for _, e := range ck[10] {
			entry, _ := fakecloud.Decode(e.Bytes)
			k.labels[entry.String(1)] = entry.String(2)
		}
	}
	if rp := ck.Sub(8); rp.Uint(1) > 0 {
		k.rotation = rp.Uint(1)
	}
	if nr := ck.Sub(7); nr.Uint(1) > 0 {
		k.nextRotate = nr.Uint(1)
	}
}

func (f *fakeKMS) call(method string, req fakecloud.Message) (*fakecloud.Builder, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	method = path.Base(method)
	f.calls[method]++
	switch method {
	case "GetKeyRing":
		if !f.rings[req.String(1)] {
			return nil, notFound(req.String(1))
		}
		return fakecloud.NewMessage().String(1, req.String(1)), nil
	case "CreateKeyRing":
		name := req.String(1) + "/keyRings/" + req.String(2)
		f.rings[name] = true
		return fakecloud.NewMessage().String(1, name), nil
	case "CreateCryptoKey":
		name := req.String(1) + "/cryptoKeys/" + req.String(2)
		if f.keys[name] != nil {
			return nil, &fakecloud.Status{Code: 6, Message: name + " already exists"}
		}
		ck := req.Sub(3)
		k := &kmsKey{name: name, purpose: ck.Uint(3), algorithm: ck.Sub(11).Uint(3), states: []uint64{stateEnabled}}
		if k.purpose == purposeEncryptDecrypt {
			k.primary = 1
		}
		k.apply(ck)
		f.keys[name] = k
		return k.message(), nil
	case "UpdateCryptoKey":
		ck := req.Sub(1)
		k, _, err := f.keyOf(ck.String(1))
		if err != nil {
			return nil, err
		}
		k.apply(ck)
		return k.message(), nil
	case "GetCryptoKey":
		k, _, err := f.keyOf(req.String(1))
		if err != nil {
			return nil, err
		}
		return k.message(), nil
	case "GetCryptoKeyVersion", "DestroyCryptoKeyVersion":
		k, v, err := f.keyOf(req.String(1))
		if err != nil || v == 0 {
			return nil, notFound(req.String(1))
		}
		if method == "DestroyCryptoKeyVersion" {
			k.states[v-1] = stateDestroyScheduled
		}
		return k.version(v), nil
	case "CreateCryptoKeyVersion":
		k, _, err := f.keyOf(req.String(1))
		if err != nil {
			return nil, err
		}
		k.states = append(k.states, stateEnabled)
		return k.version(len(k.states)), nil
	case "UpdateCryptoKeyPrimaryVersion":
		k, _, err := f.keyOf(req.String(1))
		if err != nil {
			return nil, err
		}
		v, err := strconv.Atoi(req.String(2))
		if err != nil || v < 1 || v > len(k.states) {
			return nil, notFound(req.String(2))
		}
		k.primary = v
		return k.message(), nil
	case "ListCryptoKeyVersions":
		k, _, err := f.keyOf(req.String(1))
		if err != nil {
			return nil, err
		}
		out := fakecloud.NewMessage()
		for v := range k.states {
			out.Message(1, k.version(v+1))
		}
		return out.Uint(3, uint64(len(k.states))), nil
	case "Encrypt":
		k, v, err := f.keyOf(req.String(1))
		if err != nil {
			return nil, err
		}
		if v == 0 {
			v = k.primary
		}
		ct := append([]byte(fmt.Sprintf("fakekms:%d:%s:", v, req.Bytes(3))), req.Bytes(2)...)
		return fakecloud.NewMessage().String(1, fmt.Sprintf("%s/cryptoKeyVersions/%d", k.name, v)).Raw(2, ct), nil
	case "Decrypt":
		if _, _, err := f.keyOf(req.String(1)); err != nil {
			return nil, err
		}
		parts := bytes.SplitN(req.Bytes(2), []byte(":"), 4)
		if len(parts) != 4 || string(parts[0]) != "fakekms" || string(parts[2]) != string(req.Bytes(3)) {
			return nil, &fakecloud.Status{Code: 3, Message: "Decryption failed: the ciphertext is invalid."}
		}
		return fakecloud.NewMessage().Raw(1, parts[3]), nil
	case "AsymmetricSign":
		if _, _, err := f.keyOf(req.String(1)); err != nil {
			return nil, err
		}
		sig, err := ecdsa.SignASN1(rand.Reader, f.signer, req.Sub(3).Bytes(1))
		if err != nil {
			return nil, err
		}
		return fakecloud.NewMessage().Raw(1, sig).String(4, req.String(1)), nil
	case "GetPublicKey":
		k, _, err := f.keyOf(req.String(1))
		if err != nil {
			return nil, err
		}
		der, err := x509.MarshalPKIXPublicKey(&f.signer.PublicKey)
		if err != nil {
			return nil, err
		}
		pemText := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
		return fakecloud.NewMessage().String(1, pemText).Uint(2, k.algorithm).String(4, req.String(1)).Uint(5, protectionSoftware), nil
	}
	return nil, &fakecloud.Status{Code: 12, Message: method + " is not faked"}
}
