//go:build unix

package bot_test

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/kbtest"
)

// BenchmarkAnswer answers the questions of the evaluation file, one per
// iteration and in turn, on the built-in knowledge base with the
// extractive composer, as the offline assistant does: one answer, its
// searches and reads of the store included. Beside the time of an answer
// it reports cpu-ns/op, the CPU this process spent per answer (user and
// system), which leaves out PostgreSQL's own. A -benchtime of a multiple
// of the file's 170 questions (-benchtime=340x) asks each as often.
func BenchmarkAnswer(b *testing.B) {
	f, err := os.Open("testdata/eval/questions.tsv")
	if err != nil {
		b.Fatal(err)
	}
	cases, err := bot.ReadEvalFile("questions.tsv", f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	env := kbtest.New(b, nil)
	ctx := context.Background()
	b.ReportAllocs()
	start := cpuTime(b)
	n := 0
	for b.Loop() {
		c := cases[n%len(cases)]
		n++
		if _, err := env.Assistant.Answer(ctx, bot.Question{Text: c.Question, Surface: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime(b)-start)/float64(n), "cpu-ns/op")
}

// cpuTime is the user and system CPU this process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
