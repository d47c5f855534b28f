// Package kbtest wires careerbot's assistant on a fresh test database with
// the built-in knowledge base loaded, for tests of every layer above
// retrieval.
package kbtest

import (
	"context"
	"testing"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/base"
	"github.com/careerbot/careerbot/retrieval/local"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// Env is a test database with the built-in knowledge base imported.
type Env struct {
	DB        *pgtest.DB
	Store     *postgres.Store
	Index     *postgres.Index
	Catalog   *postgres.Catalog
	Assistant *bot.Assistant
}

// New returns an Env whose assistant uses composer (nil: extractive only)
// and records questions.
func New(t testing.TB, composer bot.Composer) *Env {
	t.Helper()
	return NewWith(t, composer)
}

// NewWith is New with extra entries imported next to the built-in ones.
func NewWith(t testing.TB, composer bot.Composer, extra ...*knowledge.Entry) *Env {
	t.Helper()
	db := pgtest.New(t)
	index, err := postgres.NewIndex(db.Pool, local.New())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := knowledge.ReadCatalog(base.FS, ".")
	if err != nil {
		t.Fatalf("read built-in catalog: %v", err)
	}
	cat.Entries = append(cat.Entries, extra...)
	catalog := postgres.NewCatalog(db.Pool, index)
	if _, err := catalog.Import(context.Background(), cat, "test"); err != nil {
		t.Fatalf("import the catalog: %v", err)
	}
	store := postgres.New(db.Pool)
	a := bot.New(bot.Deps{Search: index, Entries: store, Catalog: store, Recorder: store, Rehasher: store, Composer: composer}, bot.DefaultConfig)
	return &Env{DB: db, Store: store, Index: index, Catalog: catalog, Assistant: a}
}
