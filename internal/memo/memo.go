// Package memo remembers what pure functions of a text return, for the
// texts an answer reads again and again: the sentences and names of the
// entries it weighs, which every question reads anew.
package memo

import (
	"strings"
	"sync"
	"sync/atomic"
)

// entryOverhead is what one remembered text costs beyond its bytes and
// its result's, in the accounting of a Cache's bound: the map's entry and
// the boxed result, 110 to 150 bytes measured with Go 1.26.
const entryOverhead = 128

// Cache remembers f(text) for the texts it was asked for, up to a bound on
// the bytes of the texts and of their results: when full, it starts again
// empty, so that memory stays bounded whatever text it is given. f must
// return the same result for the same text, and its callers must not
// change a result. Safe for concurrent use.
type Cache[T any] struct {
	f        func(string) T
	size     func(T) int64
	maxBytes int64
	m        sync.Map // text → T
	bytes    atomic.Int64
}

// New returns a cache of f that holds up to maxBytes in all. size tells
// the bytes a result holds beyond its header (a slice's elements and what
// they point to); nil counts none.
func New[T any](maxBytes int64, f func(string) T, size func(T) int64) *Cache[T] {
	return &Cache[T]{f: f, size: size, maxBytes: maxBytes}
}

// Get returns f(text), computing it on a miss.
func (c *Cache[T]) Get(text string) T {
	if v, ok := c.m.Load(text); ok {
		return v.(T)
	}
	v := c.f(text)
	n := int64(len(text)) + entryOverhead
	if c.size != nil {
		n += c.size(v)
	}
	if n > c.maxBytes {
		return v
	}
	if c.bytes.Add(n) > c.maxBytes {
		c.m.Clear()
		c.bytes.Store(n)
	}
	// The text is copied: a sentence cut from a larger text would keep
	// all of it in memory. A racing store of the same text stores the
	// same value.
	c.m.Store(strings.Clone(text), v)
	return v
}
