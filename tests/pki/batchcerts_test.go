package pki_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// Reading several certificates at once is Enterprise: checked against a
// doc-shaped stand-in; an unknown serial comes back as null.
func TestReadCertsBatchDocStub(t *testing.T) {
	s := docstub.New(t, env)
	s.On("POST", "/v1/pki/batch/certs", 200, `{"certificates":{"38:1f:29:ad":"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----","67:b4:f7:2c":null}}`)
	a := livetest.API(t, s.Client(t), "pki", pki.New)
	out, err := a.PKIReadCertsBatch(context.Background(), pki.PKIReadCertsBatchRequest{SerialNumbers: []string{"38:1f:29:ad", "67:b4:f7:2c"}})
	env.OK(t, err)
	if len(s.Sent("POST", "/v1/pki/batch/certs")["serial_numbers"].([]any)) != 2 {
		t.Fatal("batch sent the wrong serials")
	}
	if out.Certificates["38:1f:29:ad"] == nil || out.Certificates["67:b4:f7:2c"] != nil {
		t.Fatalf("batch: %+v", out.Certificates)
	}
}
