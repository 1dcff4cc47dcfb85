package bench

import (
	"context"
	"testing"
)

func TestEveryClientDoesEveryOperation(t *testing.T) {
	srv := CannedVault()
	defer srv.Close()
	for _, c := range Clients {
		o := c.Make(srv.URL, srv.Client())
		for _, name := range OpNames {
			f := o.ByName(name)
			if err := f(context.Background()); err != nil {
				t.Errorf("%s %s: %v", c.Name, name, err)
			}
		}
	}
}
