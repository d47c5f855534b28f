package slackapp

import (
	"context"
	"strings"
	"sync"
	"time"
)

// langCacheTTL is how long a user's language, read from their Slack
// client's locale, is kept.
const langCacheTTL = time.Hour

// userLangs caches the language of users, by Slack user id.
type userLangs struct {
	mu    sync.Mutex
	langs map[string]cachedLang
}

type cachedLang struct {
	lang string
	at   time.Time
}

func (c *userLangs) get(user string, now time.Time) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.langs[user]
	if !ok || now.Sub(l.at) >= langCacheTTL {
		return "", false
	}
	return l.lang, true
}

func (c *userLangs) put(user, lang string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.langs == nil {
		c.langs = map[string]cachedLang{}
	}
	c.langs[user] = cachedLang{lang, now}
}

// userLang is the language of a user's Slack client, French or English.
func (s *Server) userLang(ctx context.Context, user string) string {
	if user == "" {
		return "en"
	}
	if lang, ok := s.langs.get(user, s.now()); ok {
		return lang
	}
	lang := "en"
	u, err := s.api.GetUserInfoContext(ctx, user)
	if err != nil {
		s.log.Debug("slack: read user locale", "user", user, "err", err)
		return lang
	}
	if strings.HasPrefix(strings.ToLower(u.Locale), "fr") {
		lang = "fr"
	}
	s.langs.put(user, lang, s.now())
	return lang
}
