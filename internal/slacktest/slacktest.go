// Package slacktest is a local stand-in for Slack, for tests driven by the
// real slack-go client: it speaks the Web API over HTTP and records every
// call, serves response_url posts, and speaks Socket Mode over WebSocket
// (apps.connections.open, envelopes, acks, pings, dropped connections). It
// serves user groups, user locales, direct messages and file uploads
// (files.getUploadURLExternal, the upload URL, files.completeUploadExternal),
// and builds and signs the requests Slack sends to an app in HTTP mode.
package slacktest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// The identities the stand-in gives the app.
const (
	BotUserID = "UCAREERBOT"
	BotID     = "BCAREERBOT"
	TeamID    = "T0TEST"
	AppID     = "A0CAREERBOT"
)

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
	// TS is the timestamp of the message chat.postMessage created, as the
	// stand-in answered it.
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

// Ack is a Socket Mode acknowledgement received from the app.
type Ack struct {
	EnvelopeID string
	Payload    json.RawMessage
	At         time.Time
}

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
	closed chan struct{}

	groups  map[string][]string // user group id → member ids
	locales map[string]string   // user id → locale
	uploads map[string]*Upload  // file id → upload

	slow       map[string]time.Duration // method → how long each call is held back
	connectErr string                   // apps.connections.open answers this error while set
}

type wsConn struct {
	mu   sync.Mutex // serialises writes
	conn *websocket.Conn
	done chan struct{}
}

// New starts a stand-in, closed when t ends.
func New(t testing.TB) *Server {
	s := &Server{t: t, acks: map[string]Ack{}, closed: make(chan struct{}),
		groups: map[string][]string{}, locales: map[string]string{}, uploads: map[string]*Upload{},
		slow: map[string]time.Duration{}}
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

func bearer(r *http.Request, form url.Values) string {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimPrefix(h, "Bearer ")
	}
	return form.Get("token")
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) api(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	if s.fault(w, method) {
		return
	}
	body, _ := io.ReadAll(r.Body)
	c := Call{Method: method, Path: r.URL.Path, At: time.Now()}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(body, &c.JSON)
	} else {
		c.Form, _ = url.ParseQuery(string(body))
	}
	token := bearer(r, c.Form)
	if method == "apps.connections.open" {
		s.mu.Lock()
		refused := s.connectErr
		s.mu.Unlock()
		if !strings.HasPrefix(token, "xapp-") {
			refused = "invalid_auth"
		}
		if refused != "" {
			writeJSON(w, map[string]any{"ok": false, "error": refused})
			return
		}
		s.record(c)
		writeJSON(w, map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(s.URL, "http") + "/socket"})
		return
	}
	if !strings.HasPrefix(token, "xoxb-") {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	s.mu.Lock()
	ts := s.nextTS()
	if method == "chat.postMessage" {
		c.TS = ts
	}
	delay := s.slow[method]
	s.mu.Unlock()
	s.record(c)
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		}
	}
	channel := c.Param("channel")
	switch method {
	case "auth.test":
		writeJSON(w, map[string]any{"ok": true, "url": "https://careerbot-test.slack.com/", "team": "Test",
			"user": "careerbot", "team_id": TeamID, "user_id": BotUserID, "bot_id": BotID})
	case "chat.postMessage":
		writeJSON(w, map[string]any{"ok": true, "channel": channel, "ts": ts,
			"message": map[string]any{"type": "message", "text": c.Param("text"), "user": BotUserID, "bot_id": BotID, "ts": ts}})
	case "chat.postEphemeral":
		writeJSON(w, map[string]any{"ok": true, "message_ts": ts})
	case "chat.update":
		writeJSON(w, map[string]any{"ok": true, "channel": channel, "ts": c.Param("ts"), "text": c.Param("text")})
	case "reactions.add", "reactions.remove":
		writeJSON(w, map[string]any{"ok": true})
	case "views.open", "views.publish", "views.update", "views.push":
		id := c.Param("view_id")
		if id == "" {
			id = "V" + strings.ReplaceAll(ts, ".", "")
		}
		writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": id}})
	case "usergroups.users.list":
		s.mu.Lock()
		users, ok := s.groups[c.Param("usergroup")]
		s.mu.Unlock()
		if !ok {
			writeJSON(w, map[string]any{"ok": false, "error": "no_such_subteam"})
			return
		}
		writeJSON(w, map[string]any{"ok": true, "users": append([]string{}, users...)})
	case "users.info":
		user := c.Param("user")
		s.mu.Lock()
		locale := s.locales[user]
		s.mu.Unlock()
		if locale == "" {
			locale = "en-US"
		}
		writeJSON(w, map[string]any{"ok": true, "user": map[string]any{"id": user, "team_id": TeamID, "name": strings.ToLower(user), "locale": locale}})
	case "conversations.open":
		writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": "D" + strings.TrimPrefix(c.Param("users"), "U")}})
	case "files.getUploadURLExternal":
		id := "F" + strings.ReplaceAll(ts, ".", "")
		s.mu.Lock()
		s.uploads[id] = &Upload{ID: id, Name: c.Param("filename")}
		s.mu.Unlock()
		writeJSON(w, map[string]any{"ok": true, "upload_url": s.URL + "/upload/" + id, "file_id": id})
	case "files.completeUploadExternal":
		var files []struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		}
		_ = json.Unmarshal([]byte(c.Param("files")), &files)
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, f := range files {
			u := s.uploads[f.ID]
			if u == nil || u.Data == nil {
				writeJSON(w, map[string]any{"ok": false, "error": "file_not_found"})
				return
			}
			u.Title, u.Channel, u.Comment, u.Completed = f.Title, c.Param("channel_id"), c.Param("initial_comment"), true
		}
		writeJSON(w, map[string]any{"ok": true, "files": files})
	default:
		writeJSON(w, map[string]any{"ok": false, "error": "unknown_method"})
	}
}

