-- +goose Up
-- User hashes become HMAC-SHA256 keyed with CAREERBOT_USER_SALT, stored
-- as "v2:" and 24 hex characters. The hashes stored before, 24 hex
-- characters of SHA-256(salt, NUL, id) and no prefix, are the first scheme:
-- their form marks them, so no row is rewritten here, and rows that a
-- replica of the previous version writes during a rolling upgrade are
-- marked as well.
--
-- A hash cannot be turned into another without the Slack id, which is
-- never stored: careerbot moves a person's first-scheme rows (questions,
-- votes, rate reservations, pending Slack events) to the new hash in one
-- statement the first time it sees them after the upgrade, when their id
-- is known again (see RehashUser). These partial indexes find those rows;
-- they empty as people come back.
CREATE INDEX feedback_user_hash_v1 ON feedback (user_hash) WHERE user_hash ~ '^[0-9a-f]{24}$';
CREATE INDEX questions_user_hash_v1 ON questions (user_hash) WHERE user_hash ~ '^[0-9a-f]{24}$';

-- +goose Down
-- The "v2:" hashes written since stay: the previous version counts them
-- as other people.
DROP INDEX questions_user_hash_v1;
DROP INDEX feedback_user_hash_v1;
