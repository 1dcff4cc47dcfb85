package realbackend

import (
	"crypto/rand"
	"encoding/hex"
)

// secret is a fresh random password (hex, safe in any config syntax).
func secret() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
