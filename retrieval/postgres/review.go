package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/careerbot/careerbot/knowledge"
)

// Entries returns the entries of kind and status (empty: any), by kind then
// slug.
func (s *Store) Entries(ctx context.Context, kind knowledge.Kind, status knowledge.Status) ([]*knowledge.Entry, error) {
	return s.List(ctx, Filter{Kind: kind, Status: status})
}

// CatalogVersion changes whenever an entry is created, changed, archived
// or restored, its relations change or the synonyms do: a counter that
// every such write moves on (migration 00015).
func (s *Store) CatalogVersion(ctx context.Context) (string, error) {
	var v int64
	if err := s.pool.QueryRow(ctx, `SELECT version FROM catalog_version`).Scan(&v); err != nil {
		return "", fmt.Errorf("read the catalog version: %w", err)
	}
	return strconv.FormatInt(v, 10), nil
}

// FindEntries finds entries of kind (any when empty) whatever their status,
// by slug, title or alias: exact names first, then the closest titles. An
// empty name lists the most recently changed.
func (s *Store) FindEntries(ctx context.Context, kind knowledge.Kind, name string, limit int) ([]*knowledge.Entry, error) {
	rows, err := s.pool.Query(ctx, `
		WITH q AS (SELECT careerbot_fold($2) AS name)
		SELECT `+entryColumns+` FROM entries e, q
		WHERE ($1 = '' OR e.kind = $1)
		  AND (q.name = '' OR e.slug LIKE '%' || $3 || '%'
		       OR careerbot_fold(e.title || ' ' || e.title_en) LIKE '%' || q.name || '%'
		       OR word_similarity(q.name, careerbot_fold(e.title || ' ' || e.title_en)) > 0.3
		       OR EXISTS (SELECT 1 FROM unnest(e.aliases) a WHERE careerbot_fold(a) LIKE '%' || q.name || '%'))
		ORDER BY (e.slug = $3 OR careerbot_fold(e.title) = q.name OR careerbot_fold(e.title_en) = q.name) DESC,
		         CASE WHEN q.name = '' THEN 0 ELSE word_similarity(q.name, careerbot_fold(e.title || ' ' || e.title_en)) END DESC,
		         e.updated_at DESC, e.slug
		LIMIT $4`, string(kind), name, knowledge.Slugify(name), limit)
	if err != nil {
		return nil, fmt.Errorf("find entries %q: %w", name, err)
	}
	found, err := pgx.CollectRows(rows, rowToEntry)
	if err != nil {
		return nil, fmt.Errorf("find entries %q: %w", name, err)
	}
	out, _ := entriesOf(found)
	return out, nil
}

// RecentRevisions returns the latest revisions of any entry, newest first.
func (s *Store) RecentRevisions(ctx context.Context, limit int) ([]knowledge.Revision, error) {
	return collect(ctx, s, "latest changes", `SELECT e.slug, r.revision, r.action, r.author, r.created_at, r.snapshot
		FROM entry_revisions r JOIN entries e ON e.id = r.entry_id
		ORDER BY r.created_at DESC, r.revision DESC LIMIT $1`, func(r pgx.CollectableRow) (knowledge.Revision, error) {
		var rev knowledge.Revision
		var slug string
		var snap []byte
		if err := r.Scan(&slug, &rev.Number, &rev.Action, &rev.Author, &rev.At, &snap); err != nil {
			return rev, err
		}
		rev.Entry = &knowledge.Entry{}
		if err := json.Unmarshal(snap, rev.Entry); err != nil {
			return rev, fmt.Errorf("decode revision %d of %s: %w", rev.Number, slug, err)
		}
		rev.Entry.Slug, rev.Entry.Revision = slug, rev.Number
		return rev, nil
	}, limit)
}

