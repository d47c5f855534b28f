package postgres

import (
	"context"
	"fmt"

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

// SaveDrafts saves new entries drafted from an article in one transaction
// (see Catalog.Import), relations between them included. A slug already
// taken is refused with ErrConflict before anything is written, so that a
// draft never overwrites an entry.
func (c Curation) SaveDrafts(ctx context.Context, drafts []*knowledge.Entry, author string) error {
	hashes, err := c.Hashes(ctx)
	if err != nil {
		return err
	}
	for _, e := range drafts {
		if _, taken := hashes[e.Slug]; taken {
			return fmt.Errorf("save draft %s: the slug is taken: %w", e.Slug, ErrConflict)
		}
	}
	if _, err := c.Catalog.Import(ctx, knowledge.NewCatalog(drafts), author); err != nil {
		return fmt.Errorf("save the drafts: %w", err)
	}
	return nil
}
