package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/careerbot/careerbot/knowledge"
)

// Catalog writes entries and keeps their chunks and vectors in step, each
// change in one transaction.
type Catalog struct {
	pool  *pgxpool.Pool
	index *Index
}

// NewCatalog returns a catalog writer over pool and index.
func NewCatalog(pool *pgxpool.Pool, index *Index) *Catalog {
	return &Catalog{pool: pool, index: index}
}

// ImportReport says what an import did.
type ImportReport struct {
	Created   []string // slugs of new entries
	Updated   []string // slugs of changed entries (new revision)
	Unchanged int      // entries whose content hash was already stored
	Synonyms  int      // synonym groups, when the catalog has a synonyms file
	Chunks    int      // chunks written
	Embedded  int      // chunks embedded (others reused stored vectors)

	// Time spent saving entries and revisions, embedding, writing chunks
	// and vectors (COPY, with the full-text index), and building the HNSW
	// index after a first bulk load (zero otherwise; after the commit with
	// ImportOptions.IndexAfterCommit). The chunks are copied while they
	// are embedded: EmbedTime is part of WriteTime, which waits for the
	// vectors only once the chunks are written.
	SaveTime, EmbedTime, WriteTime, IndexTime time.Duration
	// CommitTime is the time from the start of the import to its commit,
	// when its entries could be searched.
	CommitTime time.Duration
}

// ImportOptions choose how an import builds the HNSW index of a first bulk
// load.
type ImportOptions struct {
	// IndexAfterCommit commits the entries, chunks and vectors first and
	// builds the HNSW index right after, in a transaction of its own:
	// the import is searchable sooner (by exact scans until the index
	// exists) and holds its locks for less long. Should the build fail,
	// the import stays committed without its index, which searches do
	// not need to give right answers, and which Index.EnsureModel (every
	// start of careerbot) or the next such import builds. Without it, the
	// default, the index is built inside the import's transaction: all or
	// nothing.
	IndexAfterCommit bool
}

// IndexBuildError is the error of an import with IndexAfterCommit whose
// entries, chunks and vectors were committed but whose HNSW index build,
// after the commit, failed.
type IndexBuildError struct{ Err error }

func (e *IndexBuildError) Error() string {
	return "import catalog: committed, but the HNSW index was not built (it will be at the next start): " + e.Err.Error()
}

func (e *IndexBuildError) Unwrap() error { return e.Err }

// Import writes every entry of c in one transaction: new and changed
// entries get a revision and are re-chunked and re-embedded, unchanged ones
// are left untouched. On any error nothing is written.
func (cat *Catalog) Import(ctx context.Context, c *knowledge.Catalog, author string) (ImportReport, error) {
	return cat.ImportWith(ctx, c, author, ImportOptions{})
}

// ImportWith is Import with options. With IndexAfterCommit, an error of
// the index build after commit is returned with the report of what was
// imported.
func (cat *Catalog) ImportWith(ctx context.Context, c *knowledge.Catalog, author string, opt ImportOptions) (ImportReport, error) {
	var rep ImportReport
	// Relations may point to entries already stored rather than in c.
	known := map[string]bool{}
	hashes, err := New(cat.pool).Hashes(ctx)
	if err != nil {
		return rep, err
	}
	for slug := range hashes {
		known[slug] = true
	}
	if err := c.CheckRelations(known); err != nil {
		return rep, err
	}
	begin := time.Now()
	pending := false
	err = pgx.BeginFunc(ctx, cat.pool, func(tx pgx.Tx) error {
		rep, pending = ImportReport{}, false
		start := time.Now()
		saved, err := SaveMany(ctx, tx, c.Entries, "import", author)
		if err != nil {
			return err
		}
		changed := map[int64]*knowledge.Entry{}
		for i, e := range c.Entries {
			switch s := saved[i]; {
			case s.Created:
				rep.Created = append(rep.Created, e.Slug)
			case s.Changed:
				rep.Updated = append(rep.Updated, e.Slug)
			default:
				rep.Unchanged++
				continue
			}
			changed[saved[i].ID] = e
		}
		if err := SaveRelationsMany(ctx, tx, changed); err != nil {
			return err
		}
		rep.SaveTime = time.Since(start)
		if c.Synonyms != nil {
			if rep.Synonyms, err = SaveSynonyms(ctx, tx, c.Synonyms); err != nil {
				return err
			}
		}
		st, err := cat.index.indexEntries(ctx, tx, changed, opt.IndexAfterCommit)
		if err != nil {
			return err
		}
		rep.Chunks, rep.Embedded = st.written, st.embedded
		rep.EmbedTime, rep.WriteTime, rep.IndexTime = st.embed, st.write, st.buildHNSW
		pending = st.hnswPending
		return nil
	})
	if err != nil {
		return ImportReport{}, fmt.Errorf("import catalog: %w", err)
	}
	cat.index.forgetCounts()
	rep.CommitTime = time.Since(begin)
	if pending {
		t := time.Now()
		if err := cat.index.BuildIndex(ctx); err != nil {
			return rep, &IndexBuildError{Err: err}
		}
		rep.IndexTime = time.Since(t)
	}
	return rep, nil
}

// Save writes one entry as a new revision (action "create", "update",
// "archive", "restore" or "publish"), re-chunks and re-embeds it, in one
// transaction. base is the revision the edit started from (0 for none):
// when someone saved in between, Save returns ErrConflict and writes
// nothing.
func (cat *Catalog) Save(ctx context.Context, e *knowledge.Entry, action, author string, base int) (Saved, error) {
	var saved Saved
	err := pgx.BeginFunc(ctx, cat.pool, func(tx pgx.Tx) error {
		s, err := Save(ctx, tx, e, action, author, base)
		if err != nil {
			return err
		}
		saved = s
		if !s.Changed {
			return nil
		}
		if err := SaveRelations(ctx, tx, s.ID, e); err != nil {
			return err
		}
		_, _, err = cat.index.IndexEntries(ctx, tx, map[int64]*knowledge.Entry{s.ID: e})
		return err
	})
	if err != nil {
		if errors.Is(err, ErrConflict) {
			return saved, err
		}
		return Saved{}, fmt.Errorf("save entry %s: %w", e.Slug, err)
	}
	cat.index.forgetCounts()
	return saved, nil
}
