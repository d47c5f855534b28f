package slackapp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/kbtest"
	"github.com/careerbot/careerbot/internal/slacktest"
	"github.com/careerbot/careerbot/knowledge"
)

const testSecret = "test-signing-secret"

var modes = []string{"http", "socket"}

// recorder wraps the assistant and keeps the questions it was asked.
type recorder struct {
	Answerer
	mu sync.Mutex
	qs []bot.Question
}

func (r *recorder) Answer(ctx context.Context, q bot.Question) (bot.Answer, error) {
	r.mu.Lock()
	r.qs = append(r.qs, q)
	r.mu.Unlock()
	return r.Answerer.Answer(ctx, q)
}

func (r *recorder) questions() []bot.Question {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Question(nil), r.qs...)
}

// env is a careerbot Slack server on a fresh knowledge base, talking to a
// local Slack stand-in.
type env struct {
	t     *testing.T
	mode  string
	slack *slacktest.Server
	kb    *kbtest.Env
	asked *recorder
	srv   *Server
}

type option func(*Config)

// get sends GET path to the server and returns the status and body.
func (e *env) get(path string) (int, string) {
	e.t.Helper()
	resp, err := http.Get(e.srv.URL() + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func newEnv(t *testing.T, mode string, opts ...option) *env {
	t.Helper()
	kb := kbtest.New(t, nil)
	return newEnvOn(t, mode, slacktest.New(t), kb, kb.Assistant, opts...)
}

// newEnvOn starts a server on an existing stand-in and database, as a
// second replica would.
func newEnvOn(t *testing.T, mode string, sl *slacktest.Server, kb *kbtest.Env, a Answerer, opts ...option) *env {
	t.Helper()
	cfg := Config{
		BotToken: "xoxb-test", SigningSecret: testSecret, APIURL: sl.APIURL, Addr: "127.0.0.1:0",
		ShutdownTimeout: 5 * time.Second,
		Logger:          slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	if mode == "socket" {
		cfg.AppToken = "xapp-test"
	}
	for _, o := range opts {
		o(&cfg)
	}
	rec := &recorder{Answerer: a}
	srv := NewServer(cfg, rec, kb.Store)
	if err := srv.Open(context.Background()); err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return &env{t: t, mode: mode, slack: sl, kb: kb, asked: rec, srv: srv}
}

// settle waits until every answer started so far is done.
func (e *env) settle() {
	e.t.Helper()
	done := make(chan struct{})
	go func() {
		e.srv.inflight.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		e.t.Fatal("answers still running after 30s")
	}
}

// deliver sends an Events API event as Slack would: over HTTP (retry > 0
// sets X-Slack-Retry-Num) or in a Socket Mode envelope (retry_attempt).
func (e *env) deliver(eventID string, inner any, retry int) {
	e.t.Helper()
	cb := slacktest.EventCallback(e.t, eventID, inner)
	switch e.mode {
	case "http":
		h := http.Header{}
		if retry > 0 {
			h.Set("X-Slack-Retry-Num", fmt.Sprint(retry))
			h.Set("X-Slack-Retry-Reason", "http_timeout")
		}
		resp := slacktest.Post(e.t, e.srv.URL()+"/slack/events", testSecret, time.Now(), "application/json", slacktest.JSON(e.t, cb), h)
		if resp.Status != http.StatusOK {
			e.t.Fatalf("deliver event: status %d: %s", resp.Status, resp.Body)
		}
	default:
		e.slack.WaitConnections(e.t, 1)
		id := e.slack.Send(e.t, slacktest.Envelope{Type: "events_api", Payload: cb, RetryAttempt: retry})
		e.slack.WaitAck(e.t, id)
	}
}

// command sends a slash command and returns the immediate reply and how
// long the acknowledgement took.
func (e *env) command(cmd slack.SlashCommand) (slack.WebhookMessage, time.Duration, time.Time) {
	e.t.Helper()
	cmd.TeamID, cmd.APIAppID = slacktest.TeamID, slacktest.AppID
	if cmd.ChannelID == "" {
		cmd.ChannelID = "C0GENERAL"
	}
	if cmd.UserID == "" {
		cmd.UserID = "U0ALICE"
	}
	if cmd.ResponseURL == "" {
		cmd.ResponseURL = e.slack.ResponseURL()
	}
	if cmd.TriggerID == "" {
		cmd.TriggerID = fmt.Sprintf("trigger-%d", time.Now().UnixNano())
	}
	var reply slack.WebhookMessage
	switch e.mode {
	case "http":
		resp := slacktest.Post(e.t, e.srv.URL()+"/slack/commands", testSecret, time.Now(), "application/x-www-form-urlencoded", slacktest.SlashForm(cmd), nil)
		if resp.Status != http.StatusOK {
			e.t.Fatalf("command: status %d: %s", resp.Status, resp.Body)
		}
		if err := json.Unmarshal(resp.Body, &reply); err != nil {
			e.t.Fatalf("command reply %q: %v", resp.Body, err)
		}
		return reply, resp.Elapsed, time.Now()
	default:
		e.slack.WaitConnections(e.t, 1)
		sent := time.Now()
		id := e.slack.Send(e.t, slacktest.Envelope{Type: "slash_commands", Payload: cmd})
		ack := e.slack.WaitAck(e.t, id)
		if err := json.Unmarshal(ack.Payload, &reply); err != nil {
			e.t.Fatalf("command ack payload %q: %v", ack.Payload, err)
		}
		return reply, ack.At.Sub(sent), ack.At
	}
}

// interact sends an interaction and returns the immediate response body.
func (e *env) interact(cb slack.InteractionCallback) []byte {
	e.t.Helper()
	cb.Team.ID, cb.APIAppID = slacktest.TeamID, slacktest.AppID
	if cb.User.ID == "" {
		cb.User.ID = "U0ALICE"
	}
	switch e.mode {
	case "http":
		resp := slacktest.Post(e.t, e.srv.URL()+"/slack/interactivity", testSecret, time.Now(), "application/x-www-form-urlencoded", slacktest.InteractionForm(e.t, cb), nil)
		if resp.Status != http.StatusOK {
			e.t.Fatalf("interaction: status %d: %s", resp.Status, resp.Body)
		}
		return resp.Body
	default:
		e.slack.WaitConnections(e.t, 1)
		id := e.slack.Send(e.t, slacktest.Envelope{Type: "interactive", Payload: &cb})
		return e.slack.WaitAck(e.t, id).Payload
	}
}

func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.kb.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// answers returns the messages that replaced a placeholder or were posted
// without one, in a channel, excluding the thinking placeholders.
func answers(sl *slacktest.Server, channel string) []slacktest.Call {
	var out []slacktest.Call
	for _, c := range sl.Calls("chat.postMessage", "chat.update") {
		if c.Param("channel") != channel || isThinking(c.Param("text")) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// isThinking reports whether text is a "thinking" reply: in English, in
// French, or the hourglass alone when the language is not known yet.
func isThinking(text string) bool {
	return text == thinking("en") || text == thinking("fr") || text == thinkingIf("", false)
}

func mention(ts, text string) *slackevents.AppMentionEvent {
	return &slackevents.AppMentionEvent{Type: "app_mention", User: "U0ALICE", Text: "<@" + slacktest.BotUserID + "> " + text,
		TimeStamp: ts, Channel: "C0GENERAL", EventTimeStamp: ts}
}

func TestURLVerification(t *testing.T) {
	e := newEnv(t, "http")
	body := slacktest.JSON(t, slackevents.EventsAPIURLVerificationEvent{Type: slackevents.URLVerification, Token: "x", Challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"})
	resp := slacktest.Post(t, e.srv.URL()+"/slack/events", testSecret, time.Now(), "application/json", body, nil)
	if resp.Status != http.StatusOK || string(resp.Body) != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("url_verification: %d %q", resp.Status, resp.Body)
	}
}

func TestHealthz(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode, func(c *Config) { c.Health = func(ctx context.Context) error { return nil } })
			resp, err := http.Get(e.srv.URL() + "/healthz")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("healthz: %d", resp.StatusCode)
			}
		})
	}
}

// One event delivered four times (original and retries 1 to 3) gives one
// answer, in its thread.
func TestEventDeliveredFourTimesAnswersOnce(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			ev := mention("1700000100.000100", "What does a prompt engineer do?")
			for retry := 0; retry <= 3; retry++ {
				e.deliver("Ev0PROMPT", ev, retry)
			}
			e.settle()
			placeholders := e.slack.Calls("chat.postMessage")
			if len(placeholders) != 1 {
				t.Fatalf("%d messages posted, want 1 placeholder", len(placeholders))
			}
			placeholder := placeholders[0]
			if got := placeholder.Param("thread_ts"); got != ev.TimeStamp || placeholder.Param("channel") != ev.Channel {
				t.Errorf("placeholder in %s thread %q, want %s thread %q", placeholder.Param("channel"), got, ev.Channel, ev.TimeStamp)
			}
			if !isThinking(placeholder.Param("text")) || placeholder.TS == "" {
				t.Fatalf("first message %q (ts %q) is not a thinking placeholder", placeholder.Param("text"), placeholder.TS)
			}
			got := answers(e.slack, "C0GENERAL")
			if len(got) != 1 {
				t.Fatalf("%d answers, want 1", len(got))
			}
			if got[0].Method != "chat.update" || got[0].Param("ts") != placeholder.TS || got[0].Param("channel") != ev.Channel {
				t.Errorf("answer is %s of %s ts %q, want chat.update of the placeholder %s ts %q",
					got[0].Method, got[0].Param("channel"), got[0].Param("ts"), ev.Channel, placeholder.TS)
			}
			if !strings.Contains(got[0].Param("blocks"), "Prompt engineer") {
				t.Errorf("answer does not cover the question: %s", got[0].Param("blocks"))
			}
			if n := e.count("slack_events"); n != 1 {
				t.Errorf("%d slack_events rows, want 1", n)
			}
			if n := len(e.asked.questions()); n != 1 {
				t.Errorf("assistant asked %d times, want 1", n)
			}
		})
	}
}

