package vtypes

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDurationRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		out  string
	}{
		{`3600`, time.Hour, `3600`},
		{`"1h30m"`, 90 * time.Minute, `"1h30m"`},
		{`"45"`, 45 * time.Second, `45`},
	} {
		var d Duration
		if err := json.Unmarshal([]byte(tc.in), &d); err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		got, err := d.Parse()
		if err != nil || got != tc.want {
			t.Errorf("%s: Parse() = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		out, _ := json.Marshal(d)
		if string(out) != tc.out {
			t.Errorf("%s: marshal = %s, want %s", tc.in, out, tc.out)
		}
	}
}

func TestDurationRejectsOtherJSON(t *testing.T) {
	for _, in := range []string{`true`, `{}`, `[1]`} {
		var d Duration
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("%s: want an error, got %q", in, d)
		}
	}
	if _, err := Duration("soon").Parse(); err == nil {
		t.Error(`Parse("soon"): want an error`)
	}
}

func TestOf(t *testing.T) {
	if got := Of(90 * time.Second); got != "90" {
		t.Errorf("Of(90s) = %q", got)
	}
}
