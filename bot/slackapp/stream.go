package slackapp

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// streamer shows a generative answer as it is written, by updating the
// placeholder at most once per interval.
type streamer struct {
	s           *Server
	channel, ts string
	lang        string
	mu          sync.Mutex
	latest      string
	wake        chan struct{}
	done        chan struct{}
	finished    chan struct{}
}

func (s *Server) newStreamer(channel, ts, lang string) *streamer {
	st := &streamer{s: s, channel: channel, ts: ts, lang: lang, wake: make(chan struct{}, 1), done: make(chan struct{}), finished: make(chan struct{})}
	go st.loop()
	return st
}

// push receives the answer written so far.
func (st *streamer) push(partial string) {
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
	var sent string
	for {
		select {
		case <-st.done:
			return
		case <-st.wake:
		}
		st.mu.Lock()
		text := st.latest
		st.mu.Unlock()
		if text != sent && strings.TrimSpace(text) != "" {
			// The text (for notifications) still says careerbot is at work.
			blocks, _ := st.s.render.Notice(text + " …")
			ctx, cancel := context.WithTimeout(st.s.work, 5*time.Second)
			if _, _, _, err := st.s.api.UpdateMessageContext(ctx, st.channel, st.ts, slack.MsgOptionText(thinking(st.lang), false), slack.MsgOptionBlocks(blocks...)); err != nil {
				st.s.log.Debug("slack: stream update", "err", err)
			}
			cancel()
			sent = text
		}
		select {
		case <-st.done:
			return
		case <-time.After(st.s.cfg.StreamInterval):
		}
	}
}

// stop ends streaming; no update follows its return, so the final answer
// is never overwritten by a partial one.
func (st *streamer) stop() {
	close(st.done)
	<-st.finished
}
