// Package syscore_test covers the core sys operations added after the first
// slice (whose own contract tests live in wrappers/). The sys area is not
// listed in Areas, because the first-slice operations are exercised there;
// instead a full run must call every operation named in added.
package syscore_test

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

// added lists the operations of openapi/sys/sys.yaml this package owns.
var added = []string{
	"SysReadRotationConfig", "SysWriteRotationConfig",
	"SysListIrrevocableLeases", "SysCountIrrevocableLeases", "SysTidyLeases", "SysListLeasePrefixes",
	"SysRenewLeaseByID", "SysRevokeLeaseByID",
	"SysRenewLeaseLegacy", "SysRenewLeaseByIDLegacy", "SysRevokeLeaseLegacy", "SysRevokeLeaseByIDLegacy",
	"SysRevokeLeasePrefixLegacy", "SysForceRevokeLeasePrefixLegacy",
	"SysReadAuthMethodTuningUnderMounts", "SysTuneAuthMethodUnderMounts",
	"SysListPolicyNames", "SysReadWrappingTokenProperties",
	"SysReadRecoveryRekeyProgress", "SysStartRecoveryRekey", "SysCancelRecoveryRekey", "SysUpdateRecoveryRekey",
	"SysReadRecoveryRekeyVerification", "SysVerifyRecoveryRekey", "SysCancelRecoveryRekeyVerification",
	"SysReadRecoveryKeyBackup", "SysDeleteRecoveryKeyBackup",
	"SysListRawRoot", "SysListRaw", "SysReadRaw", "SysWriteRaw", "SysDeleteRaw",
	"SysReadSealWrapRewrap", "SysStartSealWrapRewrap",
	"SysHeadHealth",
	"SysReadRecoveryTokenGenerationProgress", "SysStartRecoveryTokenGeneration", "SysCancelRecoveryTokenGeneration", "SysUpdateRecoveryTokenGeneration",
}

func TestMain(m *testing.M) {
	e, code := livetest.Main(m, livetest.Options{
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	if code == 0 && e != nil && fullRun() {
		known := map[string]bool{}
		for _, id := range e.Validator.Operations("sys") {
			known[id] = true
		}
		seen := e.Validator.Seen()
		for _, id := range added {
			switch {
			case !known[id]:
				fmt.Fprintf(os.Stderr, "FAIL: %s is not an operation of the sys area\n", id)
				code = 1
			case seen[id] == 0:
				fmt.Fprintf(os.Stderr, "FAIL: %s was never called against the real server\n", id)
				code = 1
			}
		}
	}
	os.Exit(code)
}

func fullRun() bool {
	for _, name := range []string{"test.run", "test.skip"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return false
		}
	}
	return true
}
