package localdb

import (
	"errors"
	"os"
	"regexp"
	"strconv"
	"testing"
)

func TestParsePort(t *testing.T) {
	tests := []struct {
		in   string
		want int
		bad  bool
	}{
		{"", DefaultPort, false},
		{"55433", 55433, false},
		{"1", 1, false},
		{"65535", 65535, false},
		{"0", 0, true},
		{"65536", 0, true},
		{"port", 0, true},
		{" 55433", 0, true},
	}
	for _, tt := range tests {
		got, err := ParsePort(tt.in)
		var pe *PortError
		if got != tt.want || (err != nil) != tt.bad || (tt.bad && !errors.As(err, &pe)) {
			t.Errorf("ParsePort(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

func TestURLFromEnv(t *testing.T) {
	got, err := URLFromEnv(func(k string) string { return map[string]string{PortVar: "55433"}[k] })
	if err != nil || got != "postgres://careerbot@127.0.0.1:55433/careerbot?sslmode=disable" {
		t.Fatalf("URLFromEnv = %q, %v", got, err)
	}
	if _, err := URLFromEnv(func(string) string { return "x" }); err == nil || err.Error() != `CAREERBOT_PGPORT must be a port number from 1 to 65535 such as 55432, not "x"` {
		t.Fatalf("error %v", err)
	}
}

// TestScriptsShareTheDefault keeps the Makefile's and db.sh's default port,
// which shell cannot take from Go, in step with DefaultPort.
func TestScriptsShareTheDefault(t *testing.T) {
	for file, pattern := range map[string]string{
		"../../Makefile":           `(?m)^PGPORT \?= \$\(or \$\(CAREERBOT_PGPORT\),(\d+)\)$`,
		"../../deploy/local/db.sh": `\$\{CAREERBOT_PGPORT:-(\d+)\}`,
	} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(pattern).FindAllSubmatch(b, -1)
		if len(m) == 0 {
			t.Errorf("%s: no default port found (pattern %s)", file, pattern)
		}
		for _, s := range m {
			if string(s[1]) != strconv.Itoa(DefaultPort) {
				t.Errorf("%s: default port %s, want %d", file, s[1], DefaultPort)
			}
		}
	}
}
