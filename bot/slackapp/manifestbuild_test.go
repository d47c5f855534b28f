package slackapp

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// manifestSchemaPath finds Slack's JSON schema of app manifests, kept in
// the shared folder beside the repository: shared/slack/manifest-schema.json
// next to the repository's root or, in a git worktree, next to the main
// checkout. Without it the test is skipped, except in CI, where it fails.
func manifestSchemaPath(t *testing.T) string {
	t.Helper()
	const rel = "shared/slack/manifest-schema.json"
	candidates := []string{filepath.Join("..", "..", "..", filepath.FromSlash(rel))}
	if out, err := exec.Command("git", "rev-parse", "--path-format=absolute", "--git-common-dir").Output(); err == nil {
		main := filepath.Dir(strings.TrimSpace(string(out)))
		candidates = append(candidates, filepath.Join(main, "..", filepath.FromSlash(rel)))
	}
	for _, p := range candidates {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("Slack's manifest schema is missing: looked for ../%s beside the repository at %v", rel, candidates)
	}
	t.Skipf("Slack's manifest schema (../%s beside the repository) is not here: %v", rel, candidates)
	return ""
}

func compileManifestSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(manifestSchemaPath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("read Slack's manifest schema: %v", err)
	}
	c := jsonschema.NewCompiler()
	// The schema's patterns are ECMAScript's (lookaheads included), which
	// Go's regexp does not take.
	c.UseRegexpEngine(func(s string) (jsonschema.Regexp, error) {
		re, err := regexp2.Compile(s, regexp2.ECMAScript)
		if err != nil {
			return nil, err
		}
		return ecmaRegexp{re}, nil
	})
	if err := c.AddResource("manifest-schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("manifest-schema.json")
	if err != nil {
		t.Fatalf("compile Slack's manifest schema: %v", err)
	}
	return sch
}

// ecmaRegexp is a regexp2 expression as the schema compiler wants it.
type ecmaRegexp struct{ re *regexp2.Regexp }

func (r ecmaRegexp) MatchString(s string) bool {
	ok, err := r.re.MatchString(s)
	return err == nil && ok
}

func (r ecmaRegexp) String() string { return r.re.String() }

