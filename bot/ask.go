package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

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
		return Answer{Composer: "extractive", Reason: "injection", Answer: Msg(lang,
			"I can only answer questions about AI careers from the knowledge base curated by HR. I can't change my instructions, reveal them, act on the knowledge base or show other people's questions.",
			"Je réponds seulement aux questions sur les métiers de l'IA, à partir de la base de connaissances tenue par les RH. Je ne peux ni changer ni révéler mes consignes, ni modifier la base, ni montrer les questions des autres.")}, nil
	}
	if u.Intent == IntentOutOfScope {
		return outOfScope(lang), nil
	}
	if len(q.History) == 0 && onlyGenericWords(fold(u.Subject)) {
		return noSubject(lang), nil
	}
	var v *catalogView
	if a.catalog != nil {
		var err error
		if v, err = a.catalogs.get(ctx, a.catalog); err != nil {
			return Answer{}, err
		}
		if ans, ok := a.route(ctx, q, u, v); ok && strings.TrimSpace(ans.Answer) != "" {
			return a.generate(ctx, q, u.Lang, a.withFigure(u, ans)), nil
		}
	}
	searchText := u.Subject
	if u.Elliptical {
		searchText = a.standalone(ctx, q, u.Subject)
	}
	if v != nil {
		// An employer the base speaks of is part of what is asked.
		searchText += v.knownContext(u)
	}
	an := analyse(searchText)
	var carried []string
	if u.Elliptical && (len(an.topic) == 0 || refersBackRE.MatchString(fold(u.Subject))) {
		// A follow-up with no subject of its own ("et ça paie combien ?"),
		// or one that points back at it ("whose cars was he talking
		// about?"), is about what the thread was about.
		if slugs := lastCited(q.History); len(slugs) > 0 {
			carried = slugs[:1]
		}
		for _, s := range carried {
			if e, err := a.entryIn(ctx, v, s); err == nil {
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
		// The catalog view, current for this question, holds every
		// published entry: only an entry it lacks (published since) is
		// read from the store.
		var loaded []*knowledge.Entry
		slugs := make([]string, 0, len(gs))
		for _, g := range gs {
			if e := v.entry(g.slug); e != nil {
				loaded = append(loaded, e)
			} else {
				slugs = append(slugs, g.slug)
			}
		}
		if len(slugs) > 0 {
			more, err := a.entries.GetMany(ctx, slugs)
			if err != nil {
				return fmt.Errorf("load entries: %w", err)
			}
			loaded = append(loaded, more...)
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
	// A question for skills or trainings whose candidates hold none of
	// that kind ("Which deep learning libraries should I learn?"
	// is near the courses by its words) is searched again among that
	// kind only.
	if kinds := askedKinds(u.Intent); len(kinds) > 0 && !u.AsksRole && !slices.ContainsFunc(cands, func(g *entryHits) bool { return slices.Contains(kinds, g.kind) }) {
		more, err := a.search.Search(ctx, retrieval.Query{Text: query, TextLang: lang, K: a.cfg.K, Kinds: kinds})
		if err != nil {
			return Answer{}, fmt.Errorf("search by kind: %w", err)
		}
		added := groupHits(more)
		added = added[:min(len(added), maxNameCandidates)]
		if err := load(added); err != nil {
			return Answer{}, err
		}
		cands = append(cands, added...)
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
	// The catalog knows which entries the question names, the longest name
	// winning: "RAG specialist" names the role, not the RAG skill within it.
	var mentioned map[string]bool
	if v != nil {
		mentioned = map[string]bool{}
		for _, m := range v.mentions(searchText) {
			mentioned[m.entry.Slug] = true
		}
	}
	quoted := quotedFigures(u.Text)
	kept := cands[:0]
	for _, g := range cands {
		e := bySlug[g.slug]
		if e == nil {
			continue // archived since the search
		}
		g.entry = e
		g.tokens = a.tokens.of(e)
		g.named = names(e, folded)
		if mentioned != nil && e.Kind != knowledge.KindInsight {
			switch {
			case !mentioned[e.Slug]:
				g.named = 0 // its name is part of a longer one
			case g.named == 0:
				g.named = 1 // by its title without its parenthesis, or with a typo
			}
		}
		if u.AsksRole && e.Kind != knowledge.KindRole {
			// "Le métier qui … pour que ChatGPT réponde bien" names what
			// the job works on, not the job.
			g.named = 0
		}
		askedFor := true
		if (u.AsksRole || u.Hires) && e.Kind == knowledge.KindRole && g.named > 0 {
			// "Which job feeds clean data to data scientists?": one who
			// asks for a job does not know its name, and a job they name
			// is one it works with. "On n'arrive pas à recruter d'ingé
			// ML": the job is the one they look for; how hiring goes
			// answers.
			g.named, askedFor = 0, false
		}
		g.cover = an.coverage(g.tokens, known)
		g.score = g.score * (0.2 + g.cover)
		g.score += 0.01 * float64(g.named)
		if g.named == 0 && titleNames(e, an.proper) {
			// "Est-ce que Microsoft propose des formations ?": the entry
			// whose title holds the names the question uses ranks as one
			// it names by an alias, but must still cover the rest.
			g.score += 0.01
		}
		// A question the entry is known to answer, asked again or nearly:
		// the strongest sign that the entry answers this one.
		g.score += questionWeight * max(0, g.question-questionFloor) / (1 - questionFloor)
		if slices.Contains(carried, g.slug) {
			g.score += 0.02
		}
		// A figure the asker quotes ("valued at like 10 billion?") is
		// the surest sign of the entry it comes from.
		if len(quoted) > 0 && statesAny(e, quoted) {
			g.score += 0.02
		}
		if prefersKind(an.intent, g.kind) {
			g.score *= 1.3
		}
		switch {
		case u.AsksRole && g.kind == knowledge.KindRole && askedFor:
			// "Qui conçoit des modèles qui reconnaissent les photos ?"
			// asks for a job.
			g.score *= 1.5
		case !askedFor:
			// The job it names shares the question's words for being
			// named: that says nothing of the job asked for.
			g.score *= 0.6
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
		// The entry the question names ("hire an FDE") answers it as
		// one that covers its words does.
		promote(cands, func(g *entryHits) bool { return (g.cover >= floor(g) || g.named > 0) && an.coversNames(g.tokens) })
	}
	if b := cands[0]; u.AsksRole && b.kind != knowledge.KindRole && u.Intent != IntentPay {
		// "Le poste où on vérifie que l'IA respecte les règles, ça
		// s'appelle comment ?" asks for the job: a close role that the
		// entry ranked first relates to answers it, that entry does not.
		// What such a job pays ("combien se fait un freelance qui
		// conçoit des modèles ?") is answered by the figure's entry.
		promote(cands, func(g *entryHits) bool {
			return g.kind == knowledge.KindRole && slices.Contains(b.entry.Relations.Related, g.slug) && g.cover >= floor(g) && an.coversNames(g.tokens)
		})
	}
	best := cands[0]
	top := best.sim
	if a.log.Enabled(ctx, slog.LevelDebug) {
		for _, g := range cands {
			a.log.Debug("candidate", "slug", g.slug, "score", g.score, "sim", g.sim, "text", g.text, "question", g.question, "cover", g.cover, "named", g.named, "topic", an.topic)
		}
	}
	// The entry must hold every name of the question, even one the
	// question names: "a data engineer at Google" is not answered by the
	// data engineer's entry when it says nothing of Google.
	// An entry very near the question by its vector needs to cover less
	// of its words: the asker's own words ("éplucher des milliers de
	// données", "des sommes folles") are the ones it lacks.
	covers := func(g *entryHits) bool {
		return g.cover >= floor(g) || g.sim >= nearSimilarity && g.cover >= floor(g)*nearCoverage
	}
	grounded := (best.named > 0 || best.sim >= a.cfg.MinSimilarity && covers(best)) && an.coversNames(best.tokens)
	if len(an.topic) > 0 && !covers(best) && best.named == 0 {
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
	if strings.TrimSpace(ans.Answer) == "" && u.Said != "" {
		// What answers a follow-up was all said already ("and whose cars
		// was he talking about?"): said again, it still answers.
		again := u
		again.Said = ""
		if ans, err = a.composeSearch(ctx, q, again, an, cands); err != nil {
			return Answer{}, err
		}
	}
	if strings.TrimSpace(ans.Answer) == "" {
		// Nothing the entries say answers it in so many words.
		ans = a.notCovered(lang, cands, nil)
	}
	ans.TopScore = top
	return ans, nil
}

// promote moves to the front of cands, sorted by score, the first
// candidate close to the first one's score (closeScore) for which ok
// holds, if any.
func promote(cands []*entryHits, ok func(*entryHits) bool) {
	b := cands[0]
	for i, g := range cands[1:] {
		if g.score < b.score*closeScore {
			return
		}
		if ok(g) {
			copy(cands[1:i+2], cands[:i+1])
			cands[0] = g
			return
		}
	}
}

// nearSimilarity is the vector similarity from which an entry is near
// enough to a question to need only nearCoverage of the coverage floor
// (chosen on the development halves: 0.45 and 0.6 answered two more
// questions there and lost none; 0.4 lost two).
const (
	nearSimilarity = 0.45
	nearCoverage   = 0.6
)
