package bot

import (
	"sync"

	"github.com/careerbot/careerbot/knowledge"
)

// entryCache remembers what derive reads from an entry (its tokens, its
// figures) by slug, revision and time of change, which together name one
// content of one entry: an answer weighs dozens of entries, and reading
// them again is most of its work outside the database.
type entryCache[T any] struct {
	derive func(*knowledge.Entry) T
	mu     sync.Mutex
	m      map[entryKey]T
}

type entryKey struct {
	slug string
	rev  int
	at   int64
}

// entryCacheSize bounds the entries remembered; when full, the cache
// starts again empty.
const entryCacheSize = 4096

func newEntryCache[T any](derive func(*knowledge.Entry) T) entryCache[T] {
	return entryCache[T]{derive: derive}
}

// of returns derive(e), which the caller must not change.
func (c *entryCache[T]) of(e *knowledge.Entry) T {
	if e.Revision == 0 { // not stored: nothing names this content
		return c.derive(e)
	}
	k := entryKey{e.Slug, e.Revision, e.UpdatedAt.UnixNano()}
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = c.derive(e)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= entryCacheSize {
		c.m = make(map[entryKey]T)
	}
	c.m[k] = v
	c.mu.Unlock()
	return v
}