// A mention in a channel arrives both as app_mention and as message: one
// answer.
func TestMentionAndMessageDoubleDelivery(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			ev := mention("1700000200.000100", "What does a data scientist do?")
			msgEv := &slackevents.MessageEvent{Type: "message", User: ev.User, Text: ev.Text, TimeStamp: ev.TimeStamp,
				Channel: ev.Channel, ChannelType: "channel", EventTimeStamp: ev.TimeStamp}
			e.deliver("Ev0MSG", msgEv, 0)
			e.deliver("Ev0MENTION", ev, 0)
			e.settle()
			if got := answers(e.slack, "C0GENERAL"); len(got) != 1 {
				t.Fatalf("%d answers, want 1", len(got))
			}
			if n := e.count("slack_events"); n != 1 {
				t.Errorf("%d slack_events rows, want 1", n)
			}
		})
	}
}

func TestDirectMessage(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			e.deliver("Ev0DM", &slackevents.MessageEvent{Type: "message", User: "U0BOB", Text: "Que fait un data scientist ?",
				TimeStamp: "1700000300.000100", Channel: "D0BOB", ChannelType: "im"}, 0)
			e.settle()
			posted := e.slack.Calls("chat.postMessage")
			if len(posted) != 1 || posted[0].Param("channel") != "D0BOB" || posted[0].Param("thread_ts") != "" {
				t.Fatalf("placeholder: %+v", posted)
			}
			got := answers(e.slack, "D0BOB")
			if len(got) != 1 || !strings.Contains(got[0].Param("blocks"), "Data scientist") {
				t.Fatalf("answers in the DM: %+v", got)
			}
			if q := e.asked.questions(); len(q) != 1 || q[0].Surface != "slack_dm" || q[0].UserID != "" || q[0].UserHash != bot.HashUser("", "U0BOB") {
				t.Errorf("question: %+v", q)
			}
		})
	}
}