// manifestInstance turns a YAML manifest into the JSON value the schema
// validates.
func manifestInstance(t *testing.T, y []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(y, &v); err != nil {
		t.Fatalf("generated manifest is not YAML: %v\n%s", err, y)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// Every manifest careerbot generates, in both modes, with and without a
// command prefix, passes Slack's schema; a manifest breaking it (an
// unknown key, a command without its slash) is caught, so the check is
// not vacuous.
func TestGeneratedManifestsPassSlacksSchema(t *testing.T) {
	sch := compileManifestSchema(t)
	cases := map[string]ManifestOptions{
		"socket":        {},
		"socket prefix": {CommandPrefix: "cb-"},
		"http":          {HTTP: true, URL: "https://careerbot.example.com"},
		"http prefix":   {HTTP: true, URL: "https://careerbot.example.com/base/", CommandPrefix: "acme_"},
	}
	for name, opt := range cases {
		t.Run(name, func(t *testing.T) {
			y, err := BuildManifest(opt)
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(manifestInstance(t, y)); err != nil {
				t.Fatalf("generated manifest fails Slack's schema: %v\n%s", err, y)
			}
		})
	}
	y, _ := BuildManifest(ManifestOptions{})
	for what, broken := range map[string][]byte{
		"unknown setting":   bytes.Replace(y, []byte("socket_mode_enabled:"), []byte("socket_mode:"), 1),
		"command w/o slash": bytes.Replace(y, []byte("command: /career\n"), []byte("command: career\n"), 1),
	} {
		if bytes.Equal(broken, y) {
			t.Fatalf("%s: the manifest did not change", what)
		}
		if err := sch.Validate(manifestInstance(t, broken)); err == nil {
			t.Errorf("%s: Slack's schema accepted a broken manifest", what)
		}
	}
}

// The Socket Mode manifest with the default names is the embedded one, and
// the HTTP mode one sends every request to careerbot's URL, with Socket
// Mode off: events, interactivity, option lists and each slash command.
func TestBuildManifestModes(t *testing.T) {
	socket, err := BuildManifest(ManifestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got, want any
	if err := yaml.Unmarshal(socket, &got); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(Manifest, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the default Socket Mode manifest differs from manifest.yaml:\n%s", socket)
	}
	if !bytes.Contains(socket, []byte("# app_mention events")) {
		t.Error("the generated manifest lost manifest.yaml's comments")
	}

	b, err := BuildManifest(ManifestOptions{HTTP: true, URL: "https://careerbot.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	m := parseManifest(t, b)
	if m.Settings.SocketMode {
		t.Error("HTTP mode manifest has Socket Mode on")
	}
	const base = "https://careerbot.example.com"
	if m.Settings.Events.RequestURL != base+PathEvents || m.Settings.Interactivity.RequestURL != base+PathInteractivity ||
		m.Settings.Interactivity.OptionsURL != base+PathInteractivity {
		t.Errorf("request URLs: events %q, interactivity %q, options %q", m.Settings.Events.RequestURL,
			m.Settings.Interactivity.RequestURL, m.Settings.Interactivity.OptionsURL)
	}
	if len(m.Features.SlashCommands) != 5 {
		t.Fatalf("%d slash commands, want 5", len(m.Features.SlashCommands))
	}
	for _, c := range m.Features.SlashCommands {
		if c.URL != base+PathCommands {
			t.Errorf("%s: url %q, want %s", c.Command, c.URL, base+PathCommands)
		}
	}
}

// A prefix renames every command and every mention of one in the
// manifest's texts.
func TestBuildManifestCommandPrefix(t *testing.T) {
	b, err := BuildManifest(ManifestOptions{CommandPrefix: "cb-"})
	if err != nil {
		t.Fatal(err)
	}
	var cmds []string
	for _, c := range parseManifest(t, b).Features.SlashCommands {
		cmds = append(cmds, c.Command)
	}
	want := []string{"/cb-career", "/cb-role", "/cb-skill", "/cb-training", "/cb-career-admin"}
	if !reflect.DeepEqual(cmds, want) {
		t.Errorf("commands %v, want %v", cmds, want)
	}
	if !bytes.Contains(b, []byte("/cb-career, /cb-role, /cb-skill and /cb-training")) || bytes.Contains(b, []byte(" /role")) {
		t.Errorf("the long description still names the default commands:\n%s", b)
	}
}

// Bad options get a message saying what is wrong and what to do.
func TestBuildManifestRefusals(t *testing.T) {
	cases := []struct {
		opt  ManifestOptions
		want string
	}{
		{ManifestOptions{HTTP: true}, "add --url https://"},
		{ManifestOptions{HTTP: true, URL: "http://careerbot.example.com"}, "with https"},
		{ManifestOptions{HTTP: true, URL: "https://careerbot.example.com/?x=1"}, "no query"},
		{ManifestOptions{HTTP: true, URL: "careerbot.example.com"}, "with https"},
		{ManifestOptions{URL: "https://careerbot.example.com"}, "only for HTTP mode"},
		{ManifestOptions{CommandPrefix: "CB"}, "lowercase letters"},
		{ManifestOptions{CommandPrefix: "a/b"}, "lowercase letters"},
		{ManifestOptions{CommandPrefix: strings.Repeat("x", MaxCommandPrefix+1)}, "at most 19"},
	}
	for _, c := range cases {
		_, err := BuildManifest(c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one saying %q", c.opt, err, c.want)
		}
	}
	if err := ValidateCommandPrefix(strings.Repeat("x", MaxCommandPrefix)); err != nil {
		t.Errorf("the longest prefix is refused: %v", err)
	}
}
