package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	goslack "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/slacktest"
	"github.com/careerbot/careerbot/knowledge"
	kbase "github.com/careerbot/careerbot/knowledge/base"
)

func TestCurationConfig(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string // a problem, or "" for none
	}{
		{"admins and group", map[string]string{"CAREERBOT_ADMINS": "U0123ABCD, W0456EFGH", "CAREERBOT_ADMIN_GROUP": "S0HR"}, ""},
		{"admin by name", map[string]string{"CAREERBOT_ADMINS": "U0123ABCD,@alice"}, `CAREERBOT_ADMINS must list Slack user ids such as U0123ABCD (profile → ⋮ → Copy member ID), separated by commas, not "@alice"`},
		{"group by handle", map[string]string{"CAREERBOT_ADMIN_GROUP": "@hr-team"}, "CAREERBOT_ADMIN_GROUP must be a Slack user group id such as S0123ABCD"},
		{"short salt", map[string]string{"CAREERBOT_USER_SALT": "pepper"}, "CAREERBOT_USER_SALT must be at least 16 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadConfig(func(k string) string { return tt.env[k] })
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
	c, err := LoadConfig(func(k string) string {
		return map[string]string{"CAREERBOT_ADMINS": "U0123ABCD, W0456EFGH", "CAREERBOT_ADMIN_GROUP": "S0HR"}[k]
	})
	if err != nil || strings.Join(c.Admins, ",") != "U0123ABCD,W0456EFGH" || c.AdminGroup != "S0HR" {
		t.Fatalf("admins %v group %q (%v)", c.Admins, c.AdminGroup, err)
	}
}

// Without CAREERBOT_USER_SALT, serve hashes user ids with a secret salt
// derived from the bot token: the same on every replica, never empty.
func TestDerivedUserSalt(t *testing.T) {
	load := func(env map[string]string) Config {
		c, err := LoadConfig(func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	a := load(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1234-5678-abcdef"})
	b := load(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1234-5678-abcdef"})
	other := load(map[string]string{"SLACK_BOT_TOKEN": "xoxb-9999-5678-abcdef"})
	set := load(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1234-5678-abcdef", "CAREERBOT_USER_SALT": "0123456789abcdef0123"})
	switch {
	case !a.UserSaltDerived || len(a.UserSalt) < minSaltLength || a.UserSalt != b.UserSalt || a.UserSalt == other.UserSalt:
		t.Fatalf("derived salts: %+v %+v %+v", a.UserSalt, b.UserSalt, other.UserSalt)
	case strings.Contains(a.UserSalt, "xoxb"):
		t.Fatal("the salt shows the token")
	case set.UserSaltDerived || set.UserSalt != "0123456789abcdef0123":
		t.Fatalf("set salt: %+v", set)
	case bot.HashUser(a.UserSalt, "U0ALICE") == bot.HashUser("", "U0ALICE"):
		t.Fatal("hash without salt")
	}
	if c := load(nil); c.UserSaltDerived || c.UserSalt != "" {
		t.Fatalf("terminal use without a token: %+v", c)
	}
}

// careerbot serve wires the administration: an admin of CAREERBOT_ADMINS
// gets /career-admin stats, anyone else a refusal naming the admins; user
// ids are stored hashed with the salt.
func TestServeCareerAdmin(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	sl := slacktest.New(t)
	env := c.env
	socketModeEnv(env, sl.APIURL)
	env["CAREERBOT_HTTP_ADDR"] = "127.0.0.1:0"
	env["CAREERBOT_ADMINS"] = "U0ADMIN"
	env["CAREERBOT_USER_SALT"] = "a-long-secret-salt-for-tests"
	stop := serve(t, env)
	defer stop()
	sl.WaitConnections(t, 1)
	ask := func(user string) string {
		url := sl.ResponseURL()
		sl.WaitAck(t, sl.Send(t, slacktest.Envelope{Type: "slash_commands", Payload: goslack.SlashCommand{
			Command: "/career-admin", Text: "stats", UserID: user, ChannelID: "C0HR", ResponseURL: url, TriggerID: "trigger-" + user}}))
		var got string
		slacktest.WaitFor(t, 20*time.Second, "the /career-admin reply", func() bool {
			for _, r := range sl.Calls("response") {
				if strings.HasSuffix(url, r.Path) {
					got = strings.Join(r.Strings(), "\n")
					return true
				}
			}
			return false
		})
		return got
	}
	if got := ask("U0ADMIN"); !strings.Contains(got, "• Roles: ") || !strings.Contains(got, "Last 7 days") {
		t.Fatalf("admin: %s", got)
	}
	if got := ask("U0BOB"); !strings.Contains(got, "Only careerbot's admins") || !strings.Contains(got, "<@U0ADMIN>") {
		t.Fatalf("non-admin: %s", got)
	}

	// A question's asker is stored as the salted hash, never in clear.
	sl.WaitAck(t, sl.Send(t, slacktest.Envelope{Type: "events_api", Payload: slacktest.EventCallback(t, "Ev0HASH",
		&slackevents.MessageEvent{Type: "message", User: "U0BOB", Text: "What does a data scientist do?", TimeStamp: "1700000000.000300", Channel: "D0BOB", ChannelType: "im"})}))
	conn, err := pgx.Connect(context.Background(), env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var hash string
	slacktest.WaitFor(t, 20*time.Second, "the question recorded", func() bool {
		return conn.QueryRow(context.Background(), `SELECT user_hash FROM questions WHERE surface = 'slack_dm'`).Scan(&hash) == nil
	})
	if hash != bot.HashUser("a-long-secret-salt-for-tests", "U0BOB") {
		t.Fatalf("user_hash %q is not the salted hash of the user id", hash)
	}
	var clear int
	if err := conn.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM questions WHERE user_hash LIKE '%U0BOB%' OR text LIKE '%U0BOB%') + (SELECT count(*) FROM feedback WHERE user_hash LIKE '%U0BOB%')`).Scan(&clear); err != nil || clear != 0 {
		t.Fatalf("user id in clear: %d (%v)", clear, err)
	}
}

// The entry examples of the HR guide are valid entries, one of each kind,
// whose relations point to entries of the built-in knowledge base.
func TestHRGuideExamples(t *testing.T) {
	b, err := os.ReadFile("../../docs/hr-guide.md")
	if err != nil {
		t.Fatal(err)
	}
	base, err := knowledge.ReadCatalog(kbase.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, e := range base.Entries {
		known[e.Slug] = true
	}
	kinds := map[knowledge.Kind]bool{}
	parts := strings.Split(string(b), "```markdown\n")
	for _, p := range parts[1:] {
		src, _, _ := strings.Cut(p, "```")
		e, err := knowledge.Parse("example", []byte(src))
		if err != nil {
			t.Fatalf("example does not parse: %v\n%s", err, src)
		}
		if ps := knowledge.Check(e); len(ps) > 0 {
			t.Fatalf("example %s: %v", e.Slug, ps)
		}
		for _, r := range e.Relations.All() {
			if !known[r.Slug] {
				t.Errorf("example %s relates to %q, not an entry", e.Slug, r.Slug)
			}
		}
		kinds[e.Kind] = true
	}
	for _, k := range knowledge.Kinds {
		if !kinds[k] {
			t.Errorf("no example of a %s", k)
		}
	}
}
