package wrappers

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// KVMountVersion reports the KV engine version (1 or 2) mounted at mount,
// from sys/internal/ui/mounts, which any token may read for mounts it can use.
//
//vault:operation SysReadUIMount
func (c *Client) KVMountVersion(ctx context.Context, mount string, opts ...RequestOption) (int, error) {
	out, err := c.Sys().SysReadUIMount(ctx, strings.Trim(mount, "/"), opts...)
	if err != nil {
		return 0, err
	}
	if t := out.Data.Type; t != "kv" && t != "generic" {
		return 0, fmt.Errorf("vault: %s is a %q mount, not KV", mount, t)
	}
	v := out.Data.Options["version"]
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || (n != 1 && n != 2) {
		return 0, fmt.Errorf("vault: %s reports KV version %q", mount, v)
	}
	return n, nil
}
