package bench

import (
	"context"
	"encoding/json"
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

// BenchmarkDecode decodes each canned body into the raw baseline's shape and
// into govault's typed response, without HTTP.
func BenchmarkDecode(b *testing.B) {
	for _, op := range OpNames {
		d := Decoding[op]
		for shape, newValue := range map[string]func() any{"raw": d.Raw, "typed": d.Typed} {
			b.Run("op="+op+"/shape="+shape, func(b *testing.B) {
				b.ReportAllocs()
				body := []byte(d.Body)
				for b.Loop() {
					if err := json.Unmarshal(body, newValue()); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
