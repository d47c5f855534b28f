package retrieval

import (
	"fmt"
	"sync"
	"testing"
)

// TestStemCacheGivesTheAlgorithmsStems: the cached stem of a word is the
// one the two algorithms give, on a miss, on a hit, and after the cache
// has started again empty.
func TestStemCacheGivesTheAlgorithmsStems(t *testing.T) {
	var c stemCache
	calls := 0
	count := func(w string) string { calls++; return stemBoth(w) }
	for _, w := range []string{"métiers", "engineers", "formations", "ingenieurs"} {
		want := stemBoth(w)
		if got := c.get(w, count); got != want {
			t.Errorf("miss: get(%q) = %q, want %q", w, got, want)
		}
		if got := c.get(w, count); got != want {
			t.Errorf("hit: get(%q) = %q, want %q", w, got, want)
		}
	}
	if calls != 4 {
		t.Errorf("the algorithms ran %d times for 4 words asked twice, want 4", calls)
	}
}

// TestStemCacheStaysBounded: more distinct words than the cache holds
// never leave more than stemCacheSize of them in memory, and words keep
// their stems across the restart.
func TestStemCacheStaysBounded(t *testing.T) {
	var c stemCache
	for i := range stemCacheSize + 100 {
		c.get(fmt.Sprintf("mot%dx", i), stemBoth)
	}
	held := 0
	c.m.Range(func(_, _ any) bool { held++; return true })
	if held > stemCacheSize {
		t.Errorf("cache holds %d words, bound %d", held, stemCacheSize)
	}
	if held == 0 || c.n.Load() != int64(held) {
		t.Errorf("cache holds %d words, counts %d", held, c.n.Load())
	}
	if got, want := c.get("engineers", stemBoth), stemBoth("engineers"); got != want {
		t.Errorf("after a restart: %q, want %q", got, want)
	}
}

// TestStemCacheConcurrent: stems asked from many goroutines at once are
// the algorithms' (run with -race).
func TestStemCacheConcurrent(t *testing.T) {
	var c stemCache
	words := []string{"métiers", "engineers", "formations", "données", "salaires"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				w := words[(g+i)%len(words)]
				if got, want := c.get(w, stemBoth), stemBoth(w); got != want {
					t.Errorf("get(%q) = %q, want %q", w, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}
