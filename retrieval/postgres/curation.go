package postgres

import (
	"context"
	"fmt"

	"github.com/careerbot/careerbot/knowledge"
	kpg "github.com/careerbot/careerbot/knowledge/postgres"
)

// Archive takes an entry out of answers, as a new revision. Its history
// and chunks stay, so Restore brings it back.
func (cat *Catalog) Archive(ctx context.Context, slug, author string) (kpg.Saved, error) {
	e, err := kpg.New(cat.pool).Get(ctx, slug)
	if err != nil {
		return kpg.Saved{}, fmt.Errorf("archive: %w", err)
	}
	if e.Status == knowledge.StatusArchived {
		return kpg.Saved{Revision: e.Revision}, nil
	}
	e.Status = knowledge.StatusArchived
	return cat.Save(ctx, e, "archive", author, e.Revision)
}

// Restore publishes an entry again. With revision > 0 the content of that
// revision becomes the current one; either way it is a new revision, and
// nothing of the history is lost.
func (cat *Catalog) Restore(ctx context.Context, slug string, revision int, author string) (kpg.Saved, error) {
	store := kpg.New(cat.pool)
	cur, err := store.Get(ctx, slug)
	if err != nil {
		return kpg.Saved{}, fmt.Errorf("restore: %w", err)
	}
	e := cur
	if revision > 0 {
		rev, err := store.Revision(ctx, slug, revision)
		if err != nil {
			return kpg.Saved{}, fmt.Errorf("restore: %w", err)
		}
		e = rev.Entry
		e.Slug = slug
	}
	e.Status = knowledge.StatusPublished
	return cat.Save(ctx, e, "restore", author, cur.Revision)
}
