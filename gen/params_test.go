package gen

import "testing"

func TestPathConcat(t *testing.T) {
	for path, want := range map[string]string{
		"/sys/health":          `"/sys/health"`,
		"/data/{path}":         `"/data/" + pathParam0`,
		"/{name}":              `"/" + pathParam0`,
		"/keys/{name}/rotate":  `"/keys/" + pathParam0 + "/rotate"`,
		"/{a}/x/{b}":           `"/" + pathParam0 + "/x/" + pathParam1`,
		"/{a}/{b}/copy/{a}":    `"/" + pathParam0 + "/" + pathParam1 + "/copy/" + pathParam0`,
		`/odd/"quoted"/{name}`: `"/odd/\"quoted\"/" + pathParam0`,
	} {
		if got := pathConcat(path); got != want {
			t.Errorf("pathConcat(%q) = %s, want %s", path, got, want)
		}
	}
}
