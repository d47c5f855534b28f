package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

// Archive takes an entry out of answers, as a new revision. Its history
// and chunks stay, so Restore brings it back.
func (cat *Catalog) Archive(ctx context.Context, slug, author string) (Saved, error) {
	e, err := New(cat.pool).Get(ctx, slug)
	if err != nil {
		return Saved{}, fmt.Errorf("archive: %w", err)
	}
	if e.Status == knowledge.StatusArchived {
		return Saved{Revision: e.Revision}, nil
	}
	e.Status = knowledge.StatusArchived
	return cat.Save(ctx, e, "archive", author, e.Revision)
}

// Restore publishes an entry again. With revision > 0 the content of that
// revision becomes the current one; either way it is a new revision, and
// nothing of the history is lost.
func (cat *Catalog) Restore(ctx context.Context, slug string, revision int, author string) (Saved, error) {
	store := New(cat.pool)
	cur, err := store.Get(ctx, slug)
	if err != nil {
		return Saved{}, fmt.Errorf("restore: %w", err)
	}
	e := cur
	if revision > 0 {
		rev, err := store.Revision(ctx, slug, revision)
		if err != nil {
			return Saved{}, fmt.Errorf("restore: %w", err)
		}
		e = rev.Entry
		e.Slug = slug
	}
	e.Status = knowledge.StatusPublished
	return cat.Save(ctx, e, "restore", author, cur.Revision)
}

// Teach adds question to the questions the entry slug answers, as a new
// revision by author, chunked and embedded at once: from then on that
// question and its paraphrases find the entry. The question leaves the gap
// report. Teaching a question the entry already has changes nothing.
func (cat *Catalog) Teach(ctx context.Context, slug, question, author string) (Saved, error) {
	store := New(cat.pool)
	e, err := store.Get(ctx, slug)
	if err != nil {
		return Saved{}, fmt.Errorf("teach: %w", err)
	}
	known := slices.ContainsFunc(e.Questions, func(q string) bool { return strings.EqualFold(strings.TrimSpace(q), question) })
	saved := Saved{ID: 0, Revision: e.Revision}
	if !known {
		e.Questions = append(e.Questions, question)
		if saved, err = cat.Save(ctx, e, "teach", author, e.Revision); err != nil {
			return Saved{}, fmt.Errorf("teach %s: %w", slug, err)
		}
	}
	if _, err := store.MarkTaught(ctx, question, slug); err != nil {
		return Saved{}, fmt.Errorf("teach %s: %w", slug, err)
	}
	return saved, nil
}
