package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/careerbot/careerbot/knowledge"
)

// ClaimEvent records a Slack delivery before it is answered. It returns
// false when the event id, or the message (channel, ts) when ts is not
// empty, was claimed before: by an earlier delivery, a retry, the same
// message delivered as another event type, or another replica.
func (s *Store) ClaimEvent(ctx context.Context, eventID, channel, ts string) (bool, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO slack_events (event_id, channel, ts) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, eventID, channel, ts)
	if err != nil {
		return false, fmt.Errorf("claim slack event %s: %w", eventID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// AppendTurns adds turns, in order, to the conversation of a thread: the
// thread's lock and every turn in one round trip, within a transaction.
func (s *Store) AppendTurns(ctx context.Context, channel, threadTS string, turns ...knowledge.Turn) error {
	if len(turns) == 0 {
		return nil
	}
	roles, texts, slugs := make([]string, len(turns)), make([]string, len(turns)), make([]string, len(turns))
	ats := make([]*time.Time, len(turns))
	for i, t := range turns {
		for _, slug := range t.Slugs {
			if strings.Contains(slug, ",") {
				return fmt.Errorf("append thread turns: slug %q holds a comma", slug)
			}
		}
		roles[i], texts[i], slugs[i] = t.Role, t.Text, strings.Join(t.Slugs, ",")
		if !t.At.IsZero() {
			ats[i] = &t.At
		}
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		// Turns of one thread are numbered one writer at a time: the
		// insert, a statement of its own, sees the turns of a writer
		// that held the lock before.
		b.Queue(`SELECT pg_advisory_xact_lock(hashtextextended($1 || ' ' || $2, 0))`, channel, threadTS)
		b.Queue(`INSERT INTO thread_turns (channel, thread_ts, ordinal, role, text, entry_slugs, at)
			SELECT $1, $2, last.n + t.i, t.role, t.text, string_to_array(t.slugs, ','), coalesce(t.at, now())
			FROM (SELECT coalesce(max(ordinal), 0) AS n FROM thread_turns WHERE channel = $1 AND thread_ts = $2) last,
			     unnest($3::text[], $4::text[], $5::text[], $6::timestamptz[]) WITH ORDINALITY AS t(role, text, slugs, at, i)`,
			channel, threadTS, roles, texts, slugs, ats)
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("append thread turns: %w", err)
	}
	return nil
}

// Turns returns the last limit turns of a thread written at since or
// later (the zero time: any), oldest first. A thread careerbot never
// answered in has none.
func (s *Store) Turns(ctx context.Context, channel, threadTS string, since time.Time, limit int) ([]knowledge.Turn, error) {
	return collect(ctx, s, "read thread turns", `SELECT role, text, entry_slugs, at FROM (
			SELECT ordinal, role, text, entry_slugs, at FROM thread_turns
			WHERE channel = $1 AND thread_ts = $2 AND at >= $3 ORDER BY ordinal DESC LIMIT $4) t
		ORDER BY ordinal`, func(r pgx.CollectableRow) (knowledge.Turn, error) {
		var t knowledge.Turn
		err := r.Scan(&t.Role, &t.Text, &t.Slugs, &t.At)
		return t, err
	}, channel, threadTS, since, limit)
}

// ErrUnknownQuestion is returned for feedback on a question that is not
// recorded (or was purged).
var ErrUnknownQuestion = errors.New("question not found")

// RecordFeedback records a vote on an answer: one per person and answer,
// the last one counting; a vote with no reason keeps the reason given with
// the same vote before. It returns the person's previous vote and the
// answer's votes since. Two clicks at once count once: the second waits
// for the first's row.
func (s *Store) RecordFeedback(ctx context.Context, f knowledge.Feedback) (knowledge.Votes, error) {
	if f.Vote != 1 && f.Vote != -1 {
		return knowledge.Votes{}, fmt.Errorf("record feedback: vote must be 1 or -1, not %d", f.Vote)
	}
	var v knowledge.Votes
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// The insert takes the row, or waits for whoever holds it; the
		// previous vote is read under that lock.
		tag, err := tx.Exec(ctx, `INSERT INTO feedback (question_id, user_hash, vote, reason) VALUES ($1, $2, $3, $4)
			ON CONFLICT (question_id, user_hash) DO NOTHING`, f.QuestionID, f.UserHash, f.Vote, f.Reason)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			if err := tx.QueryRow(ctx, `SELECT vote FROM feedback WHERE question_id = $1 AND user_hash = $2 FOR UPDATE`,
				f.QuestionID, f.UserHash).Scan(&v.Previous); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE feedback SET vote = $3,
				reason = CASE WHEN $4 = '' AND vote = $3 THEN reason ELSE $4 END, created_at = now()
				WHERE question_id = $1 AND user_hash = $2`, f.QuestionID, f.UserHash, f.Vote, f.Reason); err != nil {
				return err
			}
		}
		return tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE vote = 1), count(*) FILTER (WHERE vote = -1)
			FROM feedback WHERE question_id = $1`, f.QuestionID).Scan(&v.Up, &v.Down)
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23503" { // foreign_key_violation
		return knowledge.Votes{}, fmt.Errorf("record feedback on question %d: %w", f.QuestionID, ErrUnknownQuestion)
	}
	if err != nil {
		return knowledge.Votes{}, fmt.Errorf("record feedback on question %d: %w", f.QuestionID, err)
	}
	return v, nil
}
