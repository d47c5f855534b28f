-- +goose Up
-- Version 3 of the offline embedder (local-hash-v3) stems words with the
-- Snowball algorithms PostgreSQL's full-text search uses; version 2 stemmed
-- them by hand. As in 00007: a database with no chunk yet starts with
-- version 3 active in place of version 2; a database with chunks is
-- embedded again by careerbot at start, once, and version 2's vectors are
-- dropped then.
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM chunks)
       AND EXISTS (SELECT 1 FROM embedding_models WHERE name = 'local-hash-v2' AND active) THEN
        DELETE FROM chunk_embeddings WHERE model = 'local-hash-v2';
        EXECUTE format('DROP INDEX IF EXISTS %I', 'chunk_embeddings_hnsw_' || substr(md5('local-hash-v2'), 1, 12));
        DELETE FROM embedding_models WHERE name = 'local-hash-v2';
        INSERT INTO embedding_models (name, dims, active, ready) VALUES ('local-hash-v3', 384, true, true)
            ON CONFLICT (name) DO UPDATE SET active = true, ready = true;
        PERFORM careerbot_ensure_model_index('local-hash-v3', 384);
    END IF;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM chunks)
       AND EXISTS (SELECT 1 FROM embedding_models WHERE name = 'local-hash-v3' AND active) THEN
        EXECUTE format('DROP INDEX IF EXISTS %I', 'chunk_embeddings_hnsw_' || substr(md5('local-hash-v3'), 1, 12));
        DELETE FROM embedding_models WHERE name = 'local-hash-v3';
        INSERT INTO embedding_models (name, dims, active, ready) VALUES ('local-hash-v2', 384, true, true);
        PERFORM careerbot_ensure_model_index('local-hash-v2', 384);
    END IF;
END;
$$;
-- +goose StatementEnd
