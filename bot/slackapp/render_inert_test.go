package slackapp

import "testing"

// Addresses starting with www. are links like those with a scheme, and the
// text's own backticks cannot take an unapproved URL out of its code span.
func TestWWWAndBackticks(t *testing.T) {
	r := Renderer{LinkDomains: []string{"coursera.org"}}
	tests := []struct{ in, want string }{
		{"see www.coursera.org/learn", "see <https://www.coursera.org/learn|www.coursera.org/learn>"},
		{"see www.evil.test/login", "see `www.evil.test/login`"},
		{"`https://evil.test` ` https://evil.test", "ˋ`https://evil.testˋ` ˋ `https://evil.test`"},
		{"run `pip install x` from https://coursera.org", "run `pip install x` from <https://coursera.org>"},
	}
	for _, tt := range tests {
		if got := r.Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
