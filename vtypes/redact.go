package vtypes

import (
	"fmt"
	"reflect"
	"strings"
)

// Redacted is what a secret field prints as.
const Redacted = "[redacted]"

// FormatRedacted prints the struct v for fmt's %v, %+v, %#v and %s with the
// fields whose JSON names are listed in secret shown as [redacted] when set.
// The generated types that carry tokens, keys or passwords use it for their
// Format method, so logging a request or response never prints a credential.
func FormatRedacted(f fmt.State, verb rune, v any, secret ...string) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			fmt.Fprint(f, "<nil>")
			return
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		fmt.Fprintf(f, "%v", Redacted)
		return
	}
	t := rv.Type()
	plus, sharp := f.Flag('+'), verb == 'v' && f.Flag('#')
	var b strings.Builder
	if sharp {
		b.WriteString(t.String())
	}
	b.WriteByte('{')
	first := true
	for i := 0; i < t.NumField(); i++ {
		field := t.Field(i)
		if !field.IsExported() {
			continue
		}
		if !first {
			if sharp {
				b.WriteString(", ")
			} else {
				b.WriteByte(' ')
			}
		}
		first = false
		if plus || sharp {
			b.WriteString(field.Name)
			b.WriteByte(':')
		}
		fv := rv.Field(i)
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		switch {
		case isSecret(name, secret) && !fv.IsZero():
			b.WriteString(Redacted)
		case sharp:
			fmt.Fprintf(&b, "%#v", fv.Interface())
		case plus:
			fmt.Fprintf(&b, "%+v", fv.Interface())
		default:
			fmt.Fprintf(&b, "%v", fv.Interface())
		}
	}
	b.WriteByte('}')
	fmt.Fprint(f, b.String())
}

func isSecret(name string, secret []string) bool {
	for _, s := range secret {
		if name == s {
			return true
		}
	}
	return false
}
