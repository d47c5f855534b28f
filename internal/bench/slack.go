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

// observed is a Web API call careerbot made, seen on its way to the
// stand-in.
type observed struct {
	method string
	at     time.Time
}

// observer forwards careerbot's Web API calls to the stand-in and tells
// each simulated user, by channel, when its placeholder was posted and its
// answer written.
type observer struct {
	proxy *httputil.ReverseProxy
	mu    sync.Mutex
	chans map[string]chan observed
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
		o.mu.Lock()
		c := o.chans[channel]
		o.mu.Unlock()
		if c != nil {
			select {
			case c <- observed{method: method, at: at}:
			default:
			}
		}
	}
	o.proxy.ServeHTTP(w, r)
}

// slack measures careerbot's Slack server in HTTP mode against the
// stand-in: SlackUsers users each ask SlackMessages questions, each after
// the previous answer, all users at once.
func (r *run) slack(ctx context.Context, size int, a *bot.Assistant, store *postgres.Store, questions []string) (err error) {
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
	obs := &observer{proxy: httputil.NewSingleHostReverseProxy(target), chans: map[string]chan observed{}}
	front := httptest.NewServer(obs)
	defer front.Close()

	srv := slackapp.NewServer(slackapp.Config{
		BotToken: "xoxb-bench", SigningSecret: slackSecret, APIURL: front.URL + "/api/", Addr: "127.0.0.1:0",
		Logger: slog.New(slog.DiscardHandler),
	}, a, store)
	if err := srv.Open(ctx); err != nil {
		return err
	}
	defer srv.Close()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2 * r.opt.SlackUsers}}
	endpoint := srv.URL() + "/slack/events"

	users := r.opt.SlackUsers
	for u := range users {
		obs.chans[fmt.Sprintf("CBENCH%03d", u)] = make(chan observed, 16)
	}
	var mu sync.Mutex
	var acks, posts, answers latencies
	var firstErr error
	var wg sync.WaitGroup
	for u := range users {
		wg.Go(func() {
			channel := fmt.Sprintf("CBENCH%03d", u)
			c := obs.chans[channel]
			for m := range r.opt.SlackMessages {
				ts := fmt.Sprintf("17%08d.%06d", size%100_000_000, u*1000+m)
				q := questions[(u*r.opt.SlackMessages+m)%len(questions)]
				ack, post, answer, err := r.slackAsk(ctx, client, endpoint, c, channel, fmt.Sprintf("U%03d", u), ts, q)
				mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				acks, posts, answers = append(acks, ack), append(posts, post), append(answers, answer)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	add := func(metric string, v float64) { r.res.add(Careerbot, size, metric, v) }
	add("slack_ack_p50_ms", acks.ms(50))
	add("slack_ack_p99_ms", acks.ms(99))
	add("slack_post_p50_ms", posts.ms(50))
	add("slack_post_p99_ms", posts.ms(99))
	add("slack_answer_p50_ms", answers.ms(50))
	add("slack_answer_p99_ms", answers.ms(99))
	return nil
}

// slackAsk sends one app_mention event, signed as Slack signs it, and waits
// for the placeholder and the answer.
func (r *run) slackAsk(ctx context.Context, client *http.Client, endpoint string, c chan observed, channel, user, ts, q string) (ack, post, answer time.Duration, err error) {
	inner, _ := json.Marshal(slackevents.AppMentionEvent{Type: "app_mention", User: user, Text: "<@" + slacktest.BotUserID + "> " + q,
		TimeStamp: ts, EventTimeStamp: ts, Channel: channel})
	raw := json.RawMessage(inner)
	body, _ := json.Marshal(slackevents.EventsAPICallbackEvent{Type: slackevents.CallbackEvent, TeamID: slacktest.TeamID,
		APIAppID: slacktest.AppID, InnerEvent: &raw, EventID: "Ev" + channel + ts, EventTime: int(time.Now().Unix())})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, 0, 0, err
	}
	now := time.Now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("X-Slack-Signature", slacktest.Sign(slackSecret, now.Unix(), body))
	t0 := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("post event: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	ack = time.Since(t0)
	if resp.StatusCode != http.StatusOK {
		return 0, 0, 0, fmt.Errorf("post event: status %d", resp.StatusCode)
	}
	timeout := time.After(30 * time.Second)
	for answer == 0 {
		select {
		case o := <-c:
			switch {
			case o.method == "chat.postMessage" && post == 0:
				post = o.at.Sub(t0)
			case o.method == "chat.update" || o.method == "chat.postMessage":
				answer = o.at.Sub(t0)
			}
		case <-timeout:
			return 0, 0, 0, fmt.Errorf("no answer in channel %s after 30s", channel)
		}
	}
	return ack, post, answer, nil
}
