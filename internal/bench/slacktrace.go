package bench

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/bot/slackapp"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// trace is the way of one question through careerbot's Slack server, as
// the benchmark sees it: from outside (the event it sends, the Web API
// calls at the proxy) and through the two things careerbot's server is
// given, its assistant and its store.
type trace struct {
	sent      time.Time // the event was sent
	claimed   time.Time // the event's claim was recorded
	posted    time.Time // the placeholder's chat.postMessage reached the proxy
	asked     time.Time // the thread's turns were read: the answer's slot is asked for next
	started   time.Time // a slot was free: the assistant started
	answered  time.Time // the assistant returned
	delivered time.Time // the answer's chat.update reached the proxy
	// store is the time of the store calls made for the question before
	// its answer was delivered (claim, placeholder record, thread turns).
	store time.Duration
}

// tracer collects the traces of the questions in flight, one per channel:
// each simulated user has a channel of its own and one question at a time.
type tracer struct {
	mu      sync.Mutex
	byChan  map[string]*trace
	byEvent map[string]string // event id → channel
	byUser  map[string]string // user hash → channel
	// api holds the round trips of the Web API calls from the proxy to the
	// stand-in, by method; proxy the proxy's own time per call.
	api   map[string]latencies
	proxy latencies
	// after is the time of the store calls made once the answer was
	// delivered (answered mark, thread turns).
	after latencies
}

func newTracer() *tracer {
	return &tracer{byChan: map[string]*trace{}, byEvent: map[string]string{}, byUser: map[string]string{}, api: map[string]latencies{}}
}

// user registers a simulated user's channel.
func (t *tracer) user(channel, user string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.byUser[bot.HashUser("", user)] = channel
}

// begin starts the trace of the question channel sends as eventID.
func (t *tracer) begin(channel, eventID string) *trace {
	t.mu.Lock()
	defer t.mu.Unlock()
	tr := &trace{}
	t.byChan[channel] = tr
	t.byEvent[eventID] = channel
	return tr
}

// get returns a copy of channel's current trace.
func (t *tracer) get(channel string) trace {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tr := t.byChan[channel]; tr != nil {
		return *tr
	}
	return trace{}
}

// on changes channel's current trace, if any.
func (t *tracer) on(channel string, f func(*trace)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tr := t.byChan[channel]; tr != nil {
		f(tr)
	}
}

func (t *tracer) channelOf(eventID string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.byEvent[eventID]
}

func (t *tracer) channelOfUser(hash string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.byUser[hash]
}

func (t *tracer) call(method string, roundTrip, proxy time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.api[method] = append(t.api[method], roundTrip)
	t.proxy = append(t.proxy, proxy)
}

// tracedAnswerer times careerbot's assistant as the Slack server calls it:
// inside the bound on concurrent answers, so its start is the moment a
// slot was free.
type tracedAnswerer struct {
	a slackapp.Answerer
	t *tracer
}

func (a tracedAnswerer) Answer(ctx context.Context, q bot.Question) (bot.Answer, error) {
	channel := a.t.channelOfUser(q.UserHash)
	start := time.Now()
	ans, err := a.a.Answer(ctx, q)
	end := time.Now()
	a.t.on(channel, func(tr *trace) { tr.started, tr.answered = start, end })
	return ans, err
}

// tracedStore times the store calls of careerbot's Slack server on the
// way of a question. It is a slackapp.Leaser, as the store it wraps.
type tracedStore struct {
	*postgres.Store
	t *tracer
}

func (s tracedStore) ClaimRequest(ctx context.Context, eventID, channel, ts string, request []byte) (bool, error) {
	start := time.Now()
	ok, err := s.Store.ClaimRequest(ctx, eventID, channel, ts, request)
	end := time.Now()
	s.t.on(channel, func(tr *trace) { tr.claimed, tr.store = end, tr.store+end.Sub(start) })
	return ok, err
}

func (s tracedStore) RenewClaim(ctx context.Context, eventID string, request []byte) error {
	start := time.Now()
	err := s.Store.RenewClaim(ctx, eventID, request)
	if request != nil { // the placeholder's record, before the answer
		d := time.Since(start)
		s.t.on(s.t.channelOf(eventID), func(tr *trace) { tr.store += d })
	}
	return err
}

func (s tracedStore) Turns(ctx context.Context, channel, threadTS string, since time.Time, limit int) ([]knowledge.Turn, error) {
	start := time.Now()
	turns, err := s.Store.Turns(ctx, channel, threadTS, since, limit)
	end := time.Now()
	s.t.on(channel, func(tr *trace) { tr.asked, tr.store = end, tr.store+end.Sub(start) })
	return turns, err
}

func (s tracedStore) MarkAnswered(ctx context.Context, eventID string) error {
	start := time.Now()
	err := s.Store.MarkAnswered(ctx, eventID)
	s.t.afterStore(time.Since(start))
	return err
}

func (s tracedStore) AppendTurns(ctx context.Context, channel, threadTS string, turns ...knowledge.Turn) error {
	start := time.Now()
	err := s.Store.AppendTurns(ctx, channel, threadTS, turns...)
	s.t.afterStore(time.Since(start))
	return err
}

func (t *tracer) afterStore(d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.after = append(t.after, d)
}

// timedTransport times the proxy's round trips to the stand-in: into the
// *time.Duration its request's context holds under roundTripKey.
type timedTransport struct{ next http.RoundTripper }

type roundTripKey struct{}

func (tt timedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := tt.next.RoundTrip(r)
	if d, ok := r.Context().Value(roundTripKey{}).(*time.Duration); ok {
		*d = time.Since(start)
	}
	return resp, err
}