// LowConfidence returns the questions asked since since that were answered
// with a best similarity under maxScore: answered, but barely. Identical
// texts are grouped, most asked first.
func (s *Store) LowConfidence(ctx context.Context, since time.Time, maxScore float64, limit int) ([]knowledge.Gap, error) {
	return collect(ctx, s, "low-confidence questions", `SELECT min(text), min(lang), count(*), max(asked_at) FROM questions
		WHERE grounded AND top_score < $2 AND text IS NOT NULL AND asked_at >= $1 AND surface <> 'eval'
		GROUP BY lower(text) ORDER BY count(*) DESC, max(asked_at) DESC LIMIT $3`, scanGap, since, maxScore, limit)
}

// Downvotes returns the 👎 given since since, newest first, with the
// question they concern (its text is empty once purged).
func (s *Store) Downvotes(ctx context.Context, since time.Time, limit int) ([]knowledge.Downvote, error) {
	return collect(ctx, s, "downvotes", `SELECT f.reason, f.created_at, q.id, q.asked_at, q.lang, coalesce(q.text, ''), q.grounded, q.top_score, q.cited
		FROM feedback f JOIN questions q ON q.id = f.question_id
		WHERE f.vote = -1 AND f.created_at >= $1
		ORDER BY f.created_at DESC LIMIT $2`, func(r pgx.CollectableRow) (knowledge.Downvote, error) {
		var d knowledge.Downvote
		q := &d.Question
		err := r.Scan(&d.Reason, &d.At, &q.ID, &q.AskedAt, &q.Lang, &q.Text, &q.Grounded, &q.TopScore, &q.Cited)
		return d, err
	}, since, limit)
}

// PopularEntries returns the published entries of kind that answers cited
// most since since.
func (s *Store) PopularEntries(ctx context.Context, kind knowledge.Kind, since time.Time, limit int) ([]knowledge.Popular, error) {
	return collect(ctx, s, "popular entries", `SELECT e.slug, e.title, e.kind, count(*) FROM questions q
		CROSS JOIN LATERAL unnest(q.cited) AS c(slug)
		JOIN entries e ON e.slug = c.slug
		WHERE q.asked_at >= $2 AND q.surface <> 'eval' AND e.status = 'published' AND ($1 = '' OR e.kind = $1)
		GROUP BY e.slug, e.title, e.kind ORDER BY count(*) DESC, e.slug LIMIT $3`, func(r pgx.CollectableRow) (knowledge.Popular, error) {
		var p knowledge.Popular
		err := r.Scan(&p.Slug, &p.Title, &p.Kind, &p.Count)
		return p, err
	}, string(kind), since, limit)
}

// KeepConflict records e, an edit started from revision base of an entry
// that was saved since, as a revision with the action "conflict": it is
// kept in the history, where restoring it applies it, but the entry's
// content stays the newer one. It returns the revision number given.
func (s *Store) KeepConflict(ctx context.Context, e *knowledge.Entry, author string, base int) (int, error) {
	snapshot, err := json.Marshal(e)
	if err != nil {
		return 0, fmt.Errorf("snapshot %s: %w", e.Slug, err)
	}
	var rev int
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id, revision FROM entries WHERE slug = $1 FOR UPDATE`, e.Slug).Scan(&id, &rev)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		rev++
		if _, err := tx.Exec(ctx, `UPDATE entries SET revision = $2 WHERE id = $1`, id, rev); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO entry_revisions (entry_id, revision, action, author, snapshot)
			VALUES ($1, $2, 'conflict', $3, $4)`, id, rev, author, snapshot)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("keep the conflicting edit of %s (from revision %d): %w", e.Slug, base, err)
	}
	return rev, nil
}

// PurgeThreadTurns deletes the conversation turns written before before:
// the same retention as question texts, since turns repeat them. It
// returns how many it deleted.
func (s *Store) PurgeThreadTurns(ctx context.Context, before time.Time) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM thread_turns WHERE at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("purge thread turns: %w", err)
	}
	return tag.RowsAffected(), nil
}
