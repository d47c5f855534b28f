-- +goose Up
-- The per-user rate limit counts a user's recent questions.
CREATE INDEX questions_user_recent ON questions (user_hash, asked_at DESC) WHERE user_hash <> '';

-- +goose Down
DROP INDEX questions_user_recent;
