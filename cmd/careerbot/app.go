package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/bot/llm"
	"github.com/careerbot/careerbot/bot/metrics"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/migrations"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// App holds careerbot's wired components. Only this package builds it.
type App struct {
	Config    Config
	Log       *slog.Logger
	Pool      *pgxpool.Pool
	Store     *postgres.Store
	Index     *postgres.Index
	Catalog   *postgres.Catalog
	Assistant *bot.Assistant
	// Published is how many published entries the knowledge base had when
	// it was opened for a command that answers (openOptions.Answers).
	Published int
}

// openOptions says what Open prepares.
type openOptions struct {
	// Migrate applies pending migrations first.
	Migrate bool
	// Record keeps the questions asked.
	Record bool
	// Answers says the command answers questions: an empty knowledge base
	// is then counted and warned about (Published).
	Answers bool
	// Metrics, when set, times searches and counts chat model calls.
	Metrics *metrics.Metrics
}

// Migrate applies pending migrations to the database at url, under an
// advisory lock.
func Migrate(ctx context.Context, url string, log *slog.Logger) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("connect to database: %w (is PostgreSQL running? run 'make db' or check DATABASE_URL)", err)
	}
	return migrations.Up(ctx, db, log)
}

// Open connects to the database and wires the assistant.
func Open(ctx context.Context, cfg Config, log *slog.Logger, opt openOptions) (*App, error) {
	if opt.Migrate {
		if err := Migrate(ctx, cfg.DatabaseURL, log); err != nil {
			return nil, err
		}
	}
	pool, err := postgres.Connect(ctx, cfg.DatabaseURL, postgres.Config{})
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to database: %w (is PostgreSQL running? run 'make db' or check DATABASE_URL)", err)
	}
	emb, err := chooseEmbedder(ctx, cfg, pool, log)
	if err != nil {
		pool.Close()
		return nil, err
	}
	index, err := postgres.NewIndex(pool, emb)
	if err != nil {
		pool.Close()
		return nil, err
	}
	store := postgres.New(pool)
	// Every database call made while answering is bounded.
	search := index.WithQueryTimeout(cfg.DatabaseTimeout)
	deps := bot.Deps{Search: search, Entries: store, Catalog: store, Logger: log, Mask: masker(cfg.Secrets())}
	var observe func(llm.Call)
	if opt.Metrics != nil {
		deps.Search, observe = opt.Metrics.Searcher(search), opt.Metrics.ObserveLLM
		opt.Metrics.Pool(pool)
	}
	if opt.Record {
		deps.Recorder, deps.Counter, deps.Rehasher = store, store, store
	}
	// Which composer and embedder answer, once at start.
	if c := newComposer(cfg, log, observe); c != nil {
		deps.Composer, deps.Rewriter = c, c
		log.Info("answers written by a chat model", "composer", c.Name(), "chat_model", c.Model(), "api", cfg.apiHost(),
			"llm_timeout", cfg.LLMTimeout.String(), "embedder", emb.Model(), "dims", emb.Dims())
	} else {
		log.Info("answers quoted from the knowledge base (set OPENAI_API_KEY or OPENAI_BASE_URL for written answers)",
			"composer", "extractive", "embedder", emb.Model(), "dims", emb.Dims())
	}
	published := 0
	if opt.Answers {
		if published, err = publishedEntries(ctx, store); err != nil {
			pool.Close()
			return nil, err
		}
	}
	if opt.Answers && published == 0 {
		log.Warn("the knowledge base has no published entry: every question will be answered as not covered",
			"fix", "run 'careerbot kb import' (make run does it), or check that DATABASE_URL names the database you imported into")
	}
	cfgBot := bot.DefaultConfig
	cfgBot.UserSalt = cfg.UserSalt
	cfgBot.RateLimit, cfgBot.RateWindow = cfg.RateLimit, cfg.RateWindow
	cfgBot.StoreTimeout = cfg.DatabaseTimeout
	return &App{
		Config: cfg, Log: log, Pool: pool, Store: store, Index: index, Published: published,
		Catalog:   postgres.NewCatalog(pool, index),
		Assistant: bot.New(deps, cfgBot),
	}, nil
}

// publishedEntries counts the entries answers can come from.
func publishedEntries(ctx context.Context, store *postgres.Store) (int, error) {
	st, err := store.Stats(ctx, time.Now())
	if err != nil {
		return 0, fmt.Errorf("count the published entries: %w", err)
	}
	n := 0
	for _, byStatus := range st.Entries {
		n += byStatus[knowledge.StatusPublished]
	}
	return n, nil
}

// Close releases the database pool.
func (a *App) Close() {
	if a.Pool != nil {
		a.Pool.Close()
	}
}
