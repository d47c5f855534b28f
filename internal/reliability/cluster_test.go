package reliability

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/careerbot/careerbot/internal/proctest"
)

// cluster is a PostgreSQL cluster of the test's own, set up by
// deploy/local/db.sh as the local cluster is (synchronous_commit off,
// fsync off), on a free port, so that the test may crash it without
// touching the cluster other tests use.
type cluster struct {
	t    *testing.T
	data string
	port string
	// URL is the careerbot database of the cluster.
	URL string
}

func newCluster(t *testing.T) *cluster {
	t.Helper()
	dir, err := os.MkdirTemp("", "careerbot-crash-")
	if err != nil {
		t.Fatal(err)
	}
	// The server runs as an unprivileged user when the tests run as root.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, port, _ := strings.Cut(proctest.FreeAddr(t), ":")
	c := &cluster{t: t, data: filepath.Join(dir, "postgres"), port: port,
		URL: "postgres://careerbot@127.0.0.1:" + port + "/careerbot?sslmode=disable"}
	t.Cleanup(func() {
		if t.Failed() {
			if b, err := os.ReadFile(filepath.Join(c.data, "server.log")); err == nil {
				t.Logf("server log of the test's cluster:\n%s", tail(string(b), 3000))
			}
		}
		c.dbsh("stop")
		os.RemoveAll(dir)
	})
	c.start()
	return c
}

// dbsh runs deploy/local/db.sh on the cluster.
func (c *cluster) dbsh(cmd string) {
	c.t.Helper()
	sh := exec.Command("../../deploy/local/db.sh", cmd)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DATABASE_URL=") && !strings.HasPrefix(kv, "CAREERBOT_PG") {
			env = append(env, kv)
		}
	}
	sh.Env = append(env, "CAREERBOT_PGDATA="+c.data, "CAREERBOT_PGPORT="+c.port)
	if out, err := sh.CombinedOutput(); err != nil {
		c.t.Fatalf("db.sh %s: %v\n%s", cmd, err, out)
	}
}

// start starts the cluster, initialising it the first time, and returns
// once it accepts connections.
func (c *cluster) start() { c.dbsh("start") }

// exec runs one statement on the cluster's careerbot database.
func (c *cluster) exec(sql string, args ...any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.URL)
	if err != nil {
		c.t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		c.t.Fatalf("%s: %v", sql, err)
	}
}

// crash stops PostgreSQL as pg_ctl stop -m immediate does, with SIGQUIT to
// the postmaster: no shutdown checkpoint, nothing flushed; what was not in
// the write-ahead log is lost, as in a crash. It returns when the signal
// was sent, once the server is gone.
func (c *cluster) crash() time.Time {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.data, "postmaster.pid"))
	if err != nil {
		c.t.Fatalf("read the postmaster's pid: %v", err)
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil || pid <= 0 {
		c.t.Fatalf("postmaster.pid starts with %q", first)
	}
	if err := syscall.Kill(pid, syscall.SIGQUIT); err != nil {
		c.t.Fatalf("signal the postmaster: %v", err)
	}
	sent := time.Now()
	deadline := time.Now().Add(30 * time.Second)
	for !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
		if time.Now().After(deadline) {
			c.t.Fatalf("the postmaster (pid %d) still runs 30 s after SIGQUIT", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return sent
}
