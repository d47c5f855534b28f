package slackapp

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/kbtest"
	"github.com/careerbot/careerbot/internal/slacktest"
)

// assertPlaceholdersResolved checks that every thinking placeholder posted
// was then replaced by something else.
func assertPlaceholdersResolved(t *testing.T, sl *slacktest.Server) {
	t.Helper()
	for _, p := range sl.Calls("chat.postMessage") {
		if !isThinking(p.Param("text")) {
			continue
		}
		var last string
		for _, u := range sl.Calls("chat.update") {
			if u.Param("channel") == p.Param("channel") && u.Param("ts") == p.TS {
				last = u.Param("text")
			}
		}
		if last == "" || isThinking(last) {
			t.Errorf("placeholder %s in %s never resolved (last text %q)", p.TS, p.Param("channel"), last)
		}
	}
}

// With the database really gone (its pool closed), a mention, a direct
// message and a slash command each get a "temporarily unavailable" reply,
// and no thinking indicator is left behind.
func TestDatabaseDown(t *testing.T) {
	const unavailable = "temporarily unavailable"
	for _, mode := range modes {
		t.Run(mode+"/before the question", func(t *testing.T) {
			e := newEnv(t, mode)
			e.kb.DB.Pool.Close()
			e.deliver("Ev0DOWN1", mention("1700012000.000100", "What does a prompt engineer do?"), 0)
			e.deliver("Ev0DOWN2", &slackevents.MessageEvent{Type: "message", User: "U0BOB", Text: "Que fait un data scientist ?",
				TimeStamp: "1700012000.000200", Channel: "D0BOB", ChannelType: "im"}, 0)
			url := e.slack.ResponseURL()
			e.command(slack.SlashCommand{Command: "/career", Text: "What does a data engineer do?", ResponseURL: url})
			e.settle()

			mentionReplies := answers(e.slack, "C0GENERAL")
			if len(mentionReplies) != 1 || !strings.Contains(mentionReplies[0].Param("text"), unavailable) {
				t.Fatalf("mention: %+v, want one %q reply", mentionReplies, unavailable)
			}
			if th := mentionReplies[0].Param("thread_ts"); mentionReplies[0].Method == "chat.postMessage" && th != "1700012000.000100" {
				t.Errorf("mention reply in thread %q, want the question's", th)
			}
			dm := answers(e.slack, "D0BOB")
			if len(dm) != 1 || !strings.Contains(dm[0].Param("text"), "temporairement indisponible") {
				t.Fatalf("direct message: %+v, want one reply in French", dm)
			}
			cmd := responsesTo(e.slack, url)
			if len(cmd) != 1 || !strings.Contains(cmd[0].Param("text"), unavailable) || cmd[0].Param("replace_original") != "true" {
				t.Fatalf("slash command: %+v, want the thinking reply replaced with %q", cmd, unavailable)
			}
			assertPlaceholdersResolved(t, e.slack)
		})
		t.Run(mode+"/while answering", func(t *testing.T) {
			kb := kbtest.New(t, nil)
			var once sync.Once
			// The database goes away once the question is claimed and its
			// placeholder posted.
			dying := answererFunc(func(ctx context.Context, q bot.Question) (bot.Answer, error) {
				once.Do(kb.DB.Pool.Close)
				return kb.Assistant.Answer(ctx, q)
			})
			e := newEnvOn(t, mode, slacktest.New(t), kb, dying)
			e.deliver("Ev0DYING", mention("1700012100.000100", "What does a prompt engineer do?"), 0)
			e.settle()
			posted := e.slack.Calls("chat.postMessage")
			if len(posted) != 1 || !isThinking(posted[0].Param("text")) {
				t.Fatalf("posted %+v, want one placeholder", posted)
			}
			if got := lastUpdate(t, e.slack); !strings.Contains(got, unavailable) {
				t.Fatalf("placeholder resolved with %q, want %q", got, unavailable)
			}
			assertPlaceholdersResolved(t, e.slack)
		})
	}
}
