package slackapp

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// A bare name after /role says nothing of the asker's language: the card
// comes in their Slack locale, and the immediate reply is in it once the
// locale is known (the hourglass alone before).
func TestCommandLanguageFromLocale(t *testing.T) {
	e := newEnv(t, "http")
	e.slack.SetLocale("U0MARIE", "fr-FR")
	url := e.slack.ResponseURL()
	reply, _, _ := e.command(slack.SlashCommand{Command: "/role", Text: "data scientist", UserID: "U0MARIE", ResponseURL: url})
	e.settle()
	if reply.Text != "⏳" {
		t.Errorf("first immediate reply %q, want the hourglass alone", reply.Text)
	}
	resp := e.slack.Calls("response")
	if got := strings.Join(resp[len(resp)-1].Strings(), "\n"); !strings.Contains(got, "Partager dans le canal") {
		t.Errorf("the card is not in French:\n%s", got)
	}
	reply, _, _ = e.command(slack.SlashCommand{Command: "/role", Text: "prompt engineer", UserID: "U0MARIE", ResponseURL: url})
	e.settle()
	if reply.Text != thinking("fr") {
		t.Errorf("immediate reply %q once the locale is known, want %q", reply.Text, thinking("fr"))
	}
	reply, _, _ = e.command(slack.SlashCommand{Command: "/career", Text: "What does a prompt engineer do?", UserID: "U0NEW", ResponseURL: url})
	e.settle()
	if reply.Text != thinking("en") {
		t.Errorf("a question in English: immediate reply %q, want %q", reply.Text, thinking("en"))
	}
}
