package slackapp

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// With a command prefix, careerbot answers its commands under their
// registered names, speaks of them by those names, and leaves the bare
// names to other apps.
func TestCommandPrefix(t *testing.T) {
	tests := []struct {
		cmd, text string
		want      []string
		not       []string
	}{
		{"/cb-career", "help", []string{"/cb-role <name>", "/cb-skill <name>", "/cb-training <topic>", "/cb-career what does"}, []string{" /role", "`/career "}},
		{"/cb-career", "aide", []string{"/cb-role <nom>", "/cb-career que fait", "/cb-career help"}, []string{"`/role"}},
		{"/cb-role", "", []string{"for example: /cb-role prompt engineer"}, nil},
		{"/CB-Skill", "", []string{"for example: /cb-skill python"}, nil},
		{"/role", "data scientist", []string{"does not handle the command /role", "Type /cb-career help"}, nil},
		{"/career", "help", []string{"does not handle the command /career"}, nil},
	}
	e := newEnv(t, "http", func(c *Config) { c.CommandPrefix = "cb-" })
	for _, tt := range tests {
		reply, _, _ := e.command(slack.SlashCommand{Command: tt.cmd, Text: tt.text})
		var text strings.Builder
		if reply.Blocks != nil {
			for _, b := range reply.Blocks.BlockSet {
				if sec, ok := b.(*slack.SectionBlock); ok {
					text.WriteString(sec.Text.Text)
				}
			}
		}
		for _, w := range tt.want {
			if !strings.Contains(text.String(), Escape(w)) {
				t.Errorf("%s %s: %q, want it to contain %q", tt.cmd, tt.text, text.String(), w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(text.String(), Escape(n)) {
				t.Errorf("%s %s: %q names a default command (%q)", tt.cmd, tt.text, text.String(), n)
			}
		}
	}
	e.settle()
	if n := len(e.slack.Calls("response")); n != 0 {
		t.Errorf("%d delayed responses to immediate replies", n)
	}

	// An answer that points to the commands names them as registered.
	url := e.slack.ResponseURL()
	e.command(slack.SlashCommand{Command: "/cb-career", Text: "What is the best pizza topping?", ResponseURL: url})
	e.settle()
	got := responsesTo(e.slack, url)
	if len(got) != 1 {
		t.Fatalf("%d answers to the question", len(got))
	}
	if b := got[0].Param("blocks"); !strings.Contains(b, "try /cb-role, /cb-skill or /cb-training") {
		t.Errorf("the not-covered answer does not name the registered commands: %s", b)
	}
}
