package slackapp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/slack-go/slack"
)

// Open checks the bot token, starts listening and, in Socket Mode,
// connects to Slack.
func (s *Server) Open(ctx context.Context) error {
	if s.cfg.BotToken == "" {
		return errors.New("open slack: a bot token (SLACK_BOT_TOKEN) is required")
	}
	if !s.SocketMode() && s.cfg.SigningSecret == "" {
		return errors.New("open slack: HTTP mode needs the signing secret (SLACK_SIGNING_SECRET), or set SLACK_APP_TOKEN for Socket Mode")
	}
	opts := []slack.Option{slack.OptionHTTPClient(webAPIClient(s.cfg.MaxAnswers))}
	if s.cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(s.cfg.APIURL))
	}
	if s.SocketMode() {
		opts = append(opts, slack.OptionAppLevelToken(s.cfg.AppToken))
	}
	opts = append(opts, slack.OptionRetryConfig(rateRetries())) // after OptionHTTPClient, which it wraps
	s.api = slack.New(s.cfg.BotToken, opts...)
	auth, err := s.api.AuthTestContext(ctx)
	if err != nil {
		return fmt.Errorf("open slack: check the bot token (SLACK_BOT_TOKEN): auth.test: %w", err)
	}
	s.botUserID, s.botID, s.teamID = auth.UserID, auth.BotID, auth.TeamID
	s.work, s.cancelWork = context.WithCancel(context.Background())

	if s.cfg.OpsAddr != "" {
		if s.opsLn, s.opsSrv, err = s.listen(s.cfg.OpsAddr, "CAREERBOT_OPS_ADDR", s.OpsHandler()); err != nil {
			s.cancelWork()
			return err
		}
	}
	// In Socket Mode with the operational endpoints elsewhere, Addr would
	// serve nothing.
	if !s.SocketMode() || (s.cfg.Addr != "" && s.cfg.OpsAddr == "") {
		addr := s.cfg.Addr
		if addr == "" {
			addr = ":8080"
		}
		if s.ln, s.httpSrv, err = s.listen(addr, "CAREERBOT_HTTP_ADDR", s.Handler()); err != nil {
			s.shutdownHTTP(context.Background())
			s.cancelWork()
			return err
		}
	}
	if l, ok := s.leaser(); ok {
		s.loops.Go(func() { s.recoverLoop(s.work, l) })
	}
	if s.SocketMode() {
		if err := s.openSocketMode(ctx); err != nil {
			s.shutdownHTTP(context.Background())
			s.cancelWork()
			return err
		}
	}
	s.log.Info("slack: serving", "mode", s.mode(), "addr", s.Addr(), "ops_addr", s.opsAddr(), "bot_user", s.botUserID)
	return nil
}

func (s *Server) mode() string {
	if s.SocketMode() {
		return "socket"
	}
	return "http"
}

// Run opens the server, serves until ctx is done, then closes it.
func (s *Server) Run(ctx context.Context) error {
	if err := s.Open(ctx); err != nil {
		return err
	}
	<-ctx.Done()
	return s.Close()
}

// Close stops taking events, lets answers in flight finish within the
// shutdown timeout, then cancels the rest (their thinking indicators are
// still resolved).
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closing || s.work == nil {
		s.mu.Unlock()
		return nil
	}
	s.closing = true
	s.mu.Unlock()
	deadline, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if s.smStop != nil {
		s.smStop() // unacked envelopes go to another connection
	}
	s.shutdownHTTP(deadline)
	done := make(chan struct{})
	go func() {
		s.inflight.Wait()
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-deadline.Done():
		s.log.Warn("slack: answers still running at the shutdown deadline; cancelling them")
		s.cancelWork()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
		}
		err = errors.New("close slack: answers still running at the shutdown deadline were cancelled")
	}
	s.cancelWork()
	s.loops.Wait()
	s.log.Info("slack: stopped")
	return err
}

// listen serves h on addr (from the variable named by setting) until
// shutdownHTTP.
func (s *Server) listen(addr, setting string, h http.Handler) (net.Listener, *http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("open slack: listen on %s (%s): %w", addr, setting, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout, IdleTimeout: idleTimeout}
	s.loops.Go(func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("http server stopped", "addr", addr, "err", err)
		}
	})
	return ln, srv, nil
}

func (s *Server) opsAddr() string {
	if s.opsLn == nil {
		return ""
	}
	return s.opsLn.Addr().String()
}

func (s *Server) shutdownHTTP(ctx context.Context) {
	for _, srv := range []*http.Server{s.httpSrv, s.opsSrv} {
		if srv == nil {
			continue
		}
		if err := srv.Shutdown(ctx); err != nil {
			s.log.Warn("slack: http shutdown", "err", err)
			srv.Close()
		}
	}
}

// isClosing reports whether Close was called: the server takes no new
// work.
func (s *Server) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// spawn runs fn in the background as an answer in flight. It returns
// false when the server is closing.
func (s *Server) spawn(what string, fn func(ctx context.Context)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.inflight.Add(1)
	go func() {
		defer s.inflight.Done()
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("slack: "+what+" failed", "panic", r)
			}
		}()
		fn(s.work)
	}()
	return true
}

// detached returns a context for resolving a thinking indicator, valid even
// after the work context was cancelled.
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
}

// settling is the context of the Store calls that settle an answer (its
// lease, its "answered" mark), which must run even after the work context
// was cancelled at shutdown; the Store bounds each call.
func (s *Server) settling() context.Context {
	parent := s.work
	if parent == nil {
		parent = context.Background()
	}
	return context.WithoutCancel(parent)
}

// within returns a context for work that must end within d, such as a
// response Slack waits for; it is cancelled with the server's work at
// shutdown.
func (s *Server) within(d time.Duration) (context.Context, context.CancelFunc) {
	parent := s.work
	if parent == nil {
		parent = context.Background()
	}
	return context.WithTimeout(parent, d)
}
