package modelapi

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	oai "github.com/sashabaranov/go-openai"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{"0.5", 500 * time.Millisecond, true},
		{"Fri, 02 Jan 2026 10:00:30 GMT", 30 * time.Second, true},
		{"Fri, 02 Jan 2026 09:00:00 GMT", 0, true},
		{"soon", 0, false},
		{"-4", 0, false},
	}
	for _, tt := range tests {
		got, ok := RetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("RetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBackoffGrowsWithinBounds(t *testing.T) {
	for a := range 10 {
		d := Backoff(a)
		base := min(500*time.Millisecond<<a, 20*time.Second)
		if d < base*8/10 || d > base*12/10 {
			t.Errorf("Backoff(%d) = %v, want about %v", a, d, base)
		}
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&oai.APIError{HTTPStatusCode: 429}, "rate limited (429)"},
		{&oai.APIError{HTTPStatusCode: 503}, "server error (503)"},
		{&oai.RequestError{HTTPStatusCode: 502, Err: errors.New("bad gateway")}, "server error (502)"},
		{context.DeadlineExceeded, "timeout"},
	}
	for _, tt := range tests {
		if got := Describe(tt.err); got != tt.want {
			t.Errorf("Describe(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
	if Status(errors.New("x")) != 0 || Status(&oai.APIError{HTTPStatusCode: http.StatusBadRequest}) != 400 {
		t.Errorf("Status")
	}
}
