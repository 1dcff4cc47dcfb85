// Package vtypes holds the few hand-written types the generated packages use
// for Vault's loosely typed fields.
package vtypes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Duration is a Vault duration field. Vault accepts whole seconds (3600) or a
// duration string ("1h"), and sends back either; Duration keeps what it was
// given and converts on demand.
type Duration string

// Seconds makes a Duration of n whole seconds.
func Seconds(n int64) Duration { return Duration(strconv.FormatInt(n, 10)) }

// Of makes a Duration from a time.Duration, rounded down to whole seconds.
func Of(d time.Duration) Duration { return Seconds(int64(d / time.Second)) }

// Parse returns the duration as a time.Duration. Bare numbers are seconds.
func (d Duration) Parse() (time.Duration, error) {
	s := string(d)
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Duration(n) * time.Second, nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("vtypes: %q is neither seconds nor a duration", s)
	}
	return v, nil
}

// MarshalJSON sends whole seconds as a JSON number and anything else as a string.
func (d Duration) MarshalJSON() ([]byte, error) {
	if _, err := strconv.ParseInt(string(d), 10, 64); err == nil {
		return []byte(d), nil
	}
	return json.Marshal(string(d))
}

// UnmarshalJSON accepts a JSON number or string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*d = Duration(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("vtypes: duration must be a number or a string, got %s", b)
	}
	*d = Duration(n.String())
	return nil
}
