// Package openaitest runs a local server that speaks the OpenAI HTTP API
// (chat completions, as JSON or server-sent events, and embeddings), for
// tests driven by the real go-openai client. Replies are scriptable; every
// request is recorded.
package openaitest

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"iter"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one chat message of a request.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// ChatRequest is a recorded chat completion request.
type ChatRequest struct {
	Model       string    `json:"model"`
	Messages    []Message `json:"messages"`
	Stream      bool      `json:"stream"`
	MaxTokens   int       `json:"max_tokens"`
	Temperature float64   `json:"temperature"`
	// StreamOptions.IncludeUsage asks a stream for a final usage chunk.
	StreamOptions struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
}

// System returns the content of the request's system messages.
func (r ChatRequest) System() string {
	var parts []string
	for _, m := range r.Messages {
		if m.Role == "system" {
			parts = append(parts, m.Content)
		}
	}
	return strings.Join(parts, "\n")
}

// Last returns the content of the request's last message.
func (r ChatRequest) Last() string {
	if len(r.Messages) == 0 {
		return ""
	}
	return r.Messages[len(r.Messages)-1].Content
}

// EmbeddingRequest is a recorded embeddings request.
type EmbeddingRequest struct {
	Model      string   `json:"model"`
	Input      []string `json:"-"`
	Dimensions int      `json:"dimensions"`
}

// Reply is a scripted answer to one request.
type Reply struct {
	// Text is the assistant's answer.
	Text string
	// Status, when not 0 or 200, makes the request fail with an OpenAI
	// error body and this HTTP status.
	Status int
	// Message, with Status, is the error's message, as a gateway may word
	// it (some echo the API key they refused).
	Message string
	// RetryAfter is sent as the Retry-After header of a failure.
	RetryAfter string
	// Delay holds the reply back, or the first chunk of a stream.
	Delay time.Duration
	// BreakAfter, when > 0, cuts a streamed answer's connection after this
	// many content chunks, without a finish reason or [DONE].
	BreakAfter int
	// ChunkDelay paces a streamed answer's chunks.
	ChunkDelay time.Duration
}

// Request is one recorded request.
type Request struct {
	Path      string
	Header    http.Header
	Chat      *ChatRequest
	Embedding *EmbeddingRequest
}

// Server is a local OpenAI-compatible API. Its URL (with /v1) is the base
// URL to give the client.
type Server struct {
	URL string
	srv *httptest.Server

	mu       sync.Mutex
	chat     []Reply
	embed    []Reply
	requests []Request
	// ChatFunc answers chat requests when no scripted reply is queued.
	chatFunc func(ChatRequest) Reply
	// dims is the default length of embedding vectors.
	dims int
	// inflight and maxInflight count concurrent embedding requests.
	inflight, maxInflight int
}

// New starts a server, closed when the test ends. By default chat requests
// get an answer citing [1] and embeddings are deterministic vectors of 64
// dimensions (or the dimensions the request asks for).
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{dims: 64}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.handleChat)
	mux.HandleFunc("POST /v1/embeddings", s.handleEmbeddings)
	// Azure OpenAI routes: /openai/deployments/{name}/...?api-version=…
	mux.HandleFunc("POST /openai/deployments/{name}/chat/completions", s.handleChat)
	mux.HandleFunc("POST /openai/deployments/{name}/embeddings", s.handleEmbeddings)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL + "/v1"
	t.Cleanup(s.srv.Close)
	return s
}

// Root returns the server's URL without /v1, as Azure base URLs are given.
func (s *Server) Root() string { return s.srv.URL }

// Chat queues replies for the next chat requests, in order.
func (s *Server) Chat(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chat = append(s.chat, replies...)
}

// ChatFunc sets the answer to chat requests once the queued replies are
// used up.
func (s *Server) ChatFunc(f func(ChatRequest) Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatFunc = f
}

// Embeddings queues replies (failures) for the next embedding requests; a
// reply with no Status is answered normally.
func (s *Server) Embeddings(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.embed = append(s.embed, replies...)
}

// SetDims sets the default length of embedding vectors.
func (s *Server) SetDims(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dims = n
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ChatRequests returns the chat requests received so far.
func (s *Server) ChatRequests() []ChatRequest {
	var out []ChatRequest
	for _, r := range s.Requests() {
		if r.Chat != nil {
			out = append(out, *r.Chat)
		}
	}
	return out
}

// EmbeddingRequests returns the embedding requests received so far,
// failed ones included.
func (s *Server) EmbeddingRequests() []EmbeddingRequest {
	var out []EmbeddingRequest
	for _, r := range s.Requests() {
		if r.Embedding != nil {
			out = append(out, *r.Embedding)
		}
	}
	return out
}

// MaxConcurrentEmbeddings returns the most embedding requests served at
// once.
func (s *Server) MaxConcurrentEmbeddings() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInflight
}

