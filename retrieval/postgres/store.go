// Package postgres stores knowledge entries in PostgreSQL: entries, their
// revisions and relations, the audit log, and the questions employees ask.
package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/careerbot/careerbot/knowledge"
)

// ErrNotFound is returned when no entry has the requested slug.
var ErrNotFound = knowledge.ErrNotFound

// ErrConflict is returned when an entry was changed since the revision an
// edit started from.
var ErrConflict = knowledge.ErrConflict

// Store reads and writes entries.
type Store struct {
	pool *pgxpool.Pool
}

// New returns a store on pool.
func New(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// querier is what reading needs from a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

const entryColumns = `e.id, e.slug, e.kind, e.lang, e.status, e.title, e.title_en, e.aliases, e.tags,
	e.summary, e.summary_en, e.period, e.body, e.sources, e.revision, e.updated_at, e.updated_by,
	e.backgrounds, e.questions`

// entryScan receives a row's entryColumns.
type entryScan struct {
	id      int64
	e       knowledge.Entry
	sources []byte
}

// dests are where Scan puts entryColumns, in order.
func (s *entryScan) dests() []any {
	e := &s.e
	return []any{&s.id, &e.Slug, &e.Kind, &e.Lang, &e.Status, &e.Title, &e.TitleEN, &e.Aliases, &e.Tags,
		&e.Summary, &e.SummaryEN, &e.Period, &e.Body, &s.sources, &e.Revision, &e.UpdatedAt, &e.UpdatedBy,
		&e.Backgrounds, &e.Questions}
}

// entry decodes what was scanned into the entry and its id.
func (s *entryScan) entry() (storedEntry, error) {
	if err := json.Unmarshal(s.sources, &s.e.Sources); err != nil {
		return storedEntry{}, fmt.Errorf("decode sources of %s: %w", s.e.Slug, err)
	}
	return storedEntry{id: s.id, entry: &s.e}, nil
}

// storedEntry is an entry read with its id.
type storedEntry struct {
	id    int64
	entry *knowledge.Entry
}

// scanEntry reads a row of entryColumns.
func scanEntry(row pgx.Row) (storedEntry, error) {
	var s entryScan
	if err := row.Scan(s.dests()...); err != nil {
		return storedEntry{}, err
	}
	return s.entry()
}

// rowToEntry is scanEntry for pgx.CollectRows.
func rowToEntry(row pgx.CollectableRow) (storedEntry, error) { return scanEntry(row) }

// entriesOf returns the entries of found, in order, and them by id.
func entriesOf(found []storedEntry) ([]*knowledge.Entry, map[int64]*knowledge.Entry) {
	out := make([]*knowledge.Entry, len(found))
	byID := make(map[int64]*knowledge.Entry, len(found))
	for i, f := range found {
		out[i], byID[f.id] = f.entry, f.entry
	}
	return out, byID
}

// relationRow is a row of loadRelations' query.
type relationRow struct {
	From int64
	Kind knowledge.RelationKind
	Slug string
}

// loadRelations fills the relations of the entries, keyed by id.
func loadRelations(ctx context.Context, q querier, byID map[int64]*knowledge.Entry) error {
	if len(byID) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	const sql = `SELECT r.from_id, r.kind, t.slug FROM relations r JOIN entries t ON t.id = r.to_id
		WHERE r.from_id = ANY($1) ORDER BY r.from_id, r.kind, r.ordinal`
	rows, err := q.Query(ctx, sql, ids)
	if err != nil {
		return fmt.Errorf("load relations: %w", err)
	}
	rels, err := pgx.CollectRows(rows, pgx.RowToStructByPos[relationRow])
	if err != nil {
		return fmt.Errorf("load relations: %w", err)
	}
	for _, r := range rels {
		e := byID[r.From]
		switch r.Kind {
		case knowledge.RelRequires:
			e.Relations.Requires = append(e.Relations.Requires, r.Slug)
		case knowledge.RelLearnWith:
			e.Relations.LearnWith = append(e.Relations.LearnWith, r.Slug)
		default:
			e.Relations.Related = append(e.Relations.Related, r.Slug)
		}
	}
	return nil
}

// Get returns the entry with slug, whatever its status.
func (s *Store) Get(ctx context.Context, slug string) (*knowledge.Entry, error) {
	found, err := scanEntry(s.pool.QueryRow(ctx, `SELECT `+entryColumns+` FROM entries e WHERE e.slug = $1`, slug))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("get entry %q: %w", slug, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get entry %q: %w", slug, err)
	}
	if err := loadRelations(ctx, s.pool, map[int64]*knowledge.Entry{found.id: found.entry}); err != nil {
		return nil, err
	}
	return found.entry, nil
}

// GetMany returns the published entries among slugs, in no particular
// order; unknown and unpublished slugs are left out.
func (s *Store) GetMany(ctx context.Context, slugs []string) ([]*knowledge.Entry, error) {
	if len(slugs) == 0 {
		return nil, nil
	}
	return s.List(ctx, Filter{Slugs: slugs, Status: knowledge.StatusPublished})
}

// Filter selects entries in List.
type Filter struct {
	Kind   knowledge.Kind   // empty: every kind
	Status knowledge.Status // empty: every status
	Slugs  []string         // empty: every slug
}

// List returns the entries matching f, by kind then slug.
func (s *Store) List(ctx context.Context, f Filter) ([]*knowledge.Entry, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+entryColumns+` FROM entries e
		WHERE ($1 = '' OR e.kind = $1) AND ($2 = '' OR e.status = $2)
		  AND (cardinality($3::text[]) = 0 OR e.slug = ANY($3))
		ORDER BY array_position(ARRAY['role','skill','training','insight'], e.kind), e.slug`,
		string(f.Kind), string(f.Status), nonNil(f.Slugs))
	if err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	found, err := pgx.CollectRows(rows, rowToEntry)
	if err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	out, byID := entriesOf(found)
	if err := loadRelations(ctx, s.pool, byID); err != nil {
		return nil, err
	}
	return out, nil
}

