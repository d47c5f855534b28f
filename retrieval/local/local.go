// Package local is careerbot's built-in, offline embedder: deterministic,
// with nothing to download. It hashes normalised word unigrams, word bigrams,
// character trigrams and bilingual domain concepts into a fixed-size signed
// vector, so French and English questions about the same thing land close
// to each other.
package local

import (
	"context"
	"hash/fnv"
	"math"
	"runtime"
	"sync"

	"github.com/careerbot/careerbot/retrieval"
)

// Model is the name stored with this embedder's vectors. Change it whenever
// the features change, so old vectors are never compared with new ones, and
// add the old name to superseded.
const Model = "local-hash-v3"

// superseded are the names of this embedder's earlier versions, whose
// vectors it can no longer produce. v1 gave a few stems (post, certific,
// personnalit, shar, statistiqu) either of two concepts, by map order; v2
// stemmed words by hand, v3 with Snowball (retrieval.Stem).
var superseded = map[string]bool{"local-hash-v1": true, "local-hash-v2": true}

// Superseded reports whether name is an earlier version of this embedder:
// a knowledge base whose vectors are of it must be embedded again.
func Superseded(name string) bool { return superseded[name] }

// Dims is the length of the vectors.
const Dims = 384

// Feature weights.
const (
	wordWeight    = 1.0
	bigramWeight  = 0.6
	trigramWeight = 0.25
	conceptWeight = 1.6
)

// Embedder is the offline embedder. The zero value is ready to use.
type Embedder struct{}

// New returns the offline embedder.
func New() *Embedder { return &Embedder{} }

// Model implements retrieval.Embedder.
func (*Embedder) Model() string { return Model }

// Dims implements retrieval.Embedder.
func (*Embedder) Dims() int { return Dims }

// parallelFrom is the batch size from which Embed spreads the texts over
// every CPU.
const parallelFrom = 512

// Embed implements retrieval.Embedder. It fails only when ctx ends. Large
// batches are embedded on every CPU.
func (e *Embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	workers := min(runtime.GOMAXPROCS(0), len(texts)/parallelFrom+1)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(texts); i += workers {
				if (i/workers)%256 == 0 {
					if err := ctx.Err(); err != nil {
						errs[w] = err
						return
					}
				}
				out[i] = e.Vector(texts[i])
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Vector embeds one text.
func (*Embedder) Vector(text string) []float32 {
	v := make([]float64, Dims)
	// Words, not Tokens: the chunks of an import are embedded once each,
	// and would only fill the cache of tokens the answers read.
	_, toks := retrieval.Words(text)
	for i, t := range toks {
		add(v, "w:"+t, wordWeight)
		if len(t) >= 4 {
			padded := "^" + t + "$"
			r := []rune(padded)
			for j := 0; j+3 <= len(r); j++ {
				add(v, "c:"+string(r[j:j+3]), trigramWeight)
			}
		}
		if i+1 < len(toks) {
			add(v, "b:"+t+" "+toks[i+1], bigramWeight)
		}
	}
	for _, c := range retrieval.Concepts(toks) {
		add(v, "k:"+c, conceptWeight)
	}
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	out := make([]float32, Dims)
	if norm == 0 {
		return out
	}
	norm = math.Sqrt(norm)
	for i, x := range v {
		out[i] = float32(x / norm)
	}
	return out
}

func add(v []float64, feature string, w float64) {
	h := fnv.New64a()
	h.Write([]byte(feature))
	x := h.Sum64()
	i := int(x % Dims)
	if x>>63 == 1 {
		w = -w
	}
	v[i] += w
}
