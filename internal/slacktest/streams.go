package slacktest

import (
	"encoding/json"
	"strings"
)

// Stream is a message the app streamed: chat.startStream created it,
// chat.appendStream added to it, chat.stopStream finalised it.
type Stream struct {
	Channel, ThreadTS, TS string
	// Recipient and RecipientTeam are chat.startStream's recipient_user_id
	// and recipient_team_id.
	Recipient, RecipientTeam string
	// Text is the markdown streamed so far, start, appends and stop
	// included, in order; Appends counts the chat.appendStream calls.
	Text    string
	Appends int
	// Blocks is the blocks parameter of chat.stopStream (JSON), rendered
	// under the text of the finalised message.
	Blocks  string
	Stopped bool
}

// Streams returns the messages streamed so far, in the order they were
// started.
func (s *Server) Streams() []Stream {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Stream
	for _, c := range s.calls {
		if st := s.streams[c.TS]; c.Method == "chat.startStream" && st != nil {
			out = append(out, *st)
		}
	}
	return out
}

func slackError(code string) map[string]any { return map[string]any{"ok": false, "error": code} }

// stream answers the chat streaming methods as Slack does: a stream is
// started in a thread, for a recipient outside direct messages; appends
// and the stop go to a started stream that was not stopped.
func (s *Server) stream(method string, c Call, ts string) map[string]any {
	channel := c.Param("channel")
	if channel == "" {
		return slackError("channel_not_found")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if method == "chat.startStream" {
		thread := c.Param("thread_ts")
		if thread == "" {
			return slackError("invalid_thread_ts")
		}
		st := &Stream{Channel: channel, ThreadTS: thread, TS: ts, Recipient: c.Param("recipient_user_id"),
			RecipientTeam: c.Param("recipient_team_id"), Text: c.Param("markdown_text")}
		if !strings.HasPrefix(channel, "D") && (st.Recipient == "" || st.RecipientTeam == "") {
			return slackError("invalid_arguments")
		}
		s.streams[ts] = st
		return map[string]any{"ok": true, "channel": channel, "ts": ts}
	}
	st := s.streams[c.Param("ts")]
	switch {
	case st == nil || st.Channel != channel:
		return slackError("message_not_found")
	case st.Stopped:
		return slackError("message_not_in_streaming_state")
	}
	text := c.Param("markdown_text")
	if method == "chat.appendStream" {
		if text == "" {
			return slackError("no_text")
		}
		st.Text += text
		st.Appends++
		return map[string]any{"ok": true, "channel": channel, "ts": st.TS}
	}
	if blocks := c.Param("blocks"); blocks != "" {
		var parsed []any
		if json.Unmarshal([]byte(blocks), &parsed) != nil {
			return slackError("invalid_blocks")
		}
		st.Blocks = blocks
	}
	st.Text += text
	st.Stopped = true
	return map[string]any{"ok": true, "channel": channel, "ts": st.TS,
		"message": map[string]any{"type": "message", "text": st.Text, "user": BotUserID, "bot_id": BotID, "ts": st.TS, "thread_ts": st.ThreadTS}}
}

// assistantCall answers the assistant.threads methods, checking their
// arguments as Slack does.
func assistantCall(method string, c Call) map[string]any {
	if c.Param("channel_id") == "" {
		return slackError("channel_not_found")
	}
	if c.Param("thread_ts") == "" {
		return slackError("invalid_thread_ts")
	}
	switch method {
	case "assistant.threads.setTitle":
		if strings.TrimSpace(c.Param("title")) == "" {
			return slackError("invalid_arguments")
		}
	case "assistant.threads.setSuggestedPrompts":
		var prompts []struct{ Title, Message string }
		if err := json.Unmarshal([]byte(c.Param("prompts")), &prompts); err != nil || len(prompts) == 0 || len(prompts) > 4 {
			return slackError("invalid_arguments")
		}
		for _, p := range prompts {
			if strings.TrimSpace(p.Title) == "" || strings.TrimSpace(p.Message) == "" {
				return slackError("invalid_arguments")
			}
		}
	}
	return map[string]any{"ok": true}
}
