package bot

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/careerbot/careerbot/internal/memo"
	"github.com/careerbot/careerbot/retrieval"
)

// MaxMainWords is the most words the main text of an answer may have: what
// fits a Slack message read at a glance. The rest goes to Answer.More.
const MaxMainWords = 90

// FormCode names a rule of an answer's form.
type FormCode string

// The rules of form every answer keeps, whoever wrote it.
const (
	// FormTooLong: the main text has more than MaxMainWords words.
	FormTooLong FormCode = "too_long"
	// FormRepeated: a sentence is said twice, or nearly so.
	FormRepeated FormCode = "repeated"
	// FormCut: a sentence stops in the middle ("…", "comparé à [1]").
	FormCut FormCode = "cut"
	// FormQuote: a quotation mark is opened and not closed, or the reverse.
	FormQuote FormCode = "unbalanced_quote"
	// FormUncited: a listed source is cited nowhere in the text.
	FormUncited FormCode = "uncited_source"
	// FormArticleNote: the text talks about the articles or excerpts
	// instead of the subject ("l'article ne détaille pas…").
	FormArticleNote FormCode = "article_note"
)

// FormProblem is one way an answer breaks a rule of form.
type FormProblem struct {
	Code   FormCode
	Detail string
}

func (p FormProblem) Error() string { return string(p.Code) + ": " + p.Detail }

// articleNoteRE matches sentences about the material rather than the
// subject: the articles, the excerpts, what a source does not say.
var articleNoteRE = regexp.MustCompile(`(?i)\b(?:l'article|l’article|cet article|les articles|the article|this article|the articles|l'extrait|l’extrait|les extraits|the excerpts?|the source (?:article|text)|la source ne|the source (?:does|gives|says)|le texte source)\b|\bno (?:[\w-]+ ){0,3}(?:course|courses|training|figure|figures|salary|programme|program|degree|list|rate|pay|number|headcount|statistic)s? (?:is|are) (?:named|given|described|cited|mentioned)\b|\b(?:aucune?|aucun) (?:\S+ ){0,7}(?:n'est|n’est|ne sont) (?:cit|nomm|d[ée]crit|mentionn|donn|pr[ée]cis)`)

// cutEndRE matches a sentence that stops on a word that cannot end one.
var cutEndRE = regexp.MustCompile(`(?i)(?:(?:^|[\s'’])(?:à|a|au|aux|de|des|du|d'|le|la|les|l'|un|une|et|ou|comparé|compared|to|of|the|and|or|with|avec|pour|for|par|by|than|que|qu')|…|\.\.\.|[,;:])$`)