// Hashes returns the content hash of every stored entry, by slug.
func (s *Store) Hashes(ctx context.Context) (map[string]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT slug, content_hash FROM entries`)
	if err != nil {
		return nil, fmt.Errorf("read entry hashes: %w", err)
	}
	out := map[string]string{}
	var slug, hash string
	if _, err := pgx.ForEachRow(rows, []any{&slug, &hash}, func() error {
		out[slug] = hash
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read entry hashes: %w", err)
	}
	return out, nil
}

// Resolve finds the published entries of kind (any kind when empty) that a
// name designates: by slug, title or alias first, then by fuzzy title.
func (s *Store) Resolve(ctx context.Context, kind knowledge.Kind, name string, limit int) ([]knowledge.Match, error) {
	rows, err := s.pool.Query(ctx, `
		WITH q AS (SELECT careerbot_fold($2) AS name)
		SELECT `+entryColumns+`,
		       (e.slug = $3 OR careerbot_fold(e.title) = q.name OR careerbot_fold(e.title_en) = q.name
		        OR EXISTS (SELECT 1 FROM unnest(e.aliases) a WHERE careerbot_fold(a) = q.name)) AS exact,
		       greatest(word_similarity(q.name, careerbot_fold(e.title || ' ' || e.title_en)),
		                coalesce((SELECT max(similarity(q.name, careerbot_fold(a))) FROM unnest(e.aliases) a), 0)) AS sim
		FROM entries e, q
		WHERE e.status = 'published' AND ($1 = '' OR e.kind = $1)
		ORDER BY exact DESC, sim DESC, e.slug
		LIMIT $4`, string(kind), name, knowledge.Slugify(name), limit)
	if err != nil {
		return nil, fmt.Errorf("resolve %q: %w", name, err)
	}
	byID := map[int64]*knowledge.Entry{}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (knowledge.Match, error) {
		var sc entryScan
		var m knowledge.Match
		if err := r.Scan(append(sc.dests(), &m.Exact, &m.Similarity)...); err != nil {
			return m, err
		}
		found, err := sc.entry()
		if err != nil {
			return m, err
		}
		m.Entry, byID[found.id] = found.entry, found.entry
		return m, nil
	})
	if err != nil {
		return nil, fmt.Errorf("resolve %q: %w", name, err)
	}
	if err := loadRelations(ctx, s.pool, byID); err != nil {
		return nil, err
	}
	return out, nil
}

// Referrers returns the published entries that relate to slug, such as the
// insights that give a role's figures.
func (s *Store) Referrers(ctx context.Context, slug string) ([]*knowledge.Entry, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+entryColumns+` FROM entries e
		JOIN relations r ON r.from_id = e.id JOIN entries t ON t.id = r.to_id
		WHERE t.slug = $1 AND e.status = 'published'
		ORDER BY array_position(ARRAY['role','skill','training','insight'], e.kind), e.slug`, slug)
	if err != nil {
		return nil, fmt.Errorf("referrers of %q: %w", slug, err)
	}
	found, err := pgx.CollectRows(rows, rowToEntry)
	if err != nil {
		return nil, fmt.Errorf("referrers of %q: %w", slug, err)
	}
	out, _ := entriesOf(found)
	return out, nil
}

// Saved reports what Save did to one entry.
type Saved struct {
	ID       int64
	Revision int
	// Changed is false when the stored entry already had this content.
	Changed bool
	Created bool
}

// Save writes e within tx as a new revision by author, recording action
// ("import", "create", "update", …). When base is positive the stored
// revision must still be base, or Save returns ErrConflict. A "create" of
// a slug that is stored already, or that another transaction creates at
// the same time, returns ErrConflict too, and overwrites nothing. An entry
// whose content hash is unchanged is left untouched. Relations are
// written by SaveRelations once every entry of a batch exists.
func Save(ctx context.Context, tx pgx.Tx, e *knowledge.Entry, action, author string, base int) (Saved, error) {
	var st stored
	err := tx.QueryRow(ctx, `SELECT id, revision, content_hash FROM entries WHERE slug = $1 FOR UPDATE`, e.Slug).Scan(&st.id, &st.rev, &st.hash)
	if errors.Is(err, pgx.ErrNoRows) {
		st = stored{}
	} else if err != nil {
		return Saved{}, fmt.Errorf("save %s: %w", e.Slug, err)
	}
	if st.id != 0 && base > 0 && st.rev != base {
		return Saved{ID: st.id, Revision: st.rev}, fmt.Errorf("save %s: revision %d was saved since revision %d: %w", e.Slug, st.rev, base, ErrConflict)
	}
	if st.id != 0 && action == "create" {
		return Saved{ID: st.id, Revision: st.rev}, fmt.Errorf("save %s: the entry was created meanwhile (now revision %d): %w", e.Slug, st.rev, ErrConflict)
	}
	w, err := newEntryWrite(e, st, action, author)
	if err != nil || w.sql == "" {
		return w.saved, err
	}
	if err := tx.QueryRow(ctx, w.sql, w.args...).Scan(&w.saved.ID, &w.saved.Revision); err != nil {
		var pgErr *pgconn.PgError
		if st.id == 0 && errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "entries_slug_key" {
			return Saved{}, fmt.Errorf("save %s: the entry was created at the same time by someone else: %w", e.Slug, ErrConflict)
		}
		return Saved{}, fmt.Errorf("save %s: %w", e.Slug, err)
	}
	e.Revision = w.saved.Revision
	return w.saved, nil
}

// SaveMany writes entries within tx as Save does with no base revision,
// in a few round trips whatever their number: one to lock what is
// stored, the changed entries with their revisions, pipelined, and the
// new ones with COPY.
func SaveMany(ctx context.Context, tx pgx.Tx, entries []*knowledge.Entry, action, author string) ([]Saved, error) {
	slugs := make([]string, len(entries))
	for i, e := range entries {
		slugs[i] = e.Slug
	}
	rows, err := tx.Query(ctx, `SELECT slug, id, revision, content_hash FROM entries WHERE slug = ANY($1) ORDER BY id FOR UPDATE`, slugs)
	if err != nil {
		return nil, fmt.Errorf("read stored entries: %w", err)
	}
	known := map[string]stored{}
	var slug string
	var st stored
	if _, err := pgx.ForEachRow(rows, []any{&slug, &st.id, &st.rev, &st.hash}, func() error {
		known[slug] = st
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read stored entries: %w", err)
	}
	out := make([]Saved, len(entries))
	batch := &pgx.Batch{}
	var created []int
	var createdWrites []entryWrite
	for i, e := range entries {
		w, err := newEntryWrite(e, known[e.Slug], action, author)
		if err != nil {
			return nil, err
		}
		if w.sql == "" {
			out[i] = w.saved
			continue
		}
		if w.saved.Created {
			created = append(created, i)
			createdWrites = append(createdWrites, w)
			continue
		}
		batch.Queue(w.sql, w.args...).QueryRow(func(row pgx.Row) error {
			out[i] = w.saved
			if err := row.Scan(&out[i].ID, &out[i].Revision); err != nil {
				return fmt.Errorf("save %s: %w", e.Slug, err)
			}
			e.Revision = out[i].Revision
			return nil
		})
	}
	if batch.Len() > 0 {
		if err := tx.SendBatch(ctx, batch).Close(); err != nil {
			return nil, err
		}
	}
	if len(created) > 0 {
		ids, err := copyNewEntries(ctx, tx, createdWrites)
		if err != nil {
			return nil, err
		}
		for j, i := range created {
			out[i] = createdWrites[j].saved
			out[i].ID, out[i].Revision = ids[j], 1
			entries[i].Revision = 1
		}
	}
	return out, nil
}

// copyNewEntries writes new entries and their first revisions with COPY,
// two statements whatever their number, and returns their ids, allocated
// from the entries' identity first (COPY writes the given ids, as INSERT
// with OVERRIDING SYSTEM VALUE does).
func copyNewEntries(ctx context.Context, tx pgx.Tx, writes []entryWrite) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('entries', 'id')) FROM generate_series(1, $1)`, len(writes))
	if err != nil {
		return nil, fmt.Errorf("allocate entry ids: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("allocate entry ids: %w", err)
	}
	// The arguments of insertEntrySQL: $1–$13 the entry's fields, $14 its
	// content hash, $15 the author, $16 the action, $17 the snapshot, $18
	// backgrounds, $19 questions.
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"entries"},
		[]string{"id", "slug", "kind", "lang", "status", "title", "title_en", "aliases", "tags",
			"summary", "summary_en", "period", "body", "sources", "revision", "content_hash", "created_by", "updated_by",
			"backgrounds", "questions"},
		pgx.CopyFromSlice(len(writes), func(i int) ([]any, error) {
			a := writes[i].args
			return []any{ids[i], a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7],
				a[8], a[9], a[10], a[11], a[12], 1, a[13], a[14], a[14], a[17], a[18]}, nil
		}))
	if err != nil {
		return nil, fmt.Errorf("copy new entries: %w", err)
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"entry_revisions"},
		[]string{"entry_id", "revision", "action", "author", "snapshot"},
		pgx.CopyFromSlice(len(writes), func(i int) ([]any, error) {
			a := writes[i].args
			return []any{ids[i], 1, a[15], a[14], a[16]}, nil
		}))
	if err != nil {
		return nil, fmt.Errorf("copy revisions of new entries: %w", err)
	}
	return ids, nil
}

