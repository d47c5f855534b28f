package main

import (
	"io"
	"log/slog"
	"net/url"
	"sort"
	"strings"
)

// masked stands in for a secret in any text careerbot writes.
const masked = "[secret]"

// minSecret is the shortest value masked: shorter ones would mask common
// words.
const minSecret = 6

// Secrets returns the configured secrets: the Slack tokens and signing
// secret, the API key, the user salt and the database password, with the
// credentials of OPENAI_BASE_URL's userinfo.
func (c Config) Secrets() []string {
	var out []string
	add := func(s string) {
		if len(s) >= minSecret {
			out = append(out, s)
		}
	}
	for _, s := range []string{c.SlackBotToken, c.SlackAppToken, c.SlackSigningSecret, c.OpenAIAPIKey, c.UserSalt} {
		add(s)
	}
	for _, raw := range []string{c.DatabaseURL, c.OpenAIBaseURL} {
		if p := urlPassword(raw); p != "" {
			add(p)
			add(url.QueryEscape(p))
		}
	}
	// The longest first, so that a secret holding another is masked whole.
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// urlPassword returns the password of a URL's userinfo. A URL that does
// not parse (a bad port, a stray character) may still hold one, and be
// quoted in the error that refuses it: its userinfo is then read by hand,
// as written and unescaped.
func urlPassword(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		if u.User == nil {
			return ""
		}
		p, _ := u.User.Password()
		return p
	}
	_, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return ""
	}
	// The authority ends at the first '/', '?' or '#'; its userinfo at its
	// last '@'.
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return ""
	}
	_, p, ok := strings.Cut(rest[:at], ":")
	if !ok {
		return ""
	}
	if dec, err := url.PathUnescape(p); err == nil {
		return dec
	}
	return p
}

// masker returns a function that masks every secret in a text.
func masker(secrets []string) func(string) string {
	if len(secrets) == 0 {
		return func(s string) string { return s }
	}
	pairs := make([]string, 0, 2*len(secrets))
	for _, s := range secrets {
		pairs = append(pairs, s, masked)
	}
	r := strings.NewReplacer(pairs...)
	return r.Replace
}

// maskWriter writes through w with every secret masked.
type maskWriter struct {
	w    io.Writer
	mask func(string) string
}

func (m maskWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(m.w, m.mask(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// maskAttrs masks the secrets of every message and attribute a logger
// writes, errors included.
func maskAttrs(mask func(string) string) func([]string, slog.Attr) slog.Attr {
	return func(_ []string, a slog.Attr) slog.Attr {
		switch a.Value.Kind() {
		case slog.KindString:
			a.Value = slog.StringValue(mask(a.Value.String()))
		case slog.KindAny:
			if err, ok := a.Value.Any().(error); ok {
				a.Value = slog.StringValue(mask(err.Error()))
			} else if s, ok := a.Value.Any().(interface{ String() string }); ok {
				a.Value = slog.StringValue(mask(s.String()))
			}
		}
		return a
	}
}
