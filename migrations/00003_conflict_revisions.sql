-- An edit made on a stale revision is kept in the history as a revision
-- with the action 'conflict': recorded, not applied, restorable.
-- +goose Up
ALTER TABLE entry_revisions DROP CONSTRAINT entry_revisions_action_check;
ALTER TABLE entry_revisions ADD CONSTRAINT entry_revisions_action_check
    CHECK (action IN ('create', 'update', 'import', 'archive', 'restore', 'publish', 'conflict'));

-- +goose Down
DELETE FROM entry_revisions WHERE action = 'conflict';
ALTER TABLE entry_revisions DROP CONSTRAINT entry_revisions_action_check;
ALTER TABLE entry_revisions ADD CONSTRAINT entry_revisions_action_check
    CHECK (action IN ('create', 'update', 'import', 'archive', 'restore', 'publish'));
