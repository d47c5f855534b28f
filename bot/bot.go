package bot

import (
	"context"
	"log/slog"
	"time"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/figures"
	"github.com/careerbot/careerbot/retrieval"
)

// Searcher finds the chunks that match a query.
type Searcher interface {
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error)
}

// Entries reads entries and resolves names.
type Entries interface {
	Get(ctx context.Context, slug string) (*knowledge.Entry, error)
	GetMany(ctx context.Context, slugs []string) ([]*knowledge.Entry, error)
	Resolve(ctx context.Context, kind knowledge.Kind, name string, limit int) ([]knowledge.Match, error)
	Referrers(ctx context.Context, slug string) ([]*knowledge.Entry, error)
}

// Counter counts the questions a user asked recently, for the per-user
// rate limit. Counting in the shared database keeps the limit right across
// replicas.
type Counter interface {
	// ReserveQuestion counts a question in the window that starts at
	// windowStart unless limit were asked there already, in one step, and
	// reports whether it may be answered.
	ReserveQuestion(ctx context.Context, userHash string, windowStart time.Time, limit int) (bool, error)
}

// Recorder keeps the questions asked, for analytics and the gap report.
type Recorder interface {
	RecordQuestion(ctx context.Context, q knowledge.Question) (int64, error)
}

// Composer writes an answer from retrieved material, such as an LLM. The
// assistant checks what it returns and falls back to the extractive answer.
type Composer interface {
	// Name is reported as the answer's composer ("llm").
	Name() string
	Compose(ctx context.Context, req ComposeRequest) (Composed, error)
}

// ComposeRequest is what a Composer answers from.
type ComposeRequest struct {
	Question string
	Lang     string
	History  []Turn
	// Excerpts are numbered from 1 in order; the answer cites them as [n].
	Excerpts []Excerpt
	// Extractive is the extractive answer, a model of the expected content.
	Extractive string
	// Stream, when set, receives the answer text as it is produced.
	Stream func(partial string)
}

// Excerpt is one cited entry's material given to a Composer.
type Excerpt struct {
	N     int
	Slug  string
	Title string
	Text  string
}

// Composed is a Composer's answer.
type Composed struct {
	Text string
}

// Command is what kind of request a question is.
type Command string

// The commands of the terminal chat and of Slack.
const (
	CmdAsk      Command = ""
	CmdRole     Command = "role"
	CmdSkill    Command = "skill"
	CmdTraining Command = "training"
)

// Turn is one earlier message in a conversation.
type Turn struct {
	Role  string // "user" or "assistant"
	Text  string
	Slugs []string // entries the assistant's answer cited
}

// Question is a request to the assistant.
type Question struct {
	Text    string
	Command Command
	// Surface names where it was asked: "cli", "chat", "slack_mention", …
	Surface string
	// UserID identifies the asker; it is stored hashed.
	UserID string
	// UserHash is the asker's salted hash (HashUser), for a question whose
	// asker is known only by it: a Slack message keeps no clear user id
	// while it waits to be answered. It is used when UserID is empty.
	UserHash string
	// Lang is the language to answer in when the text gives no clue, such
	// as a bare name ("/role data scientist"): the conversation's language
	// or the user's locale. Empty means French, the knowledge base's own.
	Lang string
	// History holds the earlier turns of the conversation, oldest first.
	History []Turn
	// Stream, when set, receives a generative answer as it is written.
	Stream func(partial string)
}

// Citation is a numbered reference to an entry in an answer.
type Citation struct {
	N       int                `json:"n"`
	Slug    string             `json:"slug"`
	Title   string             `json:"title"`
	Kind    knowledge.Kind     `json:"kind"`
	Sources []knowledge.Source `json:"sources"`
}

// citeEntry returns the number e has among cs, numbering it next, with its
// title in lang, when cs does not cite it yet: an answer cites each entry
// once.
func citeEntry(cs *[]Citation, e *knowledge.Entry, lang string) int {
	for _, c := range *cs {
		if c.Slug == e.Slug {
			return c.N
		}
	}
	n := len(*cs) + 1
	*cs = append(*cs, Citation{N: n, Slug: e.Slug, Title: e.TitleIn(lang), Kind: e.Kind, Sources: e.Sources})
	return n
}

// Suggestion is an entry offered when a question or name is not covered.
type Suggestion struct {
	Slug  string         `json:"slug"`
	Title string         `json:"title"`
	Kind  knowledge.Kind `json:"kind"`
}

// Answer is the assistant's reply.
type Answer struct {
	Question string `json:"question"`
	Lang     string `json:"lang"`
	Grounded bool   `json:"grounded"`
	Answer   string `json:"answer"`
	// More is the rest of the answer, shown on demand: the skills list,
	// the trainings, the figures. Its citations are in Citations too.
	More      string     `json:"more,omitempty"`
	Composer  string     `json:"composer"`
	Note      string     `json:"note,omitempty"`
	Citations []Citation `json:"citations"`
	// Suggestions are the closest entries when not covered.
	Suggestions []Suggestion `json:"suggestions,omitempty"`
	// Entry is the entry a /role, /skill or /training lookup found.
	Entry *knowledge.Entry `json:"-"`
	// Related are the entries related to Entry, for role cards.
	Related []*knowledge.Entry `json:"-"`
	// QuestionID is the recorded question's id, for feedback.
	QuestionID int64   `json:"question_id,omitempty"`
	TopScore   float64 `json:"-"`
	// Reason says why an answer is not grounded: "not_covered",
	// "injection", "unknown_name", "unavailable".
	Reason string `json:"reason,omitempty"`
	// About is the slug of the entry the answer is about when its text
	// cites another ("no pay figure for data engineer; the nearest, for
	// AI engineer…"), or "".
	About string `json:"-"`
}

