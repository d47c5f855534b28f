package main

import (
	"slices"
	"strings"
	"testing"
)

// The passwords of DATABASE_URL and OPENAI_BASE_URL are secrets, whether
// or not the URL parses: a malformed one is quoted by the error that
// refuses it.
func TestSecretsOfURLs(t *testing.T) {
	tests := []struct {
		name     string
		cfg      Config
		want     []string
		wantNone bool
	}{
		{"well-formed", Config{OpenAIBaseURL: "https://u:baseURLsecret@api.example.com/v1"}, []string{"baseURLsecret"}, false},
		{"bad port", Config{OpenAIBaseURL: "https://u:baseURLsecret@127.0.0.1:99x/v1"}, []string{"baseURLsecret"}, false},
		{"escaped, bad port", Config{DatabaseURL: "postgres://u:p%40ssword-secret@[::1"}, []string{"p@ssword-secret", "p%40ssword-secret"}, false},
		{"@ in the path", Config{OpenAIBaseURL: "https://api.example.com:99x/v1/user:name@x"}, nil, true},
		{"no password", Config{OpenAIBaseURL: "https://user@127.0.0.1:99x/v1"}, nil, true},
		{"no userinfo", Config{OpenAIBaseURL: "localhost:11434"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cfg.Secrets()
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("Secrets() = %q, lacks %q", got, w)
				}
			}
			if tt.wantNone && len(got) > 0 {
				t.Errorf("Secrets() = %q, want none", got)
			}
		})
	}
}

// A malformed OPENAI_BASE_URL is quoted by the error that refuses it,
// its password masked.
func TestMalformedBaseURLMasked(t *testing.T) {
	env := map[string]string{"OPENAI_BASE_URL": "https://cbuser:baseURLs3cretValue@127.0.0.1:99x/v1"}
	cfg, err := LoadConfig(func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("a malformed OPENAI_BASE_URL was accepted")
	}
	if got := masker(cfg.Secrets())(err.Error()); !strings.Contains(got, "OPENAI_BASE_URL") || !strings.Contains(got, "cbuser:[secret]@") || strings.Contains(got, "baseURLs3cretValue") {
		t.Errorf("masked error: %s", got)
	}
}
