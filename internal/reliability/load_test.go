package reliability

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loadQuestions are what the simulated users ask, in turn.
var loadQuestions = []string{
	"What does a prompt engineer do?", "Que fait un data scientist ?", "What skills does an AI engineer need?",
	"Combien gagne un ingénieur IA ?", "What is machine learning?", "Quelles formations pour devenir data analyst ?",
	"What does a machine learning engineer earn?", "Qu'est-ce que l'IA générative ?",
}

// TestLoad: users ask questions at once over Socket Mode and HTTP (one
// replica of each, sharing the database), each user one question after
// the other. Every question is answered exactly once; the per-user rate
// limit answers the questions past it with its message; memory stays
// bounded: at the halfway point every user waits for the others, and the
// resident memory and goroutines of each replica, idle then and idle after
// the second half, must not have grown materially.
func TestLoad(t *testing.T) {
	users, perUser, limit := size(10, 50), 20, 15
	total := users * perUser
	r := row(t, "Load", fmt.Sprintf("%d questions from %d users (%d each) over Socket Mode and HTTP at once, two replicas on one database, rate limit %d per user per hour",
		total, users, perUser, limit))
	st := newStack(t)
	extra := map[string]string{"CAREERBOT_RATE_LIMIT": fmt.Sprintf("%d/1h", limit)}
	socket := st.serve("socket replica", "socket", extra)
	httpr := st.serve("http replica", "http", extra)
	tr := newTracker(st.sl)
	defer tr.close()

	// Sample the memory of both replicas while they work.
	var peak [2]atomic.Int64
	startRSS := [2]int64{socket.rssKB(), httpr.rssKB()}
	stopSampling := make(chan struct{})
	var sampling sync.WaitGroup
	sampling.Go(func() {
		for {
			for i, p := range []*replica{socket, httpr} {
				if v := p.rssKB(); v > peak[i].Load() {
					peak[i].Store(v)
				}
			}
			select {
			case <-stopSampling:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	})

	// Halfway, every user waits for the others while the replicas, idle, are
	// measured.
	half := perUser / 2
	var halfway sync.WaitGroup
	halfway.Add(users)
	resume := make(chan struct{})

	var mu sync.Mutex
	var latencies []time.Duration
	answered, limited, other, missing := 0, 0, 0, 0
	var problems []string
	begin := time.Now()
	var wg sync.WaitGroup
	for u := range users {
		wg.Go(func() {
			user := fmt.Sprintf("U0LOAD%03d", u)
			for i := range perUser {
				if i == half {
					halfway.Done()
					<-resume
				}
				channel := fmt.Sprintf("CLOAD%03dQ%02d", u, i)
				ts := fmt.Sprintf("1700100%03d.%06d", u, i)
				text := loadQuestions[(u+i)%len(loadQuestions)]
				target := socket
				if (u+i)%2 == 1 {
					target = httpr
				}
				sent := time.Now()
				target.event(fmt.Sprintf("Ev0LOAD%03d%02d", u, i), mention(user, channel, ts, text))
				msg, ok := tr.wait(channel, 60*time.Second)
				mu.Lock()
				switch {
				case !ok:
					missing++
					problems = append(problems, channel+": no answer")
				case strings.Contains(msg, "questions within") || strings.Contains(msg, "le maximum que je traite par personne"):
					limited++
				case strings.HasPrefix(msg, "Sorry") || strings.HasPrefix(msg, "Désolé") || strings.TrimSpace(msg) == "":
					other++
					problems = append(problems, fmt.Sprintf("%s: unexpected reply %q", channel, msg))
				default:
					answered++
					latencies = append(latencies, time.Since(sent))
				}
				mu.Unlock()
			}
		})
	}
	halfway.Wait()
	mid := [2]idle{measureIdle(t, socket), measureIdle(t, httpr)}
	close(resume)
	wg.Wait()
	elapsed := time.Since(begin)
	time.Sleep(2 * time.Second) // any duplicate would have arrived
	tr.poll()
	close(stopSampling)
	sampling.Wait()
	end := [2]idle{measureIdle(t, socket), measureIdle(t, httpr)}

	duplicates := 0
	for u := range users {
		for i := range perUser {
			if n := len(tr.messages(fmt.Sprintf("CLOAD%03dQ%02d", u, i))); n > 1 {
				duplicates += n - 1
			}
		}
	}
	peakMB := max(peak[0].Load(), peak[1].Load()) / 1024
	var growth []string
	for i, name := range []string{"socket", "http"} {
		growth = append(growth, fmt.Sprintf("%s replica %d → %d MB, %d → %d goroutines", name, mid[i].rssKB/1024, end[i].rssKB/1024, mid[i].goroutines, end[i].goroutines))
	}
	r.resultf("%d answered, %d refused by the rate limit with its message, %d duplicates, %d unanswered, %d unexpected; "+
		"%s in all (%.0f questions/s); answer latency p50 %s, p95 %s, max %s; resident memory socket replica %d → peak %d MB, http replica %d → peak %d MB; "+
		"idle after the first and after the second half of the questions: %s",
		answered, limited, duplicates, missing, other, secs(elapsed), float64(total)/elapsed.Seconds(),
		ms(percentile(latencies, 0.5)), ms(percentile(latencies, 0.95)), ms(percentile(latencies, 1)),
		startRSS[0]/1024, peak[0].Load()/1024, startRSS[1]/1024, peak[1].Load()/1024, strings.Join(growth, ", "))
	t.Log(r.Result)
	if len(problems) > 0 {
		t.Errorf("%d problems, first: %s", len(problems), problems[0])
	}
	if answered != users*limit || limited != users*(perUser-limit) {
		t.Errorf("%d answered and %d rate limited, want %d and %d", answered, limited, users*limit, users*(perUser-limit))
	}
	if duplicates > 0 {
		t.Errorf("%d questions answered more than once", duplicates)
	}
	if peakMB > 400 {
		t.Errorf("a replica's resident memory reached %d MB", peakMB)
	}
	for i, name := range []string{"socket", "http"} {
		if grew := end[i].rssKB - mid[i].rssKB; grew > max(mid[i].rssKB/5, memorySlackKB) {
			t.Errorf("%s replica: resident memory grew from %d to %d MB over the second half of the load: memory is not bounded", name, mid[i].rssKB/1024, end[i].rssKB/1024)
		}
		if grew := end[i].goroutines - mid[i].goroutines; grew > goroutineSlack {
			t.Errorf("%s replica: goroutines grew from %d to %d over the second half of the load", name, mid[i].goroutines, end[i].goroutines)
		}
	}
	if !socket.alive() || !httpr.alive() {
		t.Errorf("a replica died under load")
	}
	if p := unsafe(st.sl, "coursera.org"); p != "" {
		t.Errorf("careerbot sent %s", p)
	}
}

// The second half of the load may add this much resident memory, or a
// fifth of what the replica held at the halfway point if that is more,
// and this many goroutines: allocator and runtime noise, not growth with
// the questions answered.
const (
	memorySlackKB  = 8 * 1024
	goroutineSlack = 10
)

// idle is a replica measured between questions.
type idle struct {
	rssKB      int64
	goroutines int
}

// measureIdle lets the replica settle, then reads its resident memory and
// its goroutines (go_goroutines of /metrics).
func measureIdle(t *testing.T, r *replica) idle {
	t.Helper()
	time.Sleep(500 * time.Millisecond)
	m := idle{rssKB: r.rssKB(), goroutines: -1}
	resp, err := http.Get(r.url + "/metrics")
	if err != nil {
		t.Errorf("%s: read /metrics: %v", r.name, err)
		return m
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go_goroutines "); ok {
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				m.goroutines = int(n)
			}
		}
	}
	if m.goroutines < 0 {
		t.Errorf("%s: no go_goroutines in /metrics", r.name)
	}
	return m
}
