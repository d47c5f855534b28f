package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestUnknownCommand(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string // on stderr, or "" for none
		out  string // on stdout
	}{
		{[]string{"nosuch"}, 2, `careerbot: unknown command "nosuch"; did you mean "ask"?`, ""},
		{[]string{"serv"}, 2, `careerbot: unknown command "serv"; did you mean "serve"?`, ""},
		{[]string{"kb", "shw", "prompt-engineer"}, 2, `careerbot: unknown command "kb shw"; did you mean "kb show"?`, ""},
		{[]string{"kb", "imprt"}, 2, `careerbot: unknown command "kb imprt"; did you mean "kb import"?`, ""},
		{[]string{"kb", "nosuch"}, 2, `careerbot: unknown command "kb nosuch"; did you mean "kb `, ""},
		{[]string{"completion", "fsh"}, 2, `careerbot: unknown command "completion fsh"; did you mean "completion fish"?`, ""},
		{[]string{"kb"}, 0, "", "Available Commands:"},
		{[]string{}, 0, "", "Available Commands:"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(""), &out, &errb, func(string) string { return "" })
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.code, errb.String())
			}
			if tt.want == "" && errb.Len() > 0 || !strings.Contains(errb.String(), tt.want) {
				t.Errorf("stderr %q, want %q", errb.String(), tt.want)
			}
			if !strings.Contains(out.String(), tt.out) {
				t.Errorf("stdout %q, want %q", out.String(), tt.out)
			}
			if tt.code != 0 && out.Len() > 0 {
				t.Errorf("help printed on stdout for an unknown command: %q", out.String())
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"show", "show", 0}, {"shw", "show", 1}, {"", "kb", 2}, {"kitten", "sitting", 3}, {"é", "e", 1},
	} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
