package postgres

import (
	"context"

	"github.com/careerbot/careerbot/knowledge"
)

// Curation is the knowledge base as HR's tools read and change it: the
// store's reads, and the catalog's writes (each a revision, re-chunked and
// re-embedded at once) reporting plain revision numbers. Errors wrap
// knowledge.ErrNotFound and knowledge.ErrConflict.
type Curation struct {
	*Store
	Catalog *Catalog
}

// SaveEntry writes e as a new revision; see Catalog.Save.
func (c Curation) SaveEntry(ctx context.Context, e *knowledge.Entry, action, author string, base int) (int, error) {
	s, err := c.Catalog.Save(ctx, e, action, author, base)
	return s.Revision, err
}

// ArchiveEntry takes an entry out of answers; see Catalog.Archive.
func (c Curation) ArchiveEntry(ctx context.Context, slug, author string) (int, error) {
	s, err := c.Catalog.Archive(ctx, slug, author)
	return s.Revision, err
}

// RestoreEntry publishes an entry again, with the content of revision when
// positive; see Catalog.Restore.
func (c Curation) RestoreEntry(ctx context.Context, slug string, revision int, author string) (int, error) {
	s, err := c.Catalog.Restore(ctx, slug, revision, author)
	return s.Revision, err
}

// TeachEntry makes question one of the questions of the entry slug; see
// Catalog.Teach.
func (c Curation) TeachEntry(ctx context.Context, slug, question, author string) (int, error) {
	s, err := c.Catalog.Teach(ctx, slug, question, author)
	return s.Revision, err
}