// A follow-up in a thread careerbot answered needs no new mention and is
// answered with the thread's earlier turns, read from PostgreSQL.
func TestThreadFollowUp(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			root := "1700000400.000100"
			e.deliver("Ev0ROOT", mention(root, "What does a prompt engineer do?"), 0)
			e.settle()
			e.deliver("Ev0FOLLOW", &slackevents.MessageEvent{Type: "message", User: "U0ALICE", Text: "how much does it pay?",
				TimeStamp: "1700000400.000200", ThreadTimeStamp: root, Channel: "C0GENERAL", ChannelType: "channel"}, 0)
			// A thread careerbot never answered in is not its business.
			e.deliver("Ev0OTHER", &slackevents.MessageEvent{Type: "message", User: "U0ALICE", Text: "how much does it pay?",
				TimeStamp: "1700000500.000200", ThreadTimeStamp: "1700000500.000100", Channel: "C0GENERAL", ChannelType: "channel"}, 0)
			e.settle()
			qs := e.asked.questions()
			if len(qs) != 2 {
				t.Fatalf("assistant asked %d questions, want 2", len(qs))
			}
			follow := qs[1]
			if follow.Surface != "slack_thread" || len(follow.History) != 2 || follow.History[0].Role != "user" ||
				!strings.Contains(follow.History[0].Text, "prompt engineer") || follow.History[1].Role != "assistant" || len(follow.History[1].Slugs) == 0 {
				t.Fatalf("follow-up history: %+v", follow)
			}
			got := answers(e.slack, "C0GENERAL")
			if len(got) != 2 {
				t.Fatalf("%d answers, want 2", len(got))
			}
			for _, p := range e.slack.Calls("chat.postMessage") {
				if p.Param("thread_ts") != root {
					t.Errorf("reply outside the thread: %v", p.Form)
				}
			}
			if n := e.count("thread_turns"); n != 4 {
				t.Errorf("%d thread turns, want 4", n)
			}
		})
	}
}

// Bot messages, careerbot's own, edits, deletions, joins and other
// subtypes are ignored, as are channel messages that are neither mentions
// nor follow-ups.
func TestIgnoredMessages(t *testing.T) {
	ignored := map[string]any{
		"bot message":  &slackevents.MessageEvent{Type: "message", SubType: "bot_message", BotID: "B0OTHER", Text: "What does a prompt engineer do?", Channel: "D0BOB", ChannelType: "im", TimeStamp: "1.1"},
		"bot user":     &slackevents.MessageEvent{Type: "message", User: "U0OTHERBOT", BotID: "B0OTHER", Text: "What does a prompt engineer do?", Channel: "D0BOB", ChannelType: "im", TimeStamp: "1.2"},
		"own message":  &slackevents.MessageEvent{Type: "message", User: slacktest.BotUserID, Text: "What does a prompt engineer do?", Channel: "D0BOB", ChannelType: "im", TimeStamp: "1.3"},
		"edit":         &slackevents.MessageEvent{Type: "message", SubType: "message_changed", Channel: "D0BOB", ChannelType: "im", TimeStamp: "1.4", Message: &slack.Msg{User: "U0BOB", Text: "What does a prompt engineer do?", Timestamp: "1.0"}},
		"deletion":     &slackevents.MessageEvent{Type: "message", SubType: "message_deleted", DeletedTimeStamp: "1.0", Channel: "D0BOB", ChannelType: "im", TimeStamp: "1.5"},
		"join":         &slackevents.MessageEvent{Type: "message", SubType: "channel_join", User: "U0BOB", Text: "<@U0BOB> has joined the channel", Channel: "C0GENERAL", ChannelType: "channel", TimeStamp: "1.6"},
		"channel chat": &slackevents.MessageEvent{Type: "message", User: "U0BOB", Text: "What does a prompt engineer do?", Channel: "C0GENERAL", ChannelType: "channel", TimeStamp: "1.7"},
		"bot mention":  &slackevents.AppMentionEvent{Type: "app_mention", User: "U0OTHERBOT", BotID: "B0OTHER", Text: "<@" + slacktest.BotUserID + "> What does a prompt engineer do?", Channel: "C0GENERAL", TimeStamp: "1.8"},
	}
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			i := 0
			for name, ev := range ignored {
				i++
				e.deliver(fmt.Sprintf("Ev0IGN%d", i), ev, 0)
				e.settle()
				if calls := e.slack.Calls("chat.postMessage", "chat.update", "chat.postEphemeral"); len(calls) != 0 {
					t.Fatalf("%s: careerbot answered: %+v", name, calls)
				}
			}
			if n := e.count("slack_events"); n != 0 {
				t.Errorf("%d events claimed, want 0", n)
			}
		})
	}
}

// forbidden are the markups that would ping people.
var forbidden = []string{"<!channel", "<!here", "<!everyone", "<@U", "<!subteam", "<#C"}

func assertNoPings(t *testing.T, sl *slacktest.Server) {
	t.Helper()
	for _, s := range sl.Strings() {
		for _, f := range forbidden {
			if strings.Contains(s, f) {
				t.Fatalf("careerbot sent %q:\n%s", f, s)
			}
		}
	}
}

