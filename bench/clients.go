package bench

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/govault/govault/generated/authapprole"
	"github.com/govault/govault/generated/transit"
	"github.com/govault/govault/wrappers"
	vaultapi "github.com/hashicorp/vault/api"
	vcg "github.com/hashicorp/vault-client-go"
	"github.com/hashicorp/vault-client-go/schema"
)

const token = "hvs.bench-token"

// ops is what every client does, each in its own way.
type ops struct {
	kvRead, kvWrite, login, list, encrypt func(ctx context.Context) error
}

var data = map[string]any{"password": "correct horse battery staple", "user": "app"}

// rawOps is the physical limit: net/http and encoding/json, nothing else.
func rawOps(addr string, hc *http.Client) ops {
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
		req.Header.Set("X-Vault-Token", token)
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
	return ops{
		kvRead: func(ctx context.Context) error {
			var out struct {
				Data struct {
					Data     map[string]any `json:"data"`
					Metadata struct {
						Version int `json:"version"`
					} `json:"metadata"`
				} `json:"data"`
			}
			return do(ctx, http.MethodGet, "/v1/secret/data/app/db", nil, &out)
		},
		kvWrite: func(ctx context.Context) error {
			var out struct {
				Data struct {
					Version int `json:"version"`
				} `json:"data"`
			}
			return do(ctx, http.MethodPost, "/v1/secret/data/app/db", map[string]any{"data": data}, &out)
		},
		login: func(ctx context.Context) error {
			var out struct {
				Auth struct {
					ClientToken string `json:"client_token"`
				} `json:"auth"`
			}
			return do(ctx, http.MethodPost, "/v1/auth/approle/login", map[string]string{"role_id": "r", "secret_id": "s"}, &out)
		},
		list: func(ctx context.Context) error {
			var out struct {
				Data struct {
					Keys []string `json:"keys"`
				} `json:"data"`
			}
			return do(ctx, http.MethodGet, "/v1/secret/metadata/app/?list=true", nil, &out)
		},
		encrypt: func(ctx context.Context) error {
			var out struct {
				Data struct {
					Ciphertext string `json:"ciphertext"`
				} `json:"data"`
			}
			return do(ctx, http.MethodPost, "/v1/transit/encrypt/key", map[string]string{"plaintext": base64.StdEncoding.EncodeToString([]byte("hello"))}, &out)
		},
	}
}

// govaultOps uses this project: the wrappers where they exist, the
// generated packages through the same client otherwise.
func govaultOps(addr string, hc *http.Client) ops {
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(addr), wrappers.WithToken(token), wrappers.WithHTTPClient(hc))
	if err != nil {
		panic(err)
	}
	kv := c.KVv2("secret")
	approle, _ := authapprole.NewClientWithResponses(c.URL("auth/approle"), authapprole.WithHTTPClient(c))
	tr, _ := transit.NewClientWithResponses(c.URL("transit"), transit.WithHTTPClient(c))
	secretID := "s"
	plaintext := base64.StdEncoding.EncodeToString([]byte("hello"))
	return ops{
		kvRead: func(ctx context.Context) error { _, err := kv.ReadSecret(ctx, "app/db"); return err },
		kvWrite: func(ctx context.Context) error {
			_, err := kv.CreateOrUpdateSecret(ctx, "app/db", data)
			return err
		},
		login: func(ctx context.Context) error {
			_, err := wrappers.Decode(approle.AppRoleLoginWithResponse(ctx, authapprole.AppRoleLoginRequest{RoleID: "r", SecretID: &secretID}))
			return err
		},
		list: func(ctx context.Context) error { _, err := kv.ListSecrets(ctx, "app"); return err },
		encrypt: func(ctx context.Context) error {
			_, err := wrappers.Decode(tr.TransitEncryptWithResponse(ctx, "key", transit.TransitEncryptRequest{Plaintext: &plaintext}))
			return err
		},
	}
}

// vaultAPIOps uses github.com/hashicorp/vault/api.
func vaultAPIOps(addr string, hc *http.Client) ops {
	cfg := vaultapi.DefaultConfig()
	cfg.Address = addr
	cfg.HttpClient = hc
	c, err := vaultapi.NewClient(cfg)
	if err != nil {
		panic(err)
	}
	c.SetToken(token)
	plaintext := base64.StdEncoding.EncodeToString([]byte("hello"))
	return ops{
		kvRead:  func(ctx context.Context) error { _, err := c.KVv2("secret").Get(ctx, "app/db"); return err },
		kvWrite: func(ctx context.Context) error { _, err := c.KVv2("secret").Put(ctx, "app/db", data); return err },
		login: func(ctx context.Context) error {
			_, err := c.Logical().WriteWithContext(ctx, "auth/approle/login", map[string]any{"role_id": "r", "secret_id": "s"})
			return err
		},
		list: func(ctx context.Context) error { _, err := c.Logical().ListWithContext(ctx, "secret/metadata/app"); return err },
		encrypt: func(ctx context.Context) error {
			_, err := c.Logical().WriteWithContext(ctx, "transit/encrypt/key", map[string]any{"plaintext": plaintext})
			return err
		},
	}
}

// vaultClientGoOps uses github.com/hashicorp/vault-client-go.
func vaultClientGoOps(addr string, hc *http.Client) ops {
	c, err := vcg.New(vcg.WithAddress(addr), vcg.WithHTTPClient(hc))
	if err != nil {
		panic(err)
	}
	if err := c.SetToken(token); err != nil {
		panic(err)
	}
	plaintext := base64.StdEncoding.EncodeToString([]byte("hello"))
	return ops{
		kvRead: func(ctx context.Context) error {
			_, err := c.Secrets.KvV2Read(ctx, "app/db", vcg.WithMountPath("secret"))
			return err
		},
		kvWrite: func(ctx context.Context) error {
			_, err := c.Secrets.KvV2Write(ctx, "app/db", schema.KvV2WriteRequest{Data: data}, vcg.WithMountPath("secret"))
			return err
		},
		login: func(ctx context.Context) error {
			_, err := c.Auth.AppRoleLogin(ctx, schema.AppRoleLoginRequest{RoleId: "r", SecretId: "s"})
			return err
		},
		list: func(ctx context.Context) error {
			_, err := c.Secrets.KvV2List(ctx, "app", vcg.WithMountPath("secret"))
			return err
		},
		encrypt: func(ctx context.Context) error {
			_, err := c.Secrets.TransitEncrypt(ctx, "key", schema.TransitEncryptRequest{Plaintext: plaintext})
			return err
		},
	}
}

var clients = []struct {
	name string
	make func(addr string, hc *http.Client) ops
}{
	{"raw", rawOps},
	{"govault", govaultOps},
	{"vaultapi", vaultAPIOps},
	{"vaultclientgo", vaultClientGoOps},
}

func TestEveryClientDoesEveryOperation(t *testing.T) {
	srv := cannedVault()
	defer srv.Close()
	for _, c := range clients {
		o := c.make(srv.URL, srv.Client())
		for name, f := range map[string]func(context.Context) error{"kvRead": o.kvRead, "kvWrite": o.kvWrite, "login": o.login, "list": o.list, "encrypt": o.encrypt} {
			if err := f(context.Background()); err != nil {
				t.Errorf("%s %s: %v", c.name, name, err)
			}
		}
	}
}
