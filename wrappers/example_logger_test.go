package wrappers_test

import (
	"context"
	"log"
	"log/slog"
	"os"

	"github.com/govault/govault/wrappers"
)

// A *slog.Logger at debug level gets one line per request; the token is
// never in it. (The time and duration are dropped here to keep the output
// stable.)
func ExampleWithLogger() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "took" {
				return slog.Attr{}
			}
			return a
		},
	}))
	client, err := wrappers.NewClient(wrappers.WithLogger(logger))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.KVv2("secret").CreateOrUpdateSecret(context.Background(), "example/logged", map[string]any{"n": 1}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// level=DEBUG msg="vault request" method=POST path=/v1/secret/data/example/logged attempts=1 headers="map[Content-Type:application/json X-Vault-Request:true X-Vault-Token:[redacted]]" status=200
}
