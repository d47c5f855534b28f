package bot

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// Catalog lists the published entries, for what weighs the whole base at
// once: the names a question mentions, where a background fits, the roles
// of an orientation, the best paid.
type Catalog interface {
	Entries(ctx context.Context, kind knowledge.Kind, status knowledge.Status) ([]*knowledge.Entry, error)
	// CatalogVersion changes whenever an entry does; it is cheap, read
	// before each question, so that every replica sees an edit at once.
	CatalogVersion(ctx context.Context) (string, error)
	// Synonyms returns the groups of words employees use for the same
	// thing.
	Synonyms(ctx context.Context) ([][]string, error)
}

// catalogView is the published base, indexed for the understanding of a
// question. It is rebuilt when the catalog's version changes.
type catalogView struct {
	version string
	entries []*knowledge.Entry
	bySlug  map[string]*knowledge.Entry
	// referrers are, by slug, the entries that relate to it.
	referrers map[string][]*knowledge.Entry
	// names are every title and alias as stems, longest first, and
	// byFirst indexes them by their first stem.
	names   []catalogName
	byFirst map[string][]catalogName
	// properNames are the one-word titles that stemming cuts short
	// ("Coursera" stems as "cours" does), by their folded word: the word
	// itself names the entry, and no other name may take it.
	properNames map[string]*knowledge.Entry
	firstByLen  map[int][]string
	// backgrounds are every background of every entry as stems, and
	// prose the stems of the text (summaries and body) of each entry that
	// has backgrounds.
	backgrounds []catalogName
	prose       map[*knowledge.Entry]map[string]bool
	// questions are the questions entries answer, as sets of topic stems,
	// and byStem the questions each stem appears in.
	questions []catalogQuestion
	byStem    map[string][]int
	// entriesWith counts the entries whose text holds each stem.
	entriesWith map[string]int
	// payRoles are the roles by pay, highest first, per language, made
	// when first asked for.
	payRoles   map[string][]*knowledge.Entry
	payRolesMu sync.Mutex
	// synonyms are the terms of the synonym groups, as stems, longest
	// first, each with its group.
	synonyms []synonymTerm
	groups   [][]string
}

// synonymTerm is one term of a synonym group, as stems.
type synonymTerm struct {
	stems []string
	group int
}

// catalogQuestion is one of the questions an entry answers.
type catalogQuestion struct {
	topic map[string]bool
	entry *knowledge.Entry
}

// catalogName is one name (or background) of an entry, as stems.
type catalogName struct {
	stems []string
	entry *knowledge.Entry
	// title is set for a title, unset for an alias.
	title bool
}

// entry returns the published entry slug of the view, or nil when the
// view lacks it, or is nil (an assistant with no catalog).
func (v *catalogView) entry(slug string) *knowledge.Entry {
	if v == nil {
		return nil
	}
	return v.bySlug[slug]
}

// entryIn returns entry slug as view v holds it, or, when v lacks it,
// as the store does.
func (a *Assistant) entryIn(ctx context.Context, v *catalogView, slug string) (*knowledge.Entry, error) {
	if e := v.entry(slug); e != nil {
		return e, nil
	}
	return a.entries.Get(ctx, slug)
}

// catalogCache holds the view the questions read.
type catalogCache struct {
	mu   sync.Mutex
	view *catalogView
}

// view returns the current view of src, rebuilding it when the catalog
// changed since the last question.
// last returns the view the last get returned, or nil, without asking the
// database whether the catalog changed since.
func (c *catalogCache) last() *catalogView {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.view
}

