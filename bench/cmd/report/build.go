package main

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// The same program, "read one KV v2 secret", written with each client.
var programs = map[string]string{
	"raw": `package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

func main() {
	req, _ := http.NewRequest("GET", os.Getenv("VAULT_ADDR")+"/v1/secret/data/app", nil)
	req.Header.Set("X-Vault-Token", os.Getenv("VAULT_TOKEN"))
	rsp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer rsp.Body.Close()
	var out struct{ Data struct{ Data map[string]any } }
	_ = json.NewDecoder(rsp.Body).Decode(&out)
	fmt.Println(out.Data.Data)
}
`,
	"govault": `package main

import (
	"context"
	"fmt"

	"github.com/govault/govault/wrappers"
)

func main() {
	c, err := wrappers.NewClient()
	if err != nil {
		panic(err)
	}
	s, err := c.KVv2("secret").ReadSecret(context.Background(), "app")
	fmt.Println(s, err)
}
`,
	"govault-generated": `package main

import (
	"context"
	"fmt"
	"net/http"
	"os"

	"github.com/govault/govault/generated/kvv2"
)

func main() {
	c, _ := kvv2.NewClientWithResponses(os.Getenv("VAULT_ADDR")+"/v1/secret", kvv2.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("X-Vault-Token", os.Getenv("VAULT_TOKEN"))
		return nil
	}))
	rsp, err := c.KvV2ReadWithResponse(context.Background(), "app", nil)
	fmt.Println(rsp, err)
}
`,
	"vaultapi": `package main

import (
	"context"
	"fmt"

	vault "github.com/hashicorp/vault/api"
)

func main() {
	c, err := vault.NewClient(vault.DefaultConfig())
	if err != nil {
		panic(err)
	}
	s, err := c.KVv2("secret").Get(context.Background(), "app")
	fmt.Println(s, err)
}
`,
	"vaultclientgo": `package main

import (
	"context"
	"fmt"

	vault "github.com/hashicorp/vault-client-go"
)

func main() {
	c, err := vault.New(vault.WithEnvironment())
	if err != nil {
		panic(err)
	}
	s, err := c.Secrets.KvV2Read(context.Background(), "app", vault.WithMountPath("secret"))
	fmt.Println(s, err)
}
`,
}

var programOrder = []string{"raw", "govault", "govault-generated", "vaultapi", "vaultclientgo"}

// buildSection builds each program with an empty build cache (the module
// cache stays warm: downloads are not build time) and reports time and size.
func buildSection(w *bytes.Buffer) {
	fmt.Fprintf(w, "## Cost to the user's build\n\nThe same program (read one KV v2 secret) written with each client, built with `go build` and an empty build cache (the standard library is compiled too, so the difference between rows is what each client costs).\n\n")
	fmt.Fprintf(w, "| program | cold build | binary size | vs raw |\n|---|---:|---:|---:|\n")
	var rawSize int64
	for _, name := range programOrder {
		took, size, err := coldBuild(name, programs[name])
		if err != nil {
			log.Fatalf("build %s: %v", name, err)
		}
		if name == "raw" {
			rawSize = size
		}
		fmt.Fprintf(w, "| %s | %.1fs | %.2f MB | %+.2f MB |\n", name, took.Seconds(), float64(size)/1e6, float64(size-rawSize)/1e6)
	}
	fmt.Fprintln(w)
}

func coldBuild(name, src string) (time.Duration, int64, error) {
	dir, err := os.MkdirTemp("", "govault-build-*")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	gomod, err := os.ReadFile("go.mod") // reuse the bench module's versions
	if err != nil {
		return 0, 0, err
	}
	mod := bytes.Replace(gomod, []byte("module github.com/govault/govault/bench"), []byte("module example.com/"+name), 1)
	mod = bytes.ReplaceAll(mod, []byte("=> ../"), []byte("=> "+rootDir()))
	sum, _ := os.ReadFile("go.sum")
	for file, content := range map[string][]byte{"go.mod": mod, "go.sum": sum, "main.go": []byte(src)} {
		if err := os.WriteFile(filepath.Join(dir, file), content, 0o644); err != nil {
			return 0, 0, err
		}
	}
	cache := filepath.Join(dir, "cache")
	cmd := exec.Command("go", "build", "-mod=mod", "-o", "prog", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOCACHE="+cache, "GOFLAGS=")
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, 0, fmt.Errorf("%v\n%s", err, out)
	}
	took := time.Since(start)
	st, err := os.Stat(filepath.Join(dir, "prog"))
	if err != nil {
		return 0, 0, err
	}
	return took, st.Size(), nil
}