// ThreadSlugs returns the entries a thread carries after this answer, for
// the next turn's follow-ups: the entry it was about, then those it cites.
func (a Answer) ThreadSlugs() []string {
	var out []string
	if a.About != "" {
		out = append(out, a.About)
	}
	for _, c := range a.Citations {
		if c.Slug != a.About {
			out = append(out, c.Slug)
		}
	}
	return out
}

// Config tunes the assistant.
type Config struct {
	// K is how many chunks to retrieve.
	K int
	// MinSimilarity is the cosine similarity under which a hit never
	// grounds an answer.
	MinSimilarity float64
	// MinCoverage is the share of the question's topic words that the best
	// entries must contain for the answer to be grounded.
	MinCoverage float64
	// UserSalt salts user ids before they are hashed and stored.
	UserSalt string
	// RateLimit is how many questions one user may ask per RateWindow;
	// 0 means no limit. Questions without a user id are not limited.
	RateLimit  int
	RateWindow time.Duration
	// StoreTimeout bounds each call to the Entries, Catalog, Counter, Recorder and Rehasher
	// (database reads and writes), so that a blocked database gives the
	// "temporarily unavailable" reply in seconds instead of none; 0 means
	// no bound but the caller's.
	StoreTimeout time.Duration
}

// askedAgain is the similarity of a hit on one of an entry's questions
// from which the question is that one, asked again: the entry answers it
// whatever words it covers.
const askedAgain = 0.8

// roleCoverage is the share of the coverage floor a role needs when the
// question asks who does something.
const roleCoverage = 0.6

// questionWeight weighs a hit on one of an entry's questions against the
// fused rank (see the grounding in ask), from questionFloor, where it is
// 0, to a similarity of 1. Below the floor a question of the entry only
// shares a word or two with the one asked: with hundreds of questions in a
// knowledge base, such hits would rank entries by chance.
const (
	questionWeight = 0.05
	questionFloor  = 0.5
)

// closeScore is the share of the best entry's score within which an entry
// that covers the question is preferred to it.
const closeScore = 0.5

// maxCandidates is how many entries of the hits are weighed, and
// maxNameCandidates how many more a search for the question's names adds.
const (
	maxCandidates     = 10
	maxNameCandidates = 5
)

// prefersKind reports whether the question's intent favours entries of kind.
func prefersKind(i intent, k knowledge.Kind) bool {
	switch i {
	case intentPay:
		return k == knowledge.KindInsight || k == knowledge.KindRole
	case intentBecome:
		return k == knowledge.KindRole || k == knowledge.KindTraining
	case intentSkills:
		return k == knowledge.KindSkill
	case intentTraining:
		return k == knowledge.KindTraining
	case intentFigure:
		return k == knowledge.KindInsight
	}
	return false
}

// DefaultConfig is calibrated on the project's evaluation set.
var DefaultConfig = Config{K: 24, MinSimilarity: 0.12, MinCoverage: 0.4}

// Assistant answers questions from the knowledge base.
type Assistant struct {
	search   Searcher
	entries  Entries
	recorder Recorder
	composer Composer
	rewriter Rewriter
	counter  Counter
	users    *UserHashes
	mask     func(string) string
	catalog  Catalog
	catalogs catalogCache
	cfg      Config
	log      *slog.Logger
	now      func() time.Time
	tokens   entryCache[map[string]bool]
	figures  entryCache[*figures.Set]
}

// Deps are the assistant's collaborators. Recorder and Composer are
// optional.
type Deps struct {
	Search   Searcher
	Entries  Entries
	Recorder Recorder
	Composer Composer
	// Rewriter, optional, turns follow-ups into standalone questions.
	Rewriter Rewriter
	// Counter, optional, enforces Config.RateLimit.
	Counter Counter
	// Rehasher, optional, moves the rows stored under a user's hash of the
	// first scheme to their current hash when the user is first seen.
	Rehasher Rehasher
	// Mask, optional, takes the configured secrets out of the texts an
	// answer carries from elsewhere, such as an upstream error in a note:
	// they are stored and shown.
	Mask func(string) string
	// Catalog, optional, lets the assistant plan answers over the whole
	// base: career paths, orientation, the best paid, names.
	Catalog Catalog
	Logger  *slog.Logger
	Now     func() time.Time
}

// New returns an assistant.
func New(d Deps, cfg Config) *Assistant {
	if cfg.K <= 0 {
		cfg.K = DefaultConfig.K
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Mask == nil {
		d.Mask = func(s string) string { return s }
	}
	if cfg.StoreTimeout > 0 {
		d = boundStores(d, cfg.StoreTimeout)
	}
	return &Assistant{mask: d.Mask, search: d.Search, entries: d.Entries, recorder: d.Recorder, composer: d.Composer, rewriter: d.Rewriter, counter: d.Counter, catalog: d.Catalog, cfg: cfg, log: d.Logger, now: d.Now,
		tokens: newEntryCache(entryTokens), figures: newEntryCache(entryFigures),
		users: NewUserHashes(cfg.UserSalt, d.Rehasher, d.Logger)}
}

// ComposerName returns the name of the composer answers use by default.
func (a *Assistant) ComposerName() string {
	if a.composer != nil {
		return a.composer.Name()
	}
	return "extractive"
}