// WordCount counts the words of text that a reader sees: citation marks
// and Markdown emphasis are not words.
func WordCount(text string) int {
	text = citeRE.ReplaceAllString(text, " ")
	n := 0
	for _, f := range strings.Fields(text) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

// CheckForm returns the rules of form that an answer breaks: main is the
// text shown first, more the rest shown on demand, citations the sources
// listed with it.
func CheckForm(main, more string, citations []Citation) []FormProblem {
	var ps []FormProblem
	if n := WordCount(main); n > MaxMainWords {
		ps = append(ps, FormProblem{FormTooLong, fmt.Sprintf("the main text has %d words, more than %d", n, MaxMainWords)})
	}
	all := main
	if more != "" {
		all += "\n" + more
	}
	// Each rule is reported once, at its first break.
	found := map[FormCode]bool{}
	report := func(code FormCode, detail string) {
		if !found[code] {
			found[code] = true
			ps = append(ps, FormProblem{code, detail})
		}
	}
	ss := answerSentences(all)
	for i, s := range ss {
		for _, t := range ss[:i] {
			if nearRepeat(s, t) {
				report(FormRepeated, fmt.Sprintf("%q repeats %q", clipRunes(s, 60), clipRunes(t, 60)))
				break
			}
		}
		if cutEndRE.MatchString(strings.TrimRight(s, " »”\")")) {
			report(FormCut, fmt.Sprintf("%q stops mid-sentence", clipRunes(s, 80)))
		}
		if articleNoteRE.MatchString(s) {
			report(FormArticleNote, fmt.Sprintf("%q talks about the articles", clipRunes(s, 80)))
		}
	}
	if q := unbalancedQuote(all); q != "" {
		ps = append(ps, FormProblem{FormQuote, q})
	}
	cited := map[int]bool{}
	for _, m := range citeRE.FindAllStringSubmatch(all, -1) {
		n, _ := strconv.Atoi(m[1])
		cited[n] = true
	}
	for _, c := range citations {
		if !cited[c.N] {
			ps = append(ps, FormProblem{FormUncited, fmt.Sprintf("source [%d] %s is listed but never cited", c.N, c.Slug)})
		}
	}
	return ps
}

// answerSentences splits an answer into its sentences and list items, with
// their citation marks taken out, skipping headings and list labels.
func answerSentences(text string) []string {
	var out []string
	for _, s := range sentences(text) {
		s = strings.TrimSpace(citeRE.ReplaceAllString(s, ""))
		s = strings.TrimSpace(strings.Trim(s, "*_"))
		if s == "" || WordCount(s) < 3 {
			continue
		}
		out = append(out, s)
	}
	return out
}

// nearRepeat reports whether two sentences say the same thing: the same
// words, or four in five of the longer one's.
func nearRepeat(a, b string) bool {
	ta, tb := retrieval.Tokens(a), retrieval.Tokens(b)
	if len(ta) < 4 || len(tb) < 4 {
		return strings.EqualFold(a, b)
	}
	set := map[string]bool{}
	for _, t := range tb {
		set[t] = true
	}
	shared := 0
	seen := map[string]bool{}
	for _, t := range ta {
		if set[t] && !seen[t] {
			shared++
		}
		seen[t] = true
	}
	longer := max(len(seen), len(set))
	return float64(shared) >= 0.8*float64(longer)
}

// restates reports whether most of what sentence a says, three in four of
// the distinct words of the shorter of a and b, is in the other: stricter
// than nearRepeat, for the composer, which keeps a sentence only when it
// adds something. (Three in five dropped sentences that carried the
// answer on the development sets.)
func restates(a, b string) bool {
	ta, tb := retrieval.Tokens(a), retrieval.Tokens(b)
	if len(ta) < 4 || len(tb) < 4 {
		return nearRepeat(a, b)
	}
	set := map[string]bool{}
	for _, t := range tb {
		set[t] = true
	}
	seen := map[string]bool{}
	shared := 0
	for _, t := range ta {
		if !seen[t] {
			seen[t] = true
			if set[t] {
				shared++
			}
		}
	}
	return float64(shared) >= restateShare*float64(min(len(seen), len(set)))
}

// restateShare is the share of restates.
const restateShare = 0.75

// unbalancedQuote describes a quotation left open or closed twice, or "".
func unbalancedQuote(text string) string {
	open := strings.Count(text, "«") + strings.Count(text, "“")
	closed := strings.Count(text, "»") + strings.Count(text, "”")
	if open != closed {
		return fmt.Sprintf("%d opening and %d closing quotation marks", open, closed)
	}
	if strings.Count(text, `"`)%2 != 0 {
		return `an odd number of " marks`
	}
	return ""
}

// clipRunes cuts s to at most n runes, marking the cut.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// isArticleNote reports whether a sentence talks about the material
// (the articles, the excerpts) instead of the subject: the composer leaves
// such sentences out, as the form check would refuse them.
func isArticleNote(s string) bool { return articleNotes.Get(s) }

// articleNotes remembers the sentences isArticleNote was asked about: the
// composer asks it of the same sentences of the entries for every
// question, and the expression, with no literal to look for first, tries
// each of its alternatives at every word.
var articleNotes = memo.New(4<<20, articleNoteRE.MatchString, nil)
