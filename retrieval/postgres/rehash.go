package postgres

import (
	"context"
	"fmt"
)

// RehashUser moves what is stored under a person's hash of the first
// scheme (legacy: 24 hex characters, see migration 11) to their current
// hash, in one statement: their questions, their votes, their rate
// reservations and the requests of their pending Slack events. A vote the
// person cast under both hashes on one answer is kept once, the current
// one; reservations of one window under both are added up. It returns how
// many rows it moved or merged. A legacy argument not of the first
// scheme's form changes nothing.
func (s *Store) RehashUser(ctx context.Context, legacy, current string) (int64, error) {
	var n int64
	err := s.pool.QueryRow(ctx, `WITH
		duplicate_votes AS (
			DELETE FROM feedback o WHERE o.user_hash = $1 AND o.user_hash ~ '^[0-9a-f]{24}$'
				AND EXISTS (SELECT 1 FROM feedback c WHERE c.question_id = o.question_id AND c.user_hash = $2)
			RETURNING o.id),
		votes AS (
			UPDATE feedback SET user_hash = $2 WHERE user_hash = $1 AND user_hash ~ '^[0-9a-f]{24}$'
				AND id NOT IN (SELECT id FROM duplicate_votes)
			RETURNING 1),
		asked AS (
			UPDATE questions SET user_hash = $2 WHERE user_hash = $1 AND user_hash <> '' AND user_hash ~ '^[0-9a-f]{24}$'
			RETURNING 1),
		old_reservations AS (
			DELETE FROM rate_reservations WHERE user_hash = $1 AND user_hash ~ '^[0-9a-f]{24}$'
			RETURNING window_start, n),
		reservations AS (
			INSERT INTO rate_reservations (user_hash, window_start, n) SELECT $2, window_start, n FROM old_reservations
			ON CONFLICT (user_hash, window_start) DO UPDATE SET n = rate_reservations.n + excluded.n
			RETURNING 1),
		pending AS (
			UPDATE slack_events SET request = jsonb_set(request, '{user_hash}', to_jsonb($2::text))
			WHERE request IS NOT NULL AND request->>'user_hash' = $1 AND $1 ~ '^[0-9a-f]{24}$'
			RETURNING 1)
		SELECT (SELECT count(*) FROM duplicate_votes) + (SELECT count(*) FROM votes) + (SELECT count(*) FROM asked)
			+ (SELECT count(*) FROM reservations) + (SELECT count(*) FROM pending)`, legacy, current).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("move a user's rows to the current user hash: %w", err)
	}
	return n, nil
}
