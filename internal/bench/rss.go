package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/careerbot/careerbot/internal/synth"
	"github.com/careerbot/careerbot/knowledge"
)

// procStatus reads a memory figure of /proc/PID/status, in MB.
func procStatus(pid int, field string) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read process status: %w", err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err != nil {
				return 0, fmt.Errorf("parse %s: %w", field, err)
			}
			return float64(kb) / 1024, nil
		}
	}
	return 0, fmt.Errorf("%s not in /proc/%d/status", field, pid)
}

// careerbotEnv is the environment of a measured careerbot process: the
// bench database, the offline composer, quiet logs.
func careerbotEnv(dbURL string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "OPENAI_") || strings.HasPrefix(k, "SLACK_") || strings.HasPrefix(k, "CAREERBOT_") || k == "DATABASE_URL" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "DATABASE_URL="+dbURL, "CAREERBOT_LOG_LEVEL=warn")
}

// memory measures the resident memory of a real careerbot process: idle
// and serving in the terminal chat over the bench database at u, and
// ingesting during 'careerbot kb import' of a catalog of the same size
// into a fresh database.
func (r *run) memory(ctx context.Context, size int, u string, questions []string) error {
	add := func(metric string, v float64) { r.res.add(Careerbot, size, metric, v) }
	cmd := exec.CommandContext(ctx, r.opt.Binary, "chat")
	cmd.Env = careerbotEnv(u)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s chat: %w", r.opt.Binary, err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	out := bufio.NewReader(stdout)
	prompt := func() error {
		// Each answer ends with a new prompt, "\n> ".
		var last [3]byte
		for {
			b, err := out.ReadByte()
			if err != nil {
				return fmt.Errorf("read chat output: %w (stderr: %s)", err, strings.TrimSpace(stderr.String()))
			}
			last[0], last[1], last[2] = last[1], last[2], b
			if last == [3]byte{'\n', '>', ' '} {
				return nil
			}
		}
	}
	if err := prompt(); err != nil {
		return err
	}
	time.Sleep(2 * time.Second)
	idle, err := procStatus(cmd.Process.Pid, "VmRSS")
	if err != nil {
		return err
	}
	add("rss_idle_mb", idle)
	n := r.opt.ServeQuestions
	for i := range n {
		// One conversation, as a user asking one question after another.
		if _, err := io.WriteString(stdin, questions[i%len(questions)]+"\n"); err != nil {
			return fmt.Errorf("write question: %w", err)
		}
		if err := prompt(); err != nil {
			return err
		}
	}
	serving, err := procStatus(cmd.Process.Pid, "VmRSS")
	if err != nil {
		return err
	}
	peak, err := procStatus(cmd.Process.Pid, "VmHWM")
	if err != nil {
		return err
	}
	add("rss_serving_mb", serving)
	add("rss_serving_peak_mb", peak)
	_, _ = io.WriteString(stdin, "/quit\n")

	// Ingesting: a fresh database, a catalog of the same size on disk.
	dir, err := os.MkdirTemp("", "careerbot-bench-catalog-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cat := synth.Catalog(size, 10, r.opt.Seed+1)
	if err := knowledge.WriteDir(filepath.Join(dir, "catalog"), cat.Entries, cat.Synonyms); err != nil {
		return err
	}
	name := fmt.Sprintf("careerbot_bench_rss_%d", size)
	iu, err := createDB(ctx, r.opt.AdminURL, name)
	if err != nil {
		return err
	}
	defer func() {
		if err := dropDB(r.opt.AdminURL, name); err != nil {
			r.log.Warn("drop database", "err", err)
		}
	}()
	imp := exec.CommandContext(ctx, r.opt.Binary, "kb", "import", filepath.Join(dir, "catalog"))
	imp.Env = careerbotEnv(iu)
	var impOut bytes.Buffer
	imp.Stdout, imp.Stderr = &impOut, &impOut
	if err := imp.Start(); err != nil {
		return fmt.Errorf("start %s kb import: %w", r.opt.Binary, err)
	}
	done := make(chan error, 1)
	go func() { done <- imp.Wait() }()
	var maxRSS float64
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if err != nil {
				return fmt.Errorf("kb import: %w: %s", err, strings.TrimSpace(impOut.String()))
			}
			add("rss_ingesting_mb", maxRSS)
			return nil
		case <-tick.C:
			if v, err := procStatus(imp.Process.Pid, "VmRSS"); err == nil && v > maxRSS {
				maxRSS = v
			}
		}
	}
}
