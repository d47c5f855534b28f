-- +goose Up
-- An event waiting to be answered keeps its asker as the salted hash the
-- rate limit and the questions table use, never the clear Slack id, which
-- replying does not need. The salt is not known here: the clear ids of the
-- events pending now are dropped, and these few questions, if answered
-- again, are neither rate-limited nor recorded under their asker's hash.
UPDATE slack_events SET request = request - 'user' WHERE request ? 'user';

-- The requests of unanswered events (the question and its asker's hash)
-- are erased with the question texts, past CAREERBOT_QUESTION_RETENTION,
-- by serve's hourly purge.
CREATE INDEX slack_events_pending_received ON slack_events (received_at) WHERE request IS NOT NULL;

-- +goose Down
DROP INDEX slack_events_pending_received;
