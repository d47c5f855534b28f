package reliability

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/proctest"
)

// TestOpsEndpoints: the database goes away under two replicas in HTTP
// mode, one serving /healthz, /readyz and /metrics on its public port, the
// other on CAREERBOT_OPS_ADDR. Their 503 bodies say "database unreachable"
// and name neither the database's user, name, host or port nor its
// password; with CAREERBOT_OPS_ADDR the public port serves /slack/* only.
func TestOpsEndpoints(t *testing.T) {
	r := row(t, "Secrets", "PostgreSQL unreachable under two replicas in HTTP mode, one with CAREERBOT_OPS_ADDR: /readyz's bodies, and what each port serves")
	st := newStack(t)
	px := newProxy(t, dbHost(t, st.kb.DB.URL))
	dbURL := viaProxy(t, st.kb.DB.URL, px)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	pass, _ := u.User.Password()
	names := []string{u.User.Username(), strings.TrimPrefix(u.Path, "/"), u.Host, u.Port(), pass}
	public := st.serve("public", "http", map[string]string{"DATABASE_URL": dbURL})
	ops := st.serve("ops", "http", map[string]string{"DATABASE_URL": dbURL, "CAREERBOT_OPS_ADDR": proctest.FreeAddr(t)})

	// Where each endpoint is served.
	var wrong []string
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		if code, _ := get(t, public.ops+path); code != http.StatusOK {
			wrong = append(wrong, fmt.Sprintf("public replica %s: %d", path, code))
		}
		if code, _ := get(t, ops.ops+path); code != http.StatusOK {
			wrong = append(wrong, fmt.Sprintf("CAREERBOT_OPS_ADDR %s: %d", path, code))
		}
		if code, _ := get(t, ops.url+path); code != http.StatusNotFound {
			wrong = append(wrong, fmt.Sprintf("public port of the replica with CAREERBOT_OPS_ADDR %s: %d, want 404", path, code))
		}
	}
	tr := newTracker(st.sl)
	defer tr.close()
	ops.event("Ev0OPS1", mention("U0OPS", "COPS1", "1700900000.000100", "What does a prompt engineer do?"))
	answered, ok := tr.wait("COPS1", 30*time.Second)
	if !ok || isUnavailable(answered) {
		wrong = append(wrong, fmt.Sprintf("a mention to the public port of the replica with CAREERBOT_OPS_ADDR: %q", answered))
	}

	px.cut()
	bodies := map[string]string{}
	for name, base := range map[string]string{"public port": public.ops, "CAREERBOT_OPS_ADDR": ops.ops} {
		deadline := time.Now().Add(15 * time.Second)
		for {
			code, body := get(t, base+"/readyz")
			if code == http.StatusServiceUnavailable {
				bodies[name] = strings.TrimSpace(body)
				break
			}
			if time.Now().After(deadline) {
				wrong = append(wrong, fmt.Sprintf("%s /readyz still %d 15 s after the database went away", name, code))
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	leaks := 0
	for name, body := range bodies {
		if !strings.Contains(body, "database unreachable") {
			wrong = append(wrong, fmt.Sprintf("%s /readyz body %q does not say the database is unreachable", name, body))
		}
		for _, n := range names {
			if n != "" && strings.Contains(body, n) {
				leaks++
				wrong = append(wrong, fmt.Sprintf("%s /readyz body %q names %q of the database URL", name, body, n))
			}
		}
	}
	px.restore()
	recovered := false
	deadline := time.Now().Add(20 * time.Second)
	for !recovered && time.Now().Before(deadline) {
		c1, _ := get(t, public.ops+"/readyz")
		c2, _ := get(t, ops.ops+"/readyz")
		recovered = c1 == http.StatusOK && c2 == http.StatusOK
		time.Sleep(100 * time.Millisecond)
	}
	if !recovered {
		wrong = append(wrong, "/readyz not ready again 20 s after the database came back")
	}
	r.resultf("503 bodies while the database was unreachable: public port %q, CAREERBOT_OPS_ADDR %q; %d parts of the database URL (user, name, host:port, port, password) named in them; "+
		"with CAREERBOT_OPS_ADDR, /healthz, /readyz and /metrics answered there and 404 on the public port, which answered a mention; ready again after the database came back: %v",
		bodies["public port"], bodies["CAREERBOT_OPS_ADDR"], leaks, recovered)
	t.Log(r.Result)
	for _, w := range wrong {
		t.Error(w)
	}
}

// get returns the status and body of GET url (0 when it failed).
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
