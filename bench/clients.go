// Package bench measures govault against a raw net/http client,
// hashicorp/vault/api and hashicorp/vault-client-go doing the same work.
package bench

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/govault/govault/generated/authapprole"
	"github.com/govault/govault/generated/transit"
	"github.com/govault/govault/wrappers"
	vcg "github.com/hashicorp/vault-client-go"
	"github.com/hashicorp/vault-client-go/schema"
	vaultapi "github.com/hashicorp/vault/api"
)

// Token is the token every client sends.
const Token = "bench-token"

// Ops is what every client does, each in its own way.
type Ops struct {
	KVRead, KVWrite, Login, List, Encrypt func(ctx context.Context) error
}

// ByName returns the operation called name.
func (o Ops) ByName(name string) func(context.Context) error {
	return map[string]func(context.Context) error{"kvRead": o.KVRead, "kvWrite": o.KVWrite, "login": o.Login, "list": o.List, "encrypt": o.Encrypt}[name]
}

// OpNames lists the operations in report order.
var OpNames = []string{"kvRead", "kvWrite", "login", "list", "encrypt"}

var data = map[string]any{"password": "correct horse battery staple", "user": "app"}

// rawOps is the physical limit: net/http and encoding/json, nothing else.
func RawOps(addr string, hc *http.Client) Ops {
	if hc == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 128 // the raw baseline is tuned for the concurrency measured
		hc = &http.Client{Transport: tr}
	}
	do := func(ctx context.Context, method, path string, body any, out any) error {
		var rd io.Reader
		if body != nil {
			b, err := json.Marshal(body)
			if err != nil {
				return err
			}
			rd = bytes.NewReader(b)
		}
		req, err := http.NewRequestWithContext(ctx, method, addr+path, rd)
		if err != nil {
			return err
		}
		req.Header.Set("X-Vault-Token", Token)
		rsp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer rsp.Body.Close()
		if rsp.StatusCode != 200 {
			return fmt.Errorf("status %d", rsp.StatusCode)
		}
		return json.NewDecoder(rsp.Body).Decode(out)
	}
	return Ops{
		KVRead: func(ctx context.Context) error {
			var out rawKVRead
			return do(ctx, http.MethodGet, "/v1/secret/data/app/db", nil, &out)
		},
		KVWrite: func(ctx context.Context) error {
			var out rawKVWrite
			return do(ctx, http.MethodPost, "/v1/secret/data/app/db", map[string]any{"data": data}, &out)
		},
		Login: func(ctx context.Context) error {
			var out rawLogin
			return do(ctx, http.MethodPost, "/v1/auth/approle/login", map[string]string{"role_id": "r", "secret_id": "s"}, &out)
		},
		List: func(ctx context.Context) error {
			var out rawList
			return do(ctx, http.MethodGet, "/v1/secret/metadata/app/?list=true", nil, &out)
		},
		Encrypt: func(ctx context.Context) error {
			var out rawEncrypt
			return do(ctx, http.MethodPost, "/v1/transit/encrypt/key", map[string]string{"plaintext": base64.StdEncoding.EncodeToString([]byte("hello"))}, &out)
		},
	}
}

// The raw baseline decodes only the fields its caller reads.
type (
	rawKVRead struct {
		Data struct {
			Data     map[string]any `json:"data"`
			Metadata struct {
				Version int `json:"version"`
			} `json:"metadata"`
		} `json:"data"`
	}
	rawKVWrite struct {
		Data struct {
			Version int `json:"version"`
		} `json:"data"`
	}
	rawLogin struct {
		Auth struct {
			ClientToken string `json:"client_token"`
		} `json:"auth"`
	}
	rawList struct {
		Data struct {
			Keys []string `json:"keys"`
		} `json:"data"`
	}
	rawEncrypt struct {
		Data struct {
			Ciphertext string `json:"ciphertext"`
		} `json:"data"`
	}
)

