package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/careerbot/careerbot/knowledge"
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
	CountQuestions(ctx context.Context, userHash string, since time.Time) (int, error)
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
}

// askedAgain is the similarity of a hit on one of an entry's questions
// from which the question is that one, asked again: the entry answers it
// whatever words it covers.
const askedAgain = 0.8

// roleCoverage is the share of the coverage floor a role needs when the
// question asks who does something.
const roleCoverage = 0.6

// questionWeight weighs a hit on one of an entry's questions against the
// fused rank (see the grounding in ask).
const questionWeight = 0.05

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
	catalog  Catalog
	catalogs catalogCache
	cfg      Config
	log      *slog.Logger
	now      func() time.Time
	tokens   tokenCache
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
	return &Assistant{search: d.Search, entries: d.Entries, recorder: d.Recorder, composer: d.Composer, rewriter: d.Rewriter, counter: d.Counter, catalog: d.Catalog, cfg: cfg, log: d.Logger, now: d.Now}
}

// ComposerName returns the name of the composer answers use by default.
func (a *Assistant) ComposerName() string {
	if a.composer != nil {
		return a.composer.Name()
	}
	return "extractive"
}

// Answer answers q. Bad input returns an *InputError whose message is meant
// for the asker. When the knowledge base is unreachable, the error wraps
// ErrUnavailable and Unavailable gives the asker's message.
func (a *Assistant) Answer(ctx context.Context, q Question) (Answer, error) {
	start := a.now()
	text, err := Normalize(q.Text)
	if err != nil {
		return Answer{}, err
	}
	q.Text = text
	u := understand(text, q.Lang, q.History)
	lang := u.Lang
	if err := a.checkRate(ctx, q.UserID, lang); err != nil {
		return Answer{}, err
	}
	var ans Answer
	switch q.Command {
	case CmdRole, CmdSkill, CmdTraining:
		// A name says nothing of the asker's language: the conversation's
		// or the user's locale does.
		if q.Lang != "" {
			lang = q.Lang
		}
		ans, err = a.lookup(ctx, q.Command, text, lang)
	default:
		ans, err = a.ask(ctx, q, u)
	}
	if err != nil {
		a.log.Warn("answer failed", "surface", q.Surface, "err", err)
		return Answer{Question: text, Lang: lang, Composer: "extractive", Reason: "unavailable",
			Answer: Unavailable(lang), Citations: []Citation{}}, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	ans.Question, ans.Lang = text, lang
	if ans.Citations == nil {
		ans.Citations = []Citation{}
	}
	if a.recorder != nil {
		cited := make([]string, len(ans.Citations))
		for i, c := range ans.Citations {
			cited[i] = c.Slug
		}
		id, err := a.recorder.RecordQuestion(ctx, knowledge.Question{
			UserHash: HashUser(a.cfg.UserSalt, q.UserID), Surface: q.Surface, Lang: lang, Text: text,
			Grounded: ans.Grounded, TopScore: ans.TopScore, Cited: cited, Composer: ans.Composer, Note: ans.Note,
			LatencyMS: int(a.now().Sub(start).Milliseconds()),
		})
		if err != nil {
			a.log.Warn("record question", "err", err)
		}
		ans.QuestionID = id
	}
	return ans, nil
}

// checkRate refuses a question when its asker has used up the rate limit.
// A failure to count does not block the asker.
func (a *Assistant) checkRate(ctx context.Context, userID, lang string) error {
	if a.counter == nil || a.cfg.RateLimit <= 0 || userID == "" {
		return nil
	}
	n, err := a.counter.CountQuestions(ctx, HashUser(a.cfg.UserSalt, userID), a.now().Add(-a.cfg.RateWindow))
	if err != nil {
		a.log.Warn("count recent questions", "err", err)
		return nil
	}
	if n < a.cfg.RateLimit {
		return nil
	}
	wait := a.cfg.RateWindow.Round(time.Second)
	return &InputError{Lang: lang, Reason: "rate_limited", Msg: msg(lang,
		fmt.Sprintf("You have asked %d questions within %s, the most I answer per person. Please try again in a little while.", n, wait),
		fmt.Sprintf("Vous avez posé %d questions en %s, le maximum que je traite par personne. Réessayez dans un moment.", n, frDuration(wait)))}
}

// frDuration writes a duration for a French sentence.
func frDuration(d time.Duration) string {
	n, unit := int(d/time.Second), "seconde"
	switch {
	case d%time.Hour == 0:
		n, unit = int(d/time.Hour), "heure"
	case d%time.Minute == 0:
		n, unit = int(d/time.Minute), "minute"
	}
	if n > 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", n, unit)
}

// ErrUnavailable marks failures of the knowledge base or search.
var ErrUnavailable = errors.New("knowledge base unavailable")

// Unavailable is the reply when the knowledge base cannot be reached.
func Unavailable(lang string) string {
	return msg(lang,
		"Sorry, the knowledge base is temporarily unavailable. Please try again in a minute.",
		"Désolé, la base de connaissances est temporairement indisponible. Réessayez dans une minute.")
}

func (a *Assistant) lookup(ctx context.Context, cmd Command, name, lang string) (Answer, error) {
	kind := knowledge.Kind(cmd)
	matches, err := a.entries.Resolve(ctx, kind, name, 5)
	if err != nil {
		return Answer{}, fmt.Errorf("resolve %s: %w", cmd, err)
	}
	if len(matches) > 0 && (matches[0].Exact || matches[0].Similarity >= 0.55) {
		e := matches[0].Entry
		return a.card(ctx, e, lang)
	}
	ans := Answer{Composer: "extractive", Reason: "unknown_name"}
	for _, m := range matches {
		if m.Similarity >= 0.2 {
			ans.Suggestions = append(ans.Suggestions, Suggestion{Slug: m.Entry.Slug, Title: m.Entry.TitleIn(lang), Kind: m.Entry.Kind})
		}
	}
	if len(ans.Suggestions) == 0 {
		for _, m := range matches {
			ans.Suggestions = append(ans.Suggestions, Suggestion{Slug: m.Entry.Slug, Title: m.Entry.TitleIn(lang), Kind: m.Entry.Kind})
		}
	}
	kindName := kindLabel(kind, lang)
	if len(ans.Suggestions) > 0 {
		ans.Answer = msg(lang,
			fmt.Sprintf("I don't know the %s “%s”. Did you mean: %s?", kindName, name, suggestionList(ans.Suggestions)),
			fmt.Sprintf("Je ne connais pas le %s « %s ». Vouliez-vous dire : %s ?", kindName, name, suggestionList(ans.Suggestions)))
	} else {
		ans.Answer = msg(lang,
			fmt.Sprintf("I don't know the %s “%s”, and the knowledge base has no %s yet.", kindName, name, kindName),
			fmt.Sprintf("Je ne connais pas le %s « %s », et la base ne contient encore aucun %s.", kindName, name, kindName))
	}
	return ans, nil
}

func suggestionList(s []Suggestion) string {
	names := make([]string, len(s))
	for i, x := range s {
		names[i] = x.Title
	}
	return strings.Join(names, ", ")
}

func kindLabel(k knowledge.Kind, lang string) string {
	fr := map[knowledge.Kind]string{knowledge.KindRole: "métier", knowledge.KindSkill: "compétence", knowledge.KindTraining: "parcours de formation", knowledge.KindInsight: "chiffre"}
	en := map[knowledge.Kind]string{knowledge.KindRole: "role", knowledge.KindSkill: "skill", knowledge.KindTraining: "training path", knowledge.KindInsight: "figure"}
	if lang == "fr" {
		return fr[k]
	}
	return en[k]
}

// card answers a lookup with the entry's summary, its skills and trainings.
func (a *Assistant) card(ctx context.Context, e *knowledge.Entry, lang string) (Answer, error) {
	var c composition
	c.lang = lang
	n := c.cite(e)
	summary, _ := e.SummaryIn(lang)
	c.add(fmt.Sprintf("*%s* — %s", e.TitleIn(lang), summary), n)
	related, err := a.relatedEntries(ctx, e)
	if err != nil {
		return Answer{}, err
	}
	c.addRelations(e, related, n)
	return Answer{Grounded: true, Answer: c.text(), Composer: "extractive", Citations: c.citations, Entry: e, Related: related, TopScore: 1}, nil
}

func (a *Assistant) relatedEntries(ctx context.Context, e *knowledge.Entry) ([]*knowledge.Entry, error) {
	var out []*knowledge.Entry
	for _, r := range e.Relations.All() {
		re, err := a.entries.Get(ctx, r.Slug)
		if err != nil {
			continue // a relation to an entry archived since is skipped
		}
		if re.Status == knowledge.StatusPublished {
			out = append(out, re)
		}
	}
	return out, nil
}

// entryHits groups hits by entry.
type entryHits struct {
	slug  string
	kind  knowledge.Kind
	score float64
	sim   float64
	text  float64
	hits  []retrieval.Hit
	named int // how the question names the entry: 2 title, 1 alias
	// question is the similarity of the best hit on one of the entry's
	// questions, 0 when none was hit.
	question float64
	cover    float64
	entry    *knowledge.Entry
	tokens   map[string]bool // the entry's stems and concepts
}

func groupHits(hits []retrieval.Hit) []*entryHits {
	by := map[string]*entryHits{}
	var order []*entryHits
	for _, h := range hits {
		g := by[h.Slug]
		if g == nil {
			g = &entryHits{slug: h.Slug, kind: h.Kind}
			by[h.Slug] = g
			order = append(order, g)
		}
		g.hits = append(g.hits, h)
		if len(g.hits) <= 2 {
			g.score += h.Score / float64(len(g.hits))
		}
		g.sim = max(g.sim, h.Similarity)
		if strings.HasSuffix(h.Heading, retrieval.QuestionHeading) {
			g.question = max(g.question, h.Similarity)
		}
		g.text = max(g.text, h.TextScore)
	}
	return order
}

// ask answers a free question.
func (a *Assistant) ask(ctx context.Context, q Question, u Understanding) (Answer, error) {
	text, lang := u.Text, u.Lang
	if isInjection(text) {
		return Answer{Composer: "extractive", Reason: "injection", Answer: msg(lang,
			"I can only answer questions about AI careers from the knowledge base curated by HR. I can't change my instructions, reveal them, act on the knowledge base or show other people's questions.",
			"Je réponds seulement aux questions sur les métiers de l'IA, à partir de la base de connaissances tenue par les RH. Je ne peux ni changer ni révéler mes consignes, ni modifier la base, ni montrer les questions des autres.")}, nil
	}
	if u.Intent == IntentOutOfScope {
		return outOfScope(lang), nil
	}
	var v *catalogView
	if a.catalog != nil {
		var err error
		if v, err = a.catalogs.get(ctx, a.catalog); err != nil {
			return Answer{}, err
		}
		if ans, ok := a.route(ctx, q, u, v); ok && strings.TrimSpace(ans.Answer) != "" {
			return a.generate(ctx, q, u.Lang, ans), nil
		}
	}
	searchText := u.Subject
	if u.Elliptical {
		searchText = a.standalone(ctx, q, u.Subject)
	}
	an := analyse(searchText)
	var carried []string
	if u.Elliptical && len(an.topic) == 0 {
		// A follow-up with no subject of its own ("et ça paie combien ?")
		// is about what the thread was about.
		for i := len(q.History) - 1; i >= 0; i-- {
			if t := q.History[i]; t.Role == "assistant" && len(t.Slugs) > 0 {
				carried = t.Slugs[:1]
				break
			}
		}
		for _, s := range carried {
			if e, err := a.entries.Get(ctx, s); err == nil {
				searchText += " " + e.TitleIn(lang)
				an = analyse(searchText)
			}
		}
	}
	// The question is searched with the synonyms of its words too, and an
	// entry covers a word when it holds one of its synonyms.
	query := searchText
	if v != nil {
		if extra := v.synonymsOf(searchText); len(extra) > 0 {
			query += " " + strings.Join(extra, " ")
			an.alt = v.alternatives(searchText)
		}
	}
	hits, err := a.search.Search(ctx, retrieval.Query{Text: query, TextLang: lang, K: a.cfg.K})
	if err != nil {
		return Answer{}, fmt.Errorf("search: %w", err)
	}
	groups := groupHits(hits)
	if len(groups) == 0 {
		return a.notCovered(lang, nil, nil), nil
	}
	// Load the candidate entries and score them: the fused rank, weighted by
	// how much of the question each entry covers, with a bonus for entries
	// the question names and entries of the kind the question asks for.
	cands := groups[:min(len(groups), maxCandidates)]
	bySlug := map[string]*knowledge.Entry{}
	known := map[string]bool{}
	load := func(gs []*entryHits) error {
		slugs := make([]string, 0, len(gs))
		for _, g := range gs {
			slugs = append(slugs, g.slug)
		}
		loaded, err := a.entries.GetMany(ctx, slugs)
		if err != nil {
			return fmt.Errorf("load entries: %w", err)
		}
		for _, e := range loaded {
			bySlug[e.Slug] = e
			for w := range a.tokens.of(e) {
				known[w] = true
			}
		}
		return nil
	}
	if err := load(cands); err != nil {
		return Answer{}, err
	}
	// The names of the question (people, companies, places) that no
	// candidate holds may be in entries that its other words outranked: a
	// search for the names alone finds them, or shows that the knowledge
	// base has nothing on them.
	if missing := an.missingNames(known); len(missing) > 0 {
		more, err := a.search.Search(ctx, retrieval.Query{Text: strings.Join(missing, " "), TextLang: lang, K: a.cfg.K})
		if err != nil {
			return Answer{}, fmt.Errorf("search names: %w", err)
		}
		var added []*entryHits
		for _, g := range groupHits(more) {
			if len(added) == maxNameCandidates {
				break
			}
			if !slices.ContainsFunc(cands, func(c *entryHits) bool { return c.slug == g.slug }) {
				added = append(added, g)
			}
		}
		if err := load(added); err != nil {
			return Answer{}, err
		}
		cands = append(cands, added...)
	}
	if unknown := an.missingNames(known); len(unknown) > 0 {
		return a.notCovered(lang, nil, unknown), nil
	}
	folded := " " + strings.Join(retrieval.Tokens(searchText), " ") + " "
	kept := cands[:0]
	for _, g := range cands {
		e := bySlug[g.slug]
		if e == nil {
			continue // archived since the search
		}
		g.entry = e
		g.tokens = a.tokens.of(e)
		g.named = names(e, folded)
		g.cover = an.coverage(g.tokens, known)
		g.score = g.score * (0.2 + g.cover)
		g.score += 0.01 * float64(g.named)
		// A question the entry is known to answer, asked again or nearly:
		// the strongest sign that the entry answers this one.
		g.score += questionWeight * g.question
		if slices.Contains(carried, g.slug) {
			g.score += 0.02
		}
		if prefersKind(an.intent, g.kind) {
			g.score *= 1.3
		}
		if u.AsksRole && g.kind == knowledge.KindRole {
			// "Qui conçoit des modèles qui reconnaissent les photos ?"
			// asks for a job.
			g.score *= 1.5
		}
		kept = append(kept, g)
	}
	cands = kept
	if len(cands) == 0 {
		return a.notCovered(lang, nil, nil), nil
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	// An entry that covers the question outranks a close one that does not:
	// the rank says what the question is near, the coverage whether the
	// entry answers it.
	// The coverage an entry needs: less for the job a "who does…"
	// question asks for, none for an entry one of whose questions was
	// asked again, nearly word for word.
	floor := func(g *entryHits) float64 {
		switch {
		case g.question >= askedAgain:
			return 0
		case u.AsksRole && g.kind == knowledge.KindRole:
			return a.cfg.MinCoverage * roleCoverage
		}
		return a.cfg.MinCoverage
	}
	if b := cands[0]; (b.named == 0 && b.cover < floor(b)) || !an.coversNames(b.tokens) {
		for i, g := range cands[1:] {
			if g.score < b.score*closeScore {
				break
			}
			if g.cover >= floor(g) && an.coversNames(g.tokens) {
				copy(cands[1:i+2], cands[:i+1])
				cands[0] = g
				break
			}
		}
	}
	best := cands[0]
	top := best.sim
	if a.log.Enabled(ctx, slog.LevelDebug) {
		for _, g := range cands {
			a.log.Debug("candidate", "slug", g.slug, "score", g.score, "sim", g.sim, "text", g.text, "cover", g.cover, "named", g.named, "topic", an.topic)
		}
	}
	// The entry must hold every name of the question, even one the
	// question names: "a data engineer at Google" is not answered by the
	// data engineer's entry when it says nothing of Google.
	grounded := (best.named > 0 || best.sim >= a.cfg.MinSimilarity && best.cover >= floor(best)) && an.coversNames(best.tokens)
	if len(an.topic) > 0 && best.cover < floor(best) && best.named == 0 {
		grounded = false
	}
	if !grounded {
		ans := a.notCovered(lang, cands, nil)
		ans.TopScore = top
		return ans, nil
	}
	ans, err := a.composeSearch(ctx, q, u, an, cands)
	if err != nil {
		return Answer{}, err
	}
	if strings.TrimSpace(ans.Answer) == "" {
		// Nothing the entries say answers it in so many words.
		ans = a.notCovered(lang, cands, nil)
	}
	ans.TopScore = top
	return ans, nil
}

// outOfScope is the answer to a request that is not a question about AI
// careers, such as a poem or the weather.
func outOfScope(lang string) Answer {
	return Answer{Composer: "extractive", Reason: "out_of_scope", Answer: msg(lang,
		"I only answer questions about AI careers: jobs, skills, trainings and market figures, from the knowledge base curated by HR. Try “What does a data engineer do?” or tell me what you do today.",
		"Je réponds seulement aux questions sur les métiers de l'IA : métiers, compétences, formations et chiffres du marché, à partir de la base tenue par les RH. Essayez « Que fait un data engineer ? » ou dites-moi ce que vous faites aujourd'hui.")}
}

// notCovered is the answer to a question the knowledge base does not
// cover, with the closest roles among cands. names are the names of the
// question that the base does not hold at all, said plainly.
func (a *Assistant) notCovered(lang string, cands []*entryHits, names []string) Answer {
	ans := Answer{Composer: "extractive", Reason: "not_covered"}
	for _, g := range cands {
		if g.entry != nil && g.kind == knowledge.KindRole && g.cover > 0 && len(ans.Suggestions) < 3 {
			ans.Suggestions = append(ans.Suggestions, Suggestion{Slug: g.slug, Title: g.entry.TitleIn(lang), Kind: g.kind})
		}
	}
	if len(names) > 0 {
		quoted := make([]string, len(names))
		for i, n := range names {
			quoted[i] = msg(lang, "“"+n+"”", "« "+n+" »")
		}
		list := strings.Join(quoted, ", ")
		ans.Answer = msg(lang,
			"The knowledge base has nothing on "+list+", so I won't guess.",
			"La base de connaissances ne contient rien sur "+list+", je préfère ne rien inventer.")
	} else {
		ans.Answer = msg(lang,
			"I don't have reliable information on that in the knowledge base, so I won't guess.",
			"Je n'ai pas d'information fiable sur ce sujet dans la base de connaissances, je préfère ne rien inventer.")
	}
	if len(ans.Suggestions) > 0 {
		ans.Answer += msg(lang, " Closest roles: ", " Métiers les plus proches : ") + suggestionList(ans.Suggestions) + "."
	}
	ans.Answer += msg(lang,
		" You can ask HR, or try /role, /skill or /training with a name.",
		" Vous pouvez poser la question aux RH, ou essayer /role, /skill ou /training avec un nom.")
	return ans
}