// A question containing <!channel> or <!here> never makes careerbot send
// one back, whatever the surface.
func TestNoMentionEverSentBack(t *testing.T) {
	hostile := "<!channel> <!here> <!everyone> <!subteam^S0ADMINS> <@U0CEO> &lt;!channel&gt; <https://evil.example|click> what does a data scientist do?"
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			e.deliver("Ev0HOSTILE", mention("1700000600.000100", hostile), 0)
			e.deliver("Ev0HOSTILEDM", &slackevents.MessageEvent{Type: "message", User: "U0BOB", Text: hostile, TimeStamp: "1700000600.000200", Channel: "D0BOB", ChannelType: "im"}, 0)
			e.command(slack.SlashCommand{Command: "/career", Text: hostile})
			e.command(slack.SlashCommand{Command: "/role", Text: "<!here> astronaut <!channel>"})
			e.command(slack.SlashCommand{Command: "/training", Text: "&lt;!here&gt;"})
			e.settle()
			// One answer per question: the mention's and the DM's in place of
			// their placeholders, the three commands' on their response_url.
			if n := len(answers(e.slack, "C0GENERAL")); n != 1 {
				t.Errorf("%d answers to the mention, want 1", n)
			}
			if n := len(answers(e.slack, "D0BOB")); n != 1 {
				t.Errorf("%d answers to the direct message, want 1", n)
			}
			if n := len(e.slack.Calls("response")); n != 3 {
				t.Errorf("%d answers to the 3 commands, want 3", n)
			}
			assertNoPings(t, e.slack)
		})
	}
}

// Slash commands are acknowledged in under 100 ms; the answer arrives
// afterwards through the response_url, ephemeral, with a share button.
func TestSlashCommandAckThenAnswer(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			e.command(slack.SlashCommand{Command: "/career", Text: "help"}) // warm up connections
			url := e.slack.ResponseURL()
			reply, elapsed, ackAt := e.command(slack.SlashCommand{Command: "/career", Text: "What does a prompt engineer do?", ResponseURL: url})
			t.Logf("%s mode: /career acknowledged in %v", mode, elapsed)
			if elapsed >= 100*time.Millisecond {
				t.Errorf("ack took %v, want < 100ms", elapsed)
			}
			if reply.ResponseType != slack.ResponseTypeEphemeral || !isThinking(reply.Text) {
				t.Errorf("immediate reply: %+v", reply)
			}
			e.settle()
			var got []slacktest.Call
			for _, c := range e.slack.Calls("response") {
				if strings.HasSuffix(url, c.Path) {
					got = append(got, c)
				}
			}
			if len(got) != 1 {
				t.Fatalf("%d answers on the response_url, want 1", len(got))
			}
			a := got[0]
			if !a.At.After(ackAt) && !a.At.Equal(ackAt) {
				t.Errorf("answer at %v before the ack at %v", a.At, ackAt)
			}
			if a.Param("response_type") != "ephemeral" || a.Param("replace_original") != "true" {
				t.Errorf("answer: response_type %q replace_original %q", a.Param("response_type"), a.Param("replace_original"))
			}
			blocks := a.Param("blocks")
			for _, want := range []string{`"action_id":"share"`, `"action_id":"feedback"`, `"type":"feedback_buttons"`, `"block_id":"sources.`, "Prompt engineer"} {
				if !strings.Contains(blocks, want) {
					t.Errorf("answer blocks lack %s: %s", want, blocks)
				}
			}
		})
	}
}

func TestSlashCommandHelpAndUsage(t *testing.T) {
	tests := []struct {
		cmd, text, want string
	}{
		{"/career", "", "/role <name>"},
		{"/career", "help", "/role <name>"},
		{"/career", "aide", "/role <nom>"},
		{"/role", "", "Give a name after the command, for example: /role prompt engineer"},
		{"/careers", "reindex", "does not handle the command /careers"},
	}
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
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
				if !strings.Contains(text.String(), Escape(tt.want)) {
					t.Errorf("%s %s: %q, want it to contain %q", tt.cmd, tt.text, text.String(), tt.want)
				}
			}
			e.settle()
			if n := len(e.slack.Calls("response")); n != 0 {
				t.Errorf("%d delayed responses to immediate replies", n)
			}
		})
	}
}

// blockActions maps "block/action" to the value of each button of a
// message, block ids without the suffix freshIDs gives them; feedback
// buttons are "feedback/up" and "feedback/down".
func blockActions(blocksJSON string) map[string]string {
	type button struct {
		Value string `json:"value"`
	}
	var blocks []struct {
		BlockID  string `json:"block_id"`
		Elements []struct {
			ActionID string  `json:"action_id"`
			Value    string  `json:"value"`
			Positive *button `json:"positive_button"`
			Negative *button `json:"negative_button"`
		} `json:"elements"`
	}
	_ = json.Unmarshal([]byte(blocksJSON), &blocks)
	out := map[string]string{}
	for _, b := range blocks {
		kind := blockKind(b.BlockID)
		for _, el := range b.Elements {
			switch {
			case el.Positive != nil && el.Negative != nil:
				out[kind+"/up"], out[kind+"/down"] = el.Positive.Value, el.Negative.Value
			case el.ActionID != "":
				out[kind+"/"+el.ActionID] = el.Value
			}
		}
	}
	return out
}

func click(actionID, value, responseURL string, ephemeral bool) slack.InteractionCallback {
	cb := slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, ResponseURL: responseURL, TriggerID: "trigger-click",
		Container: slack.Container{Type: "message", IsEphemeral: ephemeral, ChannelID: "C0GENERAL"}}
	cb.Channel.ID = "C0GENERAL"
	cb.ActionCallback.BlockActions = []*slack.BlockAction{{ActionID: actionID, BlockID: "b", Value: value, Type: "button"}}
	return cb
}

