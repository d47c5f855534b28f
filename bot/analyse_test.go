package bot

import (
	"slices"
	"testing"
	"time"

	"github.com/careerbot/careerbot/knowledge"
)

// The token cache gives a stored entry's tokens once per content: a new
// revision, or the same revision changed at another time (another
// database), is tokenised again; an entry not stored is never remembered.
func TestTokenCache(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	stored := func(summary string, rev int, at time.Time) *knowledge.Entry {
		return &knowledge.Entry{Slug: "python", Title: "Python", Summary: summary, Revision: rev, UpdatedAt: at}
	}
	c := newEntryCache(entryTokens)
	tests := []struct {
		name  string
		e     *knowledge.Entry
		has   string
		cache int
	}{
		{"first revision", stored("Langage de programmation", 1, at), "programm", 1},
		{"same revision, read again", stored("Langage de programmation", 1, at), "programm", 1},
		{"new revision", stored("Bibliothèque PyTorch", 2, at.Add(time.Minute)), "pytorch", 2},
		{"same revision elsewhere", stored("Statistiques", 2, at.Add(time.Hour)), "statist", 3},
		{"not stored", stored("Kubernetes", 0, time.Time{}), "kubernet", 3},
	}
	for _, tt := range tests {
		got := c.of(tt.e)
		want := entryTokens(tt.e)
		if len(got) != len(want) || !got[tt.has] {
			t.Errorf("%s: tokens %v, want %v (with %q)", tt.name, got, want, tt.has)
		}
		if len(c.m) != tt.cache {
			t.Errorf("%s: %d entries remembered, want %d", tt.name, len(c.m), tt.cache)
		}
	}
}

// "figure out" is a way of saying "understand" and "à part" one of saying
// "besides": neither is a word of the subject.
func TestFigureOutIsNoFigure(t *testing.T) {
	tests := []struct{ q, not string }{
		{"I'm trying to figure out what a prompt engineer does", "figur"},
		{"Still figuring it out: which AI job for a designer?", "figur"},
		{"À part ça, c'est quoi un data engineer ?", "part"},
		{"a part le salaire, pourquoi data scientist ?", "part"},
		{"tout le monde parle des prompt engineers, c'est quoi ?", "mond"},
	}
	for _, tt := range tests {
		an := analyse(tt.q)
		if slices.Contains(an.tokens, tt.not) {
			t.Errorf("%q: tokens %v hold %q", tt.q, an.tokens, tt.not)
		}
	}
	if an := analyse("Quelle part des offres concerne l'IA ?"); !slices.Contains(an.tokens, "part") {
		t.Errorf("a share is still a word of the subject: %v", an.tokens)
	}
}

// Words of talk say nothing of the subject.
func TestWordsOfTalk(t *testing.T) {
	for q, want := range map[string][]string{
		"My company wants to train us on AI, what programmes exist?":                  {"programm"},
		"my director keeps saying the real skill nowadays is to rethink how it works": {"director", "rethink"},
		"who said schools haven't come up with a course on writing prompts yet?":      {"write", "prompt"},
		"is it true you can get a prompt engineering job?":                            {"prompt", "engin"},
		"y a un rôle IA qui ressemble à ce que je fais ?":                             nil,
		"vous connaissez des formations en statistiques ?":                            {"statist"},
		// Words that only join others say nothing either.
		"who's supposed to pull all the new AI roles together under one roof?": {"pull", "togeth", "roof"},
		// Hedges say how sure, not what of.
		"est-ce qu'il faut forcément savoir coder pour travailler dans l'IA ?": {"cod"},
		"do you absolutely need a degree to work in AI?":                       nil,
	} {
		if got := analyse(q).topic; !slices.Equal(got, want) {
			t.Errorf("%q: topic %v, want %v", q, got, want)
		}
	}
}

// The acronyms of a workplace's heads are no names that an entry must
// hold.
func TestHeadsAreNoNames(t *testing.T) {
	an := analyse("my CTO keeps saying to hire people who know Ray. what's Ray?")
	if slices.Contains(an.proper, "cto") || !slices.Contains(an.proper, "ray") {
		t.Errorf("names %v, want Ray and not CTO", an.proper)
	}
}
