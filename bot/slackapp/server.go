// Package slackapp is careerbot's Slack adapter: Socket Mode and HTTP events,
// slash commands, interactivity, Block Kit rendering, feedback, signature
// checks and exactly-once answers across retries and replicas.
package slackapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
	"golang.org/x/sync/semaphore"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// Answerer answers questions: the assistant.
type Answerer interface {
	Answer(ctx context.Context, q bot.Question) (bot.Answer, error)
}

// boundedAnswerer lets at most as many answers run at once as slots
// holds.
type boundedAnswerer struct {
	a     Answerer
	slots *semaphore.Weighted
}

func (b boundedAnswerer) Answer(ctx context.Context, q bot.Question) (bot.Answer, error) {
	if err := b.slots.Acquire(ctx, 1); err != nil {
		return bot.Answer{}, fmt.Errorf("wait for a free answer slot: %w", err)
	}
	defer b.slots.Release(1)
	return b.a.Answer(ctx, q)
}

// EventClaimer records Slack deliveries so that each is answered once.
type EventClaimer interface {
	// ClaimEvent returns false when the event id, or the message (channel,
	// ts), was claimed before.
	ClaimEvent(ctx context.Context, eventID, channel, ts string) (bool, error)
}

// ThreadStore keeps the turns of the conversations careerbot answered in.
type ThreadStore interface {
	AppendTurns(ctx context.Context, channel, threadTS string, turns ...knowledge.Turn) error
	Turns(ctx context.Context, channel, threadTS string, since time.Time, limit int) ([]knowledge.Turn, error)
}

// FeedbackStore keeps votes on answers.
type FeedbackStore interface {
	RecordFeedback(ctx context.Context, f knowledge.Feedback) error
}

// Store is what the Slack adapter keeps in the database.
type Store interface {
	EventClaimer
	ThreadStore
	FeedbackStore
}

// Config configures the Slack server.
type Config struct {
	// BotToken (xoxb-…) is required. AppToken (xapp-…) selects Socket Mode;
	// without it the server takes HTTP requests signed with SigningSecret.
	BotToken, AppToken, SigningSecret string
	// APIURL overrides the Web API base URL (default https://slack.com/api/).
	APIURL string
	// Addr is the listen address of the HTTP endpoints: /slack/* in HTTP
	// mode, /healthz, /readyz and Endpoints in both modes. Empty: no HTTP
	// listener in Socket Mode.
	Addr string
	// LinkDomains are the domains whose URLs are rendered as links.
	LinkDomains []string
	// UserSalt salts user ids hashed into feedback.
	UserSalt string
	// ShutdownTimeout bounds how long Close lets answers in flight finish
	// (default 10s).
	ShutdownTimeout time.Duration
	// StreamInterval is the minimum time between two updates of a
	// streamed answer (default 1s).
	StreamInterval time.Duration
	// AnswerLease is how long an answer may go without its replica renewing
	// its lease before another replica answers the event (default
	// DefaultAnswerLease). It needs a Store that implements Leaser.
	AnswerLease time.Duration
	// MaxAnswers bounds the answers computed at once (default twice
	// GOMAXPROCS); the others wait their turn. Acknowledgements, thinking
	// indicators and the App Home are not counted: a burst of questions
	// never keeps them waiting for a CPU.
	MaxAnswers int
	// Now is the clock of signature checks (default time.Now).
	Now func() time.Time
	// Health, when set, is checked by /healthz; without it /healthz says
	// the process is alive.
	Health func(ctx context.Context) error
	// Ready, when set, is checked by /readyz: whether this replica can
	// answer (database, migrations, embedder).
	Ready func(ctx context.Context) error
	// Endpoints are more HTTP endpoints served in both modes, by pattern
	// (such as "GET /metrics").
	Endpoints map[string]http.Handler
	// Metrics, when set, counts acks, redeliveries, duplicates and votes.
	Metrics Metrics
	Logger  *slog.Logger

	// Curation is the knowledge base admins keep from Slack (App Home,
	// modals, /career-admin); nil turns the administration off.
	Curation Curation
	// Admins are the Slack user ids of the admins; AdminGroup is a user
	// group whose members are admins too, read with usergroups.users.list
	// and cached for AdminCacheTTL (default 1 minute).
	Admins        []string
	AdminGroup    string
	AdminCacheTTL time.Duration
	// LowConfidence is the best similarity under which an answered
	// question is listed as low-confidence in the App Home (default 0.25).
	LowConfidence float64
	// Clock is the clock of the admin cache and of the week's reports
	// (default time.Now).
	Clock func() time.Time
}

