package bot

import (
	"context"
	"time"

	"github.com/careerbot/careerbot/knowledge"
)

// boundStores gives every call to d's Entries, Catalog, Counter, Recorder and Rehasher at most
// limit: a database that is locked or stalled then fails the call, which
// the assistant reports as unavailable, instead of holding the answer.
func boundStores(d Deps, limit time.Duration) Deps {
	if d.Entries != nil {
		d.Entries = boundEntries{next: d.Entries, limit: limit}
	}
	if d.Catalog != nil {
		d.Catalog = boundCatalog{next: d.Catalog, limit: limit}
	}
	if d.Counter != nil {
		d.Counter = boundCounter{next: d.Counter, limit: limit}
	}
	if d.Recorder != nil {
		d.Recorder = boundRecorder{next: d.Recorder, limit: limit}
	}
	if d.Rehasher != nil {
		d.Rehasher = boundRehasher{next: d.Rehasher, limit: limit}
	}
	return d
}

type boundEntries struct {
	next  Entries
	limit time.Duration
}

func (b boundEntries) Get(ctx context.Context, slug string) (*knowledge.Entry, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.Get(ctx, slug)
}

func (b boundEntries) GetMany(ctx context.Context, slugs []string) ([]*knowledge.Entry, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.GetMany(ctx, slugs)
}

func (b boundEntries) Resolve(ctx context.Context, kind knowledge.Kind, name string, limit int) ([]knowledge.Match, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.Resolve(ctx, kind, name, limit)
}

func (b boundEntries) Referrers(ctx context.Context, slug string) ([]*knowledge.Entry, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.Referrers(ctx, slug)
}

type boundCounter struct {
	next  Counter
	limit time.Duration
}

func (b boundCounter) ReserveQuestion(ctx context.Context, userHash string, windowStart time.Time, limit int) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.ReserveQuestion(ctx, userHash, windowStart, limit)
}

type boundRecorder struct {
	next  Recorder
	limit time.Duration
}

func (b boundRecorder) RecordQuestion(ctx context.Context, q knowledge.Question) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.RecordQuestion(ctx, q)
}

type boundRehasher struct {
	next  Rehasher
	limit time.Duration
}

func (b boundRehasher) RehashUser(ctx context.Context, legacy, current string) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.RehashUser(ctx, legacy, current)
}

type boundCatalog struct {
	next  Catalog
	limit time.Duration
}

func (b boundCatalog) Entries(ctx context.Context, kind knowledge.Kind, status knowledge.Status) ([]*knowledge.Entry, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.Entries(ctx, kind, status)
}

func (b boundCatalog) CatalogVersion(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.CatalogVersion(ctx)
}

func (b boundCatalog) Synonyms(ctx context.Context) ([][]string, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.Synonyms(ctx)
}