func (s *Server) handleChat(w http.ResponseWriter, r *http.Request) {
	var req ChatRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "", "invalid JSON body: "+err.Error())
		return
	}
	s.mu.Lock()
	s.requests = append(s.requests, Request{Path: r.URL.Path, Header: r.Header.Clone(), Chat: &req})
	var rep Reply
	switch {
	case len(s.chat) > 0:
		rep = s.chat[0]
		s.chat = s.chat[1:]
	case s.chatFunc != nil:
		f := s.chatFunc
		s.mu.Unlock()
		rep = f(req)
		s.mu.Lock()
	default:
		rep = Reply{Text: "According to the knowledge base [1]."}
	}
	s.mu.Unlock()
	if req.Model == "" {
		writeError(w, http.StatusBadRequest, "", "you must provide a model parameter")
		return
	}
	if !wait(r, rep.Delay) {
		return
	}
	if rep.Status != 0 && rep.Status != http.StatusOK {
		msg := fmt.Sprintf("scripted failure %d", rep.Status)
		if rep.Message != "" {
			msg = rep.Message
		}
		writeError(w, rep.Status, rep.RetryAfter, msg)
		return
	}
	if !req.Stream {
		writeJSON(w, map[string]any{
			"id": "chatcmpl-test", "object": "chat.completion", "created": time.Now().Unix(), "model": req.Model,
			"choices": []any{map[string]any{
				"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": rep.Text},
			}},
			"usage": map[string]any{"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
		})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	fl, _ := w.(http.Flusher)
	event := func(delta map[string]any, finish any) {
		b, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": time.Now().Unix(), "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}},
		})
		fmt.Fprintf(w, "data: %s\n\n", b)
		if fl != nil {
			fl.Flush()
		}
	}
	event(map[string]any{"role": "assistant", "content": ""}, nil)
	for i, piece := range pieces(rep.Text) {
		if r.Context().Err() != nil {
			return // the client stopped reading
		}
		if rep.BreakAfter > 0 && i >= rep.BreakAfter {
			// Cut the connection mid-answer.
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
				}
			}
			return
		}
		if i > 0 && !wait(r, rep.ChunkDelay) {
			return
		}
		event(map[string]any{"content": piece}, nil)
	}
	event(map[string]any{}, "stop")
	if req.StreamOptions.IncludeUsage {
		b, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": time.Now().Unix(), "model": req.Model,
			"choices": []any{}, "usage": map[string]any{"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
		})
		fmt.Fprintf(w, "data: %s\n\n", b)
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
	if fl != nil {
		fl.Flush()
	}
}

// pieces yields text as stream chunks of a few words each, as it goes, so
// that an answer of many megabytes is never held twice.
func pieces(text string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i := 0; text != ""; i++ {
			end := 0
			for range 3 {
				j := strings.IndexByte(text[end:], ' ')
				if j < 0 {
					end = len(text)
					break
				}
				end += j + 1
			}
			if !yield(i, text[:end]) {
				return
			}
			text = text[end:]
		}
	}
}

func (s *Server) handleEmbeddings(w http.ResponseWriter, r *http.Request) {
	var raw struct {
		Model      string          `json:"model"`
		Input      json.RawMessage `json:"input"`
		Dimensions int             `json:"dimensions"`
	}
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		writeError(w, http.StatusBadRequest, "", "invalid JSON body: "+err.Error())
		return
	}
	req := EmbeddingRequest{Model: raw.Model, Dimensions: raw.Dimensions}
	var one string
	if err := json.Unmarshal(raw.Input, &req.Input); err != nil {
		if err := json.Unmarshal(raw.Input, &one); err != nil {
			writeError(w, http.StatusBadRequest, "", "input must be a string or an array of strings")
			return
		}
		req.Input = []string{one}
	}
	s.mu.Lock()
	s.requests = append(s.requests, Request{Path: r.URL.Path, Header: r.Header.Clone(), Embedding: &req})
	var rep Reply
	if len(s.embed) > 0 {
		rep = s.embed[0]
		s.embed = s.embed[1:]
	}
	dims := s.dims
	s.inflight++
	s.maxInflight = max(s.maxInflight, s.inflight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inflight--
		s.mu.Unlock()
	}()
	if !wait(r, rep.Delay) {
		return
	}
	if rep.Status != 0 && rep.Status != http.StatusOK {
		writeError(w, rep.Status, rep.RetryAfter, fmt.Sprintf("scripted failure %d", rep.Status))
		return
	}
	if len(req.Input) == 0 || len(req.Input) > 2048 {
		writeError(w, http.StatusBadRequest, "", fmt.Sprintf("input must have 1 to 2048 items, not %d", len(req.Input)))
		return
	}
	if req.Dimensions > 0 {
		dims = req.Dimensions
	}
	data := make([]any, len(req.Input))
	tokens := 0
	for i, text := range req.Input {
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": Vector(text, dims)}
		tokens += len(strings.Fields(text))
	}
	writeJSON(w, map[string]any{
		"object": "list", "model": req.Model, "data": data,
		"usage": map[string]any{"prompt_tokens": tokens, "total_tokens": tokens},
	})
}

// Vector is the server's deterministic embedding of text: a unit vector
// of hashed words, so texts sharing words are close.
func Vector(text string, dims int) []float32 {
	v := make([]float32, dims)
	for _, w := range strings.Fields(strings.ToLower(text)) {
		h := fnv.New64a()
		h.Write([]byte(w))
		x := h.Sum64()
		sign := float32(1)
		if x&1 == 1 {
			sign = -1
		}
		v[(x>>1)%uint64(dims)] += sign
	}
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		v[0] = 1
		return v
	}
	for i := range v {
		v[i] = float32(float64(v[i]) / math.Sqrt(n))
	}
	return v
}

// wait sleeps for d unless the client goes away first.
func wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	select {
	case <-time.After(d):
		return true
	case <-r.Context().Done():
		return false
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, retryAfter, message string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	typ := "server_error"
	switch {
	case status == http.StatusTooManyRequests:
		typ = "rate_limit_exceeded"
	case status < 500:
		typ = "invalid_request_error"
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, `{"error":{"message":`+strconv.Quote(message)+`,"type":"`+typ+`","param":null,"code":null}}`)
}
