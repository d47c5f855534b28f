package slackapp

import (
	"net/http"
	"strings"
	"testing"

	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/internal/slacktest"
)

// app_uninstalled and tokens_revoked for careerbot's bot user make it
// not ready, saying what to do; tokens revoked for someone else do not.
func TestInstallationLost(t *testing.T) {
	tests := []struct {
		name  string
		event any
		want  string // "" = still ready
	}{
		{"other users' tokens", &slackevents.TokensRevokedEvent{Type: "tokens_revoked", Tokens: struct {
			Oauth []string `json:"oauth"`
			Bot   []string `json:"bot"`
		}{Oauth: []string{"U0ALICE"}}}, ""},
		{"bot token revoked", &slackevents.TokensRevokedEvent{Type: "tokens_revoked", Tokens: struct {
			Oauth []string `json:"oauth"`
			Bot   []string `json:"bot"`
		}{Bot: []string{slacktest.BotUserID}}}, "bot token was revoked by Slack: reinstall the app"},
		{"uninstalled", &slackevents.AppUninstalledEvent{Type: "app_uninstalled"}, "the Slack app was uninstalled from the workspace: reinstall it"},
	}
	for _, mode := range modes {
		for _, tt := range tests {
			t.Run(mode+"/"+tt.name, func(t *testing.T) {
				e := newEnv(t, mode)
				if mode == "socket" {
					e.slack.WaitConnections(t, 1)
				}
				e.deliver("Ev0INSTALL", tt.event, 0)
				e.settle()
				code, body := e.get("/readyz")
				if tt.want == "" {
					if code != http.StatusOK {
						t.Fatalf("/readyz: %d %q, want ready", code, body)
					}
					return
				}
				if code != http.StatusServiceUnavailable || !strings.Contains(body, tt.want) {
					t.Fatalf("/readyz: %d %q, want 503 saying %q", code, body, tt.want)
				}
			})
		}
	}
}
