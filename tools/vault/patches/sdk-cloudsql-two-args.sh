#!/usr/bin/env bash
# Run inside a copy of the sdk module. sdk v0.19.0 gave
# connutil.GetCloudSQLAuthOptions a third argument (use PSC) that the 1.20
# release branch's mysql plugin does not pass yet; making it variadic lets
# both call forms compile, and the two-argument form means "no PSC", as on
# that branch.
set -euo pipefail
f=database/helper/connutil/cloudsql.go
grep -q '^func GetCloudSQLAuthOptions(credentials string, usePrivateIP bool, usePSC bool)' "$f"
sed -i '/^func GetCloudSQLAuthOptions(/s/usePrivateIP bool, usePSC bool)/usePrivateIP bool, pscOpt ...bool)/' "$f"
sed -i 's/^\(func GetCloudSQLAuthOptions.*{\)$/\1\n\tusePSC := len(pscOpt) > 0 \&\& pscOpt[0]/' "$f"
gofmt -l "$f" >/dev/null
