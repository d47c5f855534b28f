package main

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	slackbot "github.com/careerbot/careerbot/bot/slack"
	"github.com/careerbot/careerbot/internal/metrics"
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
with SLACK_SIGNING_SECRET. In both modes it serves on CAREERBOT_HTTP_ADDR:
  /healthz  the process is alive
  /readyz   the database answers, migrations are applied, the vectors exist
  /metrics  Prometheus metrics, named careerbot_*
On SIGTERM it stops taking events and lets answers in flight finish within
CAREERBOT_SHUTDOWN_TIMEOUT. Replicas share everything through the database.
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
			app, err := e.open(cmd.Context(), openOptions{Migrate: true, Record: true, Metrics: m})
			if err != nil {
				return err
			}
			defer app.Close()
			ready := newReadiness(app.Pool)
			defer ready.Close()
			srv := slackbot.NewServer(slackbot.Config{
				BotToken:        cfg.SlackBotToken,
				AppToken:        cfg.SlackAppToken,
				SigningSecret:   cfg.SlackSigningSecret,
				APIURL:          cfg.SlackAPIURL,
				Addr:            cfg.HTTPAddr,
				LinkDomains:     cfg.LinkDomains,
				UserSalt:        cfg.UserSalt,
				AnswerLease:     cfg.AnswerLease,
				ShutdownTimeout: cfg.ShutdownTimeout,
				Ready:           ready.Check,
				Endpoints:       map[string]http.Handler{"GET /metrics": m.Handler()},
				Metrics:         m,
				Logger:          app.Log,
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

var domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$`)

// parseLinkDomains reads CAREERBOT_LINK_DOMAINS: domains separated by
// commas or spaces.
func parseLinkDomains(v string, bad func(string, ...any)) []string {
	var out []string
	for _, d := range strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return r == ',' || r == ' ' }) {
		d = strings.TrimPrefix(d, ".")
		if !domainPattern.MatchString(d) {
			bad("CAREERBOT_LINK_DOMAINS must list domains such as coursera.org,example.com (no scheme, no path), not %q", d)
			continue
		}
		out = append(out, d)
	}
	return out
}
