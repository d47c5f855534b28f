package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/bot/llm"
	"github.com/careerbot/careerbot/bot/metrics"
	"github.com/careerbot/careerbot/internal/kbtest"
	"github.com/careerbot/careerbot/retrieval"
)

type answerFunc func(context.Context, bot.Question) (bot.Answer, error)

func (f answerFunc) Answer(ctx context.Context, q bot.Question) (bot.Answer, error) { return f(ctx, q) }

type searchFunc func(context.Context, retrieval.Query) ([]retrieval.Hit, error)

func (f searchFunc) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	return f(ctx, q)
}

// scrape returns the metrics page.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("/metrics: %d", rec.Code)
	}
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

// Every metric the issue names is exported under careerbot_, with the
// labels operators filter on.
func TestMetricsExported(t *testing.T) {
	m := metrics.New()
	kb := kbtest.New(t, nil)
	m.Pool(kb.DB.Pool)
	a := m.Answerer(answerFunc(func(_ context.Context, q bot.Question) (bot.Answer, error) {
		switch q.Text {
		case "down":
			return bot.Answer{}, bot.ErrUnavailable
		case "":
			return bot.Answer{}, &bot.InputError{Msg: "Your question is empty"}
		}
		return bot.Answer{Lang: "fr", Grounded: true}, nil
	}))
	ctx := context.Background()
	for _, q := range []bot.Question{{Text: "Que fait un data scientist ?", Surface: "slack_mention"}, {Text: "down", Surface: "slack_dm"}, {Surface: "slack_command"}} {
		_, _ = a.Answer(ctx, q)
	}
	s := m.Searcher(searchFunc(func(context.Context, retrieval.Query) ([]retrieval.Hit, error) { return nil, errors.New("boom") }))
	_, _ = s.Search(ctx, retrieval.Query{Text: "x"})
	m.ObserveLLM(llm.Call{Op: "compose", Model: "gpt-4o-mini", Duration: time.Second, PromptTokens: 100, CompletionTokens: 20})
	m.ObserveLLM(llm.Call{Op: "rewrite", Model: "gpt-4o-mini", Duration: time.Second, Err: errors.New("timeout")})
	m.Acked("event")
	m.Redelivered("event")
	m.Duplicate("event")
	m.Voted(1)
	m.Voted(-1)
	page := scrape(t, m)
	for _, want := range []string{
		`careerbot_questions_total{grounded="true",lang="fr",surface="slack_mention"} 1`,
		`careerbot_answer_errors_total{reason="unavailable",surface="slack_dm"} 1`,
		`careerbot_answer_errors_total{reason="input",surface="slack_command"} 1`,
		`careerbot_answer_duration_seconds_count{surface="slack_mention"} 1`,
		`careerbot_retrieval_duration_seconds_count 1`,
		`careerbot_retrieval_errors_total 1`,
		`careerbot_llm_calls_total{model="gpt-4o-mini",op="compose"} 1`,
		`careerbot_llm_errors_total{model="gpt-4o-mini",op="rewrite"} 1`,
		`careerbot_llm_tokens_total{kind="prompt",model="gpt-4o-mini"} 100`,
		`careerbot_llm_tokens_total{kind="completion",model="gpt-4o-mini"} 20`,
		`careerbot_llm_duration_seconds_count{op="compose"} 1`,
		`careerbot_slack_acks_total{kind="event"} 1`,
		`careerbot_slack_acks_total{kind="command"} 0`,
		`careerbot_slack_redeliveries_total{kind="event"} 1`,
		`careerbot_slack_deduplicated_total{kind="event"} 1`,
		`careerbot_feedback_votes_total{vote="up"} 1`,
		`careerbot_feedback_votes_total{vote="down"} 1`,
		`careerbot_db_pool_max_conns 8`,
		`careerbot_db_pool_total_conns `,
		`careerbot_db_pool_acquires_total `,
		`go_goroutines `,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, "# HELP ") {
			name := strings.Fields(line)[2]
			if !strings.HasPrefix(name, "careerbot_") && !strings.HasPrefix(name, "go_") && !strings.HasPrefix(name, "process_") {
				t.Errorf("metric %s is not prefixed careerbot_", name)
			}
		}
	}
}