// stored is what an entry's row says before a save; the zero value is an
// entry not stored yet.
type stored struct {
	id   int64
	rev  int
	hash string
}

// entryWrite is the statement that saves one entry and records its
// revision; sql is empty when the stored entry already has this content.
type entryWrite struct {
	sql   string
	args  []any
	saved Saved
}

const (
	insertEntrySQL = `WITH e AS (
		INSERT INTO entries (slug, kind, lang, status, title, title_en, aliases, tags,
			summary, summary_en, period, body, sources, revision, content_hash, created_by, updated_by, backgrounds, questions)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $15, $15, $18, $19)
		RETURNING id, revision)
	INSERT INTO entry_revisions (entry_id, revision, action, author, snapshot)
	SELECT id, revision, $16, $15, $17 FROM e RETURNING entry_id, revision`
	updateEntrySQL = `WITH e AS (
		UPDATE entries SET slug = $1, kind = $2, lang = $3, status = $4, title = $5, title_en = $6,
			aliases = $7, tags = $8, summary = $9, summary_en = $10, period = $11, body = $12, sources = $13,
			revision = revision + 1, content_hash = $14, updated_by = $15, updated_at = now(),
			backgrounds = $18, questions = $19
		WHERE id = $20 RETURNING id, revision)
	INSERT INTO entry_revisions (entry_id, revision, action, author, snapshot)
	SELECT id, revision, $16, $15, $17 FROM e RETURNING entry_id, revision`
)

