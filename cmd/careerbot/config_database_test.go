package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
)

// closedPort is a local port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// TestDatabaseNotRunning: when nothing listens where the configuration
// points, every command that needs the database says so, and what to do,
// which depends on whether DATABASE_URL is set.
func TestDatabaseNotRunning(t *testing.T) {
	port := strconv.Itoa(closedPort(t))
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"local cluster", map[string]string{"CAREERBOT_PGPORT": port}, []string{
			"no PostgreSQL server listens on 127.0.0.1:" + port + ", where the local cluster should be",
			"CAREERBOT_PGPORT=" + port, "'make db'"}},
		{"DATABASE_URL", map[string]string{"DATABASE_URL": "postgres://careerbot:pw@127.0.0.1:" + port + "/careerbot?sslmode=disable"}, []string{
			"no PostgreSQL server listens on 127.0.0.1:" + port + ", the server of DATABASE_URL", "unset DATABASE_URL"}},
	}
	for _, tt := range tests {
		for _, args := range [][]string{{"migrate"}, {"kb", "list"}} {
			t.Run(tt.name+" "+strings.Join(args, " "), func(t *testing.T) {
				var errb bytes.Buffer
				code := run(context.Background(), args, strings.NewReader(""), io.Discard, &errb, func(k string) string { return tt.env[k] })
				if code != 1 {
					t.Errorf("exit %d, want 1", code)
				}
				for _, w := range tt.want {
					if !strings.Contains(errb.String(), w) {
						t.Errorf("stderr %q lacks %q", errb.String(), w)
					}
				}
				if tt.name == "local cluster" && strings.Contains(errb.String(), "unset DATABASE_URL") {
					t.Errorf("advice about an unset variable: %q", errb.String())
				}
				if strings.Contains(errb.String(), ":pw@") {
					t.Errorf("the password was printed: %q", errb.String())
				}
			})
		}
	}
}

func TestDoctorReportsThePort(t *testing.T) {
	port := strconv.Itoa(closedPort(t))
	results := runDoctor(context.Background(), func(k string) string {
		return map[string]string{"CAREERBOT_PGPORT": port}[k]
	})
	if len(results) < 2 || results[1].Name != "database" {
		t.Fatalf("results %+v", results)
	}
	r := results[1]
	if r.Status != checkFail || !strings.Contains(r.Detail, "127.0.0.1:"+port+" (the local cluster, CAREERBOT_PGPORT="+port+")") || !strings.Contains(r.Fix, "make db") {
		t.Errorf("database check %+v", r)
	}
}
