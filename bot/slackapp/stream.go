package slackapp

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// streamer shows an answer as it is written, at most one Slack call per
// StreamInterval. The text it is handed has passed the answer's checks:
// it only decides how that text reaches Slack.
//
// In a thread without a placeholder (an assistant thread, whose status
// says careerbot is at work), it streams natively: chat.startStream with
// the first text, chat.appendStream with what each later text adds,
// chat.stopStream with the rest of the answer and the blocks under it.
// Elsewhere, or as soon as Slack refuses chat.startStream (a workspace
// without it), it updates a message with chat.update: the placeholder, or
// one it posts with the first text.
type streamer struct {
	s    *Server
	m    message
	lang string

	mu     sync.Mutex
	latest string
	wake   chan struct{}
	done   chan struct{}
	// finished is closed when loop has returned; the fields below are
	// loop's until then, finish's after.
	finished chan struct{}

	native bool // native streaming is to be tried, or is under way
	// streamTS is the streamed message, once started; streamed is the
	// markdown it holds.
	streamTS, streamed string
	// diverged is set when the text stopped extending what was streamed
	// (a regenerated answer), or an append failed: finish then replaces
	// the streamed message instead of completing it.
	diverged bool
	// placeholder is the message chat.update rewrites ("" until one is
	// posted, without native streaming).
	placeholder string
	// sent is the last text the placeholder shows.
	sent string
}

func (s *Server) newStreamer(m message, placeholder, lang string) *streamer {
	st := &streamer{s: s, m: m, lang: lang, placeholder: placeholder,
		native: placeholder == "" && m.reply != "" && m.user != "", // the stream names its recipient
		wake:   make(chan struct{}, 1), done: make(chan struct{}), finished: make(chan struct{})}
	go st.loop()
	return st
}

// push receives the checked answer written so far.
func (st *streamer) push(partial string) {
	partial = st.s.names.rename(partial) // as the final answer is
	st.mu.Lock()
	st.latest = partial
	st.mu.Unlock()
	select {
	case st.wake <- struct{}{}:
	default:
	}
}

func (st *streamer) loop() {
	defer close(st.finished)
	for {
		select {
		case <-st.done:
			return
		case <-st.wake:
		}
		st.mu.Lock()
		text := st.latest
		st.mu.Unlock()
		if strings.TrimSpace(text) != "" {
			ctx, cancel := context.WithTimeout(st.s.work, 5*time.Second)
			st.show(ctx, text)
			cancel()
		}
		select {
		case <-st.done:
			return
		case <-time.After(st.s.cfg.StreamInterval):
		}
	}
}

// show brings Slack's copy of the answer up to text.
func (st *streamer) show(ctx context.Context, text string) {
	if st.native {
		md := st.s.render.Markdown(text)
		switch {
		case st.streamTS == "":
			if st.start(ctx, md) {
				return
			}
			// Not streamed: fall back to a message updated with chat.update.
		case st.diverged:
			return // finish replaces the message
		case !strings.HasPrefix(md, st.streamed):
			st.diverged = true
			return
		default:
			if md == st.streamed {
				return
			}
			if _, _, err := st.s.api.AppendStreamContext(ctx, st.m.channel, st.streamTS, slack.MsgOptionMarkdownText(md[len(st.streamed):])); err != nil {
				st.s.log.Warn("slack: append to a streamed answer", "channel", st.m.channel, "err", err)
				st.diverged = true
				return
			}
			st.streamed = md
			return
		}
	}
	if text == st.sent {
		return
	}
	// The text (for notifications) still says careerbot is at work.
	blocks, _ := st.s.render.Notice(text + " …")
	if st.placeholder == "" {
		_, ts, err := st.s.api.PostMessageContext(ctx, st.m.channel, st.s.msgOptions(blocks, thinking(st.lang), st.m.reply)...)
		if err != nil {
			st.s.log.Debug("slack: post a streamed answer", "err", err)
			return
		}
		st.placeholder, st.sent = ts, text
		return
	}
	if _, _, _, err := st.s.api.UpdateMessageContext(ctx, st.m.channel, st.placeholder, slack.MsgOptionText(thinking(st.lang), false), slack.MsgOptionBlocks(blocks...)); err != nil {
		st.s.log.Debug("slack: stream update", "err", err)
		return
	}
	st.sent = text
}

// start starts a native stream with md. It reports whether Slack took it;
// if not, streaming falls back to chat.update for good.
func (st *streamer) start(ctx context.Context, md string) bool {
	_, ts, err := st.s.api.StartStreamContext(ctx, st.m.channel, slack.MsgOptionTS(st.m.reply),
		slack.MsgOptionRecipientUserID(st.m.user), slack.MsgOptionRecipientTeamID(st.s.teamID), slack.MsgOptionMarkdownText(md))
	if err != nil || ts == "" {
		st.s.log.Info("slack: chat.startStream refused; updating a message with chat.update instead", "channel", st.m.channel, "err", err)
		st.native = false
		return false
	}
	st.streamTS, st.streamed = ts, md
	return true
}

// stop ends streaming; no update follows its return, so the final answer
// is never overwritten by a partial one.
func (st *streamer) stop() {
	select {
	case <-st.done:
	default:
		close(st.done)
	}
	<-st.finished
}

// finish stops streaming and shows the final message: blocks, with text
// for notifications. For an answer, answer is its text (blocks then hold
// it first, then what comes under it); for a notice, answer is "". A native stream the answer extends is completed with chat.stopStream;
// any other is stopped and replaced with chat.update. It reports whether
// the message reached Slack.
func (st *streamer) finish(ctx context.Context, blocks []slack.Block, text, answer string) bool {
	st.stop()
	if st.streamTS == "" {
		return st.s.deliver(ctx, st.m, st.placeholder, blocks, text)
	}
	ctx, cancel := detached(ctx)
	defer cancel()
	channel := st.m.channel
	if md := st.s.render.Markdown(answer); answer != "" && !st.diverged && strings.HasPrefix(md, st.streamed) {
		var opts []slack.MsgOption
		if rest := md[len(st.streamed):]; rest != "" {
			opts = append(opts, slack.MsgOptionMarkdownText(rest))
		}
		if tail := underText(blocks); len(tail) > 0 {
			opts = append(opts, slack.MsgOptionBlocks(tail...))
		}
		_, _, err := st.s.api.StopStreamContext(ctx, channel, st.streamTS, opts...)
		if err == nil {
			return true
		}
		st.s.log.Warn("slack: stop a streamed answer", "channel", channel, "err", err)
	} else if _, _, err := st.s.api.StopStreamContext(ctx, channel, st.streamTS); err != nil {
		st.s.log.Warn("slack: stop a streamed answer", "channel", channel, "err", err)
	}
	return st.s.deliver(ctx, st.m, st.streamTS, blocks, text)
}
