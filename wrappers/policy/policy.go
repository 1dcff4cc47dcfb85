// Package policy parses Vault ACL policies (HCL or JSON) into Go values and
// reads them from a server, hvac's get_policy(parse=True). It is a package of
// its own so that only programs importing it compile the HCL parser.
package policy

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl"
	"github.com/hashicorp/hcl/hcl/ast"

	"github.com/govault/govault/wrappers"
)

// Policy is a parsed ACL policy.
type Policy struct {
	Name  string     // from Get, or the policy's own top-level name
	Rules string     // the policy's text, from Get
	Paths []PathRule // in the order written
}

// PathRule is one path block. Fields hold what the policy says; nothing is
// expanded (a legacy Policy shorthand is not turned into Capabilities).
type PathRule struct {
	Path                string           // without a leading "/", as Vault stores it
	Capabilities        []string         // "read", "create", "deny", ...
	Policy              string           // legacy shorthand: "read", "write", "sudo" or "deny"
	AllowedParameters   map[string][]any // parameter -> allowed values; an empty list allows any value
	DeniedParameters    map[string][]any // parameter -> denied values; an empty list denies any value
	RequiredParameters  []string
	MinWrappingTTL      time.Duration
	MaxWrappingTTL      time.Duration
	MFAMethods          []string // Enterprise
	SubscribeEventTypes []string
	Comment             string
}

// The keys Vault accepts, at the top and in a path block (control_group is
// Enterprise and kept unparsed).
var (
	topKeys  = []string{"name", "path"}
	pathKeys = []string{"comment", "policy", "capabilities", "allowed_parameters", "denied_parameters",
		"required_parameters", "min_wrapping_ttl", "max_wrapping_ttl", "mfa_methods", "control_group", "subscribe_event_types"}
)

// hclPath is what the HCL decoder fills from one path block.
type hclPath struct {
	Comment             string                   `hcl:"comment"`
	Policy              string                   `hcl:"policy"`
	Capabilities        []string                 `hcl:"capabilities"`
	AllowedParameters   map[string][]interface{} `hcl:"allowed_parameters"`
	DeniedParameters    map[string][]interface{} `hcl:"denied_parameters"`
	RequiredParameters  []string                 `hcl:"required_parameters"`
	MinWrappingTTL      interface{}              `hcl:"min_wrapping_ttl"`
	MaxWrappingTTL      interface{}              `hcl:"max_wrapping_ttl"`
	MFAMethods          []string                 `hcl:"mfa_methods"`
	SubscribeEventTypes []string                 `hcl:"subscribe_event_types"`
}

// Parse reads an ACL policy in HCL or JSON, rejecting keys Vault rejects.
func Parse(rules string) (*Policy, error) {
	root, err := hcl.ParseString(rules)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	list, ok := root.Node.(*ast.ObjectList)
	if !ok {
		return nil, errors.New("policy: does not contain a root object")
	}
	if err := checkKeys(list, topKeys, ""); err != nil {
		return nil, err
	}
	p := &Policy{}
	if names := list.Filter("name"); len(names.Items) > 0 {
		if err := hcl.DecodeObject(&p.Name, names.Items[0].Val); err != nil {
			return nil, fmt.Errorf("policy: name: %w", err)
		}
	}
	for _, item := range list.Filter("path").Items {
		rule, err := parsePath(item)
		if err != nil {
			return nil, err
		}
		p.Paths = append(p.Paths, rule)
	}
	return p, nil
}

