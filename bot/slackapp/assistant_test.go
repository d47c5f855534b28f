package slackapp

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/bot/llm"
	"github.com/careerbot/careerbot/internal/kbtest"
	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/internal/slacktest"
	"github.com/careerbot/careerbot/retrieval/modelapi"
)

const assistantRoot = "1700009000.000100" // the assistant thread

func threadStarted(user string) *slackevents.AssistantThreadStartedEvent {
	return &slackevents.AssistantThreadStartedEvent{Type: "assistant_thread_started", EventTimestamp: assistantRoot,
		AssistantThread: slackevents.AssistantThread{UserID: user, ChannelID: "D0" + strings.TrimPrefix(user, "U0"), ThreadTimeStamp: assistantRoot,
			Context: slackevents.AssistantThreadContext{ChannelID: "C0GENERAL", TeamID: slacktest.TeamID}}}
}

// assistantMessage is a question written in the assistant thread.
func assistantMessage(ts, text string) *slackevents.MessageEvent {
	return &slackevents.MessageEvent{Type: "message", User: "U0BOB", Text: text, TimeStamp: ts, ThreadTimeStamp: assistantRoot,
		Channel: "D0BOB", ChannelType: "im"}
}

// A new assistant thread gets a title and suggested prompts in the
// language of the user's Slack client; a context change is acknowledged
// and changes nothing.
func TestAssistantThreadStarted(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode)
			e.slack.SetLocale("U0CLAIRE", "fr-FR")
			e.slack.SetLocale("U0BOB", "en-GB")
			e.deliver("Ev0STARTFR", threadStarted("U0CLAIRE"), 0)
			e.deliver("Ev0STARTEN", threadStarted("U0BOB"), 0)
			e.deliver("Ev0CONTEXT", &slackevents.AssistantThreadContextChangedEvent{Type: "assistant_thread_context_changed",
				AssistantThread: threadStarted("U0BOB").AssistantThread}, 0)
			e.settle()
			for _, c := range []struct {
				channel, title, promptsTitle, prompt string
			}{
				{"D0CLAIRE", "Questions sur les métiers de l'IA", "Posez une question", "Que fait un prompt engineer ?"},
				{"D0BOB", "Questions about AI careers", "Ask about a role", "What does a prompt engineer do?"},
			} {
				var titles, prompts []string
				for _, call := range e.slack.Calls("assistant.threads.setTitle") {
					if call.Param("channel_id") == c.channel && call.Param("thread_ts") == assistantRoot {
						titles = append(titles, call.Param("title"))
					}
				}
				if len(titles) != 1 || titles[0] != c.title {
					t.Errorf("%s: titles %q, want %q", c.channel, titles, c.title)
				}
				for _, call := range e.slack.Calls("assistant.threads.setSuggestedPrompts") {
					if call.Param("channel_id") != c.channel || call.Param("thread_ts") != assistantRoot {
						continue
					}
					if !strings.HasPrefix(call.Param("title"), c.promptsTitle) {
						t.Errorf("%s: prompts title %q, want it to start with %q", c.channel, call.Param("title"), c.promptsTitle)
					}
					var ps []struct{ Title, Message string }
					if err := json.Unmarshal([]byte(call.Param("prompts")), &ps); err != nil {
						t.Fatalf("prompts %q: %v", call.Param("prompts"), err)
					}
					for _, p := range ps {
						prompts = append(prompts, p.Message)
					}
				}
				if len(prompts) != 4 || prompts[0] != c.prompt {
					t.Errorf("%s: prompts %q, want 4 starting with %q", c.channel, prompts, c.prompt)
				}
			}
			if n := len(e.slack.Calls("assistant.threads.setTitle")); n != 2 {
				t.Errorf("%d titles set, want 2: the context change sets none", n)
			}
			if calls := e.slack.Calls("chat.postMessage", "chat.startStream"); len(calls) != 0 {
				t.Errorf("careerbot wrote in a thread nobody asked in: %+v", calls)
			}
		})
	}
}

// streamingEnv is a server whose answers a chat model writes, streamed
// chunk by chunk.
func streamingEnv(t *testing.T, mode, answer string) *env {
	t.Helper()
	api := openaitest.New(t)
	api.ChatFunc(func(openaitest.ChatRequest) openaitest.Reply {
		return openaitest.Reply{Text: answer, ChunkDelay: 30 * time.Millisecond}
	})
	composer := llm.New(modelapi.NewClient(modelapi.ClientConfig{BaseURL: api.URL}), llm.Config{Model: "test-chat"})
	kb := kbtest.New(t, composer)
	return newEnvOn(t, mode, slacktest.New(t), kb, kb.Assistant, func(c *Config) { c.StreamInterval = 50 * time.Millisecond })
}

const streamedAnswer = "A prompt engineer writes, tests and refines the instructions given to generative AI models [1]. " +
	"They also teach colleagues how to write their own, for example to format meeting notes [1]."

const streamedAnswerFR = "Le prompt engineer formule, teste et affine les instructions données aux modèles d'IA générative [1]. " +
	"Il apprend aussi à ses collègues à rédiger les leurs, par exemple pour mettre en forme des notes de réunion [1]."

