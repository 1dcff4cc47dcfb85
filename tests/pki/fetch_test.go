package pki_test

import (
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/wrappers"
)

// With If-Modified-Since passed through by the mount, every fetch path that
// supports it answers 304 when nothing changed.
func TestNotModified(t *testing.T) {
	ctx := t.Context()
	setupCA(t)
	pub := anon(t, mainMount)
	// Rebuild first so the CRLs' modification time is in the past.
	_, err := wrappers.Decode(api(t, mainMount).PKIRotateCRLWithResponse(ctx))
	env.OK(t, err)
	later := ptr(time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
	type call struct {
		name string
		do   func() (int, error)
	}
	st := func(code int, err error) (int, error) { return code, err }
	calls := []call{
		{"ca", func() (int, error) {
			r, err := pub.PKIReadCADERWithResponse(ctx, &pki.PKIReadCADERParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"ca/pem", func() (int, error) {
			r, err := pub.PKIReadCAPEMWithResponse(ctx, &pki.PKIReadCAPEMParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"cert/crl", func() (int, error) {
			r, err := pub.PKIReadCertCRLWithResponse(ctx, &pki.PKIReadCertCRLParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"cert/delta-crl", func() (int, error) {
			r, err := pub.PKIReadCertDeltaCRLWithResponse(ctx, &pki.PKIReadCertDeltaCRLParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"cert/ca", func() (int, error) {
			r, err := pub.PKIReadCertificateWithResponse(ctx, "ca", &pki.PKIReadCertificateParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"cert/ca/raw", func() (int, error) {
			r, err := pub.PKIReadCertificateDERWithResponse(ctx, "ca", &pki.PKIReadCertificateDERParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"cert/ca/raw/pem", func() (int, error) {
			r, err := pub.PKIReadCertificatePEMWithResponse(ctx, "ca", &pki.PKIReadCertificatePEMParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"crl", func() (int, error) {
			r, err := pub.PKIReadCRLDERWithResponse(ctx, &pki.PKIReadCRLDERParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"crl/pem", func() (int, error) {
			r, err := pub.PKIReadCRLPEMWithResponse(ctx, &pki.PKIReadCRLPEMParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"crl/delta", func() (int, error) {
			r, err := pub.PKIReadDeltaCRLDERWithResponse(ctx, &pki.PKIReadDeltaCRLDERParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"crl/delta/pem", func() (int, error) {
			r, err := pub.PKIReadDeltaCRLPEMWithResponse(ctx, &pki.PKIReadDeltaCRLPEMParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"issuer json", func() (int, error) {
			r, err := pub.PKIReadIssuerJSONWithResponse(ctx, rootName, &pki.PKIReadIssuerJSONParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"issuer der", func() (int, error) {
			r, err := pub.PKIReadIssuerDERWithResponse(ctx, rootName, &pki.PKIReadIssuerDERParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"issuer pem", func() (int, error) {
			r, err := pub.PKIReadIssuerPEMWithResponse(ctx, rootName, &pki.PKIReadIssuerPEMParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"issuer crl", func() (int, error) {
			r, err := pub.PKIReadIssuerCRLWithResponse(ctx, rootName, &pki.PKIReadIssuerCRLParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"issuer crl/der", func() (int, error) {
			r, err := pub.PKIReadIssuerCRLDERWithResponse(ctx, rootName, &pki.PKIReadIssuerCRLDERParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"issuer crl/pem", func() (int, error) {
			r, err := pub.PKIReadIssuerCRLPEMWithResponse(ctx, rootName, &pki.PKIReadIssuerCRLPEMParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"issuer crl/delta", func() (int, error) {
			r, err := pub.PKIReadIssuerDeltaCRLWithResponse(ctx, rootName, &pki.PKIReadIssuerDeltaCRLParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"issuer crl/delta/der", func() (int, error) {
			r, err := pub.PKIReadIssuerDeltaCRLDERWithResponse(ctx, rootName, &pki.PKIReadIssuerDeltaCRLDERParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
		{"issuer crl/delta/pem", func() (int, error) {
			r, err := pub.PKIReadIssuerDeltaCRLPEMWithResponse(ctx, rootName, &pki.PKIReadIssuerDeltaCRLPEMParams{IfModifiedSince: later})
			return st(code(r), err)
		}},
	}
	for _, c := range calls {
		got, err := c.do()
		env.OK(t, err)
		if got != http.StatusNotModified {
			t.Errorf("%s with If-Modified-Since in the future: %d, want 304", c.name, got)
		}
	}
}

// code is r's status, or 0 when the call failed and r is a nil pointer.
func code(r interface{ StatusCode() int }) int {
	if r == nil || reflect.ValueOf(r).IsNil() {
		return 0
	}
	return r.StatusCode()
}

// A mount without issuers answers the raw fetch paths with 204 and no body.
func TestEmptyMountFetches(t *testing.T) {
	ctx := t.Context()
	pub := anon(t, emptyMount)
	checks := map[string]func() (int, int, error){
		"ca": func() (int, int, error) {
			r, err := wrappers.Check(pub.PKIReadCADERWithResponse(ctx, nil))
			return code(r), len(r.Body), err
		},
		"ca/pem": func() (int, int, error) {
			r, err := wrappers.Check(pub.PKIReadCAPEMWithResponse(ctx, nil))
			return code(r), len(r.Body), err
		},
		"ca_chain": func() (int, int, error) {
			r, err := wrappers.Check(pub.PKIReadCAChainPEMWithResponse(ctx))
			return code(r), len(r.Body), err
		},
		"crl": func() (int, int, error) {
			r, err := wrappers.Check(pub.PKIReadCRLDERWithResponse(ctx, nil))
			return code(r), len(r.Body), err
		},
		"crl/pem": func() (int, int, error) {
			r, err := wrappers.Check(pub.PKIReadCRLPEMWithResponse(ctx, nil))
			return code(r), len(r.Body), err
		},
		"crl/delta": func() (int, int, error) {
			r, err := wrappers.Check(pub.PKIReadDeltaCRLDERWithResponse(ctx, nil))
			return code(r), len(r.Body), err
		},
		"crl/delta/pem": func() (int, int, error) {
			r, err := wrappers.Check(pub.PKIReadDeltaCRLPEMWithResponse(ctx, nil))
			return code(r), len(r.Body), err
		},
	}
	for name, do := range checks {
		status, n, err := do()
		env.OK(t, err)
		if status != http.StatusNoContent || n != 0 {
			t.Errorf("%s on an empty mount: %d with %d bytes, want 204 and none", name, status, n)
		}
	}
	// Before any tidy the status is Inactive with every detail null.
	st, err := wrappers.Decode(api(t, emptyMount).PKITidyStatusWithResponse(ctx))
	env.OK(t, err)
	if st.Data.State != "Inactive" || st.Data.TidyCertStore != nil || st.Data.TimeStarted != nil || st.Data.RevocationQueueSafetyBuffer != nil {
		t.Fatalf("tidy-status before any run: %+v", st.Data)
	}
	// The JSON variants report the missing default issuer as an error.
	_, err = wrappers.Decode(pub.PKIReadCertCAChainWithResponse(ctx))
	if err == nil {
		t.Fatal("cert/ca_chain on an empty mount succeeded")
	}
}
