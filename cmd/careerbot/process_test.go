package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/proctest"
	"github.com/careerbot/careerbot/internal/slacktest"
)

// These tests run the built careerbot binary as a separate process, as a
// container or a Kubernetes pod runs it: signals, exit status and logs are
// the real ones.

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
	binaryDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binaryDir != "" {
		os.RemoveAll(binaryDir)
	}
	os.Exit(code)
}

// binary builds careerbot once per test run.
func binary(t *testing.T) string {
	t.Helper()
	binaryOnce.Do(func() {
		binaryDir, binaryErr = os.MkdirTemp("", "careerbot-bin-")
		if binaryErr != nil {
			return
		}
		binaryPath = filepath.Join(binaryDir, "careerbot")
		out, err := exec.Command("go", "build", "-o", binaryPath, ".").CombinedOutput()
		if err != nil {
			binaryErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

// process is a running careerbot.
type process struct {
	*proctest.Process
	t      *testing.T
	stdout proctest.Buffer
	stderr proctest.Buffer
}

// start runs careerbot with args and exactly the variables of env.
func start(t *testing.T, env map[string]string, args ...string) *process {
	t.Helper()
	p := &process{t: t}
	cmd := exec.Command(binary(t), args...)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = &p.stdout, &p.stderr
	var err error
	if p.Process, err = proctest.Start(cmd); err != nil {
		t.Fatalf("start careerbot: %v", err)
	}
	t.Cleanup(func() {
		if !p.Exited() {
			p.Kill()
			t.Logf("careerbot %s killed at the end of the test; stderr:\n%s", strings.Join(args, " "), p.stderr.String())
		}
	})
	return p
}

// signal sends sig to the process.
func (p *process) signal(sig os.Signal) {
	p.t.Helper()
	if err := p.Cmd.Process.Signal(sig); err != nil {
		p.t.Fatalf("signal careerbot: %v", err)
	}
}

// wait waits for the process to exit and returns its status.
func (p *process) wait(timeout time.Duration) int {
	p.t.Helper()
	select {
	case <-p.Done():
	case <-time.After(timeout):
		p.t.Fatalf("careerbot still running after %v; stderr:\n%s", timeout, p.stderr.String())
	}
	var ee *exec.ExitError
	if errors.As(p.Err(), &ee) {
		return ee.ExitCode()
	}
	if p.Err() != nil {
		p.t.Fatalf("careerbot: %v", p.Err())
	}
	return 0
}

// get fetches url and returns its status and body (status 0 when it
// could not connect).
func get(url string) (int, string) {
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitReady waits until the process answers /readyz with 200.
func (p *process) waitReady(addr string) {
	p.t.Helper()
	slacktest.WaitFor(p.t, 30*time.Second, "/readyz on "+addr, func() bool {
		if p.Exited() {
			p.t.Fatalf("careerbot exited before it was ready; stderr:\n%s", p.stderr.String())
		}
		code, _ := get("http://" + addr + "/readyz")
		return code == http.StatusOK
	})
}

// copyEnv returns a copy of env with more variables.
func copyEnv(env map[string]string, more ...string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		out[k] = v
	}
	for i := 0; i+1 < len(more); i += 2 {
		out[more[i]] = more[i+1]
	}
	return out
}
