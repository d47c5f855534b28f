package slackapp

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncateAndClip(t *testing.T) {
	tests := []struct {
		name      string
		s         string
		n         int
		truncated string // at most n characters, with an ellipsis
		clipped   string // at most n bytes
	}{
		{"fits", "prompt", 6, "prompt", "prompt"},
		{"empty", "", 3, "", ""},
		{"ascii", "prompt engineer", 7, "prompt…", "prompt "},
		{"accents", "éléphant", 4, "élé…", "él"},
		{"emoji", "👍👎👍", 2, "👍…", ""},
		{"emoji bytes", "👍👎👍", 9, "👍👎👍", "👍👎"},
		{"at a word", "Data scientist, machine learning engineer", 24, "Data scientist…", "Data scientist, machine "},
		{"word too long", "Psydesigner", 6, "Psyde…", "Psydes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := truncate(tt.s, tt.n); got != tt.truncated {
				t.Errorf("truncate(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.truncated)
			}
			if got := clip(tt.s, tt.n); got != tt.clipped {
				t.Errorf("clip(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.clipped)
			}
		})
	}
	long := strings.Repeat("é", 100_000)
	if got := truncate(long, 3000); utf8.RuneCountInString(got) != 3000 || !utf8.ValidString(got) {
		t.Errorf("truncate of a long text: %d characters", utf8.RuneCountInString(got))
	}
	if got := clip(long, 2001); len(got) != 2000 || !utf8.ValidString(got) {
		t.Errorf("clip of a long text: %d bytes", len(got))
	}
}
