package slackapp

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// TestWebAPIClientReusesConnections makes rounds of concurrent calls, as a
// burst of answers does, and counts the connections the server accepted:
// the client keeps them open for the next round instead of opening new
// ones (http.DefaultTransport keeps two).
func TestWebAPIClientReusesConnections(t *testing.T) {
	var opened atomic.Int64
	var mu sync.Mutex
	release := make(chan struct{})
	current := func() chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		return release
	}
	var arrived sync.WaitGroup
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wait := current()
		arrived.Done()
		<-wait // every call of a round is in flight at once
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	const inFlight, rounds = 12, 3
	client := webAPIClient(4)
	for range rounds {
		arrived.Add(inFlight)
		var done sync.WaitGroup
		for range inFlight {
			done.Go(func() {
				resp, err := client.Post(srv.URL, "application/json", nil)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			})
		}
		arrived.Wait()
		mu.Lock()
		close(release)
		release = make(chan struct{})
		mu.Unlock()
		done.Wait()
	}
	// A connection can come back to the pool a moment after its call
	// returned, and a call of the next round open another: a few may be
	// opened more, not one a call as with two kept.
	if got := opened.Load(); got >= 2*inFlight {
		t.Errorf("%d connections opened for %d rounds of %d calls at once, want about %d: kept for the next round", got, rounds, inFlight, inFlight)
	}
}
