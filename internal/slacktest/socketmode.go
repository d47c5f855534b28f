package slacktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Ack is a Socket Mode acknowledgement received from the app.
type Ack struct {
	EnvelopeID string
	Payload    json.RawMessage
	At         time.Time
}

type wsConn struct {
	mu   sync.Mutex // serialises writes
	conn *websocket.Conn
	done chan struct{}
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) socket(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	drops, upgraded := s.drops, s.upgraded
	s.mu.Unlock()
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &wsConn{conn: conn, done: make(chan struct{})}
	if upgraded != nil {
		upgraded()
	}
	s.mu.Lock()
	s.opened++
	n := s.opened
	// The client may count itself connected as soon as the upgrade is
	// answered: a Drop since then drops this connection too.
	dropped := s.drops != drops
	if !dropped {
		s.conns = append(s.conns, c)
	}
	s.mu.Unlock()
	if dropped {
		_ = conn.UnderlyingConn().Close()
		return
	}
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

// WaitConnections waits until n connections are open. The bound is
// generous: processes started together under the race detector on a busy
// machine can take many seconds to migrate, connect and dial.
func (s *Server) WaitConnections(t testing.TB, n int) {
	t.Helper()
	WaitFor(t, 30*time.Second, fmt.Sprintf("%d Socket Mode connections", n), func() bool {
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
// failure would, including one whose upgrade is being answered. The
// connections are gone at once: Send never picks a dropped one.
func (s *Server) Drop() {
	s.mu.Lock()
	s.drops++
	conns := s.conns
	s.conns = nil
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.conn.UnderlyingConn().Close()
	}
}
