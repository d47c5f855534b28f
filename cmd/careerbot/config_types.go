package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/careerbot/careerbot/bot/slackapp"
	"github.com/careerbot/careerbot/internal/localdb"
)

// The types of the environment's variables. Each parses and checks one kind
// of value; its error says what the value must be, after the variable's name
// ("CAREERBOT_LOG_FORMAT must be text or json, not "xml"").

// trimmed is text whose surrounding spaces are dropped.
type trimmed string

func (t *trimmed) UnmarshalText(b []byte) error {
	*t = trimmed(strings.TrimSpace(string(b)))
	return nil
}

// postgresURL is a postgres:// or postgresql:// URL.
type postgresURL string

func (p *postgresURL) UnmarshalText(b []byte) error {
	u, err := url.Parse(string(b))
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		// The value is not repeated: it may hold a password.
		return errors.New("must be a URL such as postgres://user:password@host:5432/careerbot")
	}
	*p = postgresURL(b)
	return nil
}

// pgPort is the local cluster's port.
type pgPort int

func (p *pgPort) UnmarshalText(b []byte) error {
	n, err := localdb.ParsePort(string(b))
	*p = pgPort(n)
	return err
}

// logFormat is "text" or "json", in any case.
type logFormat string

func (f *logFormat) UnmarshalText(b []byte) error {
	v := strings.ToLower(string(b))
	if v != "text" && v != "json" {
		return fmt.Errorf("must be text or json, not %q", v)
	}
	*f = logFormat(v)
	return nil
}

// logLevel is a slog level by name.
type logLevel slog.Level

func (l *logLevel) UnmarshalText(b []byte) error {
	var lvl slog.Level
	if err := lvl.UnmarshalText(b); err != nil {
		return fmt.Errorf("must be debug, info, warn or error, not %q", b)
	}
	*l = logLevel(lvl)
	return nil
}

// minSaltLength is the shortest CAREERBOT_USER_SALT accepted.
const minSaltLength = 16

// salt is a secret of at least minSaltLength characters, kept as given.
type salt string

func (s *salt) UnmarshalText(b []byte) error {
	if utf8.RuneCount(b) < minSaltLength {
		// The value is not repeated: it is a secret.
		return fmt.Errorf("must be at least %d characters: use a long random secret, e.g. the output of openssl rand -hex 32", minSaltLength)
	}
	*s = salt(b)
	return nil
}

// botToken is a Slack bot token, xoxb-….
type botToken string

func (t *botToken) UnmarshalText(b []byte) error {
	v := strings.TrimSpace(string(b))
	if !strings.HasPrefix(v, "xoxb-") {
		return errors.New("must be a bot token starting with xoxb-")
	}
	*t = botToken(v)
	return nil
}

// appToken is a Slack app-level token, xapp-….
type appToken string

func (t *appToken) UnmarshalText(b []byte) error {
	v := strings.TrimSpace(string(b))
	if !strings.HasPrefix(v, "xapp-") {
		return errors.New("must be an app-level token starting with xapp-")
	}
	*t = appToken(v)
	return nil
}

// isHTTPURL reports whether v is an absolute http(s) URL.
func isHTTPURL(v string) bool {
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// slackAPIURL is the Slack Web API's base URL, kept with a final slash.
type slackAPIURL string

func (s *slackAPIURL) UnmarshalText(b []byte) error {
	v := string(b)
	if !isHTTPURL(v) {
		return errors.New("must be an http(s) URL such as https://slack.com/api/")
	}
	if !strings.HasSuffix(v, "/") {
		v += "/"
	}
	*s = slackAPIURL(v)
	return nil
}

// apiURL is the base URL of an OpenAI-compatible API. A wrong one is kept
// all the same, so that the rules that need a base URL (Azure, the API
// embedder) do not report it missing as well.
type apiURL string

func (a *apiURL) UnmarshalText(b []byte) error {
	v := strings.TrimSpace(string(b))
	*a = apiURL(v)
	if !isHTTPURL(v) {
		return fmt.Errorf("must be an http(s) URL such as https://api.openai.com/v1 or http://localhost:11434/v1, not %q", v)
	}
	return nil
}

// apiType is "openai" (or "open_ai") or "azure".
type apiType string

func (a *apiType) UnmarshalText(b []byte) error {
	v := strings.ToLower(strings.TrimSpace(string(b)))
	switch v {
	case "", "openai", "open_ai":
		*a = "openai"
	case "azure":
		*a = "azure"
	default:
		return fmt.Errorf("must be openai or azure, not %q", v)
	}
	return nil
}

// embedderName is "local" or "openai".
type embedderName string

func (e *embedderName) UnmarshalText(b []byte) error {
	v := strings.ToLower(strings.TrimSpace(string(b)))
	if v != "local" && v != "openai" {
		return fmt.Errorf("must be local or openai, not %q", v)
	}
	*e = embedderName(v)
	return nil
}

// positiveDuration is a duration above zero.
type positiveDuration time.Duration

func (d *positiveDuration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(strings.TrimSpace(string(b)))
	if err != nil || v <= 0 {
		return fmt.Errorf("must be a positive duration such as 20s, not %q", b)
	}
	*d = positiveDuration(v)
	return nil
}

// retention is a duration of zero or more.
type retention time.Duration

func (r *retention) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil || v < 0 {
		return fmt.Errorf("must be a duration such as 2160h, not %q", b)
	}
	*r = retention(v)
	return nil
}

