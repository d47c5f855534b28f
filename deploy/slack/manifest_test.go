package slackapp

import (
	"slices"
	"testing"
)

func TestBotScopes(t *testing.T) {
	scopes, err := BotScopes()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"app_mentions:read", "chat:write", "commands", "im:history"} {
		if !slices.Contains(scopes, s) {
			t.Errorf("scope %s missing from %v", s, scopes)
		}
	}
}