func parsePath(item *ast.ObjectItem) (PathRule, error) {
	if len(item.Keys) == 0 {
		return PathRule{}, fmt.Errorf("policy: line %d: a path block without a path", item.Pos().Line)
	}
	name, _ := item.Keys[0].Token.Value().(string)
	obj, ok := item.Val.(*ast.ObjectType)
	if !ok {
		return PathRule{}, fmt.Errorf("policy: path %q: not a block", name)
	}
	if err := checkKeys(obj.List, pathKeys, name); err != nil {
		return PathRule{}, err
	}
	var raw hclPath
	if err := hcl.DecodeObject(&raw, item.Val); err != nil {
		return PathRule{}, fmt.Errorf("policy: path %q: %w", name, err)
	}
	rule := PathRule{
		Path:                strings.TrimPrefix(name, "/"),
		Capabilities:        raw.Capabilities,
		Policy:              raw.Policy,
		AllowedParameters:   params(raw.AllowedParameters),
		DeniedParameters:    params(raw.DeniedParameters),
		RequiredParameters:  raw.RequiredParameters,
		MFAMethods:          raw.MFAMethods,
		SubscribeEventTypes: raw.SubscribeEventTypes,
		Comment:             raw.Comment,
	}
	var err error
	if rule.MinWrappingTTL, err = duration(raw.MinWrappingTTL); err != nil {
		return PathRule{}, fmt.Errorf("policy: path %q: min_wrapping_ttl: %w", name, err)
	}
	if rule.MaxWrappingTTL, err = duration(raw.MaxWrappingTTL); err != nil {
		return PathRule{}, fmt.Errorf("policy: path %q: max_wrapping_ttl: %w", name, err)
	}
	return rule, nil
}

func checkKeys(list *ast.ObjectList, valid []string, path string) error {
	var errs []error
	for _, item := range list.Items {
		if len(item.Keys) == 0 {
			continue
		}
		key, _ := item.Keys[0].Token.Value().(string)
		ok := false
		for _, v := range valid {
			ok = ok || v == key
		}
		if !ok {
			where := ""
			if path != "" {
				where = fmt.Sprintf("path %q: ", path)
			}
			errs = append(errs, fmt.Errorf("policy: %sinvalid key %q on line %d", where, key, item.Pos().Line))
		}
	}
	return errors.Join(errs...)
}

// params gives every parameter a non-nil list, so "any value" reads as [].
func params(in map[string][]interface{}) map[string][]any {
	if in == nil {
		return nil
	}
	out := make(map[string][]any, len(in))
	for k, v := range in {
		if v == nil {
			v = []any{}
		}
		out[k] = v
	}
	return out
}

// duration reads a wrapping TTL as Vault does: a number of seconds, or a
// string of seconds, a Go duration, or whole days ("2d").
func duration(v any) (time.Duration, error) {
	switch d := v.(type) {
	case nil:
		return 0, nil
	case int:
		return time.Duration(d) * time.Second, nil
	case int64:
		return time.Duration(d) * time.Second, nil
	case float64:
		return time.Duration(d * float64(time.Second)), nil
	case string:
		if d == "" {
			return 0, nil
		}
		if n, err := strconv.ParseInt(d, 10, 64); err == nil {
			return time.Duration(n) * time.Second, nil
		}
		if days, ok := strings.CutSuffix(d, "d"); ok {
			if n, err := strconv.ParseInt(days, 10, 64); err == nil {
				return time.Duration(n) * 24 * time.Hour, nil
			}
		}
		return time.ParseDuration(d)
	}
	return 0, fmt.Errorf("%v (%T) is not a duration", v, v)
}

// Get reads the named ACL policy and parses it (hvac's get_policy with
// parse=True); the policy's text is in Rules. A missing policy is an error
// matching wrappers.ErrInvalidPath.
//
//vault:operation SysReadPolicy
func Get(ctx context.Context, c *wrappers.Client, name string, opts ...wrappers.RequestOption) (*Policy, error) {
	rules, err := GetRules(ctx, c, name, opts...)
	if err != nil {
		return nil, err
	}
	parsed, err := Parse(rules)
	if err != nil {
		return nil, fmt.Errorf("vault: policy %q: %w", name, err)
	}
	parsed.Name, parsed.Rules = name, rules
	return parsed, nil
}

// GetRules reads the named ACL policy and returns its text unparsed.
//
//vault:operation SysReadPolicy
func GetRules(ctx context.Context, c *wrappers.Client, name string, opts ...wrappers.RequestOption) (string, error) {
	out, err := c.Sys().SysReadPolicy(ctx, name, opts...)
	if err != nil {
		return "", err
	}
	if out.Wrapped() {
		return "", &wrappers.WrappedError{Operation: "SysReadPolicy", WrapInfo: out.WrapInfo}
	}
	if out.Data.Rules != "" {
		return out.Data.Rules, nil
	}
	return out.Rules, nil
}
