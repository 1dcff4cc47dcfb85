package gen

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEmbedEnvelope(t *testing.T) {
	in := "type ReadResult struct {\n" +
		"\tAuth          *vaultcommon.AuthInfo `json:\"auth\"`\n" +
		"\t// Data The payload.\n" +
		"\tData          ReadData              `json:\"data\"`\n" +
		"\tLeaseDuration int                   `json:\"lease_duration\"`\n" +
		"\tLeaseID       string                `json:\"lease_id\"`\n" +
		"\tMountType     string                `json:\"mount_type\"`\n" +
		"\tRenewable     bool                  `json:\"renewable\"`\n" +
		"\t// RequestID Vault's ID.\n" +
		"\tRequestID     string                `json:\"request_id\"`\n" +
		"\tWarnings      []string              `json:\"warnings\"`\n" +
		"\tWrapInfo      *vaultcommon.WrapInfo `json:\"wrap_info\"`\n" +
		"}\n" +
		// A look-alike with its own auth type keeps its fields.
		"type LoginResult struct {\n" +
		"\tAuth          vaultcommon.AuthInfo  `json:\"auth\"`\n" +
		"\tLeaseDuration int                   `json:\"lease_duration\"`\n" +
		"}\n"
	want := "type ReadResult struct {\n" +
		"\tvaultcommon.Envelope\n" +
		"\t// Data The payload.\n" +
		"\tData          ReadData              `json:\"data\"`\n" +
		"}\n" +
		in[strings.Index(in, "type LoginResult"):]
	if diff := cmp.Diff(want, embedEnvelope(in, false)); diff != "" {
		t.Errorf("embedEnvelope (-want +got):\n%s", diff)
	}
	inCommon := strings.ReplaceAll(in, "vaultcommon.", "")
	if got := embedEnvelope(inCommon, true); !strings.Contains(got, "struct {\n\tEnvelope\n") {
		t.Errorf("in the shared package the embedded type is unqualified:\n%s", got)
	}
}