// govaultOps uses this project: the wrappers where they exist, the
// generated packages through the same client otherwise.
func GovaultOps(addr string, hc *http.Client) Ops {
	opts := []wrappers.Option{wrappers.WithoutEnv(), wrappers.WithAddress(addr), wrappers.WithToken(Token)}
	if hc != nil {
		opts = append(opts, wrappers.WithHTTPClient(hc))
	}
	c, err := wrappers.NewClient(opts...)
	if err != nil {
		panic(err)
	}
	kv := c.KVv2("secret")
	approleURL, _ := c.URL("auth/approle") // constant mounts: never refused
	transitURL, _ := c.URL("transit")
	approle := authapprole.New(c, approleURL)
	tr := transit.New(c, transitURL)
	secretID := "s"
	plaintext := base64.StdEncoding.EncodeToString([]byte("hello"))
	return Ops{
		KVRead: func(ctx context.Context) error { _, err := kv.ReadSecret(ctx, "app/db"); return err },
		KVWrite: func(ctx context.Context) error {
			_, err := kv.CreateOrUpdateSecret(ctx, "app/db", data)
			return err
		},
		Login: func(ctx context.Context) error {
			_, err := approle.AppRoleLogin(ctx, authapprole.AppRoleLoginRequest{RoleID: "r", SecretID: &secretID})
			return err
		},
		List: func(ctx context.Context) error { _, err := kv.ListSecrets(ctx, "app"); return err },
		Encrypt: func(ctx context.Context) error {
			_, err := tr.TransitEncrypt(ctx, "key", transit.TransitEncryptRequest{Plaintext: &plaintext})
			return err
		},
	}
}

// vaultAPIOps uses github.com/hashicorp/vault/api.
func VaultAPIOps(addr string, hc *http.Client) Ops {
	cfg := vaultapi.DefaultConfig()
	cfg.Address = addr
	if hc != nil {
		cfg.HttpClient = hc
	}
	c, err := vaultapi.NewClient(cfg)
	if err != nil {
		panic(err)
	}
	c.SetToken(Token)
	plaintext := base64.StdEncoding.EncodeToString([]byte("hello"))
	return Ops{
		KVRead:  func(ctx context.Context) error { _, err := c.KVv2("secret").Get(ctx, "app/db"); return err },
		KVWrite: func(ctx context.Context) error { _, err := c.KVv2("secret").Put(ctx, "app/db", data); return err },
		Login: func(ctx context.Context) error {
			_, err := c.Logical().WriteWithContext(ctx, "auth/approle/login", map[string]any{"role_id": "r", "secret_id": "s"})
			return err
		},
		List: func(ctx context.Context) error {
			_, err := c.Logical().ListWithContext(ctx, "secret/metadata/app")
			return err
		},
		Encrypt: func(ctx context.Context) error {
			_, err := c.Logical().WriteWithContext(ctx, "transit/encrypt/key", map[string]any{"plaintext": plaintext})
			return err
		},
	}
}

// vaultClientGoOps uses github.com/hashicorp/vault-client-go.
func VaultClientGoOps(addr string, hc *http.Client) Ops {
	opts := []vcg.ClientOption{vcg.WithAddress(addr)}
	if hc != nil {
		opts = append(opts, vcg.WithHTTPClient(hc))
	}
	c, err := vcg.New(opts...)
	if err != nil {
		panic(err)
	}
	if err := c.SetToken(Token); err != nil {
		panic(err)
	}
	plaintext := base64.StdEncoding.EncodeToString([]byte("hello"))
	return Ops{
		KVRead: func(ctx context.Context) error {
			_, err := c.Secrets.KvV2Read(ctx, "app/db", vcg.WithMountPath("secret"))
			return err
		},
		KVWrite: func(ctx context.Context) error {
			_, err := c.Secrets.KvV2Write(ctx, "app/db", schema.KvV2WriteRequest{Data: data}, vcg.WithMountPath("secret"))
			return err
		},
		Login: func(ctx context.Context) error {
			_, err := c.Auth.AppRoleLogin(ctx, schema.AppRoleLoginRequest{RoleId: "r", SecretId: "s"})
			return err
		},
		List: func(ctx context.Context) error {
			_, err := c.Secrets.KvV2List(ctx, "app", vcg.WithMountPath("secret"))
			return err
		},
		Encrypt: func(ctx context.Context) error {
			_, err := c.Secrets.TransitEncrypt(ctx, "key", schema.TransitEncryptRequest{Plaintext: plaintext})
			return err
		},
	}
}

// Client is one client under test. Make builds its operations against addr;
// hc nil means the client's own default transport.
type Client struct {
	Name string
	Make func(addr string, hc *http.Client) Ops
}

// Clients lists the clients compared, the raw baseline first.
var Clients = []Client{
	{"raw", RawOps},
	{"govault", GovaultOps},
	{"vaultapi", VaultAPIOps},
	{"vaultclientgo", VaultClientGoOps},
}
