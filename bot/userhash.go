package bot

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"sync"

	"golang.org/x/sync/singleflight"
)

// userHashPrefix marks the hashes of the current scheme. The hashes of the
// first scheme, stored before it, are 24 hex characters with no prefix.
const userHashPrefix = "v2:"

// HashUser is the hash a user id is stored and counted under: HMAC-SHA256
// keyed with the secret salt, cut to 12 bytes in hex, after "v2:". An
// empty id stays empty.
func HashUser(salt, id string) string {
	if id == "" {
		return ""
	}
	mac := hmac.New(sha256.New, []byte(salt))
	mac.Write([]byte(id))
	return userHashPrefix + hex.EncodeToString(mac.Sum(nil)[:12])
}

// LegacyUserHash is the hash of the first scheme, SHA-256 of the salt, a
// NUL and the id, cut to 12 bytes in hex: what rows stored before HashUser
// carry, until their user is seen again (see UserHashes).
func LegacyUserHash(salt, id string) string {
	if id == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(salt + "\x00" + id))
	return hex.EncodeToString(sum[:12])
}

// Rehasher moves what is stored under a user's first-scheme hash to their
// current hash, and reports how many rows it moved.
type Rehasher interface {
	RehashUser(ctx context.Context, legacy, current string) (int64, error)
}

// maxSeen bounds the users a UserHashes remembers having moved; past it,
// it forgets them all and moves them again (moving nothing) when next seen.
const maxSeen = 100_000

// UserHashes hashes the ids of the people careerbot answers and, the first
// time it sees each one, has their rows of the first scheme moved to the
// current hash: their id, never stored, is known only then. Questions of
// one user seen at once share one move; a move that fails is tried again
// when the user is next seen.
type UserHashes struct {
	salt  string
	store Rehasher // nil: nothing to move
	log   *slog.Logger
	moves singleflight.Group

	mu   sync.Mutex
	seen map[string]bool // current hashes moved already
}

// NewUserHashes returns the hashes of ids salted with salt; store, when not
// nil, is where first-scheme rows are moved.
func NewUserHashes(salt string, store Rehasher, log *slog.Logger) *UserHashes {
	if log == nil {
		log = slog.Default()
	}
	return &UserHashes{salt: salt, store: store, log: log, seen: map[string]bool{}}
}

// Hash returns id's hash (HashUser) without touching the store.
func (u *UserHashes) Hash(id string) string { return HashUser(u.salt, id) }

// Seen returns id's hash and, the first time it sees id, moves the user's
// first-scheme rows to it.
func (u *UserHashes) Seen(ctx context.Context, id string) string {
	h := HashUser(u.salt, id)
	if h == "" || u.store == nil {
		return h
	}
	u.mu.Lock()
	done := u.seen[h]
	u.mu.Unlock()
	if done {
		return h
	}
	u.moves.Do(h, func() (any, error) {
		n, err := u.store.RehashUser(ctx, LegacyUserHash(u.salt, id), h)
		if err != nil {
			u.log.Warn("move a user's rows to the current user hash: will retry when the user is next seen", "err", err)
			return nil, err
		}
		if n > 0 {
			u.log.Info("moved a user's rows to the current user hash", "rows", n)
		}
		u.mu.Lock()
		if len(u.seen) >= maxSeen {
			clear(u.seen)
		}
		u.seen[h] = true
		u.mu.Unlock()
		return nil, nil
	})
	return h
}

// userHash is the hash q's asker is counted and recorded under: UserHash,
// or UserID's, the user then seen (UserHashes.Seen). A question of no one
// has none.
func (a *Assistant) userHash(ctx context.Context, q Question) string {
	if q.UserID == "" {
		return q.UserHash
	}
	return a.users.Seen(ctx, q.UserID)
}
