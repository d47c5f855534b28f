// Package proctest runs a program as a separate process for tests, so that
// signals, exit statuses and logs are the real ones. It starts the process,
// collects its output while the test reads it, and tells how it ended; each
// test keeps its own way of stopping the process and of reporting on it.
package proctest

import (
	"bytes"
	"net"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
)

// Buffer collects the output of a process. The test may read it while the
// process writes to it.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p to the buffer.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Process is a started process.
type Process struct {
	// Cmd is the command the process runs.
	Cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// Start starts cmd and waits for it to exit in the background.
func Start(cmd *exec.Cmd) (*Process, error) {
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Process{Cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// Done returns a channel that is closed once the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Exited reports whether the process has exited.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Err returns what waiting for the process returned: nil after an exit
// status of 0, an *exec.ExitError after another one. It means something
// only once the process has exited.
func (p *Process) Err() error { return p.err }

// Kill kills the process, if it is still running, and waits until it has
// exited.
func (p *Process) Kill() {
	_ = p.Cmd.Process.Kill()
	<-p.done
}

// FreeAddr returns a local TCP address that nothing listens on.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// RefusedAddr returns a local address that refuses connections for the
// rest of the test: a socket bound to its port, never listening, so that
// no other server of a parallel test can take the port meanwhile, as it
// may take one FreeAddr returned.
func RefusedAddr(t testing.TB) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	return "127.0.0.1:" + strconv.Itoa(sa.(*syscall.SockaddrInet4).Port)
}
