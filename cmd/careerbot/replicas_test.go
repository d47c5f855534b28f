package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/internal/proctest"
	"github.com/careerbot/careerbot/internal/slacktest"
	"github.com/careerbot/careerbot/migrations"
)

// emptyDB creates a database with nothing in it, not even the schema,
// dropped when t ends.
func emptyDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "careerbot_test_empty_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, pgtest.AdminURL())
	if err != nil {
		t.Fatalf("connect (run 'make db'): %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), pgtest.AdminURL())
		if err != nil {
			t.Errorf("connect to drop %s: %v", name, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
	})
	u, err := url.Parse(pgtest.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Two `careerbot serve` processes on one new database, both connected to
// Slack over Socket Mode: the schema is migrated once although both start
// together; the knowledge base imported afterwards serves both; each
// question, delivered to one replica and redelivered to the other, is
// answered exactly once; a follow-up reaching the replica that did not
// answer the question is answered with the thread's earlier turns.
func TestTwoReplicasAnswerEachQuestionOnce(t *testing.T) {
	dbURL := emptyDB(t)
	sl := slacktest.New(t)
	base := map[string]string{
		"DATABASE_URL": dbURL, "SLACK_BOT_TOKEN": "xoxb-1234-5678-abcdef", "SLACK_APP_TOKEN": "xapp-1-A1-2345678",
		"SLACK_API_URL": sl.APIURL, "CAREERBOT_LOG_FORMAT": "json", "CAREERBOT_LOG_LEVEL": "info", "CAREERBOT_RATE_LIMIT": "0",
	}
	addrs := []string{proctest.FreeAddr(t), proctest.FreeAddr(t)}
	var replicas []*process
	for _, addr := range addrs {
		replicas = append(replicas, start(t, copyEnv(base, "CAREERBOT_HTTP_ADDR", addr), "serve"))
	}
	sl.WaitConnections(t, 2)

	// Migrations ran once, by one replica, under the advisory lock.
	files, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	applied := 0
	for _, r := range replicas {
		applied += strings.Count(r.stderr.String(), `"msg":"migration applied"`)
	}
	if applied != len(files) {
		t.Errorf("%d migrations applied by the two replicas, want %d (each once)", applied, len(files))
	}
	var rows, versions int
	if err := queryRow(t, dbURL, `SELECT count(*), count(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0`, nil, &rows, &versions); err != nil {
		t.Fatal(err)
	}
	if rows != len(files) || versions != len(files) {
		t.Errorf("goose_db_version has %d rows for %d versions, want %d of each", rows, versions, len(files))
	}

	// Not ready until there is a knowledge base; ready without a restart
	// once it is imported.
	if code, body := get("http://" + addrs[0] + "/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "kb import") {
		t.Errorf("/readyz on an empty knowledge base: %d %q, want 503 asking for 'careerbot kb import'", code, body)
	}
	kb := &cli{t: t, env: map[string]string{"DATABASE_URL": dbURL, "CAREERBOT_LOG_LEVEL": "error"}}
	kb.mustRun("kb", "import")
	for i, r := range replicas {
		r.waitReady(addrs[i])
	}

	questions := []string{
		"What does a prompt engineer do?", "Que fait un data scientist ?", "What skills does a machine learning engineer need?",
		"Quelle formation pour devenir prompt engineer ?", "What does an AI product manager do?", "What is MLOps?",
	}
	for i, q := range questions {
		ts := fmt.Sprintf("1700001%03d.000100", i)
		ev := &slackevents.AppMentionEvent{Type: "app_mention", User: fmt.Sprintf("U0USER%d", i), Text: "<@" + slacktest.BotUserID + "> " + q,
			TimeStamp: ts, Channel: "C0GENERAL", EventTimeStamp: ts}
		cb := slacktest.EventCallback(t, fmt.Sprintf("Ev0Q%d", i), ev)
		// Slack sends it to one connection, then, as if the ack were late,
		// again to the other.
		first := sl.SendOn(t, i%2, slacktest.Envelope{Type: "events_api", Payload: cb})
		retry := sl.SendOn(t, (i+1)%2, slacktest.Envelope{Type: "events_api", Payload: cb, RetryAttempt: 1})
		sl.WaitAck(t, first)
		sl.WaitAck(t, retry)
	}
	slacktest.WaitFor(t, 60*time.Second, "every question answered", func() bool { return len(finals(sl)) >= len(questions) })

	// A follow-up in the first thread, delivered to both replicas.
	root := "1700001000.000100"
	follow := slacktest.EventCallback(t, "Ev0FOLLOW", &slackevents.MessageEvent{Type: "message", User: "U0USER0",
		Text: "and which skills does it take?", TimeStamp: "1700001000.000200", ThreadTimeStamp: root, Channel: "C0GENERAL", ChannelType: "channel"})
	for i := range 2 {
		sl.WaitAck(t, sl.SendOn(t, i, slacktest.Envelope{Type: "events_api", Payload: follow, RetryAttempt: i}))
	}
	slacktest.WaitFor(t, 30*time.Second, "the follow-up answered", func() bool { return len(finals(sl)) >= len(questions)+1 })
	time.Sleep(500 * time.Millisecond) // a second answer, if any, would show by now

	perThread := map[string]int{}
	for _, c := range sl.Calls("chat.postMessage") {
		perThread[c.Param("thread_ts")]++
	}
	for i := range questions {
		ts := fmt.Sprintf("1700001%03d.000100", i)
		want := 1
		if ts == root {
			want = 2 // the question and its follow-up
		}
		if perThread[ts] != want {
			t.Errorf("thread %s (%q): %d messages posted, want %d", ts, questions[i], perThread[ts], want)
		}
	}
	if got := len(finals(sl)); got != len(questions)+1 {
		t.Errorf("%d answers delivered, want %d", got, len(questions)+1)
	}
	var recorded, turns int
	if err := queryRow(t, dbURL, `SELECT (SELECT count(*) FROM questions), (SELECT count(*) FROM thread_turns WHERE thread_ts = $1)`, []any{root}, &recorded, &turns); err != nil {
		t.Fatal(err)
	}
	if recorded != len(questions)+1 {
		t.Errorf("%d questions recorded, want %d", recorded, len(questions)+1)
	}
	if turns != 4 {
		t.Errorf("%d turns in the first thread, want 4 (the follow-up saw the question and its answer)", turns)
	}
	answeredBy := 0
	for _, r := range replicas {
		if strings.Contains(r.stderr.String(), `"msg":"slack: answered"`) {
			answeredBy++
		}
	}
	t.Logf("answers given by %d of the 2 replicas", answeredBy)

	for _, r := range replicas {
		r.signal(syscall.SIGTERM)
	}
	for _, r := range replicas {
		if code := r.wait(30 * time.Second); code != 0 {
			t.Errorf("replica exited with %d, want 0; stderr:\n%s", code, r.stderr.String())
		}
	}
	slacktest.WaitFor(t, 5*time.Second, "Socket Mode connections closed", func() bool {
		open, _ := sl.Connections()
		return open == 0
	})
}

// finals returns the updates that replaced a placeholder with an answer.
func finals(sl *slacktest.Server) []slacktest.Call {
	var out []slacktest.Call
	for _, u := range sl.Calls("chat.update") {
		if !strings.HasPrefix(u.Param("text"), "⏳") {
			out = append(out, u)
		}
	}
	return out
}

// queryRow runs one query on the database at dbURL.
func queryRow(t *testing.T, dbURL, sql string, args []any, dest ...any) error {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	return conn.QueryRow(context.Background(), sql, args...).Scan(dest...)
}
