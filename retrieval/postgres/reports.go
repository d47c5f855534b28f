package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/careerbot/careerbot/knowledge"
)

// History returns every revision of an entry, oldest first.
func (s *Store) History(ctx context.Context, slug string) ([]knowledge.Revision, error) {
	revs, err := collect(ctx, s, fmt.Sprintf("history of %q", slug), `SELECT r.revision, r.action, r.author, r.created_at, r.snapshot
		FROM entry_revisions r JOIN entries e ON e.id = r.entry_id
		WHERE e.slug = $1 ORDER BY r.revision`, func(r pgx.CollectableRow) (knowledge.Revision, error) {
		var rev knowledge.Revision
		var snap []byte
		if err := r.Scan(&rev.Number, &rev.Action, &rev.Author, &rev.At, &snap); err != nil {
			return rev, err
		}
		rev.Entry = &knowledge.Entry{}
		if err := json.Unmarshal(snap, rev.Entry); err != nil {
			return rev, fmt.Errorf("decode revision %d: %w", rev.Number, err)
		}
		rev.Entry.Revision = rev.Number
		return rev, nil
	}, slug)
	if err != nil {
		return nil, err
	}
	if len(revs) == 0 {
		return nil, fmt.Errorf("history of %q: %w", slug, ErrNotFound)
	}
	return revs, nil
}

// Revision returns one revision of an entry.
func (s *Store) Revision(ctx context.Context, slug string, n int) (knowledge.Revision, error) {
	revs, err := s.History(ctx, slug)
	if err != nil {
		return knowledge.Revision{}, err
	}
	for _, r := range revs {
		if r.Number == n {
			return r, nil
		}
	}
	return knowledge.Revision{}, fmt.Errorf("revision %d of %q (it has 1 to %d): %w", n, slug, len(revs), ErrNotFound)
}

// Gaps returns the questions asked since since that the knowledge base could
// not answer, most asked first, identical texts grouped.
func (s *Store) Gaps(ctx context.Context, since time.Time, limit int) ([]knowledge.Gap, error) {
	return collect(ctx, s, "knowledge gaps", `SELECT min(text), min(lang), count(*), max(asked_at) FROM questions
		WHERE NOT grounded AND text IS NOT NULL AND asked_at >= $1 AND surface <> 'eval' AND taught_to = ''
		GROUP BY lower(text) ORDER BY count(*) DESC, max(asked_at) DESC LIMIT $2`, scanGap, since, limit)
}

// MarkTaught takes the questions asked with text (whatever its case) out
// of the gap report: HR taught them to the entry slug. It returns how many
// were marked.
func (s *Store) MarkTaught(ctx context.Context, text, slug string) (int64, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE questions SET taught_to = $2 WHERE lower(text) = lower($1) AND taught_to = ''`, text, slug)
	if err != nil {
		return 0, fmt.Errorf("mark %q as taught: %w", text, err)
	}
	return tag.RowsAffected(), nil
}

// scanGap reads a question text, its language, how often it was asked and
// when last.
func scanGap(r pgx.CollectableRow) (knowledge.Gap, error) {
	var g knowledge.Gap
	err := r.Scan(&g.Text, &g.Lang, &g.Count, &g.LastAsked)
	return g, err
}

// collect runs query with args and reads each row with scan. Its errors
// begin with what, what was being read.
func collect[T any](ctx context.Context, s *Store, what, query string, scan pgx.RowToFunc[T], args ...any) ([]T, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// Stats counts entries by kind and status, and questions and votes since
// since.
func (s *Store) Stats(ctx context.Context, since time.Time) (knowledge.Stats, error) {
	st := knowledge.Stats{Entries: map[knowledge.Kind]map[knowledge.Status]int{}}
	rows, err := s.pool.Query(ctx, `SELECT kind, status, count(*) FROM entries GROUP BY kind, status`)
	if err != nil {
		return st, fmt.Errorf("entry counts: %w", err)
	}
	var kind knowledge.Kind
	var status knowledge.Status
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&kind, &status, &n}, func() error {
		if st.Entries[kind] == nil {
			st.Entries[kind] = map[knowledge.Status]int{}
		}
		st.Entries[kind][status] = n
		return nil
	}); err != nil {
		return st, fmt.Errorf("entry counts: %w", err)
	}
	err = s.pool.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM questions WHERE asked_at >= $1 AND surface <> 'eval'),
			(SELECT count(*) FROM questions WHERE asked_at >= $1 AND surface <> 'eval' AND grounded),
			(SELECT count(*) FROM feedback WHERE created_at >= $1 AND vote = 1),
			(SELECT count(*) FROM feedback WHERE created_at >= $1 AND vote = -1)`, since).
		Scan(&st.Questions, &st.Grounded, &st.Upvotes, &st.Downvotes)
	if err != nil {
		return st, fmt.Errorf("question counts: %w", err)
	}
	return st, nil
}

// PurgeQuestionTexts erases the text of questions asked before before,
// keeping the anonymous counts. It returns how many texts it erased.
func (s *Store) PurgeQuestionTexts(ctx context.Context, before time.Time) (int64, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE questions SET text = NULL WHERE asked_at < $1 AND text IS NOT NULL`, before)
	if err != nil {
		return 0, fmt.Errorf("purge question texts: %w", err)
	}
	return tag.RowsAffected(), nil
}

// IsNotFound reports whether err means that an entry or revision does not
// exist.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// ReserveQuestion counts a question of a user (by hash) in the window
// that starts at windowStart, unless the user already asked limit there:
// counting and reserving are one statement, under the window's row lock,
// so that simultaneous questions never get past the limit. It reports
// whether the question may be answered.
func (s *Store) ReserveQuestion(ctx context.Context, userHash string, windowStart time.Time, limit int) (bool, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO rate_reservations (user_hash, window_start, n) VALUES ($1, $2, 1)
		ON CONFLICT (user_hash, window_start) DO UPDATE SET n = rate_reservations.n + 1
		WHERE rate_reservations.n < $3`, userHash, windowStart, limit)
	if err != nil {
		return false, fmt.Errorf("reserve a question: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// PurgeReservations deletes the rate reservations of windows that started
// before before.
func (s *Store) PurgeReservations(ctx context.Context, before time.Time) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM rate_reservations WHERE window_start < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("purge rate reservations: %w", err)
	}
	return tag.RowsAffected(), nil
}
