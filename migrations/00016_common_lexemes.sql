-- +goose Up
-- The words that most chunks hold (careerbot_common_lexemes: those that
-- ANALYZE found in more than max_rows chunks) are read by the search once
-- in a while and passed to careerbot_text_query, which leaves them out of
-- the question's full-text query, instead of being read from pg_stats by
-- every search: 0.22 of the 0.32 ms that building one query took.
-- +goose StatementBegin
CREATE FUNCTION careerbot_common_lexemes(max_rows real) RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(x.lexeme ORDER BY x.lexeme), '{}')
    FROM pg_stats s
    CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS x(lexeme, freq)
    WHERE s.schemaname = current_schema() AND s.tablename = 'chunks' AND s.attname = 'tsv'
      AND NOT s.inherited AND x.lexeme IS NOT NULL
      AND x.freq * (SELECT greatest(k.reltuples, 0) FROM pg_class k WHERE k.oid = 'chunks'::regclass) > max_rows;
$$;
-- +goose StatementEnd

-- careerbot_text_query is the full-text query of a question: the distinct
-- lexemes of its French and English forms, joined by op ('&' or '|'),
-- without the stop words of its language lang ('fr' or 'en'; with '', the
-- words that are stop words in both), so that "pour" in a French question
-- is not an English word and "AI" in an English one is not French; and
-- without the lexemes of common. NULL when no word is left, which matches
-- nothing.
-- +goose StatementBegin
CREATE FUNCTION careerbot_text_query(question text, lang text, op text, common text[]) RETURNS tsquery
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    -- One plan for every call, kept by the session.
    SET plan_cache_mode = force_generic_plan
    AS $$
BEGIN
    RETURN (
        WITH words AS (
            SELECT w.word
            FROM unnest(tsvector_to_array(to_tsvector('simple', question))) AS w(word)
            WHERE CASE lang
                WHEN 'fr' THEN length(to_tsvector('careerbot_fr', w.word)) > 0
                WHEN 'en' THEN length(to_tsvector('careerbot_en', w.word)) > 0
                ELSE length(to_tsvector('careerbot_fr', w.word) || to_tsvector('careerbot_en', w.word)) > 0
            END
        ), lexemes AS (
            SELECT DISTINCT l.lexeme
            FROM words, unnest(tsvector_to_array(to_tsvector('careerbot_fr', words.word) || to_tsvector('careerbot_en', words.word))) AS l(lexeme)
            WHERE l.lexeme <> ALL (common)
        )
        SELECT string_agg('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''', ' ' || op || ' ' ORDER BY lexeme)::tsquery
        FROM lexemes
    );
END;
$$;
-- +goose StatementEnd

DROP FUNCTION careerbot_text_query(text, text, text, real);

-- +goose Down
-- +goose StatementBegin
CREATE FUNCTION careerbot_text_query(question text, lang text, op text, max_rows real) RETURNS tsquery
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    -- One plan for every call, kept by the session: planning the pg_stats
    -- view costs more than running it.
    SET plan_cache_mode = force_generic_plan
    AS $$
BEGIN
    RETURN (
        WITH common AS (
            SELECT x.lexeme
            FROM pg_stats s
            CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS x(lexeme, freq)
            WHERE s.schemaname = current_schema() AND s.tablename = 'chunks' AND s.attname = 'tsv'
              AND NOT s.inherited AND x.lexeme IS NOT NULL
              AND x.freq * (SELECT greatest(k.reltuples, 0) FROM pg_class k WHERE k.oid = 'chunks'::regclass) > max_rows
        ), words AS (
            SELECT w.word
            FROM unnest(tsvector_to_array(to_tsvector('simple', question))) AS w(word)
            WHERE CASE lang
                WHEN 'fr' THEN length(to_tsvector('careerbot_fr', w.word)) > 0
                WHEN 'en' THEN length(to_tsvector('careerbot_en', w.word)) > 0
                ELSE length(to_tsvector('careerbot_fr', w.word) || to_tsvector('careerbot_en', w.word)) > 0
            END
        ), lexemes AS (
            SELECT DISTINCT l.lexeme
            FROM words, unnest(tsvector_to_array(to_tsvector('careerbot_fr', words.word) || to_tsvector('careerbot_en', words.word))) AS l(lexeme)
            WHERE l.lexeme NOT IN (SELECT lexeme FROM common)
        )
        SELECT string_agg('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''', ' ' || op || ' ' ORDER BY lexeme)::tsquery
        FROM lexemes
    );
END;
$$;
-- +goose StatementEnd

DROP FUNCTION careerbot_text_query(text, text, text, text[]);
DROP FUNCTION careerbot_common_lexemes(real);
