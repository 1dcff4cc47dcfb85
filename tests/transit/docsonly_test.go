package transit_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/govault/govault/generated/transit"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// Batch data keys, derived keys and CMAC are in the 1.21.x docs but not
// served by the 1.21.0 server (CMAC keys are Enterprise): the real server's
// refusal is checked, and the calls against a doc-shaped stand-in.
func TestDocsOnlyOperationsDocStub(t *testing.T) {
	ctx := context.Background()
	real := livetest.API(t, env.Client(t), "transit", transit.New)
	_, err := real.TransitGenerateDataKeys(ctx, transit.DataKeyWrapped, "absent", transit.TransitGenerateDataKeysRequest{Count: 1})
	if livetest.StatusOf(err) != http.StatusNotFound {
		t.Fatalf("1.21.0 was expected to answer 404 to datakeys, got %v", err)
	}

	s := docstub.New(t, env)
	s.On("POST", "/v1/transit/datakeys/plaintext/k1", 200, docstub.Enveloped(`{"key_pairs":[{"ciphertext":"vault:v1:MA8y","plaintext":"HT/dnq7RO9c5RloxMHGPDWUjscqdHLa0KAful8X12wg="},{"ciphertext":"vault:v1:yOLl","plaintext":"0srJIA4MVjNVkm9JR2in8KlMAmN0n+l8RLT7S9W9ESs="}],"key_version":1}`))
	s.On("POST", "/v1/transit/derivedkeys/wrapped/k1", 200, docstub.Enveloped(`{"0":{"ciphertext":"vault:v1:abcdefgh"},"1":{"ciphertext":"vault:v1:ijklmnop"},"key_version":0}`))
	s.On("POST", "/v1/transit/cmac/c1", 200, docstub.Enveloped(`{"cmac":"vault:v1:adba343QQ6XPDzm3V5XG9aOdQS0="}`))
	s.On("POST", "/v1/transit/cmac/c1/8", 200, docstub.Enveloped(`{"batch_results":[{"reference":"","cmac":"vault:v1:adba343QQ6XPDzm3V5XG9aOdQS0="},{"reference":"","cmac":"vault:v1:adba343QQ6XPDzm3"}]}`))
	a := livetest.API(t, s.Client(t), "transit", transit.New)

	dk, err := a.TransitGenerateDataKeys(ctx, transit.DataKeyPlaintext, "k1", transit.TransitGenerateDataKeysRequest{Count: 2, Bits: livetest.Ptr(transit.N256)})
	env.OK(t, err)
	if got := s.Sent("POST", "/v1/transit/datakeys/plaintext/k1"); got["count"] != float64(2) || len(dk.Data.KeyPairs) != 2 || dk.Data.KeyPairs[0].Plaintext == nil {
		t.Fatalf("datakeys sent %v, answered %+v", got, dk.Data)
	}
	der, err := a.TransitGenerateDerivedKeys(ctx, transit.DataKeyWrapped, "k1", transit.TransitGenerateDerivedKeysRequest{Salt: "c2FsdA==", KeyIndexFrom: 0, KeyIndexTo: 2})
	env.OK(t, err)
	if len(der.Data.AdditionalProperties) != 2 || der.Data.AdditionalProperties["1"].Ciphertext != "vault:v1:ijklmnop" || der.Data.KeyVersion == nil {
		t.Fatalf("derivedkeys: %+v", der.Data)
	}
	mac, err := a.TransitGenerateCMAC(ctx, "c1", transit.TransitGenerateCMACRequest{Input: []byte("hello")})
	env.OK(t, err)
	if mac.Data.Cmac == nil || s.Sent("POST", "/v1/transit/cmac/c1")["input"] != "aGVsbG8=" {
		t.Fatalf("cmac: %+v", mac.Data)
	}
	batch, err := a.TransitGenerateCMACWithLength(ctx, "c1", 8, transit.TransitGenerateCMACWithLengthRequest{BatchInput: []transit.TransitCMACBatchItem{{Input: []byte("a")}, {Input: []byte("b")}}})
	env.OK(t, err)
	if len(batch.Data.BatchResults) != 2 {
		t.Fatalf("cmac batch: %+v", batch.Data)
	}
}
