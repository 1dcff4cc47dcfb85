package bench

import (
	"context"
	"testing"
)

// BenchmarkOverhead measures one request per iteration against the canned
// server: ns/op, B/op and allocs/op per operation and client.
//
//	go test -bench Overhead -benchmem -count 10 | benchstat -col /client -
func BenchmarkOverhead(b *testing.B) {
	srv := cannedVault()
	defer srv.Close()
	ctx := context.Background()
	for _, op := range []string{"kvRead", "kvWrite", "login", "list", "encrypt"} {
		b.Run("op="+op, func(b *testing.B) {
			for _, c := range clients {
				o := c.make(srv.URL, srv.Client())
				f := map[string]func(context.Context) error{"kvRead": o.kvRead, "kvWrite": o.kvWrite, "login": o.login, "list": o.list, "encrypt": o.encrypt}[op]
				b.Run("client="+c.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if err := f(ctx); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
