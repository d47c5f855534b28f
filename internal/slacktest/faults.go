package slacktest

import (
	"net/http"
	"sync"
)

// Fault is a scripted failure of a Web API method (or of response_url
// posts, method "response").
type Fault struct {
	// Status is the HTTP status (429 for rate limiting); 0 means 429.
	Status int
	// RetryAfter is the Retry-After header, in seconds.
	RetryAfter string
	// Error, with Status 200, is a Slack error such as "ratelimited".
	Error string
}

// faultQueue holds a stand-in's scripted failures.
type faultQueue struct {
	mu     sync.Mutex
	next   map[string][]Fault
	served map[string]int
}

// Fail makes the next calls of method fail, one fault per call, in order.
func (s *Server) Fail(method string, fs ...Fault) {
	q := &s.faults
	q.mu.Lock()
	defer q.mu.Unlock()
	q.next[method] = append(q.next[method], fs...)
}

// Failed returns how many calls of method were answered with a fault.
func (s *Server) Failed(method string) int {
	q := &s.faults
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.served[method]
}

// fault answers a call with its scripted failure, if one is queued.
func (s *Server) fault(w http.ResponseWriter, method string) bool {
	q := &s.faults
	q.mu.Lock()
	fs := q.next[method]
	if len(fs) == 0 {
		q.mu.Unlock()
		return false
	}
	f := fs[0]
	q.next[method] = fs[1:]
	q.served[method]++
	q.mu.Unlock()
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch {
	case f.Status == 0:
		w.WriteHeader(http.StatusTooManyRequests)
	case f.Status == http.StatusOK:
		writeJSON(w, map[string]any{"ok": false, "error": f.Error})
		return true
	default:
		w.WriteHeader(f.Status)
	}
	_, _ = w.Write([]byte(`{"ok":false,"error":"ratelimited"}`))
	return true
}
