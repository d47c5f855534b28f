-- +goose Up
-- The catalog's version, which every answer reads to know whether its
-- cached view of the entries and synonyms is still current: a counter that
-- every statement writing entries, relations or synonyms moves on, in the
-- writing transaction. It replaces counting the entries and hashing every
-- synonym on each answer (0.4 ms of the server's time, against 0.05 for
-- one row).
CREATE TABLE catalog_version (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint  NOT NULL
);
INSERT INTO catalog_version (version) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION careerbot_bump_catalog_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_version SET version = version + 1;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER entries_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON entries
    FOR EACH STATEMENT EXECUTE FUNCTION careerbot_bump_catalog_version();
CREATE TRIGGER relations_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON relations
    FOR EACH STATEMENT EXECUTE FUNCTION careerbot_bump_catalog_version();
CREATE TRIGGER synonyms_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON synonyms
    FOR EACH STATEMENT EXECUTE FUNCTION careerbot_bump_catalog_version();

-- +goose Down
DROP TRIGGER synonyms_catalog_version ON synonyms;
DROP TRIGGER relations_catalog_version ON relations;
DROP TRIGGER entries_catalog_version ON entries;
DROP FUNCTION careerbot_bump_catalog_version();
DROP TABLE catalog_version;