// In an assistant thread, careerbot shows its status instead of posting a
// placeholder, then streams the answer with Slack's streaming methods, in
// the thread: the finished message is the answer's text, with the sources
// and the buttons under it.
func TestAssistantThreadStatusThenStream(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := streamingEnv(t, mode, streamedAnswer)
			e.deliver("Ev0ASK", assistantMessage("1700009000.000200", "What does a prompt engineer do?"), 0)
			e.settle()

			status := e.slack.Calls("assistant.threads.setStatus")
			if len(status) != 1 || status[0].Param("channel_id") != "D0BOB" || status[0].Param("thread_ts") != assistantRoot ||
				status[0].Param("status") != "is looking in the knowledge base…" {
				t.Fatalf("status calls %+v, want one saying careerbot is looking in the knowledge base", status)
			}
			for _, c := range e.slack.Calls("chat.postMessage", "chat.update") {
				t.Errorf("%s in an assistant thread that streams: %v", c.Method, c.Form)
			}
			calls := e.slack.Calls("assistant.threads.setStatus", "chat.startStream")
			if len(calls) != 2 || calls[0].Method != "assistant.threads.setStatus" {
				t.Errorf("the status was not set before the answer started: %+v", calls)
			}
			streams := e.slack.Streams()
			if len(streams) != 1 {
				t.Fatalf("%d streamed messages, want 1", len(streams))
			}
			st := streams[0]
			if st.Channel != "D0BOB" || st.ThreadTS != assistantRoot || st.Recipient != "U0BOB" || st.RecipientTeam != slacktest.TeamID {
				t.Errorf("stream in %s thread %q for %s/%s, want D0BOB thread %s for U0BOB/%s", st.Channel, st.ThreadTS, st.Recipient, st.RecipientTeam, assistantRoot, slacktest.TeamID)
			}
			if !st.Stopped {
				t.Fatal("the stream was never stopped")
			}
			if st.Text != streamedAnswer {
				t.Errorf("streamed text %q, want the answer %q", st.Text, streamedAnswer)
			}
			start := e.slack.Calls("chat.startStream")[0].Param("markdown_text")
			if start == "" || !strings.HasPrefix(streamedAnswer, start) {
				t.Errorf("the stream started with %q, not with the answer's beginning", start)
			}
			if !strings.Contains(st.Blocks, `"block_id":"sources.`) || !strings.Contains(st.Blocks, `"type":"feedback_buttons"`) {
				t.Errorf("the blocks under the streamed answer lack the sources or the buttons: %s", st.Blocks)
			}
			if strings.Contains(st.Blocks, "refines the instructions") {
				t.Errorf("the answer's text is repeated in the blocks under it: %s", st.Blocks)
			}
			if q := e.asked.questions(); len(q) != 1 || q[0].Surface != surfaceAssistant {
				t.Errorf("questions %+v, want one from the assistant surface", q)
			}
			if n := e.count("thread_turns"); n != 2 {
				t.Errorf("%d thread turns, want 2", n)
			}
		})
	}
}

// When Slack refuses chat.startStream (a workspace without it), the
// answer is streamed by updating one message in the thread with
// chat.update, and ends as the full answer; the status is in the asker's
// language.
func TestAssistantStreamFallsBackToUpdate(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := streamingEnv(t, mode, streamedAnswerFR)
			e.slack.Fail("chat.startStream", slacktest.Fault{Status: 200, Error: "not_allowed_token_type"})
			e.deliver("Ev0ASKFR", assistantMessage("1700009000.000300", "Que fait un prompt engineer ?"), 0)
			e.settle()

			if s := e.slack.Calls("assistant.threads.setStatus"); len(s) != 1 || s[0].Param("status") != "cherche dans la base de connaissances…" {
				t.Errorf("status calls %+v, want one in French", s)
			}
			if e.slack.Failed("chat.startStream") != 1 || len(e.slack.Calls("chat.startStream")) != 0 {
				t.Errorf("chat.startStream tried %d times after it failed, want never again", len(e.slack.Calls("chat.startStream")))
			}
			if n := len(e.slack.Calls("chat.appendStream", "chat.stopStream")); n != 0 {
				t.Errorf("%d stream calls without a stream", n)
			}
			posted := e.slack.Calls("chat.postMessage")
			if len(posted) != 1 || posted[0].Param("thread_ts") != assistantRoot || posted[0].Param("channel") != "D0BOB" {
				t.Fatalf("posted %+v, want one message in the assistant thread", posted)
			}
			updates := e.slack.Calls("chat.update")
			if len(updates) == 0 {
				t.Fatal("the posted message was never updated with the answer")
			}
			for _, u := range updates {
				if u.Param("ts") != posted[0].TS {
					t.Errorf("chat.update of %s, want the posted message %s", u.Param("ts"), posted[0].TS)
				}
			}
			final := updates[len(updates)-1].Param("blocks")
			if !strings.Contains(final, "affine les instructions") || !strings.Contains(final, `"block_id":"sources.`) || strings.Contains(final, " …") {
				t.Errorf("final update is not the whole answer with its sources: %s", final)
			}
		})
	}
}

// When the status is refused too, careerbot posts its placeholder, as
// everywhere else, and the answer replaces it.
func TestAssistantStatusRefusedFallsBackToPlaceholder(t *testing.T) {
	e := newEnv(t, "http")
	e.slack.Fail("assistant.threads.setStatus", slacktest.Fault{Status: 200, Error: "missing_scope"})
	e.deliver("Ev0ASKNOSTATUS", assistantMessage("1700009000.000400", "What does a prompt engineer do?"), 0)
	e.settle()
	posted := e.slack.Calls("chat.postMessage")
	if len(posted) != 1 || !isThinking(posted[0].Param("text")) || posted[0].Param("thread_ts") != assistantRoot {
		t.Fatalf("posted %+v, want the thinking placeholder in the thread", posted)
	}
	got := answers(e.slack, "D0BOB")
	if len(got) != 1 || got[0].Method != "chat.update" || got[0].Param("ts") != posted[0].TS || !strings.Contains(got[0].Param("blocks"), "Prompt engineer") {
		t.Fatalf("answers %+v, want the placeholder replaced by the answer", got)
	}
}
