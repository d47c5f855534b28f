package knowledge

import (
	"slices"
	"time"
)

// Revision is one saved version of an entry.
type Revision struct {
	Number int       `json:"revision"`
	Action string    `json:"action"`
	Author string    `json:"author"`
	At     time.Time `json:"at"`
	Entry  *Entry    `json:"entry"`
}

// Changed lists the fields that differ between two versions of an entry,
// in file order.
func Changed(a, b *Entry) []string {
	if a == nil {
		return []string{"created"}
	}
	var out []string
	diff := func(name string, same bool) {
		if !same {
			out = append(out, name)
		}
	}
	diff("kind", a.Kind == b.Kind)
	diff("lang", a.Lang == b.Lang)
	diff("status", a.Status == b.Status)
	diff("title", a.Title == b.Title)
	diff("title_en", a.TitleEN == b.TitleEN)
	diff("aliases", slices.Equal(a.Aliases, b.Aliases))
	diff("tags", slices.Equal(a.Tags, b.Tags))
	diff("backgrounds", slices.Equal(a.Backgrounds, b.Backgrounds))
	diff("questions", slices.Equal(a.Questions, b.Questions))
	diff("summary", a.Summary == b.Summary)
	diff("summary_en", a.SummaryEN == b.SummaryEN)
	diff("period", a.Period == b.Period)
	diff("sources", slices.Equal(a.Sources, b.Sources))
	diff("relations", slices.Equal(a.Relations.Requires, b.Relations.Requires) &&
		slices.Equal(a.Relations.LearnWith, b.Relations.LearnWith) && slices.Equal(a.Relations.Related, b.Relations.Related))
	diff("body", a.Body == b.Body)
	return out
}

// Gap is a question the knowledge base could not answer, with how often it
// was asked.
type Gap struct {
	Text      string    `json:"text"`
	Lang      string    `json:"lang"`
	Count     int       `json:"count"`
	LastAsked time.Time `json:"last_asked"`
}

// Stats summarises the knowledge base and its use.
type Stats struct {
	// Entries counts entries by kind, then status.
	Entries map[Kind]map[Status]int `json:"entries"`
	// Questions asked since the period start, and how many were grounded.
	Questions int `json:"questions"`
	Grounded  int `json:"grounded"`
	Upvotes   int `json:"upvotes"`
	Downvotes int `json:"downvotes"`
}
