package main

import (
	"context"
	"fmt"

	"github.com/govault/govault/gen"
)

// diff is `gen diff` against this server: every builtin plugin is mounted
// (the server is a throwaway) and its OpenAPI document compared with ours.
func (d *demo) diff(ctx context.Context) error {
	raw, err := gen.LiveSpec(ctx, d.client.Address(), d.client.Token(), true)
	if err != nil {
		return err
	}
	live, err := gen.IndexBytes(d.client.Address()+"/v1/sys/internal/specs/openapi", raw)
	if err != nil {
		return err
	}
	ours, err := gen.LoadIndex(d.specFile, true)
	if err != nil {
		return err
	}
	excluded, err := gen.ReadExclusions("openapi/exclusions.yaml")
	if err != nil {
		return err
	}
	report := gen.Compare(ours, live)
	var unexplained []string
	for _, op := range report.Missing {
		if excluded[op.Key] == "" {
			unexplained = append(unexplained, op.Key)
		}
	}
	if len(unexplained) > 0 {
		return fmt.Errorf("gen diff: the spec lacks %d operations this server serves: %v", len(unexplained), unexplained)
	}
	d.say("gen diff", "%d operations served: %d match the spec, %d changed, %d left out with a reason (openapi/exclusions.yaml), none missing",
		len(live.Ops), report.Same, len(report.Changed), len(report.Missing))
	return nil
}
