package auth_test

import (
	"net/http"
	"sync"

	"github.com/govault/govault/internal/fakecloud"
)

// cloudHosts is the fake cloud (an HTTPS proxy that terminates TLS with its
// own CA, see internal/fakecloud) answering each host with the handler a
// test registered for it. Started with HTTPS_PROXY pointing at it and
// SSL_CERT_FILE trusting its CA, the dev server reaches
// "login.microsoftonline.com" and friends without leaving the machine.
type cloudHosts struct {
	*fakecloud.Cloud

	mu       sync.Mutex
	handlers map[string]http.Handler // by host name
}

func startCloud() (*cloudHosts, error) {
	c := &cloudHosts{handlers: map[string]http.Handler{}}
	var err error
	c.Cloud, err = fakecloud.Start(http.HandlerFunc(c.serve))
	return c, err
}

// Handle answers https://host/... with h.
func (c *cloudHosts) Handle(host string, h http.Handler) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.handlers[host] = h
}

func (c *cloudHosts) serve(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	h := c.handlers[r.URL.Host]
	c.mu.Unlock()
	if h == nil {
		http.Error(w, "no stub for "+r.URL.Host, http.StatusBadGateway)
		return
	}
	h.ServeHTTP(w, r)
}
