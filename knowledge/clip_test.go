package knowledge

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClip(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"", 5, ""},
		{"short", 5, "short"},
		{"longer", 5, "long…"},
		{"éèàùç", 5, "éèàùç"},
		{"éèàùçô", 5, "éèàù…"},
		{"日本語のテキスト", 3, "日本…"},
		{"ab", 1, "…"},
		{"a", 1, "a"},
		{"abc", 0, ""},
		{"abc", -1, ""},
		{"a\xffbcd", 3, "a\xff…"},
	}
	for _, tt := range tests {
		if got := Clip(tt.s, tt.n); got != tt.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

// Clip reads its input once: a long text costs what its first n runes do.
func TestClipIsLinear(t *testing.T) {
	long := strings.Repeat("é", 1<<20)
	if got := Clip(long, 100); utf8.RuneCountInString(got) != 100 || !strings.HasSuffix(got, "…") {
		t.Fatalf("Clip of a long text: %d runes", utf8.RuneCountInString(got))
	}
	var sink string
	if allocs := testing.AllocsPerRun(10, func() { sink = Clip(long, 100) }); allocs > 1 || sink == "" {
		t.Errorf("Clip allocated %v times, want at most once", allocs)
	}
}
