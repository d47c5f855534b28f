package slackapp

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack/slackevents"
)

// onEvent routes an Events API event. It never blocks on answering.
func (s *Server) onEvent(ev slackevents.EventsAPIEvent) {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok {
		if ev.Type == slackevents.AppRateLimited {
			s.log.Warn("slack: events are rate limited by Slack")
		}
		return
	}
	if s.onInstallEvent(ev.InnerEvent.Data) {
		return
	}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if e.BotID != "" || e.User == "" || e.User == s.botUserID || e.Edited != nil {
			return
		}
		thread := e.ThreadTimeStamp
		if thread == "" {
			thread = e.TimeStamp
		}
		s.dispatch(message{eventID: cb.EventID, channel: e.Channel, ts: e.TimeStamp, userHash: s.users.Hash(e.User), user: e.User, text: e.Text,
			reply: thread, conv: thread, surface: "slack_mention"})
	case *slackevents.MessageEvent:
		s.onMessage(cb.EventID, e)
	case *slackevents.AssistantThreadStartedEvent:
		s.onAssistantThreadStarted(e.AssistantThread)
	case *slackevents.AssistantThreadContextChangedEvent:
		s.onAssistantContextChanged(e.AssistantThread)
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab == "home" && e.User != "" {
			s.spawn("publish home", func(ctx context.Context) { s.publishHome(ctx, e.User, "") })
		}
	}
}

// onMessage handles message events: direct messages, and follow-ups in
// threads careerbot answered in. Edits, deletions, joins, bot messages
// and careerbot's own are ignored.
func (s *Server) onMessage(eventID string, e *slackevents.MessageEvent) {
	if e.SubType != "" || e.BotID != "" || e.User == "" || e.User == s.botUserID {
		return
	}
	m := message{eventID: eventID, channel: e.Channel, ts: e.TimeStamp, userHash: s.users.Hash(e.User), user: e.User, text: e.Text}
	switch {
	case e.ChannelType == "im" && e.ThreadTimeStamp != "":
		// With the assistant view, the threads of careerbot's direct
		// message are assistant threads.
		m.reply, m.conv, m.surface = e.ThreadTimeStamp, e.ThreadTimeStamp, surfaceAssistant
	case e.ChannelType == "im":
		m.surface = "slack_dm"
	case s.botUserID != "" && strings.Contains(e.Text, "<@"+s.botUserID+">"):
		// The same message also arrives as app_mention: whichever comes
		// first is answered, the other finds it claimed.
		thread := e.ThreadTimeStamp
		if thread == "" {
			thread = e.TimeStamp
		}
		m.reply, m.conv, m.surface = thread, thread, "slack_mention"
	case e.ThreadTimeStamp != "":
		m.reply, m.conv, m.surface = e.ThreadTimeStamp, e.ThreadTimeStamp, "slack_thread"
		s.spawn("answer follow-up", func(ctx context.Context) {
			turns, err := s.store.Turns(ctx, m.channel, m.conv, time.Time{}, 1)
			if err != nil {
				s.log.Warn("slack: read thread", "channel", m.channel, "thread", m.conv, "err", err)
				return
			}
			if len(turns) > 0 { // careerbot answered in this thread
				s.converse(ctx, m)
			}
		})
		return
	default:
		return
	}
	s.dispatch(m)
}

func (s *Server) dispatch(m message) {
	if !s.spawn("answer", func(ctx context.Context) { s.converse(ctx, m) }) {
		s.log.Warn("slack: event dropped while shutting down", "event", m.eventID)
	}
}

// eventID returns the id of an Events API delivery, for logs.
func eventID(ev slackevents.EventsAPIEvent) string {
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
		return cb.EventID
	}
	return ""
}
