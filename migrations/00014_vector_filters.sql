-- +goose Up
-- What a search filters on, copied onto the vectors' rows: the kind and the
-- status of the chunk's entry, and the chunk's language, with a partial
-- index on them. The exact scan of a filter (see retrieval/postgres/plan.go)
-- then reads the vectors the filter keeps from that index, in the table's
-- order, instead of reaching them through the filter's entries, their
-- chunks, and one lookup of the vector's key per chunk: at 100,000 chunks,
-- a hybrid search among the 5,000 vectors of one kind took 16 ms (median)
-- that way, 4 ms this way. careerbot writes the copies with each vector,
-- from the entry's row and the chunk it writes in the same transaction; the
-- triggers below keep them in step when an entry's kind or status, or a
-- chunk's language or entry, changes in place. The UPDATE rewrites every
-- stored vector once.
ALTER TABLE chunk_embeddings
    ADD COLUMN kind text,
    ADD COLUMN status text,
    ADD COLUMN lang text;
UPDATE chunk_embeddings ce SET kind = e.kind, status = e.status, lang = c.lang
FROM chunks c JOIN entries e ON e.id = c.entry_id
WHERE c.id = ce.chunk_id;
ALTER TABLE chunk_embeddings
    ALTER COLUMN kind SET NOT NULL,
    ALTER COLUMN status SET NOT NULL,
    ALTER COLUMN lang SET NOT NULL;
CREATE INDEX chunk_embeddings_filters ON chunk_embeddings (model, kind, lang) WHERE status = 'published';

-- +goose StatementBegin
CREATE FUNCTION careerbot_entry_vector_filters() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE chunk_embeddings ce SET kind = NEW.kind, status = NEW.status
    FROM chunks c
    WHERE c.entry_id = NEW.id AND ce.chunk_id = c.id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER entries_vector_filters AFTER UPDATE OF kind, status ON entries
    FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION careerbot_entry_vector_filters();

-- +goose StatementBegin
CREATE FUNCTION careerbot_chunk_vector_filters() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE chunk_embeddings ce SET kind = e.kind, status = e.status, lang = NEW.lang
    FROM entries e
    WHERE e.id = NEW.entry_id AND ce.chunk_id = NEW.id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER chunks_vector_filters AFTER UPDATE OF entry_id, lang ON chunks
    FOR EACH ROW WHEN (OLD.entry_id IS DISTINCT FROM NEW.entry_id OR OLD.lang IS DISTINCT FROM NEW.lang)
    EXECUTE FUNCTION careerbot_chunk_vector_filters();

-- +goose Down
DROP TRIGGER chunks_vector_filters ON chunks;
DROP FUNCTION careerbot_chunk_vector_filters();
DROP TRIGGER entries_vector_filters ON entries;
DROP FUNCTION careerbot_entry_vector_filters();
DROP INDEX chunk_embeddings_filters;
ALTER TABLE chunk_embeddings DROP COLUMN kind, DROP COLUMN status, DROP COLUMN lang;
