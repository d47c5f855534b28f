package slackapp

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// historyTurns is how many earlier turns of a thread a follow-up sees.
const historyTurns = 10

// At the top level of a direct message, which is one long conversation, a
// question sees the turns of the last dmWindow only, so that an old,
// unrelated question does not feed a later answer. Threads keep all their
// turns.
const dmWindow = 30 * time.Minute

// tsTime reads a Slack message timestamp ("1700000000.000100"); an
// unreadable one is now.
func tsTime(ts string) time.Time {
	sec, _, _ := strings.Cut(ts, ".")
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || n <= 0 {
		return time.Now()
	}
	return time.Unix(n, 0)
}

// message is a question careerbot answers in a conversation.
type message struct {
	eventID string
	channel string
	ts      string // the question's ts
	// userHash is the asker's salted hash, which the event's request
	// keeps; user is the clear Slack id, kept in memory only, for Slack's
	// streaming methods (which name their recipient): an event taken over
	// after a restart has none, and its answer is posted whole.
	userHash string
	user     string
	text     string
	// reply is the thread to answer in ("" for the top level of a DM).
	reply string
	// conv keys the conversation's turns: the thread, or "" for the top
	// level of a DM.
	conv    string
	surface string
	// placeholder is the thinking message the answer replaces, once posted.
	placeholder string
	// recovered marks an event taken over from a replica that stopped
	// before answering it: it is claimed already.
	recovered bool
}

// dmTopLevel reports whether m was written at the top level of a direct
// message.
func (m message) dmTopLevel() bool { return m.surface == "slack_dm" && m.reply == "" }

// assistantThread reports whether m was written in a thread of careerbot's
// direct message: an assistant thread, with the assistant view.
func (m message) assistantThread() bool { return m.surface == surfaceAssistant && m.reply != "" }

// converse answers m once, in its thread, with the thread's earlier turns.
func (s *Server) converse(ctx context.Context, m message) {
	lang := bot.DetectLang(m.text)
	if !m.recovered {
		ok, err := s.claim(ctx, m)
		if err != nil {
			s.log.Error("slack: claim event", "event", m.eventID, "err", err)
			s.post(ctx, m, bot.Unavailable(lang))
			return
		}
		if !ok {
			s.log.Debug("slack: event already answered", "event", m.eventID, "channel", m.channel, "ts", m.ts)
			s.cfg.Metrics.Duplicate("event")
			return
		}
	}
	if m.user != "" {
		// Before the answer counts the question against the rate limit.
		s.seeUser(ctx, m.user)
	}
	start := time.Now()
	placeholder := m.placeholder
	// The thinking indicator: in an assistant thread, the thread's status;
	// elsewhere, or when Slack refuses the status, a placeholder the answer
	// replaces.
	if placeholder == "" && !(m.assistantThread() && s.setStatus(ctx, m, lang)) {
		blocks, text := s.render.Notice(thinking(lang))
		var err error
		_, placeholder, err = s.api.PostMessageContext(ctx, m.channel, s.msgOptions(blocks, text, m.reply)...)
		if err != nil {
			s.log.Warn("slack: post placeholder", "channel", m.channel, "err", err)
			placeholder = ""
		}
		m.placeholder = placeholder
	}
	// Until the answer is resolved, the lease says this replica is at work;
	// answered is called once the answer reached Slack, and at the latest
	// on return.
	answered := s.holdLease(m)
	defer answered()
	st := s.newStreamer(m, placeholder, lang)
	resolved := false
	defer func() {
		if !resolved {
			blocks, text := s.render.Notice(somethingWrong(lang))
			st.finish(ctx, blocks, text, "")
		}
	}()

	asked := tsTime(m.ts)
	var since time.Time
	if m.dmTopLevel() {
		since = asked.Add(-dmWindow)
	}
	var history []bot.Turn
	turns, err := s.store.Turns(ctx, m.channel, m.conv, since, historyTurns)
	if err != nil {
		s.log.Warn("slack: read thread turns", "channel", m.channel, "thread", m.conv, "err", err)
	} else {
		for _, t := range turns {
			history = append(history, bot.Turn{Role: t.Role, Text: t.Text, Slugs: t.Slugs})
		}
	}
	q := bot.Question{Text: m.text, Surface: m.surface, UserHash: m.userHash, History: history, Stream: st.push}
	ans, err := s.assistant.Answer(ctx, q)
	if err != nil {
		resolved = true
		blocks, text := s.render.Notice(errorMessage(err, ans, lang))
		st.finish(ctx, blocks, text, "")
		return
	}
	ans.Answer = s.names.rename(ans.Answer) // "try /role…" names the commands as registered
	answerBlocks, fallbackText := s.render.Answer(ans, Options{})
	resolved = st.finish(ctx, answerBlocks, fallbackText, ans.Answer)
	if resolved {
		answered()
	}
	err = s.store.AppendTurns(ctx, m.channel, m.conv,
		knowledge.Turn{Role: "user", Text: ans.Question, At: asked},
		knowledge.Turn{Role: "assistant", Text: ans.Answer, Slugs: ans.ThreadSlugs(), At: asked})
	if err != nil {
		s.log.Warn("slack: save thread turns", "channel", m.channel, "thread", m.conv, "err", err)
	}
	s.log.Info("slack: answered", "event", m.eventID, "question_id", ans.QuestionID, "surface", m.surface, "channel", m.channel,
		"lang", ans.Lang, "grounded", ans.Grounded, "composer", ans.Composer, "ms", time.Since(start).Milliseconds())
	s.log.Debug("slack: question", "event", m.eventID, "question_id", ans.QuestionID, "text", m.text)
}

