package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/careerbot/careerbot/retrieval"
	"github.com/careerbot/careerbot/retrieval/local"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

func (e *env) kbReindexCmd() *cobra.Command {
	var embedder, model string
	var dims, batch int
	cmd := &cobra.Command{
		Use:   "reindex [--embedder local|openai] [--model NAME] [--dims N]",
		Short: "Embed every chunk with another embedding model, then switch searches to it",
		Long: `Embeds every chunk into the new model's vectors while searches keep using the
active model, then switches to the new model in one transaction. Vectors of
the previous model stay. Chunks whose text is unchanged reuse the vectors
already stored, and an interrupted reindex resumes where it stopped.

Every running 'careerbot serve' keeps searching with the model it read at
start, and from the switch on its /readyz reports "active embedding model
changed": restart them all right after, for example with
'kubectl rollout restart deployment/careerbot' or
'docker compose restart careerbot'.`,
		Example: `  careerbot kb reindex --embedder openai --model text-embedding-3-small
  careerbot kb reindex --embedder openai --model text-embedding-3-large --dims 1024
  careerbot kb reindex --embedder local`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := e.config()
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("embedder") {
				embedder = cfg.Embedder
			}
			embedder = strings.ToLower(embedder)
			if !cmd.Flags().Changed("model") {
				model = cfg.EmbeddingModel
			}
			if !cmd.Flags().Changed("dims") {
				dims = cfg.EmbeddingDims
			}
			usage := func(format string, args ...any) error {
				return &exitError{code: 2, msg: "careerbot kb reindex: " + fmt.Sprintf(format, args...)}
			}
			switch embedder {
			case "local":
				if cmd.Flags().Changed("model") || cmd.Flags().Changed("dims") {
					return usage("--model and --dims are for --embedder openai; the local embedder is %s with %d dimensions", local.Model, local.Dims)
				}
			case "openai":
				if !cfg.LLMEnabled() {
					return usage("--embedder openai needs an API: set OPENAI_API_KEY (and OPENAI_BASE_URL for Azure OpenAI, Ollama, vLLM or LocalAI)")
				}
				if strings.TrimSpace(model) == "" {
					return usage("--model is empty: give the embedding model, such as text-embedding-3-small")
				}
				if dims < 0 || dims > 2000 {
					return usage("--dims must be from 1 to 2000, not %d", dims)
				}
			default:
				return usage("--embedder must be local or openai, not %q", embedder)
			}
			return e.withApp(cmd, openOptions{Migrate: true}, func(app *App) error {
				var emb retrieval.Embedder = local.New()
				if embedder == "openai" {
					api, err := apiEmbedder(cmd.Context(), cfg, model, dims, true, app.Log)
					if err != nil {
						return err
					}
					emb = api
				}
				ix, err := postgres.NewIndex(app.Pool, emb)
				if err != nil {
					return err
				}
				bar := progressbar.NewOptions(1,
					progressbar.OptionSetWriter(e.stderr),
					progressbar.OptionSetDescription("embedding with "+emb.Model()),
					progressbar.OptionShowCount(),
					progressbar.OptionSetPredictTime(true),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionSetRenderBlankState(true),
				)
				rep, err := ix.Reindex(cmd.Context(), batch, func(done, total int) {
					bar.ChangeMax(max(total, 1))
					_ = bar.Set(done)
				})
				_ = bar.Finish()
				fmt.Fprintln(e.stderr)
				if err != nil {
					return fmt.Errorf("%w\nSearches still use the previous model; run the same command again to resume", err)
				}
				fmt.Fprintf(e.stdout, "reindexed %d chunks with %s (%d embedded, %d reused stored vectors); active embedding model: %s (was %s)\n",
					rep.Chunks, rep.Model, rep.Embedded, rep.Chunks-rep.Embedded, rep.Model, rep.Previous)
				if rep.Previous != rep.Model {
					fmt.Fprintf(e.stdout, "Set CAREERBOT_EMBEDDER=%s%s and restart every careerbot serve now (kubectl rollout restart deployment/careerbot, or docker compose restart careerbot): each searches with the model it read at start, and reports not ready until restarted.\n",
						embedder, modelHint(embedder, model, dims))
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&embedder, "embedder", "", "local or openai (default: CAREERBOT_EMBEDDER, which defaults to local)")
	cmd.Flags().StringVar(&model, "model", "", "embedding model of the API (default: CAREERBOT_EMBEDDING_MODEL, which defaults to "+defaultEmbeddingModel+")")
	cmd.Flags().IntVar(&dims, "dims", 0, "vector length to request from the model, 1 to 2000 (default: CAREERBOT_EMBEDDING_DIMS, or the model's own)")
	cmd.Flags().IntVar(&batch, "batch", postgres.DefaultReindexBatch, "chunks embedded per round")
	return cmd
}

func modelHint(embedder, model string, dims int) string {
	if embedder != "openai" {
		return ""
	}
	s := " CAREERBOT_EMBEDDING_MODEL=" + model
	if dims > 0 {
		s += fmt.Sprintf(" CAREERBOT_EMBEDDING_DIMS=%d", dims)
	}
	return s
}
