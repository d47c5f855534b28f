package postgres

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/careerbot/careerbot/knowledge"
)

// ClaimRequest is ClaimEvent that also keeps request, what is needed to
// answer the event again should the claiming replica die before it is
// answered.
func (s *Store) ClaimRequest(ctx context.Context, eventID, channel, ts string, request []byte) (bool, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO slack_events (event_id, channel, ts, request) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`, eventID, channel, ts, storableJSON(request))
	if err != nil {
		return false, fmt.Errorf("claim slack event %s: %w", eventID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// nulEscapeRE matches a JSON escape of the NUL character, which jsonb
// refuses (SQLSTATE 22P05), unless its backslash is itself escaped.
var nulEscapeRE = regexp.MustCompile(`(^|[^\\])((?:\\\\)*)\\u0000`)

// storableJSON returns a JSON document as jsonb stores it: without the NUL
// characters a message may carry, which no answer needs. Nil stays nil.
func storableJSON(doc []byte) []byte {
	if doc == nil || !bytes.Contains(doc, []byte(`\u0000`)) {
		return doc
	}
	for nulEscapeRE.Match(doc) {
		doc = nulEscapeRE.ReplaceAll(doc, []byte("$1$2"))
	}
	return doc
}

// RenewClaim extends the lease of an answer in flight, replacing its
// request when request is not nil.
func (s *Store) RenewClaim(ctx context.Context, eventID string, request []byte) error {
	_, err := s.pool.Exec(ctx, `UPDATE slack_events SET claimed_at = now(), request = coalesce($2, request)
		WHERE event_id = $1 AND answered_at IS NULL`, eventID, storableJSON(request))
	if err != nil {
		return fmt.Errorf("renew claim of slack event %s: %w", eventID, err)
	}
	return nil
}

// MarkAnswered records that the event was answered and forgets its
// request. The mark is committed with synchronous_commit on, whatever the
// server's setting: once MarkAnswered returns, the mark, and everything
// written before it, is in the write-ahead log, so a crash of PostgreSQL
// right after an answer does not lose it and the event is not answered
// again (a commit with synchronous_commit off is only written later, and
// is lost by a crash in between). It is the one durable write of an answer:
// claims and lease renewals need not wait for the disk.
func (s *Store) MarkAnswered(ctx context.Context, eventID string) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = on`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE slack_events SET answered_at = now(), request = NULL WHERE event_id = $1`, eventID)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark slack event %s answered: %w", eventID, err)
	}
	return nil
}

// PurgePendingRequests erases the requests (the question and its asker's
// hash) of the events first claimed before before and still unanswered:
// the same retention as question texts. Such an event is never answered
// again. It returns how many it erased.
func (s *Store) PurgePendingRequests(ctx context.Context, before time.Time) (int64, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE slack_events SET request = NULL WHERE request IS NOT NULL AND received_at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("purge the requests of unanswered slack events: %w", err)
	}
	return tag.RowsAffected(), nil
}

// TakeOverExpired claims again, for the caller, at most limit events whose
// lease ran out: claimed more than lease ago (by the database's clock),
// never renewed since and not answered. Replicas taking over at once get
// different events. Each comes with its age, since its first claim.
func (s *Store) TakeOverExpired(ctx context.Context, lease time.Duration, limit int) ([]knowledge.PendingEvent, error) {
	return collect(ctx, s, "take over unanswered slack events", `UPDATE slack_events SET claimed_at = now(), attempts = attempts + 1
		WHERE event_id IN (
			SELECT event_id FROM slack_events
			WHERE answered_at IS NULL AND request IS NOT NULL AND claimed_at < now() - make_interval(secs => $1)
			ORDER BY claimed_at LIMIT $2 FOR UPDATE SKIP LOCKED)
		RETURNING event_id, request, attempts, now() - received_at`, func(r pgx.CollectableRow) (knowledge.PendingEvent, error) {
		var p knowledge.PendingEvent
		err := r.Scan(&p.EventID, &p.Request, &p.Attempts, &p.Age)
		return p, err
	}, lease.Seconds(), limit)
}
