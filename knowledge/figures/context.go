package figures

import (
	"strings"
)

// contextWords is how many words on each side of a quantity make its
// context.
const contextWords = 8

// contexts returns, for each quantity of qs, the stems of the words next
// to it: those of its clause between it and its neighbouring figures of the
// same unit (years are not figures), at most contextWords on each side, the
// words of quantities left out. Two figures of the same unit with at most
// pairWords words between them share their words.
func contexts(text string, qs []Quantity) []map[string]bool {
	type word struct {
		s    int
		stem string
	}
	var words []word
	for _, m := range wordRE.FindAllStringIndex(text, -1) {
		w := foldWord(text[m[0]:m[1]])
		if len(w) < 3 || contextStopwords[w] || cardinals[w] > 0 || ordinals[w] > 0 || scales[w] > 0 {
			continue
		}
		inside := false
		for _, q := range qs {
			if m[0] >= q.Start && m[1] <= q.End {
				inside = true
				break
			}
		}
		if !inside {
			if same := contextSynonyms[w]; same != "" {
				w = same
			}
			if r := []rune(w); len(r) > 5 {
				w = string(r[:5])
			}
			words = append(words, word{m[0], w})
		}
	}
	between := func(a, b int) int {
		n := 0
		for _, w := range words {
			if w.s >= a && w.s < b {
				n++
			}
		}
		return n
	}
	near := make([]map[string]bool, len(qs))
	for i, q := range qs {
		from, to := clause(text, q.Start, q.End)
		lo, hi := from, to
		for j := i - 1; j >= 0; j-- {
			if !qs[j].year() && qs[j].Unit == q.Unit {
				lo = max(lo, qs[j].End)
				break
			}
		}
		for j := i + 1; j < len(qs); j++ {
			if !qs[j].year() && qs[j].Unit == q.Unit {
				hi = min(hi, max(qs[j].Start, q.End))
				break
			}
		}
		var left, right []string
		for _, w := range words {
			switch {
			case w.s >= lo && w.s < q.Start:
				left = append(left, w.stem)
			case w.s >= q.End && w.s < hi:
				right = append(right, w.stem)
			}
		}
		m := map[string]bool{}
		for _, w := range left[max(0, len(left)-contextWords):] {
			m[w] = true
		}
		for _, w := range right[:min(len(right), contextWords)] {
			m[w] = true
		}
		near[i] = m
	}
	// A pair such as "de 7,7 % à 13 %": each figure is about what the other
	// is about.
	out := make([]map[string]bool, len(qs))
	for i := range qs {
		out[i] = map[string]bool{}
		for w := range near[i] {
			out[i][w] = true
		}
	}
	for i := range qs {
		if qs[i].year() {
			continue
		}
		j := i + 1
		for j < len(qs) && qs[j].year() {
			j++
		}
		if j == len(qs) || qs[j].Unit != qs[i].Unit || between(qs[i].End, qs[j].Start) > pairWords {
			continue
		}
		if clauseStart(text, qs[i]) != clauseStart(text, qs[j]) {
			continue
		}
		for w := range near[j] {
			out[i][w] = true
		}
		for w := range near[i] {
			out[j][w] = true
		}
	}
	return out
}

func clauseStart(text string, q Quantity) int {
	from, _ := clause(text, q.Start, q.End)
	return from
}

// pairWords is how many words at most may stand between two figures of a
// pair.
const pairWords = 2

// contextSynonyms are words of the same meaning that stems do not bring
// together.
var contextSynonyms = map[string]string{"ans": "annee", "an": "annee"}

// clause returns the bounds of the clause around text[s:e]: it ends at
// ".", ";", "!" or "?" followed by a space or a line break, at a blank line
// and at the start of a list item or heading; a line break within a
// paragraph is a space.
func clause(text string, s, e int) (int, int) {
	end := func(i int) bool {
		switch c := text[i]; {
		case c == '\n':
			return i+1 == len(text) || strings.IndexByte("\n-*+#", text[i+1]) >= 0
		case strings.IndexByte(".;!?", c) >= 0:
			return i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n'
		}
		return false
	}
	from := 0
	for i := s - 1; i >= 0; i-- {
		if end(i) {
			from = i + 1
			break
		}
	}
	to := len(text)
	for i := e; i < len(text); i++ {
		if end(i) {
			to = i
			break
		}
	}
	return from, to
}

// contextStopwords are French and English words, accents folded, too
// common to tie a figure to what it counts.
var contextStopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`les des une aux par pour avec sans sous sur dans chez entre vers que qui quoi dont
		cet cette ces ses son sa leur leurs lui elle elles ils nous vous pas plus moins tres aussi comme mais donc
		ont est sont ete etre avoir fait font peut selon depuis tout tous toute toutes meme deja encore
		the and for with from into over about are was were been has have had that this these those its their they
		than also which who more most very not but can will would could should may per out`) {
		contextStopwords[w] = true
	}
}
