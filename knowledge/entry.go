package knowledge

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Kind is the kind of a knowledge entry.
type Kind string

// The kinds of entry.
const (
	KindRole     Kind = "role"
	KindSkill    Kind = "skill"
	KindTraining Kind = "training"
	KindInsight  Kind = "insight"
)

// Kinds lists every kind, in display order.
var Kinds = []Kind{KindRole, KindSkill, KindTraining, KindInsight}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Status is the publication status of an entry. Only published entries are
// used to answer questions.
type Status string

// The statuses of an entry.
const (
	StatusDraft     Status = "draft"
	StatusPublished Status = "published"
	StatusArchived  Status = "archived"
)

// Statuses lists every status.
var Statuses = []Status{StatusDraft, StatusPublished, StatusArchived}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Languages are the languages careerbot answers in and entries are written in.
var Languages = []string{"fr", "en"}

// Source is where an entry's facts come from.
type Source struct {
	Article   string `yaml:"article" json:"article"`
	Title     string `yaml:"title" json:"title"`
	Publisher string `yaml:"publisher" json:"publisher"`
	Date      string `yaml:"date" json:"date"`
	Quote     string `yaml:"quote,omitempty" json:"quote,omitempty"`
	// URL is the web address of the source, an https:// or http:// URL
	// (see ParseURL); answers link the source's title to it.
	URL string `yaml:"url,omitempty" json:"url,omitempty"`
}

// Link is the web address an answer links the source to: its URL, or
// its article when that is a web address; "" when it has neither.
func (s Source) Link() string {
	if s.URL != "" {
		return s.URL
	}
	if u, err := ParseURL(s.Article); err == nil {
		return u
	}
	return ""
}

// ParseURL checks that s is a web address a source may link to: http or
// https, with a host, and none of the characters (spaces, <, >, |) that
// would break a Slack link. It returns the address as written.
func ParseURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	switch {
	case s == "":
		return "", errors.New("is empty")
	case err != nil, u.Scheme != "https" && u.Scheme != "http", u.Host == "", u.User != nil:
		return "", fmt.Errorf("%q is not a web address: write it in full, such as https://www.example.com/article", s)
	case strings.ContainsAny(s, " <>|\t\n\""):
		return "", fmt.Errorf("%q has a space or one of < > | \": encode them (%%20, %%3C…)", s)
	}
	return s, nil
}

// Relations link an entry to others by slug.
type Relations struct {
	// Requires lists the skills a role needs.
	Requires []string `yaml:"requires,omitempty,flow" json:"requires,omitempty"`
	// LearnWith lists the trainings that lead to a role or skill.
	LearnWith []string `yaml:"learn_with,omitempty,flow" json:"learn_with,omitempty"`
	// Related lists any other related entries.
	Related []string `yaml:"related,omitempty,flow" json:"related,omitempty"`
}

// All returns every related slug with its relation kind.
func (r Relations) All() []Relation {
	var out []Relation
	for _, s := range r.Requires {
		out = append(out, Relation{Kind: RelRequires, Slug: s})
	}
	for _, s := range r.LearnWith {
		out = append(out, Relation{Kind: RelLearnWith, Slug: s})
	}
	for _, s := range r.Related {
		out = append(out, Relation{Kind: RelRelated, Slug: s})
	}
	return out
}

// Empty reports whether there is no relation at all.
func (r Relations) Empty() bool {
	return len(r.Requires) == 0 && len(r.LearnWith) == 0 && len(r.Related) == 0
}

// RelationKind is the kind of link between two entries.
type RelationKind string

// The kinds of relation.
const (
	RelRequires  RelationKind = "requires"
	RelLearnWith RelationKind = "learn_with"
	RelRelated   RelationKind = "related"
)

// Relation is one link from an entry to another.
type Relation struct {
	Kind RelationKind `json:"kind"`
	Slug string       `json:"slug"`
}

// Entry is one piece of curated knowledge: a role, a skill, a training path
// or a market insight. Its yaml tags are the catalog file's front matter,
// in file order (see Parse and Marshal); the body follows it.
type Entry struct {
	Slug    string   `yaml:"slug" json:"slug"`
	Kind    Kind     `yaml:"kind" json:"kind"`
	Lang    string   `yaml:"lang" json:"lang"`
	Status  Status   `yaml:"status,omitempty" json:"status"`
	Title   string   `yaml:"title" json:"title"`
	TitleEN string   `yaml:"title_en,omitempty" json:"title_en,omitempty"`
	Aliases []string `yaml:"aliases,omitempty,flow" json:"aliases,omitempty"`
	Tags    []string `yaml:"tags,omitempty,flow" json:"tags,omitempty"`
	// Backgrounds are the jobs and fields, in any language, whose people
	// this entry suits (a role), who bring it already (a skill) or whose
	// work it speaks of (an insight):
	// "juriste", "lawyer", "nurse". They let careerbot place someone who
	// says what they do.
	Backgrounds []string `yaml:"backgrounds,omitempty,flow" json:"backgrounds,omitempty"`
	// Questions are ways employees ask for this entry, in any language:
	// each is searched as a chunk of its own, so that a question worded
	// like one of them finds the entry.
	Questions []string  `yaml:"questions,omitempty" json:"questions,omitempty"`
	Summary   string    `yaml:"summary" json:"summary"`
	SummaryEN string    `yaml:"summary_en,omitempty" json:"summary_en,omitempty"`
	Period    string    `yaml:"period,omitempty" json:"period,omitempty"`
	Sources   []Source  `yaml:"sources" json:"sources"`
	Relations Relations `yaml:"relations,omitempty" json:"relations"`
	Body      string    `yaml:"-" json:"body"`

	// Set by the store.
	Revision  int       `yaml:"-" json:"revision,omitempty"`
	UpdatedAt time.Time `yaml:"-" json:"updated_at,omitzero"`
	UpdatedBy string    `yaml:"-" json:"updated_by,omitempty"`

	lines map[string]int // field → line in the file it was parsed from
}

// Line returns the line of field in the file the entry was parsed from, or
// 1 when unknown.
func (e *Entry) Line(field string) int {
	if l := e.lines[field]; l > 0 {
		return l
	}
	return 1
}

// TitleIn returns the entry's title in lang, falling back to its own title.
func (e *Entry) TitleIn(lang string) string {
	if lang == "en" && e.Lang != "en" && e.TitleEN != "" {
		return e.TitleEN
	}
	return e.Title
}

// SummaryIn returns the entry's summary in lang, falling back to its own
// summary, and reports whether the text is in lang.
func (e *Entry) SummaryIn(lang string) (string, bool) {
	if lang == e.Lang {
		return e.Summary, true
	}
	if lang == "en" && e.SummaryEN != "" {
		return e.SummaryEN, true
	}
	return e.Summary, false
}

// ContentHash identifies the entry's content: two entries with the same
// hash have the same file representation.
func (e *Entry) ContentHash() string {
	sum := sha256.Sum256(Marshal(e))
	return hex.EncodeToString(sum[:])
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,79}$`)

// ValidSlug reports whether s is a well-formed slug.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }

// Slugify turns a title into a slug candidate.
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range FoldAccents(strings.ToLower(title)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
		if b.Len() >= 80 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}
