package validate

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/patternmatcher/ignorefile"
)

// The Dockerfile parses; it builds a static binary with -trimpath in one
// stage and copies it into a small final image run as a non-root user.
func TestDockerfile(t *testing.T) {
	f, err := os.Open("../docker/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ast, err := parser.Parse(f)
	if err != nil {
		t.Fatalf("parse Dockerfile: %v", err)
	}
	for _, w := range ast.Warnings {
		t.Errorf("Dockerfile warning: %s", w.Short)
	}
	stages, _, err := instructions.Parse(ast.AST, nil)
	if err != nil {
		t.Fatalf("Dockerfile instructions: %v", err)
	}
	if len(stages) < 2 {
		t.Fatalf("%d stages, want a build stage and a final one", len(stages))
	}
	build, final := stages[0], stages[len(stages)-1]
	var built bool
	for _, c := range build.Commands {
		if run, ok := c.(*instructions.RunCommand); ok {
			line := strings.Join(run.CmdLine, " ")
			if strings.Contains(line, "go build") {
				built = strings.Contains(line, "CGO_ENABLED=0") && strings.Contains(line, "-trimpath")
			}
		}
	}
	if !built {
		t.Error("the build stage does not run go build with CGO_ENABLED=0 and -trimpath")
	}
	if !strings.HasPrefix(final.BaseName, "gcr.io/distroless/static") && final.BaseName != "scratch" {
		t.Errorf("final image %s, want distroless static or scratch", final.BaseName)
	}
	var user string
	var copied, entry, health bool
	for _, c := range final.Commands {
		switch c := c.(type) {
		case *instructions.UserCommand:
			user = c.User
		case *instructions.CopyCommand:
			copied = copied || c.From == build.Name
		case *instructions.EntrypointCommand:
			entry = slices.Equal(c.CmdLine, []string{"/careerbot"})
		case *instructions.HealthCheckCommand:
			health = slices.Contains(c.Health.Test, "/careerbot") && slices.Contains(c.Health.Test, "probe")
		case *instructions.RunCommand:
			t.Errorf("the final image runs %v: it has no shell", c.CmdLine)
		}
	}
	if uid, _, _ := strings.Cut(user, ":"); uid == "" || uid == "root" || uid == "0" {
		t.Errorf("final USER %q, want a non-root user", user)
	}
	if !copied || !entry || !health {
		t.Errorf("final stage: binary copied from %s %v, ENTRYPOINT /careerbot %v, HEALTHCHECK careerbot probe %v", build.Name, copied, entry, health)
	}
}

// compose.yaml loads with the Compose Specification's loader, with the
// variables of .env.example: PostgreSQL with pgvector and careerbot, both
// with health checks, the database on a volume, careerbot's settings from
// .env.
func TestCompose(t *testing.T) {
	// The loader reads env_file .env: load from a copy of the directory
	// where .env is .env.example.
	dir := t.TempDir()
	for src, dst := range map[string]string{"compose.yaml": "compose.yaml", ".env.example": ".env"} {
		b, err := os.ReadFile(filepath.Join("../docker", src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dst), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	opts, err := cli.NewProjectOptions([]string{filepath.Join(dir, "compose.yaml")},
		cli.WithWorkingDirectory(dir), cli.WithEnvFiles(filepath.Join(dir, ".env")), cli.WithDotEnv)
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("load compose.yaml: %v", err)
	}
	db, err := p.GetService("db")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(db.Image, "pgvector/pgvector:pg") {
		t.Errorf("db image %s, want the official pgvector image", db.Image)
	}
	if db.HealthCheck == nil || len(db.HealthCheck.Test) == 0 {
		t.Error("db has no health check")
	}
	var volume bool
	for _, v := range db.Volumes {
		volume = volume || (v.Type == types.VolumeTypeVolume && v.Target == "/var/lib/postgresql/data" && p.Volumes[v.Source].Name != "")
	}
	if !volume {
		t.Error("the database is not on a named volume")
	}
	bot, err := p.GetService("careerbot")
	if err != nil {
		t.Fatal(err)
	}
	if bot.Build == nil || bot.Build.Dockerfile != "deploy/docker/Dockerfile" {
		t.Errorf("careerbot build %+v, want deploy/docker/Dockerfile", bot.Build)
	}
	if bot.HealthCheck == nil || !slices.Contains(bot.HealthCheck.Test, "probe") {
		t.Errorf("careerbot health check %+v, want careerbot probe", bot.HealthCheck)
	}
	if dep, ok := bot.DependsOn["db"]; !ok || dep.Condition != types.ServiceConditionHealthy {
		t.Errorf("careerbot does not wait for a healthy database: %+v", bot.DependsOn)
	}
	if len(bot.EnvFiles) == 0 || filepath.Base(bot.EnvFiles[0].Path) != ".env" {
		t.Errorf("careerbot env files %+v, want .env", bot.EnvFiles)
	}
	url := bot.Environment["DATABASE_URL"]
	if url == nil || !strings.Contains(*url, "@db:5432/") || strings.Contains(*url, "${") {
		t.Errorf("DATABASE_URL %v, want the db service, interpolated", url)
	}
	if bot.Environment["SLACK_BOT_TOKEN"] == nil {
		t.Error("SLACK_BOT_TOKEN from .env did not reach the careerbot service")
	}
	if !bot.ReadOnly || !slices.Contains(bot.CapDrop, "ALL") {
		t.Errorf("careerbot read_only %v cap_drop %v, want a read-only root and no capabilities", bot.ReadOnly, bot.CapDrop)
	}
	// Every setting of .env.example, commented or not, is a variable
	// careerbot reads or one compose.yaml interpolates.
	example, err := os.ReadFile("../docker/.env.example")
	if err != nil {
		t.Fatal(err)
	}
	composeFile, err := os.ReadFile("../docker/compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	known := careerbotEnvVars(t)
	for _, m := range regexp.MustCompile(`\$\{([A-Z][A-Z0-9_]*)`).FindAllStringSubmatch(string(composeFile), -1) {
		known = append(known, m[1])
	}
	settings := regexp.MustCompile(`(?m)^(?:# ?)?([A-Z][A-Z0-9_]*)=`).FindAllStringSubmatch(string(example), -1)
	if len(settings) < 5 {
		t.Errorf(".env.example: %d settings found", len(settings))
	}
	for _, m := range settings {
		if !slices.Contains(known, m[1]) {
			t.Errorf(".env.example: %s is neither a variable careerbot reads ('careerbot env') nor one compose.yaml uses", m[1])
		}
	}
	if bot.StopGracePeriod == nil || *bot.StopGracePeriod <= types.Duration(20e9) {
		t.Errorf("stop_grace_period %v, want more than the 20s shutdown timeout", bot.StopGracePeriod)
	}
}

// private are paths of a working copy that must stay out of the image's
// build context: the repository's history, the local PostgreSQL cluster
// of make db, build outputs, and the secrets of deploy/docker/.env.
var private = []string{".git/config", ".data/postgres/PG_VERSION", "bin/careerbot", "careerbot", "deploy/docker/.env",
	"internal/bench/careerbot.go", "cmd/careerbot/main_test.go"}

func dockerignore(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../docker/Dockerfile.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatalf("read Dockerfile.dockerignore: %v", err)
	}
	return patterns
}

// The build context, the repository root less Dockerfile.dockerignore,
// keeps every file the binary is built from and leaves out the local
// state and secrets; broken copies of the patterns fail.
func TestBuildContext(t *testing.T) {
	needed, err := BuildFiles("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"go.mod", "cmd/careerbot/main.go", "migrations/embed.go", "bot/slackapp/manifest.yaml"} {
		if !slices.Contains(needed, want) {
			t.Fatalf("the build files %v lack %s", needed, want)
		}
	}
	patterns := dockerignore(t)
	for _, p := range CheckBuildContext(patterns, needed, private) {
		t.Errorf("Dockerfile.dockerignore: %s", p)
	}
	tests := []struct {
		name    string
		change  func([]string) []string
		problem string
	}{
		{"the knowledge base left out", func(p []string) []string { return append(p, "knowledge/base/*.md") },
			"is left out of the build context, but the build needs it"},
		{"every Go file left out", func(p []string) []string { return append(p, "**/*.go") },
			"cmd/careerbot/main.go is left out"},
		{"the local cluster sent", func(p []string) []string {
			return slices.DeleteFunc(slices.Clone(p), func(s string) bool { return s == ".data" })
		},
			".data/postgres/PG_VERSION is in the build context"},
		{"the secrets sent", func(p []string) []string { return append(slices.Clone(p), "!deploy/docker/.env") },
			"deploy/docker/.env is in the build context"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(CheckBuildContext(tt.change(slices.Clone(patterns)), needed, private), "\n")
			if !strings.Contains(got, tt.problem) {
				t.Errorf("problems %q, want one saying %q", got, tt.problem)
			}
		})
	}
}