func newEntryWrite(e *knowledge.Entry, st stored, action, author string) (entryWrite, error) {
	hash := e.ContentHash()
	if st.id != 0 && st.hash == hash {
		return entryWrite{saved: Saved{ID: st.id, Revision: st.rev}}, nil
	}
	sources, err := json.Marshal(e.Sources)
	if err != nil {
		return entryWrite{}, fmt.Errorf("encode sources of %s: %w", e.Slug, err)
	}
	snapshot, err := json.Marshal(e)
	if err != nil {
		return entryWrite{}, fmt.Errorf("snapshot %s: %w", e.Slug, err)
	}
	if st.id == 0 && action == "" {
		action = "create"
	}
	w := entryWrite{
		sql: insertEntrySQL,
		args: []any{e.Slug, e.Kind, e.Lang, e.Status, e.Title, e.TitleEN, nonNil(e.Aliases), nonNil(e.Tags),
			e.Summary, e.SummaryEN, e.Period, e.Body, sources, hash, author, action, snapshot,
			nonNil(e.Backgrounds), nonNil(e.Questions)},
		saved: Saved{Changed: true, Created: st.id == 0},
	}
	if st.id != 0 {
		w.sql = updateEntrySQL
		w.args = append(w.args, st.id)
	}
	return w, nil
}

