package enterprisesecrets_test

import "encoding/json"

// jsonString quotes v as a JSON string.
func jsonString(v string) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
