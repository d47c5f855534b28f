package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/careerbot/careerbot/bot/llm"
	"github.com/careerbot/careerbot/retrieval"
	"github.com/careerbot/careerbot/retrieval/local"
	"github.com/careerbot/careerbot/retrieval/modelapi"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// Defaults of the OpenAI-compatible API settings.
const (
	defaultEmbeddingModel  = "text-embedding-3-small"
	defaultAzureAPIVersion = "2024-06-01"
)

// maxChatResponse bounds the body of a chat model's response.
const maxChatResponse = 1 << 20

// LLMEnabled reports whether an OpenAI-compatible API is configured, so a
// chat model writes the answers.
func (c Config) LLMEnabled() bool { return c.OpenAIAPIKey != "" || c.OpenAIBaseURL != "" }

// apiHost names the configured API for logs, without credentials.
func (c Config) apiHost() string {
	if c.OpenAIBaseURL == "" {
		return "api.openai.com"
	}
	if u, err := url.Parse(c.OpenAIBaseURL); err == nil {
		return u.Host
	}
	return "?"
}

func (c Config) openAIClient(retries int, maxWait time.Duration, log *slog.Logger) modelapi.ClientConfig {
	return modelapi.ClientConfig{APIKey: c.OpenAIAPIKey, BaseURL: c.OpenAIBaseURL, Azure: c.OpenAIAzure,
		APIVersion: c.OpenAIAPIVersion, Retries: retries, MaxWait: maxWait, Logger: log}
}

// newComposer returns the LLM composer, or nil when no API is configured.
// A chat answer is retried once, briefly: the extractive answer is better
// than a long wait.
func newComposer(cfg Config, log *slog.Logger, observe func(llm.Call)) *llm.Composer {
	if !cfg.LLMEnabled() {
		return nil
	}
	cc := cfg.openAIClient(1, 2*time.Second, log)
	// A chat answer is small: a server that sends more, in one body or in
	// a stream, is not read past maxChatResponse (the composer stops a
	// stream far sooner, at its own caps).
	cc.MaxResponseBytes = maxChatResponse
	client := modelapi.NewClient(cc)
	// Azure OpenAI refuses stream_options in older API versions.
	return llm.New(client, llm.Config{Model: cfg.ChatModel, Timeout: cfg.LLMTimeout, StreamUsage: !cfg.OpenAIAzure, Observe: observe})
}

// newDrafter returns the chat model's drafter of catalog entries, or nil
// when no API is configured.
func newDrafter(cfg Config, log *slog.Logger) *llm.Drafter {
	if !cfg.LLMEnabled() {
		return nil
	}
	cc := cfg.openAIClient(1, 5*time.Second, log)
	cc.MaxResponseBytes = maxChatResponse
	return llm.NewDrafter(modelapi.NewClient(cc), llm.DraftConfig{Model: cfg.ChatModel})
}

// newAPIEmbedder returns an embedder of model through the configured API;
// dims > 0 are requested from the model.
func newAPIEmbedder(ctx context.Context, cfg Config, model string, dims int, log *slog.Logger) (*modelapi.Embedder, error) {
	return apiEmbedder(ctx, cfg, model, dims, false, log)
}

// apiEmbedder is newAPIEmbedder; patient embedders (a reindex) wait out
// long rate limits, the others (searches, imports) give up sooner.
func apiEmbedder(ctx context.Context, cfg Config, model string, dims int, patient bool, log *slog.Logger) (*modelapi.Embedder, error) {
	if !cfg.LLMEnabled() {
		return nil, errors.New("embedding with an OpenAI-compatible API needs OPENAI_API_KEY or OPENAI_BASE_URL")
	}
	client := modelapi.NewClient(embeddingClient(cfg, patient, log))
	e, err := modelapi.New(client, modelapi.Config{Model: model, Dims: dims, RequestDims: dims > 0})
	if err != nil {
		return nil, err
	}
	if err := e.Probe(ctx); err != nil {
		return nil, fmt.Errorf("measure the dimensions of %s (or set CAREERBOT_EMBEDDING_DIMS): %w", model, err)
	}
	return e, nil
}

// wantedEmbedder returns the embedder the configuration asks for.
func wantedEmbedder(ctx context.Context, cfg Config, log *slog.Logger) (retrieval.Embedder, error) {
	if cfg.Embedder != "openai" {
		return local.New(), nil
	}
	return newAPIEmbedder(ctx, cfg, cfg.EmbeddingModel, cfg.EmbeddingDims, log)
}

// wantedModelName is the stored model name the configuration asks for.
func wantedModelName(cfg Config) string {
	if cfg.Embedder != "openai" {
		return local.Model
	}
	return modelapi.ModelName(cfg.EmbeddingModel, cfg.EmbeddingDims, cfg.EmbeddingDims > 0)
}

