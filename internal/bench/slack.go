package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/bot/slackapp"
	"github.com/careerbot/careerbot/internal/slacktest"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

const slackSecret = "bench-signing-secret"

// standinTB lets the Slack stand-in of the tests run inside the benchmark:
// it collects cleanups and turns a fatal error into a panic that slack()
// recovers.
type standinTB struct {
	testing.TB
	cleanups []func()
}

type standinFailure string

func (*standinTB) Helper()                        {}
func (t *standinTB) Cleanup(f func())             { t.cleanups = append(t.cleanups, f) }
func (*standinTB) Fatalf(format string, a ...any) { panic(standinFailure(fmt.Sprintf(format, a...))) }
func (*standinTB) Fatal(a ...any)                 { panic(standinFailure(fmt.Sprint(a...))) }
func (*standinTB) Errorf(format string, a ...any) { panic(standinFailure(fmt.Sprintf(format, a...))) }
func (*standinTB) Logf(string, ...any)            {}
func (t *standinTB) close() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

// observer forwards careerbot's Web API calls to the stand-in, timing
// them, and tells each simulated user, by channel, when its placeholder
// was posted and its answer written.
type observer struct {
	proxy *httputil.ReverseProxy
	t     *tracer
	chans map[string]chan struct{} // written before the users start
}

func (o *observer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	at := time.Now()
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	method := r.URL.Path[len("/api/"):]
	if method == "chat.postMessage" || method == "chat.update" {
		channel := ""
		if form, err := url.ParseQuery(string(body)); err == nil {
			channel = form.Get("channel")
		}
		if channel == "" {
			var m map[string]any
			if json.Unmarshal(body, &m) == nil {
				channel, _ = m["channel"].(string)
			}
		}
		delivered := false
		o.t.on(channel, func(tr *trace) {
			switch {
			case method == "chat.postMessage" && tr.posted.IsZero():
				tr.posted = at
			case tr.delivered.IsZero():
				tr.delivered, delivered = at, true
			}
		})
		if c := o.chans[channel]; c != nil && delivered {
			select {
			case c <- struct{}{}:
			default:
			}
		}
	}
	var roundTrip time.Duration
	o.proxy.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), roundTripKey{}, &roundTrip)))
	o.t.call(method, roundTrip, time.Since(at)-roundTrip)
}

