package wrappers_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/generated/vaultcommon"
)

// Every result embeds vaultcommon.Envelope, so a print or JSON method on
// Envelope would be promoted to all of them and hide their data.
func TestEnvelopeHasNoPromotedPrintMethods(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[vaultcommon.Envelope](), reflect.TypeFor[*vaultcommon.Envelope]()} {
		for _, name := range []string{"Format", "String", "GoString", "MarshalJSON", "UnmarshalJSON"} {
			if _, ok := typ.MethodByName(name); ok {
				t.Errorf("%v has a %s method; every result would inherit it", typ, name)
			}
		}
	}
	out := fmt.Sprintf("%+v", kvv2.KvV2ReadResult{
		Envelope: vaultcommon.Envelope{RequestID: "r1", Warnings: []string{"w"}},
		Data:     kvv2.KvV2ReadData{Data: map[string]any{"k": "v"}},
	})
	for _, want := range []string{"RequestID:r1", "Warnings:[w]", "map[k:v]"} {
		if !strings.Contains(out, want) {
			t.Errorf("printed result lacks %q: %s", want, out)
		}
	}
}
