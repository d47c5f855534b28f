// Package slacktest is a local stand-in for Slack, for tests driven by the
// real slack-go client: it speaks the Web API over HTTP and records every
// call, serves response_url posts, and speaks Socket Mode over WebSocket
// (apps.connections.open, envelopes, acks, pings, dropped connections). It
// serves user groups, user locales, direct messages, file uploads
// (files.getUploadURLExternal, the upload URL, files.completeUploadExternal),
// the AI assistant methods (assistant.threads.setStatus, setSuggestedPrompts,
// setTitle) and streamed messages (chat.startStream, appendStream,
// stopStream), and builds and signs the requests Slack sends to an app in HTTP mode.
package slacktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// The identities the stand-in gives the app.
const (
	BotUserID = "UCAREERBOT"
	BotID     = "BCAREERBOT"
	TeamID    = "T0TEST"
	AppID     = "A0CAREERBOT"
)

// Server is the stand-in.
type Server struct {
	// URL is the server's base URL; APIURL is the Web API base URL to give
	// slack.OptionAPIURL.
	URL, APIURL string

	t      testing.TB
	srv    *httptest.Server
	mu     sync.Mutex
	calls  []Call
	seq    int
	acks   map[string]Ack
	conns  []*wsConn
	opened int // WebSocket connections accepted so far
	drops  int // calls to Drop so far
	// upgraded, when set, runs after a WebSocket upgrade is answered and
	// before the connection is registered (tests of that window).
	upgraded func()
	closed   chan struct{}

	groups  map[string][]string // user group id → member ids
	locales map[string]string   // user id → locale
	uploads map[string]*Upload  // file id → upload
	streams map[string]*Stream  // ts → message streamed with chat.startStream

	slow       map[string]time.Duration // method → how long each call is held back
	connectErr string                   // apps.connections.open answers this error while set

	faults faultQueue
}

// New starts a stand-in, closed when t ends.
func New(t testing.TB) *Server {
	s := &Server{t: t, acks: map[string]Ack{}, closed: make(chan struct{}),
		groups: map[string][]string{}, locales: map[string]string{}, uploads: map[string]*Upload{}, streams: map[string]*Stream{},
		slow: map[string]time.Duration{}, faults: faultQueue{next: map[string][]Fault{}, served: map[string]int{}}}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.api)
	mux.HandleFunc("/upload/{id}", s.upload)
	mux.HandleFunc("/response/{id}", s.response)
	mux.HandleFunc("/socket", s.socket)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	s.APIURL = s.srv.URL + "/api/"
	t.Cleanup(s.Close)
	return s
}

// Close stops the stand-in and closes its WebSocket connections.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.closed:
		s.mu.Unlock()
		return
	default:
		close(s.closed)
	}
	conns := s.conns
	s.conns = nil
	s.mu.Unlock()
	for _, c := range conns {
		c.conn.Close()
	}
	s.srv.CloseClientConnections()
	s.srv.Close()
}

func (s *Server) nextTS() string {
	s.seq++
	return fmt.Sprintf("1700000000.%06d", s.seq)
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
}

// Call is one request the app made: a Web API method, or a post to a
// response_url (Method "response").
type Call struct {
	Method string
	// Form holds the parameters of form-encoded calls.
	Form url.Values
	// JSON holds the body of JSON calls.
	JSON map[string]any
	// Path is the request path (response_url posts: /response/ID).
	Path string
	// TS is the timestamp of the message chat.postMessage or
	// chat.startStream created, as the stand-in answered it.
	TS string
	At time.Time
}

// Param returns a parameter of the call, from its form or its JSON body.
func (c Call) Param(name string) string {
	if c.Form != nil {
		if v := c.Form.Get(name); v != "" {
			return v
		}
	}
	switch v := c.JSON[name].(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// Strings returns every string value the call carried, JSON-encoded
// parameters (such as blocks) decoded down to their leaves.
func (c Call) Strings() []string {
	var out []string
	for _, vs := range c.Form {
		for _, v := range vs {
			out = append(out, v)
			var decoded any
			if json.Unmarshal([]byte(v), &decoded) == nil {
				out = appendLeaves(out, decoded)
			}
		}
	}
	if c.JSON != nil {
		out = appendLeaves(out, c.JSON)
	}
	return out
}

func appendLeaves(out []string, v any) []string {
	switch x := v.(type) {
	case string:
		out = append(out, x)
	case map[string]any:
		for _, e := range x {
			out = appendLeaves(out, e)
		}
	case []any:
		for _, e := range x {
			out = appendLeaves(out, e)
		}
	}
	return out
}

// Calls returns the calls recorded so far, all or those of the given
// methods.
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Strings returns every string the app sent to Slack.
func (s *Server) Strings() []string {
	var out []string
	for _, c := range s.Calls() {
		out = append(out, c.Strings()...)
	}
	return out
}

// WaitFor polls cond until it holds, failing t after timeout.
func WaitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Client returns a slack-go client of the stand-in with a bot token, to
// post as another replica of the app would.
func Client(s *Server) *slack.Client {
	return slack.New("xoxb-stand-in", slack.OptionAPIURL(s.APIURL))
}

// MsgText and MsgThread are the slack-go message options tests use most.
var (
	MsgText   = func(text string) slack.MsgOption { return slack.MsgOptionText(text, false) }
	MsgThread = slack.MsgOptionTS
)
