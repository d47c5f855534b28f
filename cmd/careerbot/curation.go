package main

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/careerbot/careerbot/bot/slackapp"
)

// minSaltLength is the shortest CAREERBOT_USER_SALT accepted.
const minSaltLength = 16

// loadCuration reads the admins (CAREERBOT_ADMINS, CAREERBOT_ADMIN_GROUP)
// and settles the user salt: CAREERBOT_USER_SALT, or, when it is not set
// and a bot token is, a salt derived from the token, the same on every
// replica and secret like it.
func (c *Config) loadCuration(getenv func(string) string, bad func(string, ...any)) {
	for _, id := range strings.FieldsFunc(getenv("CAREERBOT_ADMINS"), func(r rune) bool { return r == ',' || r == ' ' }) {
		if !slackapp.ValidUserID(id) {
			bad("CAREERBOT_ADMINS must list Slack user ids such as U0123ABCD (profile → ⋮ → Copy member ID), separated by commas, not %q", id)
			continue
		}
		c.Admins = append(c.Admins, id)
	}
	c.AdminGroup = strings.TrimSpace(getenv("CAREERBOT_ADMIN_GROUP"))
	if c.AdminGroup != "" && !slackapp.ValidGroupID(c.AdminGroup) {
		bad("CAREERBOT_ADMIN_GROUP must be a Slack user group id such as S0123ABCD, not %q", c.AdminGroup)
	}
	switch {
	case c.UserSalt != "" && utf8.RuneCountInString(c.UserSalt) < minSaltLength:
		bad("CAREERBOT_USER_SALT must be at least %d characters: use a long random secret, e.g. the output of openssl rand -hex 32", minSaltLength)
	case c.UserSalt == "" && c.SlackBotToken != "":
		sum := sha256.Sum256([]byte("careerbot user salt\x00" + c.SlackBotToken))
		c.UserSalt, c.UserSaltDerived = hex.EncodeToString(sum[:]), true
	}
}
