package slackapp

import (
	"testing"

	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/internal/slacktest"
)

// In a group DM careerbot answers when it is mentioned, in a thread, and
// the follow-ups in that thread; the rest of the conversation is not its
// business.
func TestGroupDM(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			const channel, root = "G0GROUP", "1700001400.000100"
			msg := func(ts, thread, text string) *slackevents.MessageEvent {
				return &slackevents.MessageEvent{Type: "message", User: "U0ALICE", Text: text, TimeStamp: ts, ThreadTimeStamp: thread,
					Channel: channel, ChannelType: "mpim"}
			}
			e.deliver("Ev0MPIM1", msg("1700001400.000050", "", "shall we have lunch?"), 0)
			e.deliver("Ev0MPIM2", msg(root, "", "<@"+slacktest.BotUserID+"> What does a prompt engineer do?"), 0)
			e.settle()
			e.deliver("Ev0MPIM3", msg("1700001400.000200", root, "and what does it pay?"), 0)
			e.settle()
			got := answers(e.slack, channel)
			if len(got) != 2 {
				t.Fatalf("%d answers in the group DM, want 2 (the mention and its follow-up)", len(got))
			}
			for _, p := range e.slack.Calls("chat.postMessage") {
				if p.Param("channel") == channel && p.Param("thread_ts") != root {
					t.Errorf("reply outside the thread: %v", p.Form)
				}
			}
			if qs := e.asked.questions(); len(qs) != 2 || qs[0].Surface != "slack_mention" || qs[1].Surface != "slack_thread" {
				t.Errorf("questions: %+v", qs)
			}
		})
	}
}
