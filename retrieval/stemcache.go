package retrieval

import (
	"sync"
	"sync/atomic"
)

// stemCacheSize bounds the stems kept in memory. A catalog and its
// questions use a few tens of thousands of distinct words; a hostile
// question of random words fills the cache, which then starts again empty,
// so memory stays bounded whatever is asked.
const stemCacheSize = 1 << 16

// stemCache remembers the stems already computed: Snowball converts each
// word to runes and tries its suffix lists step by step, and the same few
// thousand words are stemmed for every chunk embedded and every question
// analysed. Safe for concurrent use.
type stemCache struct {
	m sync.Map // word → stem
	n atomic.Int64
}

var stems stemCache

// get returns the stem of w, computing it with stem on a miss.
func (c *stemCache) get(w string, stem func(string) string) string {
	if s, ok := c.m.Load(w); ok {
		return s.(string)
	}
	s := stem(w)
	if c.n.Add(1) > stemCacheSize {
		c.m.Clear()
		c.n.Store(1)
	}
	// Stems are short strings computed from w alone: a racing store of the
	// same word stores the same value.
	c.m.Store(w, s)
	return s
}
