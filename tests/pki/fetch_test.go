package pki_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

// With If-Modified-Since passed through by the mount, every fetch path that
// supports it answers 304 when nothing changed.
func TestNotModified(t *testing.T) {
	ctx := t.Context()
	setupCA(t)
	pub := anon(t, mainMount)
	// Rebuild first so the CRLs' modification time is in the past.
	_, err := mainAPI(t).PKIRotateCRL(ctx)
	env.OK(t, err)
	later := livetest.Ptr(time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
	type call struct {
		name string
		do   func(vtypes.RequestEditorFn) error
	}
	calls := []call{
		{"ca", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadCADER(ctx, &pki.PKIReadCADERParams{IfModifiedSince: later}, e)
			return err
		}},
		{"ca/pem", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadCAPEM(ctx, &pki.PKIReadCAPEMParams{IfModifiedSince: later}, e)
			return err
		}},
		{"cert/crl", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadCertCRL(ctx, &pki.PKIReadCertCRLParams{IfModifiedSince: later}, e)
			return err
		}},
		{"cert/delta-crl", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadCertDeltaCRL(ctx, &pki.PKIReadCertDeltaCRLParams{IfModifiedSince: later}, e)
			return err
		}},
		{"cert/ca", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadCertificate(ctx, "ca", &pki.PKIReadCertificateParams{IfModifiedSince: later}, e)
			return err
		}},
		{"cert/ca/raw", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadCertificateDER(ctx, "ca", &pki.PKIReadCertificateDERParams{IfModifiedSince: later}, e)
			return err
		}},
		{"cert/ca/raw/pem", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadCertificatePEM(ctx, "ca", &pki.PKIReadCertificatePEMParams{IfModifiedSince: later}, e)
			return err
		}},
		{"crl", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadCRLDER(ctx, &pki.PKIReadCRLDERParams{IfModifiedSince: later}, e)
			return err
		}},
		{"crl/pem", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadCRLPEM(ctx, &pki.PKIReadCRLPEMParams{IfModifiedSince: later}, e)
			return err
		}},
		{"crl/delta", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadDeltaCRLDER(ctx, &pki.PKIReadDeltaCRLDERParams{IfModifiedSince: later}, e)
			return err
		}},
		{"crl/delta/pem", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadDeltaCRLPEM(ctx, &pki.PKIReadDeltaCRLPEMParams{IfModifiedSince: later}, e)
			return err
		}},
		{"issuer json", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadIssuerJSON(ctx, rootName, &pki.PKIReadIssuerJSONParams{IfModifiedSince: later}, e)
			return err
		}},
		{"issuer der", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadIssuerDER(ctx, rootName, &pki.PKIReadIssuerDERParams{IfModifiedSince: later}, e)
			return err
		}},
		{"issuer pem", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadIssuerPEM(ctx, rootName, &pki.PKIReadIssuerPEMParams{IfModifiedSince: later}, e)
			return err
		}},
		{"issuer crl", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadIssuerCRL(ctx, rootName, &pki.PKIReadIssuerCRLParams{IfModifiedSince: later}, e)
			return err
		}},
		{"issuer crl/der", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadIssuerCRLDER(ctx, rootName, &pki.PKIReadIssuerCRLDERParams{IfModifiedSince: later}, e)
			return err
		}},
		{"issuer crl/pem", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadIssuerCRLPEM(ctx, rootName, &pki.PKIReadIssuerCRLPEMParams{IfModifiedSince: later}, e)
			return err
		}},
		{"issuer crl/delta", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadIssuerDeltaCRL(ctx, rootName, &pki.PKIReadIssuerDeltaCRLParams{IfModifiedSince: later}, e)
			return err
		}},
		{"issuer crl/delta/der", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadIssuerDeltaCRLDER(ctx, rootName, &pki.PKIReadIssuerDeltaCRLDERParams{IfModifiedSince: later}, e)
			return err
		}},
		{"issuer crl/delta/pem", func(e vtypes.RequestEditorFn) error {
			_, err := pub.PKIReadIssuerDeltaCRLPEM(ctx, rootName, &pki.PKIReadIssuerDeltaCRLPEMParams{IfModifiedSince: later}, e)
			return err
		}},
	}
	for _, c := range calls {
		var raw vtypes.Raw
		err := c.do(vtypes.CaptureRaw(&raw))
		// The spec documents the 304: an answer (with no body), not an error.
		if err != nil || livetest.Status(raw) != http.StatusNotModified || len(raw.Body) != 0 {
			t.Errorf("%s with If-Modified-Since in the future: %d (%v), want 304", c.name, livetest.Status(raw), err)
		}
	}
}

// A mount without issuers answers the raw fetch paths with 204 and no body.
func TestEmptyMountFetches(t *testing.T) {
	ctx := t.Context()
	pub := anon(t, emptyMount)
	checks := map[string]func(vtypes.RequestEditorFn) ([]byte, error){
		"ca": func(e vtypes.RequestEditorFn) ([]byte, error) {
			return pub.PKIReadCADER(ctx, nil, e)
		},
		"ca/pem": func(e vtypes.RequestEditorFn) ([]byte, error) {
			return pub.PKIReadCAPEM(ctx, nil, e)
		},
		"ca_chain": func(e vtypes.RequestEditorFn) ([]byte, error) {
			return pub.PKIReadCAChainPEM(ctx, e)
		},
		"crl": func(e vtypes.RequestEditorFn) ([]byte, error) {
			return pub.PKIReadCRLDER(ctx, nil, e)
		},
		"crl/pem": func(e vtypes.RequestEditorFn) ([]byte, error) {
			return pub.PKIReadCRLPEM(ctx, nil, e)
		},
		"crl/delta": func(e vtypes.RequestEditorFn) ([]byte, error) {
			return pub.PKIReadDeltaCRLDER(ctx, nil, e)
		},
		"crl/delta/pem": func(e vtypes.RequestEditorFn) ([]byte, error) {
			return pub.PKIReadDeltaCRLPEM(ctx, nil, e)
		},
	}
	for name, do := range checks {
		var raw vtypes.Raw
		body, err := do(vtypes.CaptureRaw(&raw))
		env.OK(t, err)
		if livetest.Status(raw) != http.StatusNoContent || len(body) != 0 || len(raw.Body) != 0 {
			t.Errorf("%s on an empty mount: %d with %d bytes, want 204 and none", name, livetest.Status(raw), len(body))
		}
	}
	// Before any tidy the status is Inactive with every detail null.
	st, err := emptyAPI(t).PKITidyStatus(ctx)
	env.OK(t, err)
	if st.Data.State != "Inactive" || st.Data.TidyCertStore != nil || st.Data.TimeStarted != nil || st.Data.RevocationQueueSafetyBuffer != nil {
		t.Fatalf("tidy-status before any run: %+v", st.Data)
	}
	// The JSON variants report the missing default issuer as an error.
	_, err = pub.PKIReadCertCAChain(ctx)
	if err == nil {
		t.Fatal("cert/ca_chain on an empty mount succeeded")
	}
}
