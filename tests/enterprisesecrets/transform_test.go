package enterprisesecrets_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/govault/govault/generated/transform"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
	"github.com/govault/govault/vtypes"
)

// Every Transform operation against the docs-shaped Enterprise stand-in.
func TestTransformDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	m := "/v1/transform/"
	list := func(keys string) string { return docstub.Enveloped(`{"keys":[` + keys + `]}`) }
	for _, p := range []string{"role/example-role", "transformation/example-transformation", "template/example-template", "alphabet/example-alphabet", "stores/example-store"} {
		s.On("POST", m+p, 204, "")
		s.On("DELETE", m+p, 204, "")
	}
	s.On("GET", m+"role/example-role", 200, docstub.Enveloped(`{"transformations":["creditcard-fpe","creditcard-masking"]}`))
	s.On("GET", m+"role/", 200, list(`"example-role"`))
	s.On("GET", m+"transformation/example-transformation", 200, docstub.Enveloped(`{"allowed_roles":["example-role"],"templates":["builtin/creditcardnumber"],"tweak_source":"internal","type":"fpe"}`))
	s.On("GET", m+"transformation/", 200, list(`"example-transformation"`))
	for _, p := range []string{"fpe/example-transformation", "masking/example-transformation", "tokenization/example-transformation",
		"fpe/example-transformation/import", "tokenization/example-transformation/import", "tokenization/example-transformation/import_version"} {
		s.On("POST", m+"transformations/"+p, 204, "")
	}
	s.On("GET", m+"wrapping_key", 200, docstub.Enveloped(`{"public_key":"-----BEGIN PUBLIC KEY-----\nMIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEA\n-----END PUBLIC KEY-----"}`))
	s.On("GET", m+"template/example-template", 200, docstub.Enveloped(`{"alphabet":"builtin/numeric","decode_formats":{"first-three":"$1","last-four":"$3"},"encode_format":"$1-$2-$3","pattern":"(\\d{3})[-/](\\d{2})[-/](\\d{4})","type":"regex"}`))
	s.On("GET", m+"template/", 200, list(`"example-template"`))
	s.On("GET", m+"alphabet/example-alphabet", 200, docstub.Enveloped(`{"alphabet":"abc"}`))
	s.On("GET", m+"alphabet/", 200, list(`"example-alphabet"`))
	s.On("POST", m+"stores/example-store/schema", 204, "")
	s.On("GET", m+"stores/example-store", 200, docstub.Enveloped(`{"type":"sql","connection_string":"postgresql://{{username}}:{{password}}@mydb.conhugeco.com/tokens","supported_transformations":["tokenization"]}`))
	s.On("GET", m+"stores/", 200, list(`"example-store"`))
	s.On("POST", m+"encode/example-role", 200, docstub.Enveloped(`{"encoded_value":"5682-4613-6822-8064"}`))
	s.On("POST", m+"decode/example-role", 200, docstub.Enveloped(`{"batch_results":[{"encoded_value":"1111-2222-3333-4444","reference":"order#1234"},{"encoded_value":"1111-2222-3333-4444"}]}`))
	s.On("POST", m+"decode/example-role/last-four", 200, docstub.Enveloped(`{"decoded_value":"4444"}`))
	s.On("POST", m+"validate/example-role", 200, docstub.Enveloped(`{"valid":true}`))
	s.On("POST", m+"tokenized/example-role", 200, docstub.Enveloped(`{"tokenized":true}`))
	s.On("POST", m+"tokens/example-role", 200, docstub.Enveloped(`{"tokens":["AHLdmFvTRknMBgrNSy6Ba7xJxG28KkZeHKqxGJ7e45G3V9UbcUr6gdv83ozwRRQwLfJgyHZvfa9rh7kU9xJXVdY"]}`))
	s.On("DELETE", m+"tokens/example-role", 204, "")
	s.On("DELETE", m+"tokenized/example-role", 204, "")
	s.On("POST", m+"metadata/example-role", 200, docstub.Enveloped(`{"metadata":"Department=Marketing","expiration_time":"2020-11-04T04:00:00+00:00"}`))
	s.On("POST", m+"transformations/tokenization/snapshot/sample-transform", 200, docstub.Enveloped(`{"continuation":"2F1nUpUKMZUBnwQ77qBt4D","values":["CiDiVGJaXlcS0ky4mRVvfLdxk7FWh8ATcFMSbQRtWCs/HxJ8CAESIGQH2oukpwPAFoK2SaKUcYAxrnxtvJn7n5d3dWx2eCLc"]}`))
	s.On("POST", m+"transformations/tokenization/restore/sample-transform", 204, "")
	s.On("POST", m+"transformations/tokenization/export-decoded/sample-transform", 200, docstub.Enveloped(`{"continuation":"4hELrrmGAwhHFjmMFny","values":[{"plaintext":"dmFsdWUtMA==","token":"Q4tYgFXHxUaPhDdV9rx2CduZGPxjYpAp1K523AUsNM5A2Z6DrXj3zz"},{"plaintext":"dmFsdWUtMg==","token":"Q4tYgFXHxUNyMfqRW6fA82DYvMigwdf6JjATauyVzqx2SsmUShMhN5","expiration_time":"2021-03-15T00:31:10Z"}]}`))
	keys := m + "tokenization/keys/"
	s.On("POST", keys+"transform_name/rotate", 204, "")
	s.On("POST", keys+"transform_name/config", 204, "")
	s.On("POST", keys+"transform_name/trim", 204, "")
	s.On("GET", keys, 200, list(`"transform_name"`))
	s.On("GET", keys+"transform_name", 200, docstub.Enveloped(`{"latest_version":1,"min_available_version":0,"min_decryption_version":1,"auto_rotate_period":"4320h","name":"transform_name"}`))
	c := s.Client(t)
	a := livetest.API(t, c, "transform", transform.New)
	check := func(name string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, env.Leaks.Seen(err))
		}
	}

	// Roles.
	err := a.TransformWriteRole(ctx, "example-role", transform.TransformWriteRoleRequest{Transformations: []string{"creditcard-fpe", "creditcard-masking"}})
	check("role write", err)
	role, err := a.TransformReadRole(ctx, "example-role")
	check("role read", err)
	roles, err := a.TransformListRoles(ctx, &transform.TransformListRolesParams{Filter: livetest.Ptr("example-*")})
	check("role list", err)
	// The order of the query's parameters is the client's choice: compare them as a set.
	query := strings.Split(s.RawQuery("GET", m+"role/"), "&")
	slices.Sort(query)
	if len(role.Data.Transformations) != 2 || roles.Data.Keys[0] != "example-role" || !slices.Equal(query, []string{"filter=example-%2A", "list=true"}) {
		t.Fatalf("roles: %+v %+v %q", role.Data, roles.Data, s.RawQuery("GET", m+"role/"))
	}

	// Transformations.
	internal := transform.Internal
	err = a.TransformWriteTransformation(ctx, "example-transformation", transform.TransformWriteTransformationRequest{
		Type: transform.Fpe, Template: livetest.Ptr("builtin/creditcardnumber"), TweakSource: &internal, AllowedRoles: []string{"example-role"},
	})
	check("transformation write", err)
	err = a.TransformWriteFPETransformation(ctx, "example-transformation", transform.TransformWriteFPETransformationRequest{Template: "builtin/creditcardnumber", TweakSource: &internal})
	check("fpe write", err)
	if got := s.Sent("POST", m+"transformations/fpe/example-transformation"); got["tweak_source"] != "internal" {
		t.Fatalf("fpe sent %v", got)
	}
	err = a.TransformWriteMaskingTransformation(ctx, "example-transformation", transform.TransformWriteMaskingTransformationRequest{Template: "builtin/creditcardnumber", MaskingCharacter: livetest.Ptr("X")})
	check("masking write", err)
	maxTTL := vtypes.Duration("8760h")
	exportable := transform.Exportable
	err = a.TransformWriteTokenizationTransformation(ctx, "example-transformation", transform.TransformWriteTokenizationTransformationRequest{MaxTTL: &maxTTL, MappingMode: &exportable, Convergent: livetest.Ptr(true)})
	check("tokenization write", err)
	if got := s.Sent("POST", m+"transformations/tokenization/example-transformation"); got["max_ttl"] != "8760h" || got["mapping_mode"] != "exportable" {
		t.Fatalf("tokenization sent %v", got)
	}
	wk, err := a.TransformReadWrappingKey(ctx)
	check("wrapping key", err)
	if wk.Data.PublicKey == "" {
		t.Fatal("wrapping key: empty")
	}
	ct := "c2VjcmV0LXdyYXBwZWQta2V5LW1hdGVyaWFs"
	err = a.TransformImportFPETransformation(ctx, "example-transformation", transform.TransformImportFPETransformationRequest{Ciphertext: ct, Template: "builtin/creditcardnumber"})
	check("fpe import", err)
	err = a.TransformImportTokenizationTransformation(ctx, "example-transformation", transform.TransformImportTokenizationTransformationRequest{Ciphertext: ct, AllowRotation: livetest.Ptr(true)})
	check("tokenization import", err)
	err = a.TransformImportTokenizationKeyVersion(ctx, "example-transformation", transform.TransformImportTokenizationKeyVersionRequest{Ciphertext: ct})
	check("tokenization import_version", err)
	tr, err := a.TransformReadTransformation(ctx, "example-transformation")
	check("transformation read", err)
	trs, err := a.TransformListTransformations(ctx)
	check("transformation list", err)
	if tr.Data.Type != "fpe" || tr.Data.Templates[0] != "builtin/creditcardnumber" || len(trs.Data.Keys) != 1 {
		t.Fatalf("transformation: %+v", tr.Data)
	}

	// Templates, alphabets, stores.
	err = a.TransformWriteTemplate(ctx, "example-template", transform.TransformWriteTemplateRequest{
		Type: transform.Regex, Pattern: `(\d{3})[-/](\d{2})[-/](\d{4})`, Alphabet: livetest.Ptr("builtin/numeric"),
		EncodeFormat: livetest.Ptr("$1-$2-$3"), DecodeFormats: map[string]string{"last-four": "$3"},
	})
	check("template write", err)
	tpl, err := a.TransformReadTemplate(ctx, "example-template")
	check("template read", err)
	tpls, err := a.TransformListTemplates(ctx)
	check("template list", err)
	if tpl.Data.DecodeFormats["last-four"] != "$3" || tpls.Data.Keys[0] != "example-template" {
		t.Fatalf("template: %+v", tpl.Data)
	}
	err = a.TransformWriteAlphabet(ctx, "example-alphabet", transform.TransformWriteAlphabetRequest{Alphabet: "abc"})
	check("alphabet write", err)
	al, err := a.TransformReadAlphabet(ctx, "example-alphabet")
	check("alphabet read", err)
	als, err := a.TransformListAlphabets(ctx)
	check("alphabet list", err)
	if al.Data.Alphabet != "abc" || len(als.Data.Keys) != 1 {
		t.Fatalf("alphabet: %+v", al.Data)
	}
	env.Leaks.Add("very_secret")
	err = a.TransformWriteStore(ctx, "example-store", transform.TransformWriteStoreRequest{
		Type: transform.SQL, Driver: transform.Postgres, ConnectionString: "postgresql://{{username}}:{{password}}@mydb.conhugeco.com/tokens",
		Username: "vault_user", Password: "very_secret",
	})
	check("store write", err)
	err = a.TransformWriteStoreSchema(ctx, "example-store", transform.TransformWriteStoreSchemaRequest{Username: "ddl_user", Password: "very_secret"})
	check("store schema", err)
	st, err := a.TransformReadStore(ctx, "example-store")
	check("store read", err)
	sts, err := a.TransformListStores(ctx)
	check("store list", err)
	if st.Data.SupportedTransformations[0] != "tokenization" || sts.Data.Keys[0] != "example-store" {
		t.Fatalf("store: %+v", st.Data)
	}

	// Encode, decode and token queries.
	enc, err := a.TransformEncode(ctx, "example-role", transform.TransformEncodeRequest{Value: livetest.Ptr("1111-2222-3333-4444"), Transformation: livetest.Ptr("ccn-fpe")})
	check("encode", err)
	if enc.Data.EncodedValue == nil || *enc.Data.EncodedValue != "5682-4613-6822-8064" {
		t.Fatalf("encode: %+v", enc.Data)
	}
	dec, err := a.TransformDecode(ctx, "example-role", transform.TransformDecodeRequest{BatchInput: []transform.TransformDecodeItem{
		{Value: "5682-4613-6822-8064", Transformation: livetest.Ptr("ccn-fpe"), Reference: livetest.Ptr("order#1234")},
		{Value: "Q4tYgFXHxURXf9MLekG82L51vSAQrDnpAiaB37J4VPRxoQEB3fRpwR", Transformation: livetest.Ptr("ccn-tokenization")},
	}})
	check("decode batch", err)
	if len(dec.Data.BatchResults) != 2 || *dec.Data.BatchResults[0].Reference != "order#1234" {
		t.Fatalf("decode: %+v", dec.Data)
	}
	if items := s.Sent("POST", m+"decode/example-role")["batch_input"].([]any); len(items) != 2 {
		t.Fatalf("decode sent %v", items)
	}
	four, err := a.TransformDecodeWithFormat(ctx, "example-role", "last-four", transform.TransformDecodeRequest{Value: livetest.Ptr("418-56-4374")})
	check("decode with format", err)
	if *four.Data.DecodedValue != "4444" {
		t.Fatalf("decode last-four: %+v", four.Data)
	}
	token := "CAESLAoYChAhsIt7Urh6GmN2VnxAeuLGENuF8fkFEhBYz7wwdFyJPrhyDmvZg7L0"
	valid, err := a.TransformValidateToken(ctx, "example-role", transform.TransformValidateTokenRequest{Value: livetest.Ptr(token)})
	check("validate", err)
	tokd, err := a.TransformCheckTokenized(ctx, "example-role", transform.TransformCheckTokenizedRequest{Value: livetest.Ptr("1111-1111-1111-1111")})
	check("tokenized", err)
	if !*valid.Data.Valid || !*tokd.Data.Tokenized {
		t.Fatalf("validate/tokenized: %+v %+v", valid.Data, tokd.Data)
	}
	found, err := a.TransformLookupToken(ctx, "example-role", transform.TransformLookupTokenRequest{Value: livetest.Ptr("1111-1111-1111-1111"), Expiration: livetest.Ptr("any")})
	check("lookup tokens", err)
	if len(found.Data.Tokens) != 1 {
		t.Fatalf("tokens: %+v", found.Data)
	}
	md, err := a.TransformReadTokenMetadata(ctx, "example-role", transform.TransformReadTokenMetadataRequest{Value: livetest.Ptr(token)})
	check("metadata", err)
	if *md.Data.Metadata != "Department=Marketing" {
		t.Fatalf("metadata: %+v", md.Data)
	}
	err = a.TransformDeleteToken(ctx, "example-role", transform.TransformDeleteTokenRequest{Token: livetest.Ptr(found.Data.Tokens[0])})
	check("delete token", err)
	if s.Sent("DELETE", m+"tokens/example-role")["token"] != found.Data.Tokens[0] {
		t.Fatal("delete token did not send the token in the body")
	}
	err = a.TransformDeleteTokenizedValue(ctx, "example-role", transform.TransformDeleteTokenizedValueRequest{Value: livetest.Ptr("1111-1111-1111-1111"), Expiration: livetest.Ptr("any")})
	check("delete tokenized", err)

	// Snapshots and tokenization keys.
	snap, err := a.TransformSnapshotTokenization(ctx, "sample-transform", transform.TransformSnapshotRequest{Limit: livetest.Ptr(3)})
	check("snapshot", err)
	err = a.TransformRestoreTokenization(ctx, "sample-transform", transform.TransformRestoreTokenizationRequest{Values: snap.Data.Values})
	check("restore", err)
	exp, err := a.TransformExportDecodedTokenization(ctx, "sample-transform", transform.TransformSnapshotRequest{Continuation: snap.Data.Continuation})
	check("export-decoded", err)
	if len(exp.Data.Values) != 2 || exp.Data.Values[1].ExpirationTime == nil {
		t.Fatalf("export: %+v", exp.Data)
	}
	err = a.TransformRotateTokenizationKey(ctx, "transform_name")
	check("rotate", err)
	period := vtypes.Duration("4320h")
	err = a.TransformConfigureTokenizationKey(ctx, "transform_name", transform.TransformConfigureTokenizationKeyRequest{MinDecryptionVersion: livetest.Ptr(1), AutoRotatePeriod: &period})
	check("key config", err)
	key, err := a.TransformReadTokenizationKey(ctx, "transform_name")
	check("key read", err)
	keyList, err := a.TransformListTokenizationKeys(ctx)
	check("key list", err)
	if key.Data.LatestVersion != 1 || *key.Data.AutoRotatePeriod != "4320h" || keyList.Data.Keys[0] != "transform_name" {
		t.Fatalf("key: %+v", key.Data)
	}
	err = a.TransformTrimTokenizationKey(ctx, "transform_name", transform.TransformTrimTokenizationKeyRequest{MinAvailableVersion: 1})
	check("trim", err)

	// Deletes.
	for name, del := range map[string]func() error{
		"role": func() error {
			err := a.TransformDeleteRole(ctx, "example-role")
			return err
		},
		"transformation": func() error {
			err := a.TransformDeleteTransformation(ctx, "example-transformation")
			return err
		},
		"template": func() error {
			err := a.TransformDeleteTemplate(ctx, "example-template")
			return err
		},
		"alphabet": func() error {
			err := a.TransformDeleteAlphabet(ctx, "example-alphabet")
			return err
		},
		"store": func() error {
			err := a.TransformDeleteStore(ctx, "example-store")
			return err
		},
	} {
		check("delete "+name, del())
	}
}