// lease is a duration of at least a second.
type lease time.Duration

func (l *lease) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil || v < time.Second {
		return fmt.Errorf("must be a duration of at least 1s such as 2m, not %q", b)
	}
	*l = lease(v)
	return nil
}

// rate is N questions per window, or "0" for no limit.
type rate struct {
	N      int
	Window time.Duration
}

func (r *rate) UnmarshalText(b []byte) error {
	v := string(b)
	if strings.TrimSpace(v) == "0" {
		*r = rate{}
		return nil
	}
	ns, ds, found := strings.Cut(v, "/")
	n, err := strconv.Atoi(strings.TrimSpace(ns))
	d, derr := time.ParseDuration(strings.TrimSpace(ds))
	if !found || err != nil || n < 1 || derr != nil || d <= 0 {
		return fmt.Errorf("must be N/DURATION such as 10/1m, or 0 for no limit, not %q", v)
	}
	*r = rate{N: n, Window: d}
	return nil
}

// positiveInt is a whole number of at least 1.
type positiveInt int

func (p *positiveInt) UnmarshalText(b []byte) error {
	n, err := strconv.Atoi(string(b))
	if err != nil || n < 1 {
		return fmt.Errorf("must be a positive number such as 8, not %q", b)
	}
	*p = positiveInt(n)
	return nil
}

// dims is a vector length from 1 to 2000, pgvector's limit for an index.
type dims int

func (d *dims) UnmarshalText(b []byte) error {
	v := strings.TrimSpace(string(b))
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 2000 {
		return fmt.Errorf("must be a whole number from 1 to 2000, not %q", v)
	}
	*d = dims(n)
	return nil
}

// listItems splits a list separated by commas or spaces.
func listItems(b []byte) []string {
	return strings.FieldsFunc(string(b), func(r rune) bool { return r == ',' || r == ' ' })
}

var domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$`)

// domainList is a list of domain names, in lower case, without a leading
// dot. Every item that is not a domain is a problem of its own.
type domainList []string

func (l *domainList) UnmarshalText(b []byte) error {
	var out domainList
	var errs []error
	for _, d := range listItems([]byte(strings.ToLower(string(b)))) {
		d = strings.TrimPrefix(d, ".")
		if !domainPattern.MatchString(d) {
			errs = append(errs, fmt.Errorf("must list domains such as coursera.org,example.com (no scheme, no path), not %q", d))
			continue
		}
		out = append(out, d)
	}
	*l = out
	return errors.Join(errs...)
}

// userIDList is a list of Slack user ids. Every item that is not one is a
// problem of its own.
type userIDList []string

func (l *userIDList) UnmarshalText(b []byte) error {
	var out userIDList
	var errs []error
	for _, id := range listItems(b) {
		if !slackapp.ValidUserID(id) {
			errs = append(errs, fmt.Errorf("must list Slack user ids such as U0123ABCD (profile → ⋮ → Copy member ID), separated by commas, not %q", id))
			continue
		}
		out = append(out, id)
	}
	*l = out
	return errors.Join(errs...)
}

// groupID is a Slack user group id.
type groupID string

func (g *groupID) UnmarshalText(b []byte) error {
	v := strings.TrimSpace(string(b))
	if !slackapp.ValidGroupID(v) {
		return fmt.Errorf("must be a Slack user group id such as S0123ABCD, not %q", v)
	}
	*g = groupID(v)
	return nil
}

// commandPrefix is put before careerbot's slash command names.
type commandPrefix string

func (p *commandPrefix) UnmarshalText(b []byte) error {
	v := strings.TrimSpace(string(b))
	if err := slackapp.ValidateCommandPrefix(v); err != nil {
		return errors.New("is wrong: " + err.Error())
	}
	*p = commandPrefix(v)
	return nil
}