// SaveRelations replaces the relations of the entry id with e's.
func SaveRelations(ctx context.Context, tx pgx.Tx, id int64, e *knowledge.Entry) error {
	return SaveRelationsMany(ctx, tx, map[int64]*knowledge.Entry{id: e})
}

// SaveRelationsMany replaces the relations of every entry of entries (by
// id) with its own, in three statements whatever their number. Every
// related slug must be an entry by then.
func SaveRelationsMany(ctx context.Context, tx pgx.Tx, entries map[int64]*knowledge.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	var ids, from []int64
	var kinds, slugs []string
	var ords []int32
	owner := map[string]string{} // related slug → the first entry naming it
	for id, e := range entries {
		ids = append(ids, id)
		for i, r := range e.Relations.All() {
			from = append(from, id)
			kinds = append(kinds, string(r.Kind))
			slugs = append(slugs, r.Slug)
			ords = append(ords, int32(i))
			if _, ok := owner[r.Slug]; !ok {
				owner[r.Slug] = e.Slug
			}
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM relations WHERE from_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("save relations: %w", err)
	}
	if len(slugs) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO relations (from_id, kind, to_id, ordinal)
		SELECT r.from_id, r.kind, t.id, r.ord FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[]) AS r(from_id, kind, slug, ord)
		JOIN entries t ON t.slug = r.slug
		ON CONFLICT DO NOTHING`, from, kinds, slugs, ords)
	if err != nil {
		return fmt.Errorf("save relations: %w", err)
	}
	var missing []string
	if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(s ORDER BY s), '{}') FROM unnest($1::text[]) s
		WHERE NOT EXISTS (SELECT 1 FROM entries WHERE slug = s)`, slugs).Scan(&missing); err != nil {
		return fmt.Errorf("check relations: %w", err)
	}
	if len(missing) > 0 {
		return fmt.Errorf("save relations of %s: %q is not an entry: create it or fix the slug", owner[missing[0]], missing[0])
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Audit records an admin action, allowed or refused.
func (s *Store) Audit(ctx context.Context, actor, action, slug string, allowed bool, detail string) error {
	if _, err := s.pool.Exec(ctx, `INSERT INTO audit_log (actor, action, entry_slug, allowed, detail)
		VALUES ($1, $2, $3, $4, $5)`, actor, action, slug, allowed, detail); err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	return nil
}

// RecordQuestion stores q and returns its id.
func (s *Store) RecordQuestion(ctx context.Context, q knowledge.Question) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `INSERT INTO questions (user_hash, surface, lang, text, grounded, top_score, cited, composer, note, latency_ms)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		q.UserHash, q.Surface, q.Lang, q.Text, q.Grounded, q.TopScore, nonNil(q.Cited), q.Composer, q.Note, q.LatencyMS).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record question: %w", err)
	}
	return id, nil
}
