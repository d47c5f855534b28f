package knowledge

import "time"

// Match is an entry found by name, with how close the name was.
type Match struct {
	Entry *Entry
	// Exact is true when the name is the slug, the title or an alias.
	Exact bool
	// Similarity is the trigram similarity of the name to the title or
	// the closest alias, from 0 to 1.
	Similarity float64
}

// Question is a question employees asked, as recorded for analytics and
// the knowledge-gap report.
type Question struct {
	ID       int64
	AskedAt  time.Time
	UserHash string
	Surface  string
	Lang     string
	Text     string
	Grounded bool
	TopScore float64
	Cited    []string
	Composer string
	// Note says why the answer fell back from the chat model to the
	// extractive composer; empty when it did not.
	Note      string
	LatencyMS int
}
