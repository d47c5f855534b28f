// Package slackapp is careerbot's Slack adapter: Socket Mode and HTTP events,
// slash commands, interactivity, Block Kit rendering, feedback, signature
// checks and exactly-once answers across retries and replicas.
package slackapp

import (
	"context"
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
	"github.com/careerbot/careerbot/knowledge/draft"
)

// Answerer answers questions: the assistant.
type Answerer interface {
	Answer(ctx context.Context, q bot.Question) (bot.Answer, error)
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
	RecordFeedback(ctx context.Context, f knowledge.Feedback) (knowledge.Votes, error)
}

// EntryReader reads an entry of the knowledge base, for the sources of an
// answer a button carries (More, Share in channel).
type EntryReader interface {
	Get(ctx context.Context, slug string) (*knowledge.Entry, error)
}

// Store is what the Slack adapter keeps in the database. Its Rehasher
// moves a person's rows of the first user-hash scheme to the current hash
// when the person is first seen (see bot.UserHashes).
type Store interface {
	EventClaimer
	ThreadStore
	FeedbackStore
	EntryReader
	bot.Rehasher
}

// Leaser is what a Store implements for answers to survive a replica that
// dies mid-answer: each claimed event keeps what is needed to answer it
// again, under a lease its replica renews while answering; another replica
// (or the same one, restarted) takes over events whose lease ran out.
type Leaser interface {
	ClaimRequest(ctx context.Context, eventID, channel, ts string, request []byte) (bool, error)
	RenewClaim(ctx context.Context, eventID string, request []byte) error
	MarkAnswered(ctx context.Context, eventID string) error
	TakeOverExpired(ctx context.Context, lease time.Duration, limit int) ([]knowledge.PendingEvent, error)
}

// Curation is the knowledge base as admins see and change it. Writes are
// revisions, re-chunked and re-embedded at once; errors wrap
// knowledge.ErrNotFound and knowledge.ErrConflict.
type Curation interface {
	Get(ctx context.Context, slug string) (*knowledge.Entry, error)
	Entries(ctx context.Context, kind knowledge.Kind, status knowledge.Status) ([]*knowledge.Entry, error)
	// FindEntries searches entries of any status by name.
	FindEntries(ctx context.Context, kind knowledge.Kind, name string, limit int) ([]*knowledge.Entry, error)
	// Resolve searches published entries by name.
	Resolve(ctx context.Context, kind knowledge.Kind, name string, limit int) ([]knowledge.Match, error)
	History(ctx context.Context, slug string) ([]knowledge.Revision, error)
	RecentRevisions(ctx context.Context, limit int) ([]knowledge.Revision, error)
	Stats(ctx context.Context, since time.Time) (knowledge.Stats, error)
	Gaps(ctx context.Context, since time.Time, limit int) ([]knowledge.Gap, error)
	LowConfidence(ctx context.Context, since time.Time, maxScore float64, limit int) ([]knowledge.Gap, error)
	Downvotes(ctx context.Context, since time.Time, limit int) ([]knowledge.Downvote, error)
	PopularEntries(ctx context.Context, kind knowledge.Kind, since time.Time, limit int) ([]knowledge.Popular, error)
	Audit(ctx context.Context, actor, action, slug string, allowed bool, detail string) error

	SaveEntry(ctx context.Context, e *knowledge.Entry, action, author string, base int) (int, error)
	ArchiveEntry(ctx context.Context, slug, author string) (int, error)
	RestoreEntry(ctx context.Context, slug string, revision int, author string) (int, error)
	// TeachEntry makes question one of the questions the entry slug
	// answers, as a new revision, and takes it out of the gap report.
	TeachEntry(ctx context.Context, slug, question, author string) (int, error)
	// KeepConflict records an edit made on a stale revision in the history
	// without applying it, and returns its revision number.
	KeepConflict(ctx context.Context, e *knowledge.Entry, author string, base int) (int, error)
	// SaveDrafts saves new entries drafted from an article, status draft,
	// in one go (relations between them kept); it refuses, writing
	// nothing, a slug already taken (knowledge.ErrConflict).
	SaveDrafts(ctx context.Context, drafts []*knowledge.Entry, author string) error
}

// Metrics counts what the server does, for monitoring. Kinds are
// "event", "command" and "interaction".
type Metrics interface {
	// Acked counts a delivery acknowledged to Slack.
	Acked(kind string)
	// Redelivered counts a delivery Slack sent again (a retry).
	Redelivered(kind string)
	// Duplicate counts a delivery left unanswered because another delivery
	// of the same message was answered, by this replica or another.
	Duplicate(kind string)
	// Voted counts a feedback vote: 1 (helpful) or -1.
	Voted(vote int)
}

