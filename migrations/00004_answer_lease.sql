-- +goose Up
-- Answers in flight are leased. The replica that claims a Slack event keeps
-- what it needs to answer it (request) and renews claimed_at while it
-- answers; answered_at is set, and request cleared, once the answer is
-- done. An event claimed but neither answered nor renewed within the lease
-- was left by a replica that died: another replica takes it over.
ALTER TABLE slack_events
    ADD COLUMN claimed_at  timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN answered_at timestamptz,
    ADD COLUMN attempts    integer NOT NULL DEFAULT 1,
    ADD COLUMN request     jsonb;
CREATE INDEX slack_events_unanswered ON slack_events (claimed_at) WHERE answered_at IS NULL AND request IS NOT NULL;

-- +goose Down
DROP INDEX slack_events_unanswered;
ALTER TABLE slack_events DROP COLUMN request, DROP COLUMN attempts, DROP COLUMN answered_at, DROP COLUMN claimed_at;
