package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// A peerStore is a vector store measured next to careerbot, fed the same
// chunks, the same vectors (careerbot's offline embedder) and the same
// questions, with the same k.
type peerStore interface {
	// add stores docs, embedding them with the offline embedder: the
	// ingestion the benchmark times.
	add(ctx context.Context, docs []peerDoc) error
	// search returns the cosine distances of the K documents nearest to q,
	// nearest first, among those whose metadata holds filter (all of them
	// when filter is nil).
	search(ctx context.Context, q query, filter map[string]string) ([]float64, error)
	// settle is called once the documents are added, untimed: it does what
	// the store's background work would soon do (VACUUM ANALYZE), and
	// returns the room the store takes, its tables and indexes or the
	// memory it holds, in MB.
	settle(ctx context.Context) (float64, error)
	// explain captures the plan of a search, for stores that have one.
	explain(ctx context.Context, r *run, title string, q query) error
	close()
}

// peerBatch is the number of documents given to a peer's add at once
// (langchaingo's store then adds them by batches of lcBatch).
const peerBatch = 10_000

// peerDoc is a chunk as the peers store it: its text and metadata.
type peerDoc struct {
	// id is the document's number in the catalog, unique across batches.
	id   int
	text string
	meta map[string]string
}

// openPeer opens the store of system, for a catalog of size chunks and
// the questions queries.
func (r *run) openPeer(ctx context.Context, system string, size int, queries []query) (peerStore, error) {
	switch system {
	case Langchaingo, LangchaingoHNSW:
		return r.openLangchaingo(ctx, size, system == LangchaingoHNSW, queries)
	case Chromem:
		return r.openChromem(size)
	}
	return nil, fmt.Errorf("unknown peer %q (known: %v)", system, Peers)
}

// peer measures one peer store at one size, as careerbot is measured:
// ingestion, storage, searches with and without filters, and recall@10
// against exact's distances (the exact search's 10th hit, per query).
func (r *run) peer(ctx context.Context, system string, size int, chunks []retrieval.Chunk, kinds []knowledge.Kind, queries []query, exact []float64, explain bool) error {
	if skip := r.skipPeer(system, size); skip != "" {
		r.log.Warn(system+": skipped", "chunks", size, "why", skip)
		return nil
	}
	store, err := r.openPeer(ctx, system, size, queries)
	if err != nil {
		return err
	}
	defer store.close()
	add := func(metric string, v float64) { r.res.add(system, size, metric, v) }

	docs := make([]peerDoc, len(chunks))
	for i, c := range chunks {
		docs[i] = peerDoc{id: i, text: c.EmbedText(), meta: map[string]string{"kind": string(kinds[i]), "lang": c.Lang}}
	}
	r.log.Info(system+": import", "chunks", len(docs))
	t0 := time.Now()
	loaded := 0
	for loaded < len(docs) {
		if r.opt.PeerIngestBudget > 0 && time.Since(t0) > r.opt.PeerIngestBudget {
			break
		}
		n := min(peerBatch, len(docs)-loaded)
		if err := store.add(ctx, docs[loaded:loaded+n]); err != nil {
			return fmt.Errorf("add documents: %w", err)
		}
		loaded += n
	}
	ingest := time.Since(t0)
	add("chunks_loaded", float64(loaded))
	add("ingest_s", ingest.Seconds())
	add("ingest_chunks_per_s", float64(loaded)/ingest.Seconds())
	if loaded < len(docs) {
		// Its searches would not search the same catalog: its ingestion
		// rate is all it measures at this size.
		r.log.Warn(system+": import stopped at the ingestion budget; no searches at this size", "chunks", size,
			"loaded", loaded, "budget", r.opt.PeerIngestBudget)
		return nil
	}
	mb, err := store.settle(ctx)
	if err != nil {
		return err
	}
	add("storage_mb", mb)

	r.log.Info(system+": queries", "n", r.opt.Queries)
	for _, q := range queries[:min(len(queries), 100, r.opt.PeerMinQueries)] {
		if _, err := store.search(ctx, q, nil); err != nil {
			return fmt.Errorf("search: %w", err)
		}
	}
	var lat, flat latencies
	var full int
	var recall float64
	var recalled int
	// Peers that scan every vector are time-boxed at large sizes.
	more := func(l latencies, n int, start time.Time) bool {
		if len(l) >= n {
			return false
		}
		return r.opt.PeerBudget <= 0 || len(l) < r.opt.PeerMinQueries || time.Since(start) < r.opt.PeerBudget
	}
	start := time.Now()
	for i, q := range queries {
		if !more(lat, r.opt.Queries, start) {
			break
		}
		t := time.Now()
		d, err := store.search(ctx, q, nil)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		lat = append(lat, time.Since(t))
		if i < len(exact) {
			recall += recallAt(d, exact[i])
			recalled++
		}
	}
	start = time.Now()
	for _, q := range queries {
		if !more(flat, r.opt.FilteredQueries, start) {
			break
		}
		filter := map[string]string{"kind": string(q.Kind)}
		if q.FilterLang != "" {
			filter["lang"] = q.FilterLang
		}
		t := time.Now()
		d, err := store.search(ctx, q, filter)
		if err != nil {
			return fmt.Errorf("filtered search: %w", err)
		}
		flat = append(flat, time.Since(t))
		if r.fullK(q, len(d)) {
			full++
		}
	}
	r.addLatencies(system, size, "query", lat)
	r.addLatencies(system, size, "filtered_query", flat)
	add("queries_timed", float64(len(lat)))
	add("filtered_queries_timed", float64(len(flat)))
	add("filtered_full_k_ratio", float64(full)/float64(len(flat)))
	if recalled > 0 {
		add("recall_at_10", recall/float64(recalled))
	}
	if explain {
		q := queries[0]
		if err := store.explain(ctx, r, fmt.Sprintf("%s SimilaritySearch, %d chunks: %q", system, size, q.Text), q); err != nil {
			return err
		}
	}
	return nil
}
