package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"

	chromem "github.com/philippgille/chromem-go"
)

// chromemStore is a chromem-go collection in this process's memory.
type chromemStore struct {
	db   *chromem.DB
	coll *chromem.Collection
	// heap is the live heap before the documents were added.
	heap uint64
}

func (r *run) openChromem(int) (*chromemStore, error) {
	s := &chromemStore{db: chromem.NewDB(), heap: liveHeap()}
	embed := func(_ context.Context, text string) ([]float32, error) { return r.embed.Vector(text), nil }
	coll, err := s.db.CreateCollection("careerbot", nil, embed)
	if err != nil {
		return nil, fmt.Errorf("create collection: %w", err)
	}
	s.coll = coll
	return s, nil
}

// add lets chromem-go embed the documents, on every core, as its
// AddDocuments does when they come without embeddings.
func (s *chromemStore) add(ctx context.Context, docs []peerDoc) error {
	cd := make([]chromem.Document, len(docs))
	for i, d := range docs {
		cd[i] = chromem.Document{ID: strconv.Itoa(d.id), Content: d.text, Metadata: d.meta}
	}
	return s.coll.AddDocuments(ctx, cd, runtime.GOMAXPROCS(0))
}

// settle returns the heap the collection holds: chromem-go keeps every
// document, its text and its vector in memory.
func (s *chromemStore) settle(context.Context) (float64, error) {
	return float64(liveHeap()-min(s.heap, liveHeap())) / (1 << 20), nil
}

func (s *chromemStore) search(ctx context.Context, q query, filter map[string]string) ([]float64, error) {
	res, err := s.coll.QueryEmbedding(ctx, q.Vector, K, filter, nil)
	if err != nil {
		return nil, err
	}
	d := make([]float64, len(res))
	for i, h := range res {
		d[i] = 1 - float64(h.Similarity)
	}
	return d, nil
}

func (*chromemStore) explain(context.Context, *run, string, query) error { return nil }

func (s *chromemStore) close() {
	s.coll, s.db = nil, nil
	runtime.GC()
}

// liveHeap returns the heap in use after a garbage collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// chromemBytesPerChunk is the memory one chunk takes in chromem-go, its
// vector, text and metadata: about 2.6 kB measured at 10k chunks
// (storage_mb), with room for the garbage collector's.
const chromemBytesPerChunk = 4000

// memAvailable returns MemAvailable from /proc/meminfo, in bytes; 0 when
// it cannot be read.
func memAvailable() uint64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemAvailable:" {
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// skipPeer says why system is not measured at size chunks, or "".
func (r *run) skipPeer(system string, size int) string {
	if system != Chromem {
		return ""
	}
	need, avail := uint64(size)*chromemBytesPerChunk, memAvailable()
	if avail > 0 && need > avail/2 {
		return fmt.Sprintf("chromem-go would hold about %d MB in this process's memory, more than half the %d MB available", need>>20, avail>>20)
	}
	return ""
}