func (c *catalogCache) get(ctx context.Context, src Catalog) (*catalogView, error) {
	version, err := src.CatalogVersion(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	v := c.view
	c.mu.Unlock()
	if v != nil && v.version == version {
		return v, nil
	}
	entries, err := src.Entries(ctx, "", knowledge.StatusPublished)
	if err != nil {
		return nil, fmt.Errorf("read the catalog: %w", err)
	}
	groups, err := src.Synonyms(ctx)
	if err != nil {
		return nil, err
	}
	v = newCatalogView(version, entries, groups)
	c.mu.Lock()
	c.view = v
	c.mu.Unlock()
	return v, nil
}

func newCatalogView(version string, entries []*knowledge.Entry, groups [][]string) *catalogView {
	v := &catalogView{version: version, entries: entries, bySlug: make(map[string]*knowledge.Entry, len(entries)), groups: groups}
	for i, g := range groups {
		for _, t := range g {
			if toks := retrieval.Tokens(t); len(toks) > 0 {
				v.synonyms = append(v.synonyms, synonymTerm{stems: toks, group: i})
			}
		}
	}
	slices.SortStableFunc(v.synonyms, func(a, b synonymTerm) int { return len(b.stems) - len(a.stems) })
	for _, e := range entries {
		v.bySlug[e.Slug] = e
		v.addBackgrounds(e)
		if e.Kind == knowledge.KindInsight {
			continue // insights are found by search, not by name
		}
		add := func(name string, title bool) {
			names := []string{name}
			if before, _, ok := strings.Cut(name, "("); ok {
				// "RAG specialist (retrieval-augmented generation)" is
				// also called "RAG specialist".
				names = append(names, before)
			}
			for _, n := range names {
				if words, _ := retrieval.Words(n); slices.ContainsFunc(words, func(w string) bool { return v.properNames[w] == e }) {
					// "Coursera", "cours Coursera": found by the word itself
					// (properNames), not by its stem, which "cours" has too.
					continue
				}
				if toks := nameStems(n); len(toks) > 0 && !(len(toks) == 1 && len(toks[0]) < 3) && !allGeneric(toks) {
					v.names = append(v.names, catalogName{stems: toks, entry: e, title: title})
				}
			}
		}
		// A one-word name that its stem would shorten to a common word's
		// is found by the word itself: "Coursera" is not "cours", nor
		// "OpenAI" the "open" of "openings".
		for i, t := range append([]string{e.Title, e.TitleEN}, e.Aliases...) {
			cut := 3
			if i >= 2 {
				cut = 2 // an alias
			}
			if w := strings.Fields(strings.TrimSpace(fold(t))); len(w) == 1 && unicode.IsUpper([]rune(t)[0]) && len(w[0])-len(retrieval.Stem(w[0])) >= cut {
				if v.properNames == nil {
					v.properNames = map[string]*knowledge.Entry{}
				}
				if i < 2 || v.properNames[w[0]] == nil { // a title wins over an alias
					v.properNames[w[0]] = e
				}
			}
		}
		add(e.Title, true)
		add(e.TitleEN, true)
		for _, a := range e.Aliases {
			add(a, false)
		}
		for _, q := range e.Questions {
			if t := questionTopic(q); len(t) > 0 {
				v.questions = append(v.questions, catalogQuestion{topic: t, entry: e})
			}
		}
	}
	slices.SortStableFunc(v.names, v.nameOrder)
	slices.SortStableFunc(v.backgrounds, func(a, b catalogName) int { return len(b.stems) - len(a.stems) })
	v.referrers = map[string][]*knowledge.Entry{}
	for _, e := range entries {
		for _, r := range e.Relations.All() {
			if !slices.Contains(v.referrers[r.Slug], e) {
				v.referrers[r.Slug] = append(v.referrers[r.Slug], e)
			}
		}
	}
	v.byFirst = map[string][]catalogName{}
	v.firstByLen = map[int][]string{}
	for _, n := range v.names {
		k := n.stems[0]
		if _, ok := v.byFirst[k]; !ok {
			v.firstByLen[len(k)] = append(v.firstByLen[len(k)], k)
		}
		v.byFirst[k] = append(v.byFirst[k], n)
	}
	v.entriesWith = map[string]int{}
	for _, e := range entries {
		for t := range entryTokens(e) {
			v.entriesWith[t]++
		}
	}
	v.byStem = map[string][]int{}
	for i, q := range v.questions {
		for t := range q.topic {
			v.byStem[t] = append(v.byStem[t], i)
		}
	}
	return v
}

// questionTopic returns the topic stems of an entry's question: those of
// what it asks, without the asker's persona ("Je suis ingénieur, une
// école de commerce en plus m'aiderait ?" asks about business school, not
// about engineers), unless the persona is all it says.
func questionTopic(q string) map[string]bool {
	if u := understand(q, "", nil); u.Background != "" {
		if t := topicSet(u.Subject); len(t) > 0 {
			return t
		}
	}
	return topicSet(q)
}

// onlyConcepts reports whether every topic word of a set is a concept
// ("#genai"), not a stem.
func onlyConcepts(t map[string]bool) bool {
	for w := range t {
		if !strings.HasPrefix(w, "#") {
			return false
		}
	}
	return true
}

// addBackgrounds adds e's backgrounds to the view, and the stems of its
// text when it has some.
func (v *catalogView) addBackgrounds(e *knowledge.Entry) {
	for _, b := range e.Backgrounds {
		if toks := retrieval.Tokens(b); len(toks) > 0 {
			v.backgrounds = append(v.backgrounds, catalogName{stems: toks, entry: e})
		}
	}
	if len(e.Backgrounds) == 0 {
		return
	}
	if v.prose == nil {
		v.prose = map[*knowledge.Entry]map[string]bool{}
	}
	set := map[string]bool{}
	for _, t := range retrieval.Tokens(e.Summary + "\n" + e.SummaryEN + "\n" + e.Body) {
		set[t] = true
	}
	v.prose[e] = set
}

// topicSet returns the topic stems of text as a set.
func topicSet(text string) map[string]bool {
	out := map[string]bool{}
	for _, t := range analyse(text).topic {
		out[t] = true
	}
	return out
}

// A question is one an entry was taught to answer, worded alike, when
// it shares at least taughtAsked of its topic stems with it, and they
// make at least taughtKnown of the taught question's.
const (
	taughtAsked = 0.75
	taughtKnown = 0.5
	// rareStem is how many entries may hold a stem for it to tell one
	// question from the others alone.
	rareStem = 3
)

// taught returns the entry one of whose questions text asks, worded alike
// (most of their topic stems shared), or nil.
func (v *catalogView) taught(text string) *knowledge.Entry {
	t := topicSet(text)
	if len(t) == 0 {
		return nil
	}
	var best *knowledge.Entry
	top := 0.0
	candidates := map[int]bool{}
	for w := range t {
		for _, i := range v.byStem[w] {
			candidates[i] = true
		}
	}
	for i := range candidates {
		q := v.questions[i]
		shared, rare := 0, 0
		for w := range t {
			if q.topic[w] || len(w) >= 5 && nearWord(w, q.topic) {
				shared++
				if !strings.HasPrefix(w, "#") && v.entriesWith[w] <= rareStem {
					rare++
				}
			}
		}
		if shared == 1 && len(q.topic) == 1 && len(t) == 1 && onlyConcepts(t) {
			// "Quels sont les outils d'IA générative les plus
			// demandés ?" and "Une certif Coursera en IA générative ?"
			// share a concept and nothing else: neither names anything.
			continue
		}
		asked, known := float64(shared)/float64(len(t)), float64(shared)/float64(max(1, len(q.topic)))
		// One shared stem is enough for a stored question of one stem, or
		// when few entries hold it ("dompteur"): "Comment
		// devenir directeur de l'IA dans une grande boîte ?" is not "Les
		// géants de la tech paient combien ?" for sharing "big companies",
		// nor is a question on RAG experts one on Mercor's experts.
		if asked >= taughtAsked && known >= taughtKnown && (shared >= 2 || rare == 1) && (asked+known > top || asked+known == top && best != nil && q.entry.Slug < best.Slug) {
			best, top = q.entry, asked+known
		}
	}
	return best
}

// nameOrder puts the longest name first; among names of one length, a
// title before an alias, and a role before a skill, a skill before a
// training: "RAG expert" is the role's title and the skill's alias.
func (v *catalogView) nameOrder(a, b catalogName) int {
	if d := len(b.stems) - len(a.stems); d != 0 {
		return d
	}
	if a.title != b.title {
		if a.title {
			return -1
		}
		return 1
	}
	return kindOrder(a.entry.Kind) - kindOrder(b.entry.Kind)
}

// mention is an entry that a text names.
type mention struct {
	entry *knowledge.Entry
	// at is the position of the name's first stem in the text's stems.
	at int
	// exact is unset when a word of the name was matched one typo away.
	exact bool
}

// namesEntry reports whether text names e.
func (v *catalogView) namesEntry(text string, e *knowledge.Entry) bool {
	return slices.ContainsFunc(v.mentions(text), func(m mention) bool { return m.entry == e })
}

// agentRE matches an English word for who does a thing ("trainer",
// "labelers"), which stems as the doing does ("training").
var agentRE = regexp.MustCompile(`[a-z](?:er|ers|or|ors)$`)

// nameStems returns the stems of text for matching names, marked by
// markAgents.
func nameStems(text string) []string {
	return markAgents(retrieval.Words(text))
}

// markAgents marks the stems of words for who does a thing, so that "AI
// training" is not the "AI trainer" a name says, and returns toks.
func markAgents(words, toks []string) []string {
	for i, w := range words {
		// ("Engineering" is what engineers do: the same name.)
		if toks[i] != w && agentRE.MatchString(w) && !strings.HasSuffix(strings.TrimSuffix(w, "s"), "eer") {
			toks[i] += "#er"
		}
	}
	return toks
}

// mentions returns the entries that text names by title or alias, in the
// order the text names them, the longest name winning where two overlap
// ("data scientist" over "data"). A word one typo away from a name's
// word counts ("prompt ingeneer").
func (v *catalogView) mentions(text string) []mention {
	words, toks := retrieval.Words(text)
	toks = markAgents(words, toks)
	// Only the names that start with one of the text's stems can be in
	// it: the index keeps a question's cost apart from the catalog's size.
	var names []catalogName
	seen := map[string]bool{}
	for _, t := range toks {
		if seen[t] {
			continue
		}
		seen[t] = true
		names = append(names, v.byFirst[t]...)
		if len(t) >= 5 && v.entriesWith[t] == 0 {
			// A typo in a name's first word ("promt engineer"); a word the
			// base itself uses is no typo ("réponses" is not "responsable").
			for n := len(t) - 1; n <= len(t)+1; n++ {
				for _, k := range v.firstByLen[n] {
					if k != t && editDistance1(t, k) {
						names = append(names, v.byFirst[k]...)
					}
				}
			}
		}
	}
	slices.SortStableFunc(names, v.nameOrder)
	// "Coursera et Udemy" is not "cours Udemy": a proper name's word is
	// its entry's, and hidden from the other names.
	var proper []mention
	for i, w := range words {
		if e := v.properNames[w]; e != nil {
			toks[i] = "\x00" + w
			proper = append(proper, mention{entry: e, at: i, exact: true})
		}
	}
	out := findNames(toks, names, false, v.entriesWith)
	if len(proper) == 0 {
		return out
	}
	for _, m := range proper {
		if !slices.ContainsFunc(out, func(o mention) bool { return o.entry == m.entry }) {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, func(a, b mention) int { return a.at - b.at })
	return out
}

func kindOrder(k knowledge.Kind) int {
	switch k {
	case knowledge.KindRole:
		return 0
	case knowledge.KindSkill:
		return 1
	case knowledge.KindTraining:
		return 2
	}
	return 3
}

// findNames finds the names in toks, longest first, without overlaps
// unless shared is set: then several entries may share one name, as
// several roles suit one background.
func findNames(toks []string, names []catalogName, shared bool, known map[string]int) []mention {
	taken := make([]bool, len(toks))
	var out []mention
	seen := map[string]int{} // slug → index in out
	for _, n := range names {
		k := len(n.stems)
		for i := 0; i+k <= len(toks); i++ {
			exact, ok := matchAt(toks[i:i+k], n.stems, known)
			if !ok || !shared && slices.Contains(taken[i:i+k], true) {
				continue
			}
			for j := i; j < i+k; j++ {
				taken[j] = true
			}
			if at, ok := seen[n.entry.Slug]; !ok {
				seen[n.entry.Slug] = len(out)
				out = append(out, mention{entry: n.entry, at: i, exact: exact})
			} else if i < out[at].at {
				// An entry is where the text first names it.
				out[at].at = i
			}
		}
	}
	slices.SortStableFunc(out, func(a, b mention) int { return a.at - b.at })
	return out
}

// matchAt reports whether toks are the stems of a name, exactly or with
// words of five letters or more one typo away; a word known holds (one
// the base uses) is never read as a typo of another.
func matchAt(toks, stems []string, known map[string]int) (exact, ok bool) {
	exact = true
	for i, s := range stems {
		if toks[i] == s {
			continue
		}
		if len(s) >= 5 && known[toks[i]] == 0 && editDistance1(toks[i], s) {
			exact = false
			continue
		}
		return false, false
	}
	return exact, true
}

// hasWord reports whether the folded text holds the word as a word.
func hasWord(text, word string) bool {
	return strings.Contains(" "+strings.Join(retrieval.Tokens(text), " ")+" ", " "+strings.Join(retrieval.Tokens(word), " ")+" ")
}

// analyse analyses text with the synonyms of its words.
func (v *catalogView) analyse(text string) analysis {
	an := analyse(text)
	an.alt = v.alternatives(text)
	return an
}

// knownContext returns, each after a space, the employers of u's context
// that the base itself speaks of ("chez Y Combinator"): those say what the
// question is about, not only where the asker works.
func (v *catalogView) knownContext(u Understanding) string {
	var b strings.Builder
	for i, c := range u.Context {
		toks := retrieval.Tokens(c)
		if len(toks) == 0 || companyKindRE.MatchString(c) || i >= len(u.Where) || !employerRE.MatchString(u.Where[i]) {
			continue // places stay context: the base's Rennes is a school's city
		}
		known := true
		for _, t := range toks {
			if v.entriesWith[t] == 0 {
				known = false
			}
		}
		if known {
			b.WriteString(" " + c)
		}
	}
	return b.String()
}
