package memo

import (
	"strings"
	"sync"
	"testing"
)

func TestCache(t *testing.T) {
	tests := []struct {
		name     string
		maxBytes int64
		texts    []string
		calls    int // of f
		size     func(int) int64
	}{
		{"each text computed once", 1 << 10, []string{"a", "b", "a", "b", "a"}, 2, nil},
		{"a text longer than the bound is never kept", 100, []string{strings.Repeat("x", 100), strings.Repeat("x", 100)}, 2, nil},
		{"full, it starts again empty", 2 * (entryOverhead + 1), []string{"a", "b", "c", "a", "c"}, 4, nil},
		{"a result's bytes count", 2*(entryOverhead+1) + 99, []string{"a", "b", "a"}, 3, func(int) int64 { return 50 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			c := New(tt.maxBytes, func(s string) int { calls++; return len(s) }, tt.size)
			for _, s := range tt.texts {
				if got := c.Get(s); got != len(s) {
					t.Errorf("Get(%q) = %d, want %d", s, got, len(s))
				}
			}
			if calls != tt.calls {
				t.Errorf("f called %d times, want %d", calls, tt.calls)
			}
		})
	}
}

func TestCacheConcurrent(t *testing.T) {
	c := New(1<<10, strings.ToUpper, func(s string) int64 { return int64(len(s)) })
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				s := strings.Repeat("ab", (g+i)%20)
				if got := c.Get(s); got != strings.ToUpper(s) {
					t.Errorf("Get(%q) = %q", s, got)
					return
				}
			}
		})
	}
	wg.Wait()
}
