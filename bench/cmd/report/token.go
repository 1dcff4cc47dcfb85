package main

import (
	"github.com/govault/govault/bench"
	"github.com/govault/govault/generated/authtoken"
)

// tokenRequest makes the token every benchmarked client sends.
func tokenRequest() authtoken.TokenCreateRequest {
	id := bench.Token
	return authtoken.TokenCreateRequest{ID: &id, Policies: []string{"root"}}
}
