package main

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/careerbot/careerbot/bot/metrics"
	"github.com/careerbot/careerbot/bot/slackapp"
	"github.com/careerbot/careerbot/knowledge/draft"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

func (e *env) serveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Serve Slack: Socket Mode with SLACK_APP_TOKEN, otherwise HTTP on CAREERBOT_HTTP_ADDR",
		Long: `Serve Slack until interrupted (SIGINT or SIGTERM), then stop taking events and
let the answers in flight finish.

With SLACK_APP_TOKEN (xapp-…) careerbot connects to Slack over Socket Mode and
needs no public URL. Without it, careerbot listens on CAREERBOT_HTTP_ADDR for
/slack/events, /slack/commands and /slack/interactivity, verifying every request
with SLACK_SIGNING_SECRET. In both modes it serves on CAREERBOT_HTTP_ADDR, or
on CAREERBOT_OPS_ADDR alone when that is set:
  /healthz  the process is alive
  /readyz   the database answers, migrations are applied, the vectors exist,
            and in Socket Mode the connection to Slack is up
  /metrics  Prometheus metrics, named careerbot_*
On SIGTERM it stops taking events and lets answers in flight finish within
CAREERBOT_SHUTDOWN_TIMEOUT. Replicas share everything through the database.
Every hour it erases the text of questions older than
CAREERBOT_QUESTION_RETENTION. The admins of CAREERBOT_ADMINS and
CAREERBOT_ADMIN_GROUP curate the knowledge base from the App Home and
/career-admin (docs/hr-guide.md).
See docs/slack-setup.md to create the Slack app, docs/operations.md to run it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := e.config()
			if err != nil {
				return err
			}
			if err := checkSlackConfig(cfg); err != nil {
				return &exitError{code: 2, msg: "careerbot serve: " + err.Error()}
			}
			m := metrics.New()
			app, err := e.open(cmd.Context(), openOptions{Migrate: true, Record: true, Metrics: m, Answers: true})
			if err != nil {
				return err
			}
			defer app.Close()
			ready := app.readiness()
			defer ready.Close()
			if cfg.UserSaltDerived {
				app.Log.Warn("CAREERBOT_USER_SALT is not set: user ids are hashed with a salt derived from SLACK_BOT_TOKEN; set CAREERBOT_USER_SALT to a long random secret so that the hashes survive a token rotation")
			}
			if len(cfg.Admins) == 0 && cfg.AdminGroup == "" {
				app.Log.Warn("no admin: set CAREERBOT_ADMINS or CAREERBOT_ADMIN_GROUP so that HR can curate the knowledge base from Slack (see docs/hr-guide.md)")
			}
			purgeCtx, stopPurge := context.WithCancel(cmd.Context())
			purged := make(chan struct{})
			go func() {
				defer close(purged)
				purgeQuestionTexts(purgeCtx, app.Store, cfg.QuestionRetention, purgeInterval, time.Now, app.Log)
			}()
			defer func() { stopPurge(); <-purged }()
			// Admins' pasted articles are drafted by the chat model when
			// one is configured, else offline.
			var drafter draft.Drafter
			if d := newDrafter(cfg, app.Log); d != nil {
				drafter = d
			}
			srv := slackapp.NewServer(slackapp.Config{
				BotToken:        cfg.SlackBotToken,
				AppToken:        cfg.SlackAppToken,
				SigningSecret:   cfg.SlackSigningSecret,
				APIURL:          cfg.SlackAPIURL,
				Addr:            cfg.HTTPAddr,
				OpsAddr:         cfg.OpsAddr,
				CommandPrefix:   cfg.CommandPrefix,
				LinkDomains:     cfg.LinkDomains,
				UserSalt:        cfg.UserSalt,
				AnswerLease:     cfg.AnswerLease,
				RecoveryMaxAge:  cfg.RecoveryMaxAge,
				MaxAnswers:      cfg.MaxAnswers,
				DatabaseTimeout: cfg.DatabaseTimeout,
				ShutdownTimeout: cfg.ShutdownTimeout,
				Ready:           ready.Check,
				Endpoints:       map[string]http.Handler{"GET /metrics": m.Handler()},
				Metrics:         m,
				Logger:          app.Log,
				Curation:        postgres.Curation{Store: app.Store, Catalog: app.Catalog},
				Drafter:         drafter,
				Admins:          cfg.Admins,
				AdminGroup:      cfg.AdminGroup,
			}, m.Answerer(app.Assistant), app.Store)
			return srv.Run(cmd.Context())
		},
	}
}

var tokenPattern = regexp.MustCompile(`^x(oxb|app)-[A-Za-z0-9-]{8,}$`)

// checkSlackConfig reports what serving Slack needs and lacks, naming the
// variables.
func checkSlackConfig(c Config) error {
	var problems []string
	switch {
	case c.SlackBotToken == "":
		problems = append(problems, "SLACK_BOT_TOKEN is not set: set it to the app's Bot User OAuth Token (xoxb-…, under OAuth & Permissions); see docs/slack-setup.md")
	case !tokenPattern.MatchString(c.SlackBotToken):
		problems = append(problems, "SLACK_BOT_TOKEN is malformed: a bot token looks like xoxb-123-456-abc, copy it again from OAuth & Permissions")
	}
	if c.SlackAppToken != "" && !tokenPattern.MatchString(c.SlackAppToken) {
		problems = append(problems, "SLACK_APP_TOKEN is malformed: an app-level token looks like xapp-1-A123-456-abc, copy it again from Basic Information → App-Level Tokens")
	}
	if c.SlackAppToken == "" {
		switch {
		case c.SlackSigningSecret == "":
			problems = append(problems, "SLACK_SIGNING_SECRET is not set: HTTP mode (no SLACK_APP_TOKEN) verifies every request with it; copy it from Basic Information → App Credentials, or set SLACK_APP_TOKEN to use Socket Mode")
		case len(c.SlackSigningSecret) < 16 || strings.ContainsAny(c.SlackSigningSecret, " \t"):
			problems = append(problems, "SLACK_SIGNING_SECRET is malformed: copy the whole Signing Secret from Basic Information → App Credentials")
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}