// slack measures careerbot's Slack server in HTTP mode against the
// stand-in: SlackUsers users each ask SlackMessages questions, each after
// the previous answer, all users at once.
func (r *run) slack(ctx context.Context, size int, a *bot.Assistant, store *postgres.Store, pool *pgxpool.Pool, questions []string) (err error) {
	tb := &standinTB{}
	defer tb.close()
	defer func() {
		if p := recover(); p != nil {
			f, ok := p.(standinFailure)
			if !ok {
				panic(p)
			}
			err = fmt.Errorf("slack stand-in: %s", string(f))
		}
	}()
	sl := slacktest.New(tb)
	target, err := url.Parse(sl.URL)
	if err != nil {
		return err
	}
	t := newTracer()
	proxy := httputil.NewSingleHostReverseProxy(target)
	// As many connections to the stand-in kept open as users ask at once:
	// the proxy is no part of careerbot, and should cost it no CPU time.
	upstream := http.DefaultTransport.(*http.Transport).Clone()
	upstream.MaxIdleConnsPerHost = 2 * r.opt.SlackUsers
	proxy.Transport = timedTransport{next: upstream}
	obs := &observer{proxy: proxy, t: t, chans: map[string]chan struct{}{}}
	front := httptest.NewServer(obs)
	defer front.Close()

	srv := slackapp.NewServer(slackapp.Config{
		BotToken: "xoxb-bench", SigningSecret: slackSecret, APIURL: front.URL + "/api/", Addr: "127.0.0.1:0",
		Logger: slog.New(slog.DiscardHandler),
	}, tracedAnswerer{a: a, t: t}, tracedStore{Store: store, t: t})
	if err := srv.Open(ctx); err != nil {
		return err
	}
	defer srv.Close()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2 * r.opt.SlackUsers}}
	endpoint := srv.URL() + "/slack/events"

	users := r.opt.SlackUsers
	for u := range users {
		channel := fmt.Sprintf("CBENCH%03d", u)
		obs.chans[channel] = make(chan struct{}, 1)
		t.user(channel, fmt.Sprintf("U%03d", u))
	}
	cpu := startCPU(ctx, pool)
	var mu sync.Mutex
	var parts slackParts
	var firstErr error
	var wg sync.WaitGroup
	for u := range users {
		wg.Go(func() {
			channel := fmt.Sprintf("CBENCH%03d", u)
			for m := range r.opt.SlackMessages {
				ts := fmt.Sprintf("17%08d.%06d", size%100_000_000, u*1000+m)
				q := questions[(u*r.opt.SlackMessages+m)%len(questions)]
				tr, ack, err := r.slackAsk(ctx, client, endpoint, t, obs.chans[channel], channel, fmt.Sprintf("U%03d", u), ts, q)
				mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				parts.add(tr, ack)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	process, server, serverOK := cpu.stop(ctx)
	n := float64(len(parts.answer))
	r.res.add(Careerbot, size, "slack_cpu_process_ms", float64(process.Microseconds())/1000/n)
	if serverOK {
		r.res.add(Careerbot, size, "slack_cpu_db_ms", float64(server.Microseconds())/1000/n)
	}
	parts.report(r.res, size, t)
	return nil
}

// slackParts are the latencies of the Slack questions, whole and by part.
type slackParts struct {
	ack, post, answer                               latencies
	claim, before, queue, answering, deliver, store latencies
}

func (p *slackParts) add(tr trace, ack time.Duration) {
	p.ack = append(p.ack, ack)
	p.post = append(p.post, tr.posted.Sub(tr.sent))
	p.answer = append(p.answer, tr.delivered.Sub(tr.sent))
	p.claim = append(p.claim, tr.claimed.Sub(tr.sent))
	p.before = append(p.before, tr.asked.Sub(tr.posted))
	p.queue = append(p.queue, tr.started.Sub(tr.asked))
	p.answering = append(p.answering, tr.answered.Sub(tr.started))
	p.deliver = append(p.deliver, tr.delivered.Sub(tr.answered))
	p.store = append(p.store, tr.store)
}

func (p *slackParts) report(res *Result, size int, t *tracer) {
	add := func(name string, l latencies) {
		res.add(Careerbot, size, name+"_p50_ms", l.ms(50))
		res.add(Careerbot, size, name+"_p99_ms", l.ms(99))
	}
	add("slack_ack", p.ack)
	add("slack_post", p.post)
	add("slack_answer", p.answer)
	add("slack_claim", p.claim)
	add("slack_before_answer", p.before)
	add("slack_queue", p.queue)
	add("slack_answering", p.answering)
	add("slack_deliver", p.deliver)
	add("slack_store", p.store)
	add("slack_store_after", t.after)
	add("slack_api_post", t.api["chat.postMessage"])
	add("slack_api_update", t.api["chat.update"])
	add("slack_proxy", t.proxy)
}

// slackAsk sends one app_mention event, signed as Slack signs it, and waits
// for its answer. It returns the question's trace and the acknowledgement's
// latency.
func (r *run) slackAsk(ctx context.Context, client *http.Client, endpoint string, t *tracer, delivered chan struct{}, channel, user, ts, q string) (trace, time.Duration, error) {
	eventID := "Ev" + channel + ts
	inner, _ := json.Marshal(slackevents.AppMentionEvent{Type: "app_mention", User: user, Text: "<@" + slacktest.BotUserID + "> " + q,
		TimeStamp: ts, EventTimeStamp: ts, Channel: channel})
	raw := json.RawMessage(inner)
	body, _ := json.Marshal(slackevents.EventsAPICallbackEvent{Type: slackevents.CallbackEvent, TeamID: slacktest.TeamID,
		APIAppID: slacktest.AppID, InnerEvent: &raw, EventID: eventID, EventTime: int(time.Now().Unix())})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return trace{}, 0, err
	}
	now := time.Now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("X-Slack-Signature", slacktest.Sign(slackSecret, now.Unix(), body))
	t.begin(channel, eventID)
	t0 := time.Now()
	t.on(channel, func(tr *trace) { tr.sent = t0 })
	resp, err := client.Do(req)
	if err != nil {
		return trace{}, 0, fmt.Errorf("post event: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	ack := time.Since(t0)
	if resp.StatusCode != http.StatusOK {
		return trace{}, 0, fmt.Errorf("post event: status %d", resp.StatusCode)
	}
	select {
	case <-delivered:
	case <-time.After(30 * time.Second):
		return trace{}, 0, fmt.Errorf("no answer in channel %s after 30s", channel)
	}
	got := t.get(channel)
	if got.posted.IsZero() || got.started.IsZero() || got.claimed.IsZero() || got.asked.IsZero() {
		return trace{}, 0, fmt.Errorf("channel %s: answer delivered, but its trace is incomplete (%+v)", channel, got)
	}
	return got, ack, nil
}