// Upload is a file the app uploaded with files.getUploadURLExternal, a post
// to the upload URL and files.completeUploadExternal.
type Upload struct {
	ID, Name, Title string
	Data            []byte
	// Channel and Comment are those of files.completeUploadExternal;
	// Completed says whether it was called.
	Channel, Comment string
	Completed        bool
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer xoxb-") {
		http.Error(w, "invalid_auth", http.StatusForbidden)
		return
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file in the upload: "+err.Error(), http.StatusBadRequest)
		return
	}
	data, _ := io.ReadAll(f)
	s.mu.Lock()
	u := s.uploads[id]
	if u != nil {
		u.Data = data
	}
	s.mu.Unlock()
	if u == nil {
		http.Error(w, "unknown upload", http.StatusNotFound)
		return
	}
	s.record(Call{Method: "upload", Path: r.URL.Path, At: time.Now()})
	fmt.Fprintf(w, "OK - %d", len(data))
}

// Uploads returns the files uploaded so far.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Upload
	for _, u := range s.uploads {
		if u.Data != nil {
			out = append(out, *u)
		}
	}
	return out
}

// SetGroup makes a user group with the given members, served by
// usergroups.users.list.
func (s *Server) SetGroup(id string, members ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups[id] = members
}

// Slow holds back every later call of a Web API method by d (0: no more),
// as a slow Slack would. The call is recorded before the wait.
func (s *Server) Slow(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slow[method] = d
}

// RefuseConnections makes apps.connections.open answer the Slack error
// code (such as "invalid_auth") until it is called with "".
func (s *Server) RefuseConnections(code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.connectErr = code
}

// SetLocale sets the locale users.info gives a user (default en-US).
func (s *Server) SetLocale(user, locale string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.locales[user] = locale
}

func (s *Server) response(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, "response") {
		return
	}
	body, _ := io.ReadAll(r.Body)
	c := Call{Method: "response", Path: r.URL.Path, At: time.Now()}
	if err := json.Unmarshal(body, &c.JSON); err != nil {
		http.Error(w, "invalid JSON", http.StatusBadRequest)
		return
	}
	s.record(c)
	writeJSON(w, map[string]any{"ok": true})
}

// ResponseURL returns a fresh response_url served by the stand-in.
func (s *Server) ResponseURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%s/response/%d", s.URL, s.seq)
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

// --- Socket Mode ---

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) socket(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &wsConn{conn: conn, done: make(chan struct{})}
	s.mu.Lock()
	s.opened++
	n := s.opened
	s.conns = append(s.conns, c)
	s.mu.Unlock()
	_ = c.write(map[string]any{"type": "hello", "num_connections": n, "connection_info": map[string]any{"app_id": AppID}})
	go s.pinger(c)
	defer func() {
		close(c.done)
		s.remove(c)
		conn.Close()
	}()
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &ack) == nil && ack.EnvelopeID != "" {
			s.mu.Lock()
			s.acks[ack.EnvelopeID] = Ack{EnvelopeID: ack.EnvelopeID, Payload: ack.Payload, At: time.Now()}
			s.mu.Unlock()
		}
	}
}

// pinger pings like Slack does, so the client's ping timeout never fires.
func (s *Server) pinger(c *wsConn) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-tick.C:
			if err := c.conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second)); err != nil {
				return
			}
		}
	}
}

func (c *wsConn) write(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_ = c.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.conn.WriteJSON(v)
}

func (s *Server) remove(c *wsConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.conns {
		if x == c {
			s.conns = append(s.conns[:i], s.conns[i+1:]...)
			return
		}
	}
}

// Connections returns how many WebSocket connections are open, and how many
// were accepted in all.
func (s *Server) Connections() (open, accepted int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns), s.opened
}

