package slackapp

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// stalledBody is a request body that stops arriving: the server's read
// deadline ends it.
type stalledBody struct{ sent bool }

func (b *stalledBody) Read(p []byte) (int, error) {
	if !b.sent {
		b.sent = true
		return copy(p, "token=x&team_id=T0"), nil
	}
	return 0, os.ErrDeadlineExceeded
}

// A body cut off by the read timeout gets 408, one too large 413, and the
// message says which.
func TestSlowAndLargeBodies(t *testing.T) {
	s := &Server{}
	h := s.verified(func(http.ResponseWriter, *http.Request, []byte) { t.Error("the handler ran") })
	for _, tt := range []struct {
		name string
		body io.Reader
		code int
		says string
	}{
		{"slow", &stalledBody{}, http.StatusRequestTimeout, "too slow"},
		{"large", strings.NewReader(strings.Repeat("x", maxBody+1)), http.StatusRequestEntityTooLarge, "too large"},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/slack/commands", tt.body))
		if w.Code != tt.code || !strings.Contains(w.Body.String(), tt.says) {
			t.Errorf("%s body: %d %q, want %d saying %q", tt.name, w.Code, w.Body.String(), tt.code, tt.says)
		}
	}
}
