package slacktest

import (
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// A dropped connection is gone at once, for Send as for Connections, and
// the client reads the drop; a connection made after the drop works.
func TestDrop(t *testing.T) {
	s := New(t)
	url := "ws" + strings.TrimPrefix(s.URL, "http") + "/socket"
	dial := func() *websocket.Conn {
		t.Helper()
		conn, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}
	// The first connection is dropped after its upgrade is answered and
	// before the stand-in registers it: the client already counts itself
	// connected.
	s.mu.Lock()
	s.upgraded = s.Drop
	s.mu.Unlock()
	first := dial()
	s.mu.Lock()
	s.upgraded = nil
	s.mu.Unlock()
	s.Drop()
	if open, _ := s.Connections(); open != 0 {
		t.Fatalf("%d connections open right after Drop, want 0", open)
	}
	_ = first.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, _, err := first.ReadMessage(); err != nil {
			if strings.Contains(err.Error(), "timeout") {
				t.Fatalf("the dropped connection is still open: %v", err)
			}
			break
		}
	}

	second := dial()
	WaitFor(t, 5*time.Second, "the new connection", func() bool {
		open, _ := s.Connections()
		return open == 1
	})
	id := s.Send(t, Envelope{Type: "events_api", Payload: map[string]string{"type": "event_callback"}})
	_ = second.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		var msg struct {
			Type       string `json:"type"`
			EnvelopeID string `json:"envelope_id"`
		}
		if err := second.ReadJSON(&msg); err != nil {
			t.Fatalf("read on the new connection: %v", err)
		}
		if msg.EnvelopeID == id {
			break
		}
	}
	if _, accepted := s.Connections(); accepted != 2 {
		t.Errorf("%d connections accepted, want 2", accepted)
	}
}
