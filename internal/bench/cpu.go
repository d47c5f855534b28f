package bench

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// clockTicks is the unit of the CPU times in /proc/PID/stat (USER_HZ,
// 100 on Linux).
const clockTicks = 100

// processCPU returns the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// serverCPU returns the CPU time used so far by each process of the
// PostgreSQL server pool is connected to, by pid, read from /proc: it
// works when the server runs on this machine, which ok reports.
func serverCPU(ctx context.Context, pool *pgxpool.Pool) (cpu map[int]time.Duration, ok bool) {
	rows, err := pool.Query(ctx, `SELECT pid FROM pg_stat_activity`)
	if err != nil {
		return nil, false
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return nil, false
	}
	cpu = map[int]time.Duration{}
	for _, pid := range pids {
		d, err := procCPU(int(pid))
		if err != nil {
			continue // ended since, or not on this machine
		}
		cpu[int(pid)] = d
	}
	return cpu, len(cpu) > 0
}

// procCPU reads the user and system time of a process from
// /proc/PID/stat.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command, in parentheses, may hold spaces: fields count from
	// after its closing parenthesis (field 3, the state, comes first).
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("read /proc/%d/stat: no command", pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("read /proc/%d/stat: %d fields", pid, len(f))
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, err2 := strconv.ParseInt(f[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("read /proc/%d/stat: unreadable times", pid)
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// cpuMeter measures the CPU time a phase of the run uses, in this process
// and in the PostgreSQL server.
type cpuMeter struct {
	pool    *pgxpool.Pool
	process time.Duration
	server  map[int]time.Duration
	ok      bool
}

func startCPU(ctx context.Context, pool *pgxpool.Pool) *cpuMeter {
	m := &cpuMeter{pool: pool, process: processCPU()}
	m.server, m.ok = serverCPU(ctx, pool)
	return m
}

// stop returns the CPU time used since start by this process and by the
// server's processes (those that ended in between are not counted);
// serverOK is false when the server's could not be read.
func (m *cpuMeter) stop(ctx context.Context) (process, server time.Duration, serverOK bool) {
	process = processCPU() - m.process
	now, ok := serverCPU(ctx, m.pool)
	if !ok || !m.ok {
		return process, 0, false
	}
	for pid, d := range now {
		server += d - m.server[pid]
	}
	return process, server, true
}
