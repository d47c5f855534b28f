-- +goose Up
-- The published chunks of each kind and language, for the search to pick
-- its plan: an exact scan of the few vectors a filter keeps (or of a small
-- knowledge base), the HNSW index elsewhere. Every write of chunks counts
-- them again (careerbot_count_chunks) in its own transaction; a count is
-- only ever a hint, so a count a concurrent write left behind chooses a
-- slower plan until the next write, never other hits.
CREATE TABLE chunk_counts (
    kind   text   NOT NULL,
    lang   text   NOT NULL,
    chunks bigint NOT NULL,
    PRIMARY KEY (kind, lang)
);

-- +goose StatementBegin
CREATE FUNCTION careerbot_count_chunks() RETURNS void
    LANGUAGE sql AS $$
    WITH n AS (
        SELECT e.kind, c.lang, count(*) AS chunks
        FROM chunks c JOIN entries e ON e.id = c.entry_id
        WHERE e.status = 'published'
        GROUP BY e.kind, c.lang
    ), up AS (
        INSERT INTO chunk_counts (kind, lang, chunks) SELECT kind, lang, chunks FROM n
        ON CONFLICT (kind, lang) DO UPDATE SET chunks = excluded.chunks
    )
    DELETE FROM chunk_counts k WHERE NOT EXISTS (SELECT 1 FROM n WHERE n.kind = k.kind AND n.lang = k.lang);
$$;
-- +goose StatementEnd

SELECT careerbot_count_chunks();

-- careerbot_ensure_text_index creates the full-text index of chunks (the
-- one of migration 00001), which the first bulk load of a database drops
-- and builds again once its chunks are written: one build is several times
-- faster than inserting every chunk's words into it.
-- +goose StatementBegin
CREATE FUNCTION careerbot_ensure_text_index() RETURNS void
    LANGUAGE sql AS $$
    CREATE INDEX IF NOT EXISTS chunks_tsv ON chunks USING gin (tsv);
$$;
-- +goose StatementEnd

-- +goose Down
SELECT careerbot_ensure_text_index();
DROP FUNCTION careerbot_ensure_text_index();
DROP FUNCTION careerbot_count_chunks();
DROP TABLE chunk_counts;
