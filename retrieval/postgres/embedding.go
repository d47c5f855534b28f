package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"github.com/careerbot/careerbot/retrieval"
)

// embedding is the vectors of chunks being written: the stored vector of
// any chunk with the same content hash, so an unchanged chunk is never
// embedded again, and the others from the embedder, in the background, so
// that the chunks can be copied meanwhile.
type embedding struct {
	vecs     [][]float32
	embedded int           // how many chunks the embedder is given
	took     time.Duration // how long the embedder took
	err      error
	done     chan struct{}
	cancel   context.CancelFunc
}

// startEmbedding reads the stored vectors of chunks through q, then asks
// the embedder for the others in the background: q is not used once it
// returns, so the caller may go on writing with it meanwhile. The caller
// must call stop before it returns.
func (ix *Index) startEmbedding(ctx context.Context, q querier, chunks []retrieval.Chunk) (*embedding, error) {
	hashes := make([]string, len(chunks))
	for i, c := range chunks {
		hashes[i] = c.Hash()
	}
	known := map[string][]float32{}
	rows, err := q.Query(ctx, `SELECT DISTINCT ON (c.hash) c.hash, ce.embedding FROM chunks c
		JOIN chunk_embeddings ce ON ce.chunk_id = c.id AND ce.model = $1
		WHERE c.hash = ANY($2)`, ix.model, hashes)
	if err != nil {
		return nil, fmt.Errorf("read stored vectors: %w", err)
	}
	var h string
	var v pgvector.Vector
	if _, err := pgx.ForEachRow(rows, []any{&h, &v}, func() error {
		known[h] = v.Slice()
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read stored vectors: %w", err)
	}
	e := &embedding{vecs: make([][]float32, len(chunks)), done: make(chan struct{})}
	var todo []int
	var texts []string
	for i, h := range hashes {
		if v, ok := known[h]; ok {
			e.vecs[i] = v
			continue
		}
		todo = append(todo, i)
		texts = append(texts, chunks[i].EmbedText())
	}
	e.embedded = len(texts)
	ctx, e.cancel = context.WithCancel(ctx)
	go func() {
		defer close(e.done)
		if len(texts) == 0 {
			return
		}
		t := time.Now()
		vecs, err := ix.embedder.Embed(ctx, texts)
		e.took = time.Since(t)
		switch {
		case err != nil:
			e.err = fmt.Errorf("embed %d chunks with %s: %w", len(texts), ix.model, err)
		case len(vecs) != len(texts):
			e.err = fmt.Errorf("embed chunks with %s: got %d vectors for %d texts", ix.model, len(vecs), len(texts))
		default:
			for j, i := range todo {
				e.vecs[i] = vecs[j]
			}
		}
	}()
	return e, nil
}

// wait returns the vectors, one per chunk, once they are all known.
func (e *embedding) wait() ([][]float32, error) {
	<-e.done
	return e.vecs, e.err
}

// stop cancels the embedding if it still runs and waits for it to end, so
// that nothing outlives a write that failed first.
func (e *embedding) stop() {
	e.cancel()
	<-e.done
}

// embedChunks returns vectors for chunks, reusing the stored vector of any
// chunk with the same content hash, and how many chunks were embedded.
func (ix *Index) embedChunks(ctx context.Context, q querier, chunks []retrieval.Chunk) ([][]float32, int, error) {
	e, err := ix.startEmbedding(ctx, q, chunks)
	if err != nil {
		return nil, 0, err
	}
	defer e.stop()
	vecs, err := e.wait()
	if err != nil {
		return nil, 0, err
	}
	return vecs, e.embedded, nil
}
