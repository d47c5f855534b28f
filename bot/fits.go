package bot

import (
	"slices"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// fits returns the entries whose backgrounds match the asker's
// background or one of its synonyms ("compta" for "comptable"), roles
// first.
func (v *catalogView) fits(background string) []*knowledge.Entry {
	var out []*knowledge.Entry
	add := func(e *knowledge.Entry) {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	// A background holds the names of the backgrounds it speaks of; a
	// synonym of it is one whole: "ingénieur commercial", a synonym of
	// "commercial", does not make an engineer.
	texts := []string{background}
	if job := withoutStatus(background); job != "" && job != background {
		// "freelance videographer": what one does suits first, how one
		// works after.
		texts = []string{job, background}
	}
	for _, text := range texts {
		for _, m := range findNames(retrieval.Tokens(text), v.backgrounds, true, nil) {
			add(m.entry)
		}
	}
	var bgSynonyms []string // the background's own, for the ranking below
	for _, text := range texts {
		syn := v.synonymsOf(text)
		if text == background {
			bgSynonyms = syn
		}
		for _, term := range syn {
			toks := retrieval.Tokens(term)
			for _, n := range v.backgrounds {
				if slices.Equal(n.stems, toks) {
					add(n.entry)
				}
			}
		}
	}
	// Of entries of one kind, those whose own text speaks of the
	// background come first: experts in law train models, says the
	// annotator's entry, where the governance specialist's only lists
	// lawyers among those it suits.
	// (A term whose words are in many entries, "hiring managers", tells
	// none apart.)
	var terms [][]string
	for _, t := range append(slices.Clone(texts), bgSynonyms...) {
		toks := retrieval.Tokens(t)
		if len(toks) > 0 && !slices.ContainsFunc(toks, func(s string) bool { return v.entriesWith[s] > commonStem }) {
			terms = append(terms, toks)
		}
	}
	speaks := map[*knowledge.Entry]int{}
	for _, e := range out {
		for _, toks := range terms {
			if !slices.ContainsFunc(toks, func(s string) bool { return !v.prose[e][s] }) {
				speaks[e] = 1
				break
			}
		}
	}
	// Before that, those that list more of the asker's own words among
	// their backgrounds: "DBA / dev ETL" is three of the data engineer's,
	// one of the AI engineer's. Of a profile of several parts
	// ("psychology, ux researcher"), its first says most.
	listed := map[*knowledge.Entry]int{}
	for _, text := range texts {
		first, _, _ := strings.Cut(text, ", ")
		toks := retrieval.Tokens(first)
		for _, n := range v.backgrounds {
			if holdsRun(toks, n.stems) {
				listed[n.entry]++
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *knowledge.Entry) int {
		if c := kindOrder(a.Kind) - kindOrder(b.Kind); c != 0 {
			return c
		}
		if c := listed[b] - listed[a]; c != 0 {
			return c
		}
		return speaks[b] - speaks[a]
	})
	return out
}

// holdsRun reports whether toks holds run, its stems one after another.
func holdsRun(toks, run []string) bool {
	for i := 0; i+len(run) <= len(toks); i++ {
		if slices.Equal(toks[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// commonStem is the number of entries past which a stem is common: a
// background term made of one says nothing of the entries whose text
// holds it.
const commonStem = 20

// statusWords say how or at what level one works, not what one does.
var statusWords = map[string]bool{"freelance": true, "freelancer": true, "independant": true, "independante": true,
	"indépendant": true, "indépendante": true, "contractor": true, "senior": true, "junior": true, "confirme": true,
	"confirmé": true, "confirmee": true, "confirmée": true, "self-employed": true}

// withoutStatus returns background without its status words.
func withoutStatus(background string) string {
	var kept []string
	for _, w := range strings.Fields(background) {
		if !statusWords[strings.ToLower(w)] {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

// fitRoles returns the roles among the entries that suit background, in
// fits' order.
func (v *catalogView) fitRoles(background string) []*knowledge.Entry {
	return ofKind(v.fits(background), knowledge.KindRole)
}

// ofKind returns the entries of es of kind k, in their order.
func ofKind(es []*knowledge.Entry, k knowledge.Kind) []*knowledge.Entry {
	var out []*knowledge.Entry
	for _, e := range es {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

// backgroundEntry returns the entry the background itself is, such as
// the data scientist's for "je suis data scientist", or nil.
func (v *catalogView) backgroundEntry(background string) *knowledge.Entry {
	for _, m := range v.mentions(background) {
		if m.entry.Kind == knowledge.KindRole {
			return m.entry
		}
	}
	return nil
}
