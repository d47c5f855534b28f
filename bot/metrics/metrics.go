// Package metrics exposes careerbot's Prometheus metrics, all named
// careerbot_*: questions answered, answer and retrieval latency, chat model
// calls and tokens, Slack deliveries, feedback votes and the database pool.
// It wraps the components cmd wires together; the components know nothing
// of Prometheus.
package metrics

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/bot/llm"
	"github.com/careerbot/careerbot/retrieval"
)

// Metrics holds careerbot's metrics in their own registry.
type Metrics struct {
	reg *prometheus.Registry

	questions      *prometheus.CounterVec
	answerErrors   *prometheus.CounterVec
	answerSeconds  *prometheus.HistogramVec
	retrieval      prometheus.Histogram
	retrievalErrs  prometheus.Counter
	llmCalls       *prometheus.CounterVec
	llmErrors      *prometheus.CounterVec
	llmTokens      *prometheus.CounterVec
	llmSeconds     *prometheus.HistogramVec
	slackAcks      *prometheus.CounterVec
	slackRedeliver *prometheus.CounterVec
	slackDuplicate *prometheus.CounterVec
	votes          *prometheus.CounterVec
}

// New returns the metrics, with the Go runtime's and the process's.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	f := func(c prometheus.Collector) { m.reg.MustRegister(c) }
	f(collectors.NewGoCollector())
	f(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	latency := []float64{.05, .1, .25, .5, 1, 2, 4, 8, 15, 30}
	m.questions = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "careerbot_questions_total",
		Help: "Questions answered, by surface (slack_mention, slack_dm, slack_command…), language and whether the answer was grounded in the knowledge base."},
		[]string{"surface", "lang", "grounded"})
	m.answerErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "careerbot_answer_errors_total",
		Help: "Questions not answered, by surface and reason: input (the asker's message was refused), rate_limited, unavailable (knowledge base down), canceled, other."},
		[]string{"surface", "reason"})
	m.answerSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "careerbot_answer_duration_seconds",
		Help: "Time to answer a question, retrieval and chat model included, by surface.", Buckets: latency},
		[]string{"surface"})
	m.retrieval = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "careerbot_retrieval_duration_seconds",
		Help: "Time of one hybrid search of the knowledge base (embedding of the question included).", Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5}})
	m.retrievalErrs = prometheus.NewCounter(prometheus.CounterOpts{Name: "careerbot_retrieval_errors_total",
		Help: "Searches of the knowledge base that failed."})
	m.llmCalls = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "careerbot_llm_calls_total",
		Help: "Requests to the chat model, by operation (compose, rewrite) and model."}, []string{"op", "model"})
	m.llmErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "careerbot_llm_errors_total",
		Help: "Requests to the chat model that failed (the extractive answer was given instead), by operation and model."}, []string{"op", "model"})
	m.llmTokens = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "careerbot_llm_tokens_total",
		Help: "Tokens the chat model's server reported, by model and kind (prompt, completion)."}, []string{"model", "kind"})
	m.llmSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "careerbot_llm_duration_seconds",
		Help: "Time of one request to the chat model, by operation.", Buckets: latency}, []string{"op"})
	m.slackAcks = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "careerbot_slack_acks_total",
		Help: "Deliveries from Slack acknowledged, by kind (event, command, interaction)."}, []string{"kind"})
	m.slackRedeliver = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "careerbot_slack_redeliveries_total",
		Help: "Deliveries Slack sent again because an earlier one was not acknowledged in time, by kind."}, []string{"kind"})
	m.slackDuplicate = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "careerbot_slack_deduplicated_total",
		Help: "Deliveries not answered because the same message was already answered (by this replica or another), by kind."}, []string{"kind"})
	m.votes = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "careerbot_feedback_votes_total",
		Help: "Feedback votes on answers, by vote (up, down)."}, []string{"vote"})
	for _, c := range []prometheus.Collector{m.questions, m.answerErrors, m.answerSeconds, m.retrieval, m.retrievalErrs,
		m.llmCalls, m.llmErrors, m.llmTokens, m.llmSeconds, m.slackAcks, m.slackRedeliver, m.slackDuplicate, m.votes} {
		f(c)
	}
	// Series that exist before the first event, so that rate() and alerts
	// see a zero rather than nothing.
	for _, k := range []string{"event", "command", "interaction"} {
		m.slackAcks.WithLabelValues(k)
		m.slackRedeliver.WithLabelValues(k)
		m.slackDuplicate.WithLabelValues(k)
	}
	m.votes.WithLabelValues("up")
	m.votes.WithLabelValues("down")
	return m
}

// Registry returns the registry, for tests and more collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Answerer answers questions: the assistant.
type Answerer interface {
	Answer(ctx context.Context, q bot.Question) (bot.Answer, error)
}

type answerer struct {
	m    *Metrics
	next Answerer
}

// Answerer counts the questions next answers and times them.
func (m *Metrics) Answerer(next Answerer) Answerer { return answerer{m: m, next: next} }

