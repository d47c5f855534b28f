package proctest

import (
	"errors"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestStart(t *testing.T) {
	var out Buffer
	cmd := exec.Command("sh", "-c", "echo hello; exit 3")
	cmd.Stdout = &out
	p, err := Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("sh still running after 10s")
	}
	var ee *exec.ExitError
	if !p.Exited() || !errors.As(p.Err(), &ee) || ee.ExitCode() != 3 {
		t.Errorf("exited %v, err %v: want exit status 3", p.Exited(), p.Err())
	}
	if got := strings.TrimSpace(out.String()); got != "hello" {
		t.Errorf("output %q, want hello", got)
	}
}

func TestKill(t *testing.T) {
	p, err := Start(exec.Command("sleep", "60"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Exited() {
		t.Fatal("sleep exited at once")
	}
	p.Kill()
	if !p.Exited() || p.Err() == nil {
		t.Errorf("after Kill: exited %v, err %v", p.Exited(), p.Err())
	}
	p.Kill() // a second Kill returns at once
}

func TestFreeAddr(t *testing.T) {
	ln, err := net.Listen("tcp", FreeAddr(t))
	if err != nil {
		t.Fatalf("listen on the free address: %v", err)
	}
	ln.Close()
}

// An address of RefusedAddr refuses connections, and keeps its port.
func TestRefusedAddr(t *testing.T) {
	addr := RefusedAddr(t)
	if c, err := net.Dial("tcp", addr); err == nil {
		c.Close()
		t.Fatalf("dial %s: connected, want refused", addr)
	} else if !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("dial %s: %v, want connection refused", addr, err)
	}
	if ln, err := net.Listen("tcp", addr); err == nil {
		ln.Close()
		t.Errorf("listen on %s: the port was free, want it kept", addr)
	}
}
