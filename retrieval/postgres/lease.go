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

// MarkAnswered records that the event was answered and forgets its request.
func (s *Store) MarkAnswered(ctx context.Context, eventID string) error {
	_, err := s.pool.Exec(ctx, `UPDATE slack_events SET answered_at = now(), request = NULL WHERE event_id = $1`, eventID)
	if err != nil {
		return fmt.Errorf("mark slack event %s answered: %w", eventID, err)
	}
	return nil
}

// TakeOverExpired claims again, for the caller, at most limit events whose
// lease ran out: claimed more than lease ago (by the database's clock),
// never renewed since and not answered. Replicas taking over at once get
// different events.
func (s *Store) TakeOverExpired(ctx context.Context, lease time.Duration, limit int) ([]knowledge.PendingEvent, error) {
	return collect(ctx, s, "take over unanswered slack events", `UPDATE slack_events SET claimed_at = now(), attempts = attempts + 1
		WHERE event_id IN (
			SELECT event_id FROM slack_events
			WHERE answered_at IS NULL AND request IS NOT NULL AND claimed_at < now() - make_interval(secs => $1)
			ORDER BY claimed_at LIMIT $2 FOR UPDATE SKIP LOCKED)
		RETURNING event_id, request, attempts`, func(r pgx.CollectableRow) (knowledge.PendingEvent, error) {
		var p knowledge.PendingEvent
		err := r.Scan(&p.EventID, &p.Request, &p.Attempts)
		return p, err
	}, lease.Seconds(), limit)
}