// An unknown name gets the closest entries as buttons; a button opens its
// entry; a role card lists skills and trainings as buttons.
func TestUnknownNameSuggestionsAndEntryButtons(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			url := e.slack.ResponseURL()
			e.command(slack.SlashCommand{Command: "/role", Text: "astronaut", ResponseURL: url})
			e.settle()
			resp := e.slack.Calls("response")
			if len(resp) != 1 {
				t.Fatalf("%d responses", len(resp))
			}
			actions := blockActions(resp[0].Param("blocks"))
			var roleValue string
			for k, v := range actions {
				if strings.HasPrefix(k, "suggestions/open_entry_") && strings.HasPrefix(v, "role:") {
					roleValue = v
				}
			}
			if roleValue == "" {
				t.Fatalf("no role suggested as a button: %v", actions)
			}
			e.interact(click("open_entry_0", "role:prompt-engineer", url, true))
			e.settle()
			resp = e.slack.Calls("response")
			if len(resp) != 2 {
				t.Fatalf("%d responses after the click, want 2", len(resp))
			}
			card := resp[1]
			if card.Param("replace_original") != "true" || !strings.Contains(card.Param("blocks"), "Prompt engineer") {
				t.Fatalf("card: %v", card.JSON)
			}
			kinds := map[string]bool{}
			for k, v := range blockActions(card.Param("blocks")) {
				if strings.HasPrefix(k, "related/open_entry_") {
					kind, _, _ := strings.Cut(v, ":")
					kinds[kind] = true
				}
			}
			if !kinds["skill"] || !kinds["training"] {
				t.Fatalf("role card buttons cover %v, want skills and trainings", kinds)
			}
			// A skill button opens the skill.
			e.interact(click("open_entry_1", "skill:python", url, true))
			e.settle()
			resp = e.slack.Calls("response")
			if len(resp) != 3 || !strings.Contains(resp[2].Param("blocks"), "Python") {
				t.Fatalf("skill card: %+v", resp[len(resp)-1].JSON)
			}
		})
	}
}

// "Share in channel" posts the answer its asker saw, word for word and
// attributed, without answering again; a reply that found nothing has no
// share button.
func TestShareInChannel(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			url := e.slack.ResponseURL()
			e.command(slack.SlashCommand{Command: "/career", Text: "What does a prompt engineer do?", ResponseURL: url, UserID: "U0ALICE"})
			e.settle()
			seen := e.slack.Calls("response")[0].Param("blocks")
			share := blockActions(seen)["actions/share"]
			if share == "" {
				t.Fatal("no share button")
			}
			asked := e.count("questions")
			cb := click("share", share, url, true)
			cb.User.ID = "U0ALICE"
			e.interact(cb)
			e.settle()
			resp := e.slack.Calls("response")
			if len(resp) != 3 {
				t.Fatalf("%d responses, want answer, shared copy, deletion", len(resp))
			}
			shared := resp[1]
			if shared.Param("response_type") != "in_channel" || sectionsText(shared.Param("blocks")) != sectionsText(seen) {
				t.Errorf("shared %q, want what was seen: %q", sectionsText(shared.Param("blocks")), sectionsText(seen))
			}
			if !strings.Contains(strings.Join(shared.Strings(), "\n"), "Shared by <@U0ALICE>") || !strings.Contains(shared.Param("blocks"), `"block_id":"sources.`) {
				t.Errorf("shared answer not attributed or without its sources: %s", shared.Param("blocks"))
			}
			if n := e.count("questions"); n != asked {
				t.Errorf("sharing answered again: %d questions recorded, want %d", n, asked)
			}
			if _, ok := blockActions(shared.Param("blocks"))["actions/share"]; ok {
				t.Error("the shared answer still has a share button")
			}
			if resp[2].Param("delete_original") != "true" {
				t.Errorf("private copy not deleted: %v", resp[2].JSON)
			}

			e.command(slack.SlashCommand{Command: "/role", Text: "astronaut", ResponseURL: url, UserID: "U0ALICE"})
			e.settle()
			resp = e.slack.Calls("response")
			if _, ok := blockActions(resp[len(resp)-1].Param("blocks"))["actions/share"]; ok {
				t.Errorf("a reply that found nothing can be shared: %s", resp[len(resp)-1].Param("blocks"))
			}
		})
	}
}

// sectionsText is the text of a message's sections, in order.
func sectionsText(blocksJSON string) string {
	var blocks []struct {
		Type string `json:"type"`
		Text struct {
			Text string `json:"text"`
		} `json:"text"`
	}
	_ = json.Unmarshal([]byte(blocksJSON), &blocks)
	var out []string
	for _, b := range blocks {
		if b.Type == "section" {
			out = append(out, b.Text.Text)
		}
	}
	return strings.Join(out, "\n")
}

