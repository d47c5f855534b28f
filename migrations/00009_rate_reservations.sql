-- +goose Up
-- The per-user rate limit counts and reserves a question in one statement:
-- one row per user and window, incremented under its row lock, so that a
-- burst of simultaneous questions gets at most the limit (counting the
-- recorded questions first and recording them after let a burst through).
-- Rows of past windows are deleted by serve's hourly purge.
CREATE TABLE rate_reservations (
    user_hash    text        NOT NULL,
    window_start timestamptz NOT NULL,
    n            int         NOT NULL,
    PRIMARY KEY (user_hash, window_start)
);

-- +goose Down
DROP TABLE rate_reservations;
