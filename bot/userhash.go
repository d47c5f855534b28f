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

// userHash is the hash q's asker is counted and recorded under: UserHash,
// or UserID hashed with the configured salt. A question of no one has none.
func (a *Assistant) userHash(q Question) string {
	if q.UserID == "" {
		return q.UserHash
	}
	return HashUser(a.cfg.UserSalt, q.UserID)
}
