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
	srv := CannedVault()
	defer srv.Close()
	ctx := context.Background()
	for _, op := range OpNames {
		b.Run("op="+op, func(b *testing.B) {
			for _, c := range Clients {
				o := c.Make(srv.URL, srv.Client())
				f := o.ByName(op)
				b.Run("client="+c.Name, func(b *testing.B) {
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
