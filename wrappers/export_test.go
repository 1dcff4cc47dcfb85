package wrappers

// Test-only access to the response helpers, so tests of the generated
// packages check statuses the same way the wrappers do.
var (
	CheckedForTest = checked[apiResponse]
)

// DecodeForTest is decode for tests outside the package.
func DecodeForTest[T any](rsp jsonResponse[T], err error) (*T, error) { return decode(rsp, err) }
