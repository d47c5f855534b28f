package pgtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLocalClusterIsIdempotentAndUnprivileged runs the project's database
// set-up twice and checks that the second run is a quick no-op and that
// PostgreSQL does not run as root.
func TestLocalClusterIsIdempotentAndUnprivileged(t *testing.T) {
	if os.Getenv("DATABASE_URL") != "" {
		t.Skip("DATABASE_URL is set: the local cluster is not used")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(root, "deploy", "local", "db.sh")
	for i := range 2 {
		start := time.Now()
		out, err := exec.Command("bash", script, "start").CombinedOutput()
		if err != nil {
			t.Fatalf("db.sh start (run %d): %v\n%s", i+1, err, out)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("run %d of db.sh on a running cluster took %v, want under 2s", i+1, d)
		}
		if len(out) != 0 {
			t.Errorf("run %d on a running cluster printed %q, want nothing", i+1, out)
		}
	}
	pidFile, err := os.ReadFile(filepath.Join(root, ".data", "postgres", "postmaster.pid"))
	if err != nil {
		t.Fatalf("read postmaster.pid: %v", err)
	}
	pid := strings.SplitN(string(pidFile), "\n", 2)[0]
	status, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		t.Fatalf("read the server's status: %v", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "Uid:" {
			uid, _ := strconv.Atoi(f[1])
			if uid == 0 {
				t.Error("PostgreSQL runs as root")
			}
			return
		}
	}
	t.Error("no Uid line in the server's status")
}
