// Package retrieval turns knowledge entries into searchable chunks and finds
// the chunks that answer a question: section-aware chunking, the Embedder
// interface, and the query and hit types of the hybrid (vector and full
// text) search.
package retrieval

import (
	"context"

	"github.com/careerbot/careerbot/knowledge"
)

// Embedder turns texts into vectors. Implementations are deterministic for
// a given Model name: vectors of different models are never compared.
type Embedder interface {
	// Model names the embedding model; it is stored with every vector.
	Model() string
	// Dims is the length of every vector Embed returns.
	Dims() int
	// Embed returns one vector per text, in order.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// Query is a search request.
type Query struct {
	// Text is the question, used for full-text matching.
	Text string
	// TextLang is the language Text is written in, "fr" or "en": the
	// full-text match leaves out its stop words ("ai" is one in French, not
	// in English). Empty leaves out only the words that are stop words in
	// both languages.
	TextLang string
	// Vector is the embedded question, used for vector matching.
	Vector []float32
	// K is how many hits to return.
	K int
	// Kinds restricts hits to entries of these kinds; empty means all.
	Kinds []knowledge.Kind
	// Lang restricts hits to chunks in this language; empty means all.
	Lang string
	// Slugs restricts hits to these entries; empty means all.
	Slugs []string
}

// Hit is one chunk found by a search, with the scores that placed it.
type Hit struct {
	ChunkID int64
	EntryID int64
	Slug    string
	Kind    knowledge.Kind
	Title   string
	TitleEN string
	Heading string
	Text    string
	Lang    string

	// Score is the reciprocal-rank fusion of both rankings.
	Score float64
	// Similarity is the cosine similarity to the question, or 0 when the
	// chunk was not among the vector matches.
	Similarity float64
	// TextScore is the full-text rank (ts_rank_cd), or 0 when the chunk
	// did not match the question's words.
	TextScore float64
	// VectorRank and TextRank are 1-based positions in each ranking, 0
	// when absent from it.
	VectorRank int
	TextRank   int
}
