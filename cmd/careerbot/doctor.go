package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	goslack "github.com/slack-go/slack"
	"github.com/spf13/cobra"

	"github.com/careerbot/careerbot/bot/slackapp"
	"github.com/careerbot/careerbot/internal/localdb"
	"github.com/careerbot/careerbot/migrations"
	"github.com/careerbot/careerbot/retrieval/modelapi"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// minVector is the oldest pgvector careerbot runs on: 0.8 brought the
// iterative index scans its filtered searches rely on.
const minVector = "0.8.0"

// checkStatus is the outcome of one doctor check.
type checkStatus int

const (
	checkOK checkStatus = iota
	checkWarn
	checkFail
	checkSkip
)

// checkResult is one line of the doctor's checklist.
type checkResult struct {
	Name   string
	Status checkStatus
	Detail string
	// Fix says what to do when the check did not pass.
	Fix string
}

func (e *env) doctorCmd() *cobra.Command {
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the database, pgvector, migrations, embeddings, Slack and the chat model, with a fix for each failure",
		Long: `Check what careerbot needs, one line per check, and say how to fix each
failure: the configuration, the database, the pgvector version (0.8 or later),
the migrations, the embedding model and its vectors, the Slack tokens and the
scopes the app manifest asks for, and the chat model behind OPENAI_BASE_URL.
Exits 1 when a check fails; warnings and skipped checks do not fail.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			results := runDoctor(ctx, e.getenv)
			failed := 0
			for _, r := range results {
				printCheck(e.stdout, r)
				if r.Status == checkFail {
					failed++
				}
			}
			if failed > 0 {
				return &exitError{code: 1, msg: fmt.Sprintf("careerbot doctor: %d of %d checks failed", failed, len(results))}
			}
			fmt.Fprintln(e.stdout, "careerbot doctor: all checks passed")
			return nil
		},
	}
	cmd.Flags().DurationVar(&timeout, "timeout", 30*time.Second, "longest time for all the checks")
	return cmd
}

func printCheck(w io.Writer, r checkResult) {
	mark := map[checkStatus]string{checkOK: "ok  ", checkWarn: "warn", checkFail: "FAIL", checkSkip: "skip"}[r.Status]
	fmt.Fprintf(w, "[%s] %-14s %s\n", mark, r.Name, r.Detail)
	if r.Fix != "" && (r.Status == checkFail || r.Status == checkWarn) {
		fmt.Fprintf(w, "       %-14s fix: %s\n", "", r.Fix)
	}
}

// runDoctor runs every check; a check whose prerequisite failed is
// skipped.
func runDoctor(ctx context.Context, getenv func(string) string) []checkResult {
	var out []checkResult
	add := func(r checkResult) { out = append(out, r) }
	cfg, err := LoadConfig(getenv)
	if err != nil {
		add(checkResult{Name: "configuration", Status: checkFail, Detail: err.Error(),
			Fix: "correct the variables named above; 'careerbot env' lists them all"})
		return out
	}
	add(checkResult{Name: "configuration", Detail: "environment variables valid"})

	dbChecks(ctx, cfg, add)
	add(slackCheck(ctx, cfg))
	add(llmCheck(ctx, cfg))
	return out
}

// dbChecks checks the database, pgvector, the migrations and the vectors.
func dbChecks(ctx context.Context, cfg Config, add func(checkResult)) {
	skip := func(names ...string) {
		for _, n := range names {
			add(checkResult{Name: n, Status: checkSkip, Detail: "needs the database"})
		}
	}
	// A plain pool: careerbot's own registers pgvector's types, which
	// fails without the extension, and that is checked next.
	pool, err := pgxpool.New(ctx, cfg.DatabaseURL)
	if err == nil {
		defer pool.Close()
		err = pool.Ping(ctx)
	}
	where := cfg.databaseAddr()
	if cfg.LocalDatabase {
		where += " (the local cluster, " + localdb.PortVar + "=" + strconv.Itoa(cfg.PGPort) + ")"
	}
	if err != nil {
		fix := "check DATABASE_URL (host, port, user, password, database name, sslmode) and that PostgreSQL runs and accepts connections from here; or unset it to use the local cluster of 'make db'"
		if cfg.LocalDatabase {
			fix = "start the local cluster with 'make db' (with the same " + localdb.PortVar + ", or PGPORT), or set DATABASE_URL to another server"
		}
		add(checkResult{Name: "database", Status: checkFail, Detail: "unreachable at " + where + ": " + oneLine(redactErr(err, cfg.DatabaseURL)), Fix: fix})
		skip("pgvector", "migrations", "embeddings")
		return
	}
	var version string
	if err := pool.QueryRow(ctx, `SHOW server_version`).Scan(&version); err != nil {
		version = "?"
	}
	add(checkResult{Name: "database", Detail: "PostgreSQL " + version + " reachable at " + where})

	installed, available, err := postgres.VectorVersion(ctx, pool)
	add(vectorCheck(installed, available, err))

	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	pending, err := migrations.Pending(ctx, db)
	switch {
	case err != nil:
		add(checkResult{Name: "migrations", Status: checkFail, Detail: err.Error(), Fix: "run 'careerbot migrate' and read its error"})
	case pending > 0:
		add(checkResult{Name: "migrations", Status: checkFail, Detail: fmt.Sprintf("%d pending", pending),
			Fix: "run 'careerbot migrate' (serve applies them at start, under a lock, so one replica migrates)"})
	default:
		add(checkResult{Name: "migrations", Detail: "all applied"})
	}
	if err != nil || pending > 0 {
		add(checkResult{Name: "embeddings", Status: checkSkip, Detail: "needs the migrations"})
		return
	}
	add(embeddingsCheck(ctx, cfg, pool))
}

// vectorCheck judges the pgvector versions: installed in the database and
// available on the server.
func vectorCheck(installed, available string, err error) checkResult {
	switch {
	case errors.Is(err, postgres.ErrNoVector) && available == "":
		return checkResult{Name: "pgvector", Status: checkFail, Detail: "the vector extension is not available on this server",
			Fix: "install pgvector " + minVector + " or later on the server (or use the pgvector/pgvector image; on a managed service, enable the vector extension), then run 'careerbot migrate'"}
	case errors.Is(err, postgres.ErrNoVector):
		fix := "run 'careerbot migrate' (serve does it at start) with a role allowed to CREATE EXTENSION, or have an administrator run CREATE EXTENSION vector"
		if versionLess(available, minVector) {
			fix = "upgrade pgvector on the server to " + minVector + " or later (" + available + " is available), then " + fix
		}
		return checkResult{Name: "pgvector", Status: checkFail, Detail: "the vector extension is not installed in this database (" + available + " available)", Fix: fix}
	case err != nil:
		return checkResult{Name: "pgvector", Status: checkFail, Detail: err.Error(), Fix: "check the database role can read pg_extension"}
	case versionLess(installed, minVector):
		fix := "run ALTER EXTENSION vector UPDATE as the database owner"
		if versionLess(available, minVector) {
			fix = "install pgvector " + minVector + " or later on the server (" + available + " is available), then " + fix
		}
		return checkResult{Name: "pgvector", Status: checkFail, Detail: "pgvector " + installed + " installed; careerbot needs " + minVector + " or later", Fix: fix}
	default:
		return checkResult{Name: "pgvector", Detail: "pgvector " + installed}
	}
}

// embeddingsCheck checks the active embedding model: its vectors, that
// the configured model is the one searching, and that an API model
// answers.
func embeddingsCheck(ctx context.Context, cfg Config, pool *pgxpool.Pool) checkResult {
	r := checkResult{Name: "embeddings"}
	cov, err := postgres.ActiveCoverage(ctx, pool)
	if errors.Is(err, postgres.ErrNoActiveModel) {
		r.Status, r.Detail, r.Fix = checkFail, "no active embedding model", "run 'careerbot kb reindex' to embed the knowledge base and activate a model"
		return r
	}
	if err != nil {
		r.Status, r.Detail, r.Fix = checkFail, err.Error(), "run 'careerbot migrate' and check the database"
		return r
	}
	r.Detail = fmt.Sprintf("model %s: %d chunks, %d with vectors", cov.Model, cov.Chunks, cov.Embedded)
	switch {
	case cov.Chunks == 0:
		r.Status, r.Detail, r.Fix = checkFail, "the knowledge base is empty (model "+cov.Model+")", "run 'careerbot kb import' to load the built-in knowledge base (or 'careerbot kb import DIR' for yours)"
		return r
	case cov.Missing() > 0:
		r.Status, r.Fix = checkFail, fmt.Sprintf("%d chunks have no vector, so searches miss them: run 'careerbot kb reindex'", cov.Missing())
		return r
	}
	emb, err := embedderFor(ctx, cfg, postgres.Model{Name: cov.Model, Dims: dimsOf(ctx, pool, cov.Model)}, discardLogger())
	if err != nil {
		r.Status, r.Fix = checkFail, err.Error()
		return r
	}
	if _, err := emb.Embed(ctx, []string{"careerbot doctor"}); err != nil {
		model, _ := modelapi.ParseModelName(cov.Model)
		r.Status, r.Detail = checkFail, fmt.Sprintf("model %s does not embed: %s", cov.Model, modelapi.Describe(err))
		r.Fix = fmt.Sprintf("check OPENAI_BASE_URL and OPENAI_API_KEY, and that the API serves the embedding model %s (or switch back with 'careerbot kb reindex --embedder local')", model)
		return r
	}
	if want := wantedModelName(cfg); want != cov.Model {
		r.Status = checkWarn
		r.Detail += fmt.Sprintf("; the configuration asks for %s", want)
		r.Fix = fmt.Sprintf("searches use %s until you run '%s', or set the configuration back to it", cov.Model, reindexCommand(cfg))
	}
	return r
}

func dimsOf(ctx context.Context, pool *pgxpool.Pool, model string) int {
	ms, err := postgres.Models(ctx, pool)
	if err != nil {
		return 0
	}
	for _, m := range ms {
		if m.Name == model {
			return m.Dims
		}
	}
	return 0
}

// slackCheck checks the bot token with auth.test, the scopes it was
// granted against the manifest's, and the app-level token of Socket Mode.
func slackCheck(ctx context.Context, cfg Config) checkResult {
	r := checkResult{Name: "slack"}
	if !cfg.SlackEnabled() {
		r.Status, r.Detail = checkSkip, "SLACK_BOT_TOKEN not set ('careerbot serve' needs it; see docs/slack-setup.md)"
		return r
	}
	if err := checkSlackConfig(cfg); err != nil {
		r.Status, r.Detail, r.Fix = checkFail, "settings incomplete", err.Error()
		return r
	}
	capture := &headerCapture{base: http.DefaultTransport}
	opts := []goslack.Option{goslack.OptionHTTPClient(&http.Client{Timeout: 15 * time.Second, Transport: capture})}
	if cfg.SlackAPIURL != "" {
		opts = append(opts, goslack.OptionAPIURL(cfg.SlackAPIURL))
	}
	if cfg.SlackAppToken != "" {
		opts = append(opts, goslack.OptionAppLevelToken(cfg.SlackAppToken))
	}
	api := goslack.New(cfg.SlackBotToken, opts...)
	auth, err := api.AuthTestContext(ctx)
	if err != nil {
		r.Status, r.Detail = checkFail, "auth.test refused the bot token: "+err.Error()
		r.Fix = "copy the Bot User OAuth Token (xoxb-…) again from the app's OAuth & Permissions page into SLACK_BOT_TOKEN; reinstall the app if it was uninstalled"
		return r
	}
	r.Detail = fmt.Sprintf("bot %s in team %s", auth.User, auth.Team)
	want, err := slackapp.BotScopes()
	if err != nil {
		r.Status, r.Fix = checkFail, err.Error()
		return r
	}
	header := capture.get("auth.test")
	if header == nil || header.Get("X-OAuth-Scopes") == "" {
		r.Status, r.Detail = checkWarn, r.Detail+"; Slack did not report the token's scopes"
		r.Fix = "check on the app's OAuth & Permissions page that the bot has the scopes of deploy/slack/manifest.yaml: " + strings.Join(want, ", ")
	} else {
		var granted []string
		for _, s := range strings.Split(header.Get("X-OAuth-Scopes"), ",") {
			granted = append(granted, strings.TrimSpace(s))
		}
		var missing []string
		for _, s := range want {
			if !slices.Contains(granted, s) {
				missing = append(missing, s)
			}
		}
		if len(missing) > 0 {
			r.Status, r.Detail = checkFail, r.Detail+"; scopes missing: "+strings.Join(missing, ", ")
			r.Fix = "add these bot scopes (or update the app from deploy/slack/manifest.yaml), reinstall the app to the workspace, and put the new bot token in SLACK_BOT_TOKEN"
			return r
		}
		r.Detail += fmt.Sprintf("; all %d scopes of the manifest granted", len(want))
	}
	if cfg.SlackAppToken != "" {
		if _, _, err := api.StartSocketModeContext(ctx); err != nil {
			r.Status, r.Detail = checkFail, r.Detail+"; Socket Mode refused the app-level token: "+err.Error()
			r.Fix = "create an app-level token with the connections:write scope (Basic Information → App-Level Tokens) and put it in SLACK_APP_TOKEN; check Socket Mode is enabled"
			return r
		}
		r.Detail += "; Socket Mode token accepted"
	} else {
		r.Detail += "; HTTP mode (point the app's request URLs at /slack/events, /slack/commands, /slack/interactivity)"
	}
	return r
}

// headerCapture keeps the response headers of the Slack methods called.
type headerCapture struct {
	base    http.RoundTripper
	mu      sync.Mutex
	headers map[string]http.Header
}

func (c *headerCapture) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(req)
	if err == nil {
		c.mu.Lock()
		if c.headers == nil {
			c.headers = map[string]http.Header{}
		}
		c.headers[req.URL.Path[strings.LastIndexByte(req.URL.Path, '/')+1:]] = resp.Header.Clone()
		c.mu.Unlock()
	}
	return resp, err
}

func (c *headerCapture) get(method string) http.Header {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.headers[method]
}

// llmCheck asks the chat model for a one-word reply.
func llmCheck(ctx context.Context, cfg Config) checkResult {
	r := checkResult{Name: "chat model"}
	if !cfg.LLMEnabled() {
		r.Status, r.Detail = checkSkip, "no OPENAI_API_KEY or OPENAI_BASE_URL: answers are extractive (quoted from the knowledge base)"
		return r
	}
	c := newComposer(cfg, discardLogger(), nil)
	if err := c.Ping(ctx); err != nil {
		r.Status, r.Detail = checkFail, fmt.Sprintf("%s at %s: %v", cfg.ChatModel, cfg.apiHost(), err)
		switch s := modelapi.Status(err); {
		case s == http.StatusUnauthorized || s == http.StatusForbidden:
			r.Fix = "check OPENAI_API_KEY (for Azure OpenAI, the resource's key)"
		case s == http.StatusNotFound:
			r.Fix = "check CAREERBOT_CHAT_MODEL names a model the API serves (for Azure OpenAI, a deployment; for Ollama, a pulled model) and OPENAI_BASE_URL ends with /v1 where the API expects it"
		case s == http.StatusTooManyRequests:
			r.Fix = "the API is rate limiting or out of quota: check the account's limits and billing"
		case s == 0:
			r.Fix = "check OPENAI_BASE_URL is right and reachable from here (proxy, firewall, DNS)"
		default:
			r.Fix = "read the error above; check OPENAI_BASE_URL, OPENAI_API_KEY and CAREERBOT_CHAT_MODEL"
		}
		return r
	}
	r.Detail = fmt.Sprintf("%s at %s answers", cfg.ChatModel, cfg.apiHost())
	return r
}

// versionLess compares dotted versions such as 0.7.4 and 0.8.0.
func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(pa), len(pb)) {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}

// redactErr is err's message without the database URL's password.
func redactErr(err error, dbURL string) string {
	msg := err.Error()
	if i := strings.Index(dbURL, "://"); i >= 0 {
		if at := strings.LastIndexByte(dbURL, '@'); at > i {
			if colon := strings.IndexByte(dbURL[i+3:at], ':'); colon >= 0 {
				if pw := dbURL[i+3+colon+1 : at]; pw != "" {
					msg = strings.ReplaceAll(msg, pw, "xxxxx")
				}
			}
		}
	}
	return msg
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// oneLine joins the lines of a multi-line error message.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