// Slack's feedback buttons store votes linked to the question, one per
// person and answer: a second click changes or keeps the vote, never
// counts twice, and thanks once. After a vote the message's buttons give
// the votes. 👎 opens a modal whose reason is stored. The buttons of
// answers posted before feedback buttons still count.
func TestFeedback(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			e.deliver("Ev0FB", mention("1700000700.000100", "What does a prompt engineer do?"), 0)
			e.settle()
			ans := answers(e.slack, "C0GENERAL")
			if len(ans) != 1 {
				t.Fatalf("%d answers", len(ans))
			}
			blocks := ans[0].Param("blocks")
			if !strings.Contains(blocks, `"type":"context_actions"`) || !strings.Contains(blocks, `"type":"feedback_buttons"`) {
				t.Fatalf("no feedback buttons in a context actions block: %s", blocks)
			}
			acts := blockActions(blocks)
			up, down := acts["feedback/up"], acts["feedback/down"]
			if !strings.HasPrefix(up, "up:") || !strings.HasPrefix(down, "down:") || up[3:] != down[5:] {
				t.Fatalf("feedback buttons: %v", acts)
			}
			var qid int64
			fmt.Sscanf(up, "up:%d", &qid)
			var recorded int64
			if err := e.kb.DB.Pool.QueryRow(context.Background(), `SELECT id FROM questions WHERE surface = 'slack_mention'`).Scan(&recorded); err != nil || recorded != qid {
				t.Fatalf("button question id %d, recorded question %d (%v)", qid, recorded, err)
			}

			url := e.slack.ResponseURL()
			// A click as Slack sends it: the message comes along.
			vote := func(user, value string) {
				cb := click(actionFeedback, value, url, false)
				cb.User.ID = user
				cb.Message.Text = "answer"
				if err := json.Unmarshal([]byte(blocks), &cb.Message.Blocks); err != nil {
					t.Fatal(err)
				}
				e.interact(cb)
				e.settle()
			}
			stored := func(user string) (int, string) {
				var v int
				var r string
				if err := e.kb.DB.Pool.QueryRow(context.Background(), `SELECT vote, reason FROM feedback WHERE question_id = $1 AND user_hash = $2`,
					qid, bot.HashUser("", user)).Scan(&v, &r); err != nil {
					t.Fatal(err)
				}
				return v, r
			}
			votes := func() int {
				var n int
				if err := e.kb.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM feedback WHERE question_id = $1`, qid).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			thanks := func() int {
				n := 0
				for _, r := range e.slack.Calls("response") {
					if strings.Contains(r.Param("blocks"), "Thanks for your feedback") {
						n++
					}
				}
				return n
			}
			// The message shown after the last vote.
			shown := func() string {
				resp := e.slack.Calls("response")
				for i := len(resp) - 1; i >= 0; i-- {
					if resp[i].Param("replace_original") == "true" {
						return resp[i].Param("blocks")
					}
				}
				return ""
			}

			vote("U0ALICE", up)
			vote("U0ALICE", up) // a second click on 👍
			if v, _ := stored("U0ALICE"); v != 1 || votes() != 1 || thanks() != 1 {
				t.Fatalf("after two 👍: vote %d, %d votes, %d thanks; want 1, 1, 1", v, votes(), thanks())
			}
			after := shown()
			if !strings.Contains(after, "👍 Useful · 1") || !strings.Contains(after, "👎 Not useful · 0") || sectionsText(after) != sectionsText(blocks) {
				t.Fatalf("the message does not show the vote, or lost its answer: %s", after)
			}
			if blockActions(after)["feedback/up"] != up {
				t.Errorf("the updated buttons lost their value: %v", blockActions(after))
			}

			vote("U0ALICE", down)
			views := e.slack.Calls("views.open")
			if len(views) != 1 {
				t.Fatalf("%d modals opened after 👎", len(views))
			}
			var req struct {
				TriggerID string                 `json:"trigger_id"`
				View      slack.ModalViewRequest `json:"view"`
			}
			b, _ := json.Marshal(views[0].JSON)
			if err := json.Unmarshal(b, &req); err != nil {
				t.Fatal(err)
			}
			if req.TriggerID != "trigger-click" || req.View.CallbackID != callbackFeedback {
				t.Fatalf("modal: %+v", req)
			}
			if v, _ := stored("U0ALICE"); v != -1 || votes() != 1 {
				t.Fatalf("vote %d after 👎, %d votes; want -1 changed, 1", v, votes())
			}
			if after := shown(); !strings.Contains(after, "👍 Useful · 0") || !strings.Contains(after, "👎 Not useful · 1") {
				t.Errorf("the message does not show the changed vote: %s", after)
			}
			sub := slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission}
			sub.User.ID = "U0ALICE"
			sub.View = slack.View{CallbackID: callbackFeedback, PrivateMetadata: req.View.PrivateMetadata,
				State: &slack.ViewState{Values: map[string]map[string]slack.BlockAction{blockReason: {actionReason: {Type: "plain_text_input", Value: "The figures are out of date <!channel>"}}}}}
			if resp := e.interact(sub); len(resp) != 0 && string(resp) != "null" {
				t.Fatalf("view submission response %s, want empty (close the modal)", resp)
			}
			if v, r := stored("U0ALICE"); v != -1 || r != "The figures are out of date <!channel>" {
				t.Fatalf("after the modal: vote %d reason %q", v, r)
			}

			vote("U0BOB", up)
			if votes() != 2 {
				t.Fatalf("%d votes recorded for two people, want 2", votes())
			}
			if after := shown(); !strings.Contains(after, "👍 Useful · 1") || !strings.Contains(after, "👎 Not useful · 1") {
				t.Errorf("the message does not show both votes: %s", after)
			}
			// A 👍 button of an answer posted before feedback buttons.
			old := click(actionFeedbackUp, up[3:], url, false)
			old.User.ID = "U0ALICE"
			e.interact(old)
			e.settle()
			if v, _ := stored("U0ALICE"); v != 1 || votes() != 2 {
				t.Fatalf("an older 👍 button: vote %d, %d votes; want 1, 2", v, votes())
			}
			assertNoPings(t, e.slack)
		})
	}
}

// Socket Mode: a dropped connection is reopened by the slack-go client,
// and a redelivery on the new connection is not answered twice.
func TestSocketModeReconnectAndRedelivery(t *testing.T) {
	e := newEnv(t, "socket")
	e.slack.WaitConnections(t, 1)
	ev := mention("1700000800.000100", "What does a data engineer do?")
	cb := slacktest.EventCallback(t, "Ev0DROP", ev)
	first := e.slack.Send(t, slacktest.Envelope{Type: "events_api", Payload: cb})
	e.slack.WaitAck(t, first)
	e.slack.Drop()
	slacktest.WaitFor(t, 15*time.Second, "a second connection", func() bool {
		open, accepted := e.slack.Connections()
		return open == 1 && accepted == 2
	})
	again := e.slack.Send(t, slacktest.Envelope{Type: "events_api", Payload: cb, RetryAttempt: 1})
	e.slack.WaitAck(t, again)
	e.deliver("Ev0AFTER", mention("1700000800.000200", "What does a prompt engineer do?"), 0)
	e.settle()
	if got := answers(e.slack, "C0GENERAL"); len(got) != 2 {
		t.Fatalf("%d answers, want 2 (one per message)", len(got))
	}
	if n := len(e.slack.Calls("apps.connections.open")); n != 2 {
		t.Errorf("apps.connections.open called %d times, want 2", n)
	}
}

// Two replicas sharing one database answer a question once, however Slack
// spreads its deliveries between them.
func TestTwoReplicasAnswerOnce(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			kb := kbtest.New(t, nil)
			sl := slacktest.New(t)
			a := newEnvOn(t, mode, sl, kb, kb.Assistant)
			b := newEnvOn(t, mode, sl, kb, kb.Assistant)
			ev := mention("1700000900.000100", "What does a prompt engineer do?")
			if mode == "socket" {
				sl.WaitConnections(t, 2)
				cb := slacktest.EventCallback(t, "Ev0TWO", ev)
				var wg sync.WaitGroup
				for i := range 2 {
					wg.Go(func() {
						for retry := range 2 {
							sl.WaitAck(t, sl.SendOn(t, i, slacktest.Envelope{Type: "events_api", Payload: cb, RetryAttempt: retry}))
						}
					})
				}
				wg.Wait()
			} else {
				var wg sync.WaitGroup
				for _, r := range []*env{a, b} {
					wg.Go(func() {
						for retry := range 2 {
							r.deliver("Ev0TWO", ev, retry)
						}
					})
				}
				wg.Wait()
			}
			a.settle()
			b.settle()
			if got := answers(sl, "C0GENERAL"); len(got) != 1 {
				t.Fatalf("%d answers from two replicas, want 1", len(got))
			}
			if n := len(a.asked.questions()) + len(b.asked.questions()); n != 1 {
				t.Errorf("assistant asked %d times, want 1", n)
			}
		})
	}
}

// The App Home shows everyone, in their language, how to ask careerbot,
// the roles answers cite most as buttons, and a menu of every published
// role; not the administration.
func TestAppHome(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newAdminEnv(t, mode)
			ctx := context.Background()
			for range 3 {
				if _, err := e.kb.Assistant.Answer(ctx, bot.Question{Text: "What does a prompt engineer do?", Surface: "slack_dm"}); err != nil {
					t.Fatal(err)
				}
			}
			roles, err := e.kb.Store.Entries(ctx, knowledge.KindRole, knowledge.StatusPublished)
			if err != nil || len(roles) < 2 {
				t.Fatalf("%d published roles (%v)", len(roles), err)
			}
			popular, err := e.kb.Store.PopularEntries(ctx, knowledge.KindRole, time.Now().Add(-time.Hour), homeLimit)
			if err != nil || len(popular) == 0 {
				t.Fatalf("popular roles: %v (%v)", popular, err)
			}
			e.slack.SetLocale("U0ANNE", "fr-FR")
			for _, tt := range []struct{ user, ask, popularTitle, browse string }{
				{"U0ALICE", "`/career &lt;question&gt;`", "Popular roles", fmt.Sprintf("*Browse the roles* (%d)", len(roles))},
				{"U0ANNE", "`/career &lt;question&gt;`", "Métiers les plus consultés", fmt.Sprintf("*Parcourir les métiers* (%d)", len(roles))},
			} {
				e.deliver("Ev0HOME"+tt.user, &slackevents.AppHomeOpenedEvent{Type: "app_home_opened", User: tt.user, Channel: "D0", Tab: "home"}, 0)
				e.settle()
				pub := e.slack.Calls("views.publish")
				if len(pub) == 0 || pub[len(pub)-1].Param("user_id") != tt.user {
					t.Fatalf("no home published for %s", tt.user)
				}
				var home struct {
					Type   string `json:"type"`
					Blocks []struct {
						Type    string `json:"type"`
						BlockID string `json:"block_id"`
						Text    struct {
							Text string `json:"text"`
						} `json:"text"`
						Elements []struct {
							ActionID string `json:"action_id"`
							Value    string `json:"value"`
						} `json:"elements"`
						Accessory struct {
							ActionID string `json:"action_id"`
							Options  []struct {
								Value string `json:"value"`
							} `json:"options"`
						} `json:"accessory"`
					} `json:"blocks"`
				}
				if err := json.Unmarshal([]byte(pub[len(pub)-1].Param("view")), &home); err != nil || home.Type != "home" {
					t.Fatalf("home view: %v", err)
				}
				var ask, popularHeader, browse bool
				var buttons, menu []string
				for i, b := range home.Blocks {
					switch {
					case b.Type == "section" && strings.Contains(b.Text.Text, tt.ask):
						ask = true
					case b.Type == "header" && b.Text.Text == tt.popularTitle:
						popularHeader = i+1 < len(home.Blocks) && home.Blocks[i+1].BlockID == "popular_roles"
					case b.BlockID == "popular_roles":
						for _, el := range b.Elements {
							buttons = append(buttons, el.Value)
						}
					case b.BlockID == "browse_roles":
						browse = strings.Contains(b.Text.Text, tt.browse) && b.Accessory.ActionID == actionBrowseRole
						for _, o := range b.Accessory.Options {
							menu = append(menu, o.Value)
						}
					case b.Type == "header" && strings.Contains(b.Text.Text, "dministration"):
						t.Errorf("%s sees the administration", tt.user)
					}
				}
				if !ask {
					t.Errorf("%s: no section says how to ask (%q)", tt.user, tt.ask)
				}
				if !popularHeader || len(buttons) != min(homeLimit, len(roles)) {
					t.Errorf("%s: popular roles header %v, %d buttons, want %q and %d", tt.user, popularHeader, len(buttons), tt.popularTitle, min(homeLimit, len(roles)))
				}
				for i, p := range popular {
					if i < len(buttons) && buttons[i] != "role:"+p.Slug {
						t.Errorf("%s: popular role %d is %q, want role:%s (the most cited first)", tt.user, i, buttons[i], p.Slug)
					}
				}
				if !browse || len(menu) != len(roles) {
					t.Errorf("%s: browse menu %v with %d roles, want %q with %d", tt.user, browse, len(menu), tt.browse, len(roles))
				}
				for _, r := range roles {
					if !slices.Contains(menu, r.Slug) {
						t.Errorf("%s: role %s missing from the browse menu", tt.user, r.Slug)
					}
				}
			}
		})
	}
}

// A slash command envelope redelivered over Socket Mode is answered once.
func TestSlashCommandRedeliveredOnce(t *testing.T) {
	e := newEnv(t, "socket")
	e.slack.WaitConnections(t, 1)
	cmd := slack.SlashCommand{Command: "/skill", Text: "python", ChannelID: "C0GENERAL", UserID: "U0ALICE",
		ResponseURL: e.slack.ResponseURL(), TriggerID: "trigger-once", TeamID: slacktest.TeamID}
	for retry := range 3 {
		e.slack.WaitAck(t, e.slack.Send(t, slacktest.Envelope{Type: "slash_commands", Payload: cmd, RetryAttempt: retry}))
	}
	e.settle()
	if n := len(e.slack.Calls("response")); n != 1 {
		t.Fatalf("%d answers to one command delivered 3 times, want 1", n)
	}
}

// At the top level of a direct message, a question sees the turns of the
// last half hour or so, not the unrelated questions of hours before;
// threads of a direct message keep theirs.
func TestDirectMessageHistoryIsRecent(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			const start = 1700020000
			dm := func(id string, after time.Duration, text, thread string) bot.Question {
				t.Helper()
				ts := fmt.Sprintf("%d.000100", start+int64(after/time.Second))
				e.deliver(id, &slackevents.MessageEvent{Type: "message", User: "U0BOB", Text: text, TimeStamp: ts,
					ThreadTimeStamp: thread, Channel: "D0BOB", ChannelType: "im"}, 0)
				e.settle()
				qs := e.asked.questions()
				return qs[len(qs)-1]
			}
			histories := func(q bot.Question) []string {
				var out []string
				for _, h := range q.History {
					out = append(out, h.Role+": "+h.Text)
				}
				return out
			}
			if q := dm("Ev0DM1", 0, "What does a prompt engineer do?", ""); len(q.History) != 0 {
				t.Fatalf("first question with history %v", histories(q))
			}
			q := dm("Ev0DM2", 25*time.Minute, "What skills does a prompt engineer need?", "")
			if h := histories(q); len(h) != 2 || !strings.Contains(h[0], "What does a prompt engineer do?") {
				t.Fatalf("25 minutes later: history %v, want the first question and its answer", h)
			}
			if q := dm("Ev0DM3", 3*time.Hour, "What does a data scientist do?", ""); len(q.History) != 0 {
				t.Fatalf("3 hours later: history %v, want none", histories(q))
			}
			q = dm("Ev0DM4", 3*time.Hour+20*time.Minute, "What skills does a data scientist need?", "")
			if h := histories(q); len(h) != 2 || !strings.Contains(h[0], "What does a data scientist do?") {
				t.Fatalf("20 minutes after the third question: history %v, want only the third", h)
			}
			// A thread in the direct message keeps all its turns.
			root := fmt.Sprintf("%d.000100", start+int64(3*time.Hour/time.Second))
			q = dm("Ev0DM5", 6*time.Hour, "how much does it pay?", root)
			if h := histories(q); len(h) != 0 {
				t.Fatalf("thread of a message careerbot answered at the top level: history %v", h)
			}
			q = dm("Ev0DM6", 9*time.Hour, "and in Paris?", root)
			if h := histories(q); len(h) != 2 || !strings.Contains(h[0], "how much does it pay?") {
				t.Fatalf("hours later in a thread: history %v, want the thread's turns", h)
			}
		})
	}
}

// When the response_url fails (expired, say), the answer to a slash
// command comes as an ephemeral message from the Web API instead.
func TestSlashCommandEphemeralFallback(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			e.slack.Fail("response", slacktest.Fault{Status: http.StatusNotFound})
			url := e.slack.ResponseURL()
			e.command(slack.SlashCommand{Command: "/career", Text: "What does a prompt engineer do?", ChannelID: "C0GENERAL", UserID: "U0ALICE", ResponseURL: url})
			e.settle()
			if n := e.slack.Failed("response"); n != 1 {
				t.Fatalf("%d response_url posts failed, want 1", n)
			}
			if n := len(e.slack.Calls("response")); n != 0 {
				t.Fatalf("%d answers reached the response_url", n)
			}
			eph := e.slack.Calls("chat.postEphemeral")
			if len(eph) != 1 {
				t.Fatalf("%d ephemeral messages, want 1", len(eph))
			}
			c := eph[0]
			if c.Param("channel") != "C0GENERAL" || c.Param("user") != "U0ALICE" {
				t.Errorf("ephemeral message to %s in %s, want U0ALICE in C0GENERAL", c.Param("user"), c.Param("channel"))
			}
			for _, want := range []string{"Prompt engineer", `"block_id":"sources.`, `"action_id":"share"`} {
				if !strings.Contains(c.Param("blocks"), want) {
					t.Errorf("ephemeral answer lacks %s: %s", want, c.Param("blocks"))
				}
			}
		})
	}
}

// The HTTP server cuts off clients that send their request too slowly or
// keep idle connections.
func TestHTTPServerTimeouts(t *testing.T) {
	e := newEnv(t, "http")
	srv := e.srv.httpSrv
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Fatalf("read header timeout %v, read timeout %v, idle timeout %v: all must be set", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout)
	}
}
