package gen

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func index(ops ...*Op) *SpecIndex {
	ix := &SpecIndex{Ops: map[string]*Op{}}
	for _, o := range ops {
		if o.Request == nil {
			o.Request = map[string]string{}
		}
		ix.Ops[o.Key] = o
	}
	return ix
}

func TestSinceDatesOperationsAndFields(t *testing.T) {
	ours := index(
		&Op{Key: "GET /sys/old", ID: "SysOld", Source: "a.yaml#/old"},
		&Op{Key: "GET /sys/new", ID: "SysNew", Source: "a.yaml#/new"},
		&Op{Key: "GET /sys/gone", ID: "SysGone", Source: "a.yaml#/gone"},
		&Op{Key: "GET /sys/ent", ID: "SysEnt", Source: "a.yaml#/ent"},
		&Op{Key: "POST /sys/old", ID: "SysWriteOld", Source: "a.yaml#/wold",
			Request: map[string]string{"a": "string", "b": "string", "b.c": "string", "d": "string"}, FieldMin: map[string]string{"d": "1.19"}},
	)
	r := func(v string, ops ...*Op) Release { return Release{Version: v, Live: index(ops...)} }
	releases := []Release{
		r("1.21.0", &Op{Key: "GET /sys/old"}, &Op{Key: "GET /sys/new"},
			&Op{Key: "POST /sys/old", Request: map[string]string{"a": "string", "b": "string", "d": "string"}}),
		r("1.17.6", &Op{Key: "GET /sys/old"}, &Op{Key: "GET /sys/gone"},
			&Op{Key: "POST /sys/old", Request: map[string]string{"a": "string"}}),
		r("1.19.5", &Op{Key: "GET /sys/old"}, &Op{Key: "GET /sys/new"}, &Op{Key: "GET /sys/gone"},
			&Op{Key: "POST /sys/old", Request: map[string]string{"a": "string", "d": "string"}}),
	}
	marks, unserved := Since(ours, releases)
	want := []Mark{
		{ID: "SysGone", Source: "a.yaml#/gone", Max: "1.19"},
		{ID: "SysNew", Source: "a.yaml#/new", Min: "1.19"},
		{ID: "SysWriteOld", Source: "a.yaml#/wold", Field: "b", Min: "1.21"},
		{ID: "SysWriteOld", Source: "a.yaml#/wold", Field: "d", Min: "1.19", Have: "1.19"},
	}
	if diff := cmp.Diff(want, marks); diff != "" {
		t.Errorf("marks (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"SysEnt"}, unserved); diff != "" {
		t.Errorf("unserved (-want +got):\n%s", diff)
	}
}
