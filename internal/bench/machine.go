package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Machine describes where the figures were measured.
type Machine struct {
	Date        string            `json:"date"`
	CPUs        int               `json:"cpus"`
	CPUModel    string            `json:"cpu_model"`
	MemoryMB    int               `json:"memory_mb"`
	Kernel      string            `json:"kernel"`
	Go          string            `json:"go"`
	PostgreSQL  string            `json:"postgresql"`
	PGVector    string            `json:"pgvector"`
	Langchaingo string            `json:"langchaingo"`
	Chromem     string            `json:"chromem_go,omitempty"`
	Settings    map[string]string `json:"postgresql_settings"`
	Mode        string            `json:"mode"`
	DurationS   float64           `json:"duration_s"`
}

func describeMachine(ctx context.Context, admin string) (Machine, error) {
	m := Machine{Date: time.Now().UTC().Format(time.RFC3339), CPUs: runtime.NumCPU(), Go: runtime.Version(), Settings: map[string]string{}}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
				m.MemoryMB = kb / 1024
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(b))
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			switch d.Path {
			case "github.com/tmc/langchaingo":
				m.Langchaingo = d.Version
			case "github.com/philippgille/chromem-go":
				m.Chromem = d.Version
			}
		}
	}
	c, err := pgx.Connect(ctx, admin)
	if err != nil {
		return m, fmt.Errorf("connect to PostgreSQL (run 'make db' or set DATABASE_URL): %w", err)
	}
	defer c.Close(ctx)
	if err := c.QueryRow(ctx, `SHOW server_version`).Scan(&m.PostgreSQL); err != nil {
		return m, fmt.Errorf("read server version: %w", err)
	}
	if err := c.QueryRow(ctx, `SELECT default_version FROM pg_available_extensions WHERE name = 'vector'`).Scan(&m.PGVector); err != nil {
		return m, fmt.Errorf("read pgvector version (is pgvector installed?): %w", err)
	}
	for _, s := range []string{"shared_buffers", "work_mem", "maintenance_work_mem", "max_parallel_maintenance_workers",
		"max_parallel_workers_per_gather", "effective_cache_size", "fsync", "synchronous_commit", "jit"} {
		var v string
		if err := c.QueryRow(ctx, `SELECT current_setting($1)`, s).Scan(&v); err != nil {
			return m, fmt.Errorf("read setting %s: %w", s, err)
		}
		m.Settings[s] = v
	}
	return m, nil
}