// chooseEmbedder returns the embedder of the active model, which every
// replica reads from the database at start so all search the same vectors.
// On a knowledge base with no chunks yet, the configured model becomes the
// active one; otherwise changing model takes 'careerbot kb reindex'.
func chooseEmbedder(ctx context.Context, cfg Config, pool *pgxpool.Pool, log *slog.Logger) (retrieval.Embedder, error) {
	if err := upgradeLocalEmbedder(ctx, pool, log); err != nil {
		return nil, err
	}
	active, err := postgres.ActiveModel(ctx, pool)
	if errors.Is(err, postgres.ErrNoActiveModel) {
		active = postgres.Model{Name: local.Model, Dims: local.Dims}
	} else if err != nil {
		return nil, err
	}
	wanted := wantedModelName(cfg)
	if active.Name == wanted {
		if cfg.Embedder != "openai" {
			return local.New(), nil
		}
		return embedderFor(ctx, cfg, active, log)
	}
	chunks, err := postgres.CountChunks(ctx, pool)
	if err != nil {
		return nil, err
	}
	if chunks == 0 {
		emb, err := wantedEmbedder(ctx, cfg, log)
		if err != nil {
			return nil, err
		}
		ix, err := postgres.NewIndex(pool, emb)
		if err != nil {
			return nil, err
		}
		if _, err := ix.Reindex(ctx, 0, nil); err != nil {
			return nil, err
		}
		log.Info("embedding model activated on an empty knowledge base", "model", emb.Model(), "previous", active.Name)
		return emb, nil
	}
	log.Warn("the knowledge base's vectors are of another embedding model than configured: searching with it",
		"active", active.Name, "configured", wanted, "fix", reindexCommand(cfg))
	return embedderFor(ctx, cfg, active, log)
}

// upgradeLocalEmbedder moves a knowledge base whose vectors are of an
// earlier version of the offline embedder to the current one: this binary
// cannot embed questions the old way, so they would be compared with
// vectors of other features. The offline embedder needs nothing but CPU, so
// it is done at start, once (replicas starting together wait on a lock), and
// the old version's vectors and index are dropped.
func upgradeLocalEmbedder(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) error {
	stale := func() ([]postgres.Model, bool, error) {
		models, err := postgres.Models(ctx, pool)
		if err != nil {
			return nil, false, err
		}
		var old []postgres.Model
		activeOld := false
		for _, m := range models {
			if local.Superseded(m.Name) {
				old = append(old, m)
				activeOld = activeOld || m.Active
			}
		}
		return old, activeOld, nil
	}
	if old, _, err := stale(); err != nil || len(old) == 0 {
		return err
	}
	return postgres.WithLock(ctx, pool, "careerbot: upgrade the offline embedder", func() error {
		old, activeOld, err := stale()
		if err != nil || len(old) == 0 {
			return err
		}
		if activeOld {
			ix, err := postgres.NewIndex(pool, local.New())
			if err != nil {
				return err
			}
			rep, err := ix.Reindex(ctx, 0, nil)
			if err != nil {
				return fmt.Errorf("upgrade the offline embedder to %s: %w", local.Model, err)
			}
			log.Info("offline embedder upgraded: the knowledge base is embedded again", "from", rep.Previous, "to", local.Model, "chunks", rep.Chunks)
		}
		for _, m := range old {
			if err := postgres.DropModel(ctx, pool, m.Name); err != nil {
				return err
			}
		}
		return nil
	})
}

// reindexCommand is the command that makes the configured embedding model
// the active one.
func reindexCommand(cfg Config) string {
	if cfg.Embedder != "openai" {
		return "careerbot kb reindex --embedder local"
	}
	s := "careerbot kb reindex --embedder openai --model " + cfg.EmbeddingModel
	if cfg.EmbeddingDims > 0 {
		s += " --dims " + strconv.Itoa(cfg.EmbeddingDims)
	}
	return s
}

// embedderFor returns an embedder for a stored model.
func embedderFor(ctx context.Context, cfg Config, m postgres.Model, log *slog.Logger) (retrieval.Embedder, error) {
	if m.Name == local.Model {
		return local.New(), nil
	}
	if !cfg.LLMEnabled() {
		return nil, fmt.Errorf("the knowledge base's vectors are of %s, from an OpenAI-compatible API: set OPENAI_API_KEY or OPENAI_BASE_URL, or switch back with 'careerbot kb reindex --embedder local'", m.Name)
	}
	model, requested := modelapi.ParseModelName(m.Name)
	client := modelapi.NewClient(embeddingClient(cfg, false, log))
	return modelapi.New(client, modelapi.Config{Model: model, Dims: m.Dims, RequestDims: requested > 0})
}

// embeddingClient is the API client of embedders.
func embeddingClient(cfg Config, patient bool, log *slog.Logger) modelapi.ClientConfig {
	if patient {
		return cfg.openAIClient(6, time.Minute, log)
	}
	return cfg.openAIClient(2, 5*time.Second, log)
}