// Timeouts of the HTTP server: a client that sends its request slowly is
// cut off instead of holding a connection. Slack's requests are small.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	idleTimeout       = 2 * time.Minute
)

// Server serves Slack. Open starts it, Close stops it gracefully.
type Server struct {
	cfg       Config
	assistant Answerer
	store     Store
	log       *slog.Logger
	render    Renderer
	verifier  Verifier
	api       *slack.Client
	hooks     *http.Client // response_url posts

	botUserID, botID string
	admins           *admins

	ln      net.Listener
	httpSrv *http.Server
	sm      *socketmode.Client
	smStop  context.CancelFunc
	loops   sync.WaitGroup
	// socket is the state of the Socket Mode connection; envelopeSlots
	// bounds the Socket Mode responses worked out at once.
	socket        socketHealth
	envelopeSlots *semaphore.Weighted

	// work is the context of answers; canceled when the shutdown deadline
	// passes.
	work       context.Context
	cancelWork context.CancelFunc
	mu         sync.Mutex
	closing    bool
	inflight   sync.WaitGroup
}

// NewServer returns a server answering with a and keeping its records in
// store.
func NewServer(cfg Config, a Answerer, store Store) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	if cfg.StreamInterval <= 0 {
		cfg.StreamInterval = time.Second
	}
	if cfg.Metrics == nil {
		cfg.Metrics = noMetrics{}
	}
	if cfg.MaxAnswers <= 0 {
		cfg.MaxAnswers = 2 * runtime.GOMAXPROCS(0)
	}
	s := &Server{
		cfg: cfg, assistant: boundedAnswerer{a: a, slots: semaphore.NewWeighted(int64(cfg.MaxAnswers))}, store: store, log: cfg.Logger,
		render:   Renderer{LinkDomains: cfg.LinkDomains},
		verifier: Verifier{Secret: cfg.SigningSecret, Now: cfg.Now},
		hooks:    &http.Client{Timeout: 15 * time.Second, Transport: rateLimitedTransport{next: http.DefaultTransport, cfg: rateRetries()}},
	}
	s.admins = newAdmins(s)
	return s
}

// SocketMode reports whether the server uses Socket Mode.
func (s *Server) SocketMode() bool { return s.cfg.AppToken != "" }

// Addr returns the address the HTTP endpoints listen on, once open.
func (s *Server) Addr() string {
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// URL returns the base URL of the HTTP endpoints, once open.
func (s *Server) URL() string { return "http://" + s.Addr() }

// Open checks the bot token, starts listening and, in Socket Mode,
// connects to Slack.
func (s *Server) Open(ctx context.Context) error {
	if s.cfg.BotToken == "" {
		return errors.New("open slack: a bot token (SLACK_BOT_TOKEN) is required")
	}
	if !s.SocketMode() && s.cfg.SigningSecret == "" {
		return errors.New("open slack: HTTP mode needs the signing secret (SLACK_SIGNING_SECRET), or set SLACK_APP_TOKEN for Socket Mode")
	}
	opts := []slack.Option{slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second})}
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
	s.botUserID, s.botID = auth.UserID, auth.BotID
	s.work, s.cancelWork = context.WithCancel(context.Background())

	if s.cfg.Addr != "" || !s.SocketMode() {
		addr := s.cfg.Addr
		if addr == "" {
			addr = ":8080"
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			s.cancelWork()
			return fmt.Errorf("open slack: listen on %s (CAREERBOT_HTTP_ADDR): %w", addr, err)
		}
		s.ln = ln
		s.httpSrv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout, IdleTimeout: idleTimeout}
		s.loops.Go(func() {
			if err := s.httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				s.log.Error("http server stopped", "err", err)
			}
		})
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
	s.log.Info("slack: serving", "mode", s.mode(), "addr", s.Addr(), "bot_user", s.botUserID)
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

func (s *Server) shutdownHTTP(ctx context.Context) {
	if s.httpSrv == nil {
		return
	}
	if err := s.httpSrv.Shutdown(ctx); err != nil {
		s.log.Warn("slack: http shutdown", "err", err)
		s.httpSrv.Close()
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

func (s *Server) userHash(id string) string { return bot.HashUser(s.cfg.UserSalt, id) }
