-- +goose Up
-- Who an entry suits (backgrounds: "juriste", "nurse") and how employees
-- ask for it (questions), both edited by HR like any field of the entry.
ALTER TABLE entries
  ADD COLUMN backgrounds text[] NOT NULL DEFAULT '{}',
  ADD COLUMN questions text[] NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE entries DROP COLUMN backgrounds, DROP COLUMN questions;