// errorMessage is what the asker reads when answering failed. The
// assistant's messages are already in the asker's language.
func errorMessage(err error, ans bot.Answer, lang string) string {
	var inputErr *bot.InputError
	switch {
	case errors.As(err, &inputErr):
		return inputErr.Msg
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return bot.Msg(lang, "Sorry, I was interrupted before I could answer (the service is restarting). Please ask again in a minute.",
			"Désolé, j'ai été interrompu avant de pouvoir répondre (le service redémarre). Reposez votre question dans une minute.")
	case errors.Is(err, bot.ErrUnavailable) && ans.Answer != "":
		return ans.Answer
	case errors.Is(err, bot.ErrUnavailable):
		return bot.Unavailable(lang)
	default:
		return somethingWrong(lang)
	}
}

// somethingWrong is what the asker reads when answering failed in a way
// careerbot did not foresee.
func somethingWrong(lang string) string {
	return bot.Msg(lang, "Sorry, something went wrong while answering. Please ask again.",
		"Désolé, un problème est survenu pendant la réponse. Reposez votre question.")
}

func thinking(lang string) string {
	return bot.Msg(lang, "⏳ Looking that up…", "⏳ Je cherche…")
}

func (s *Server) msgOptions(blocks []slack.Block, text, thread string) []slack.MsgOption {
	opts := []slack.MsgOption{
		slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...),
		slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl(),
	}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	return opts
}

// deliver replaces the placeholder with the answer (blocks, or a notice
// made of text when blocks is nil), or posts it when there is no
// placeholder. It reports whether the answer reached Slack.
func (s *Server) deliver(ctx context.Context, m message, placeholder string, blocks []slack.Block, text string) bool {
	ctx, cancel := detached(ctx)
	defer cancel()
	if blocks == nil {
		blocks, text = s.render.Notice(text)
	}
	if placeholder != "" {
		_, _, _, err := s.api.UpdateMessageContext(ctx, m.channel, placeholder, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
		if err == nil {
			return true
		}
		s.log.Warn("slack: replace placeholder", "channel", m.channel, "err", err)
	}
	if _, _, err := s.api.PostMessageContext(ctx, m.channel, s.msgOptions(blocks, text, m.reply)...); err != nil {
		s.log.Error("slack: post answer", "channel", m.channel, "err", err)
		return false
	}
	return true
}

// post sends a short notice in m's thread.
func (s *Server) post(ctx context.Context, m message, text string) {
	s.deliver(ctx, m, "", nil, text)
}
