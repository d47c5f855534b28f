package bot

import (
	"crypto/sha256"
	"encoding/hex"
)

// HashUser hashes a user id with a secret salt for analytics. An empty id
// stays empty.
func HashUser(salt, id string) string {
	if id == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(salt + "\x00" + id))
	return hex.EncodeToString(sum[:12])
}