// noMetrics counts nothing.
type noMetrics struct{}

func (noMetrics) Acked(string)       {}
func (noMetrics) Redelivered(string) {}
func (noMetrics) Duplicate(string)   {}
func (noMetrics) Voted(int)          {}

// Config configures the Slack server.
type Config struct {
	// BotToken (xoxb-…) is required. AppToken (xapp-…) selects Socket Mode;
	// without it the server takes HTTP requests signed with SigningSecret.
	BotToken, AppToken, SigningSecret string
	// APIURL overrides the Web API base URL (default https://slack.com/api/).
	APIURL string
	// Addr is the listen address of the HTTP endpoints: /slack/* in HTTP
	// mode, /healthz, /readyz and Endpoints in both modes unless OpsAddr is
	// set. Empty: no HTTP listener in Socket Mode.
	Addr string
	// OpsAddr, when set, is the listen address of the operational
	// endpoints (/healthz, /readyz and Endpoints), which Addr then no longer
	// serves: they can stay inside the cluster while Addr faces Slack. In
	// Socket Mode, Addr is then not listened on at all.
	OpsAddr string
	// CommandPrefix is put before the name of every slash command, as the
	// app's manifest registers them (see BuildManifest): "" for /career,
	// /role, /skill, /training and /career-admin.
	CommandPrefix string
	// LinkDomains are the domains whose URLs are rendered as links.
	LinkDomains []string
	// UserSalt salts user ids hashed into feedback and into the events
	// kept to be answered again (bot.HashUser); it must be the assistant's
	// salt.
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
	// RecoveryMaxAge is how old (since it was first claimed) an event left
	// unanswered by a replica that stopped may be and still be answered
	// (default DefaultRecoveryMaxAge). An older one is not answered: its
	// placeholder, if one was posted, says so.
	RecoveryMaxAge time.Duration
	// DatabaseTimeout bounds each call to the Store on the way of an event
	// (its claim, lease, thread turns and feedback), so that a locked or
	// stalled database gets the asker the "temporarily unavailable" reply
	// within seconds (default DefaultDatabaseTimeout).
	DatabaseTimeout time.Duration
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
	// Drafter drafts entries from the articles admins paste (default the
	// offline draft.Extractive).
	Drafter draft.Drafter
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

	botUserID, botID, teamID string
	install                  installation
	users                    *bot.UserHashes
	admins                   *admins
	langs                    userLangs
	names                    commandNames

	ln      net.Listener
	httpSrv *http.Server
	// opsLn and opsSrv serve the operational endpoints on OpsAddr.
	opsLn  net.Listener
	opsSrv *http.Server
	sm     *socketmode.Client
	smStop context.CancelFunc
	loops  sync.WaitGroup
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
	if cfg.DatabaseTimeout <= 0 {
		cfg.DatabaseTimeout = DefaultDatabaseTimeout
	}
	if cfg.MaxAnswers <= 0 {
		cfg.MaxAnswers = 2 * runtime.GOMAXPROCS(0)
	}
	s := &Server{
		cfg: cfg, assistant: boundedAnswerer{a: a, slots: semaphore.NewWeighted(int64(cfg.MaxAnswers))}, store: boundStore(store, cfg.DatabaseTimeout), log: cfg.Logger,
		render:   Renderer{LinkDomains: cfg.LinkDomains},
		verifier: Verifier{Secret: cfg.SigningSecret, Now: cfg.Now},
		names:    commandNames{prefix: cfg.CommandPrefix},
		hooks:    &http.Client{Timeout: 15 * time.Second, Transport: rateLimitedTransport{next: http.DefaultTransport, cfg: rateRetries()}},
	}
	s.admins = newAdmins(s)
	var rehasher bot.Rehasher
	if s.store != nil {
		rehasher = s.store
	}
	s.users = bot.NewUserHashes(cfg.UserSalt, rehasher, cfg.Logger)
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

// OpsURL returns the base URL of the operational endpoints, once open:
// OpsAddr's, or URL when OpsAddr is not set.
func (s *Server) OpsURL() string {
	if s.opsLn == nil {
		return s.URL()
	}
	return "http://" + s.opsLn.Addr().String()
}

func (s *Server) now() time.Time {
	if s.cfg.Clock != nil {
		return s.cfg.Clock()
	}
	return time.Now()
}

// seeUser returns the hash of the Slack user id and, the first time this
// server sees the user, moves their rows of the first user-hash scheme to
// it (bot.UserHashes.Seen).
func (s *Server) seeUser(ctx context.Context, id string) string { return s.users.Seen(ctx, id) }
