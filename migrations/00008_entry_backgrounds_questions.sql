-- +goose Up
-- Who an entry suits (backgrounds: "juriste", "nurse") and how employees
-- ask for it (questions), both edited by HR like any field of the entry.
ALTER TABLE entries
  ADD COLUMN backgrounds text[] NOT NULL DEFAULT '{}',
  ADD COLUMN questions text[] NOT NULL DEFAULT '{}';

-- Synonyms: groups of words employees use for the same thing, loaded from
-- the catalog's synonyms.yaml by kb import; questions are searched with
-- the other terms of the groups they use.
CREATE TABLE synonyms (
    grp  int  NOT NULL,
    term text NOT NULL,
    PRIMARY KEY (grp, term)
);

-- A question HR taught careerbot to answer (kb teach, "Answered by…" in
-- the gap report) names the entry it was taught to, and leaves the report.
ALTER TABLE questions ADD COLUMN taught_to text NOT NULL DEFAULT '';

ALTER TABLE entry_revisions DROP CONSTRAINT entry_revisions_action_check;
ALTER TABLE entry_revisions ADD CONSTRAINT entry_revisions_action_check
    CHECK (action IN ('create', 'update', 'import', 'archive', 'restore', 'publish', 'conflict', 'teach'));

-- +goose Down
DROP TABLE synonyms;
ALTER TABLE entry_revisions DROP CONSTRAINT entry_revisions_action_check;
ALTER TABLE entry_revisions ADD CONSTRAINT entry_revisions_action_check
    CHECK (action IN ('create', 'update', 'import', 'archive', 'restore', 'publish', 'conflict'));
ALTER TABLE questions DROP COLUMN taught_to;
ALTER TABLE entries DROP COLUMN backgrounds, DROP COLUMN questions;