func (a answerer) Answer(ctx context.Context, q bot.Question) (bot.Answer, error) {
	start := time.Now()
	ans, err := a.next.Answer(ctx, q)
	surface := q.Surface
	if surface == "" {
		surface = "unknown"
	}
	a.m.answerSeconds.WithLabelValues(surface).Observe(time.Since(start).Seconds())
	if err != nil {
		a.m.answerErrors.WithLabelValues(surface, reason(err)).Inc()
		return ans, err
	}
	lang := ans.Lang
	if lang != "fr" && lang != "en" {
		lang = "other"
	}
	a.m.questions.WithLabelValues(surface, lang, strconv.FormatBool(ans.Grounded)).Inc()
	return ans, nil
}

func reason(err error) string {
	var input *bot.InputError
	switch {
	case errors.As(err, &input) && input.Reason == "rate_limited":
		return "rate_limited"
	case errors.As(err, &input):
		return "input"
	case errors.Is(err, bot.ErrUnavailable):
		return "unavailable"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "canceled"
	}
	return "other"
}

// Searcher searches the knowledge base: the index.
type Searcher interface {
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error)
}

type searcher struct {
	m    *Metrics
	next Searcher
}

// Searcher times the searches of next.
func (m *Metrics) Searcher(next Searcher) Searcher { return searcher{m: m, next: next} }

func (s searcher) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	start := time.Now()
	hits, err := s.next.Search(ctx, q)
	s.m.retrieval.Observe(time.Since(start).Seconds())
	if err != nil {
		s.m.retrievalErrs.Inc()
	}
	return hits, err
}

// ObserveLLM counts a request to the chat model: give it to
// llm.Config.Observe.
func (m *Metrics) ObserveLLM(c llm.Call) {
	m.llmCalls.WithLabelValues(c.Op, c.Model).Inc()
	m.llmSeconds.WithLabelValues(c.Op).Observe(c.Duration.Seconds())
	if c.Err != nil {
		m.llmErrors.WithLabelValues(c.Op, c.Model).Inc()
	}
	if c.PromptTokens > 0 {
		m.llmTokens.WithLabelValues(c.Model, "prompt").Add(float64(c.PromptTokens))
	}
	if c.CompletionTokens > 0 {
		m.llmTokens.WithLabelValues(c.Model, "completion").Add(float64(c.CompletionTokens))
	}
}

// Acked counts a Slack delivery acknowledged (slack.Metrics).
func (m *Metrics) Acked(kind string) { m.slackAcks.WithLabelValues(kind).Inc() }

// Redelivered counts a Slack retry (slack.Metrics).
func (m *Metrics) Redelivered(kind string) { m.slackRedeliver.WithLabelValues(kind).Inc() }

// Duplicate counts a delivery answered already (slack.Metrics).
func (m *Metrics) Duplicate(kind string) { m.slackDuplicate.WithLabelValues(kind).Inc() }

// Voted counts a feedback vote (slack.Metrics).
func (m *Metrics) Voted(vote int) {
	if vote > 0 {
		m.votes.WithLabelValues("up").Inc()
	} else {
		m.votes.WithLabelValues("down").Inc()
	}
}

// Pool exports the statistics of a database pool.
func (m *Metrics) Pool(p *pgxpool.Pool) {
	m.reg.MustRegister(&poolCollector{stat: p.Stat})
}

// poolCollector reads pgxpool.Stat at each scrape.
type poolCollector struct {
	stat func() *pgxpool.Stat
}

var (
	poolDesc = func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("careerbot_db_pool_"+name, help, nil, nil)
	}
	poolMax         = poolDesc("max_conns", "Most connections the pool opens.")
	poolTotal       = poolDesc("total_conns", "Connections open (idle, in use or being opened).")
	poolAcquired    = poolDesc("acquired_conns", "Connections in use.")
	poolIdle        = poolDesc("idle_conns", "Idle connections.")
	poolAcquires    = poolDesc("acquires_total", "Connections taken from the pool.")
	poolEmpty       = poolDesc("empty_acquires_total", "Acquisitions that had to wait for a connection (pool exhausted or cold).")
	poolCanceled    = poolDesc("canceled_acquires_total", "Acquisitions given up before a connection was free.")
	poolWaitSeconds = poolDesc("acquire_wait_seconds_total", "Time spent waiting for a connection when the pool was empty.")
	poolNewConns    = poolDesc("new_conns_total", "Connections opened.")
)

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolMax, poolTotal, poolAcquired, poolIdle, poolAcquires, poolEmpty, poolCanceled, poolWaitSeconds, poolNewConns} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stat()
	gauge := func(d *prometheus.Desc, v float64) { ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v) }
	counter := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}
	gauge(poolMax, float64(s.MaxConns()))
	gauge(poolTotal, float64(s.TotalConns()))
	gauge(poolAcquired, float64(s.AcquiredConns()))
	gauge(poolIdle, float64(s.IdleConns()))
	counter(poolAcquires, float64(s.AcquireCount()))
	counter(poolEmpty, float64(s.EmptyAcquireCount()))
	counter(poolCanceled, float64(s.CanceledAcquireCount()))
	counter(poolWaitSeconds, s.EmptyAcquireWaitTime().Seconds())
	counter(poolNewConns, float64(s.NewConnsCount()))
}