// WaitConnections waits until n connections are open.
func (s *Server) WaitConnections(t testing.TB, n int) {
	t.Helper()
	WaitFor(t, 10*time.Second, fmt.Sprintf("%d Socket Mode connections", n), func() bool {
		open, _ := s.Connections()
		return open >= n
	})
}

// Envelope is a Socket Mode message to send to the app.
type Envelope struct {
	// Type is "events_api", "slash_commands" or "interactive".
	Type    string
	Payload any
	// RetryAttempt numbers redeliveries (0: first delivery).
	RetryAttempt int
}

// Send sends env on the newest open connection and returns its envelope id.
func (s *Server) Send(t testing.TB, env Envelope) string {
	t.Helper()
	return s.SendOn(t, -1, env)
}

// SendOn sends env on the i-th open connection (negative: from the end).
func (s *Server) SendOn(t testing.TB, i int, env Envelope) string {
	t.Helper()
	s.mu.Lock()
	if len(s.conns) == 0 {
		s.mu.Unlock()
		t.Fatal("slacktest: no Socket Mode connection to send on")
	}
	if i < 0 {
		i += len(s.conns)
	}
	c := s.conns[i]
	s.seq++
	id := fmt.Sprintf("env-%d", s.seq)
	s.mu.Unlock()
	payload, err := json.Marshal(env.Payload)
	if err != nil {
		t.Fatalf("slacktest: encode envelope payload: %v", err)
	}
	msg := map[string]any{
		"envelope_id": id, "type": env.Type, "payload": json.RawMessage(payload),
		"accepts_response_payload": env.Type != "events_api", "retry_attempt": env.RetryAttempt,
	}
	if env.RetryAttempt > 0 {
		msg["retry_reason"] = "timeout"
	}
	if err := c.write(msg); err != nil {
		t.Fatalf("slacktest: send envelope: %v", err)
	}
	return id
}

// Ack returns the acknowledgement of an envelope, if received.
func (s *Server) Ack(id string) (Ack, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.acks[id]
	return a, ok
}

// WaitAck waits for the acknowledgement of an envelope.
func (s *Server) WaitAck(t testing.TB, id string) Ack {
	t.Helper()
	var a Ack
	WaitFor(t, 5*time.Second, "the ack of envelope "+id, func() bool {
		var ok bool
		a, ok = s.Ack(id)
		return ok
	})
	return a
}

// Drop closes every open WebSocket connection abruptly, as a network
// failure would.
func (s *Server) Drop() {
	s.mu.Lock()
	conns := append([]*wsConn(nil), s.conns...)
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.conn.UnderlyingConn().Close()
	}
}

// --- What Slack sends in HTTP mode ---

// Sign returns the X-Slack-Signature of body sent at ts with secret.
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// Response is what the app answered to a request from Slack.
type Response struct {
	Status  int
	Body    []byte
	Elapsed time.Duration
}

// Post sends a request signed with secret at time ts, as Slack does.
// header adds headers such as X-Slack-Retry-Num.
func Post(t testing.TB, endpoint, secret string, ts time.Time, contentType string, body []byte, header http.Header) Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set("X-Slack-Signature", Sign(secret, ts.Unix(), body))
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post %s: %v", endpoint, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Body: b, Elapsed: time.Since(start)}
}

// EventCallback wraps an inner event (such as a slackevents.AppMentionEvent)
// in the Events API envelope Slack delivers.
func EventCallback(t testing.TB, eventID string, inner any) slackevents.EventsAPICallbackEvent {
	t.Helper()
	raw, err := json.Marshal(inner)
	if err != nil {
		t.Fatal(err)
	}
	msg := json.RawMessage(raw)
	return slackevents.EventsAPICallbackEvent{
		Type: slackevents.CallbackEvent, TeamID: TeamID, APIAppID: AppID, InnerEvent: &msg,
		EventID: eventID, EventTime: int(time.Now().Unix()), AuthedUsers: []string{BotUserID},
	}
}

// JSON encodes v.
func JSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// SlashForm encodes a slash command as Slack posts it.
func SlashForm(c slack.SlashCommand) []byte {
	v := url.Values{}
	set := func(k, x string) {
		if x != "" {
			v.Set(k, x)
		}
	}
	set("token", c.Token)
	set("team_id", c.TeamID)
	set("team_domain", c.TeamDomain)
	set("channel_id", c.ChannelID)
	set("channel_name", c.ChannelName)
	set("user_id", c.UserID)
	set("user_name", c.UserName)
	set("command", c.Command)
	v.Set("text", c.Text)
	set("response_url", c.ResponseURL)
	set("trigger_id", c.TriggerID)
	set("api_app_id", c.APIAppID)
	return []byte(v.Encode())
}

// InteractionForm encodes an interaction as Slack posts it.
func InteractionForm(t testing.TB, cb slack.InteractionCallback) []byte {
	t.Helper()
	b, err := json.Marshal(&cb)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(url.Values{"payload": {string(b)}}.Encode())
}
