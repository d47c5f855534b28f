-- +goose Up
-- Version 2 of the offline embedder (local-hash-v2) gives each stem of its
-- lexicon one concept; version 1 gave a few stems either of two. A database
-- with no chunk yet starts with version 2 active in place of version 1. A
-- database with chunks cannot be embedded again in SQL: careerbot does it at
-- start, once, and drops version 1's vectors.
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM chunks)
       AND EXISTS (SELECT 1 FROM embedding_models WHERE name = 'local-hash-v1' AND active) THEN
        DELETE FROM chunk_embeddings WHERE model = 'local-hash-v1';
        EXECUTE format('DROP INDEX IF EXISTS %I', 'chunk_embeddings_hnsw_' || substr(md5('local-hash-v1'), 1, 12));
        DELETE FROM embedding_models WHERE name = 'local-hash-v1';
        INSERT INTO embedding_models (name, dims, active, ready) VALUES ('local-hash-v2', 384, true, true)
            ON CONFLICT (name) DO UPDATE SET active = true, ready = true;
        PERFORM careerbot_ensure_model_index('local-hash-v2', 384);
    END IF;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM chunks)
       AND EXISTS (SELECT 1 FROM embedding_models WHERE name = 'local-hash-v2' AND active) THEN
        EXECUTE format('DROP INDEX IF EXISTS %I', 'chunk_embeddings_hnsw_' || substr(md5('local-hash-v2'), 1, 12));
        DELETE FROM embedding_models WHERE name = 'local-hash-v2';
        INSERT INTO embedding_models (name, dims, active, ready) VALUES ('local-hash-v1', 384, true, true);
        PERFORM careerbot_ensure_model_index('local-hash-v1', 384);
    END IF;
END;
$$;
-- +goose StatementEnd
