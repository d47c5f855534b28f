package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/careerbot/careerbot/bot"
)

// termStream prints a written answer in the terminal as it arrives, then
// its sources; when the answer is withdrawn (it failed a check or the
// stream broke), it says so and prints the answer that replaces it.
type termStream struct {
	w     io.Writer
	on    bool
	shown string
}

func newTermStream(w io.Writer, a *bot.Assistant) *termStream {
	return &termStream{w: w, on: a.ComposerName() != "extractive"}
}

// stream returns the Question.Stream callback, nil when answers are not
// written by a model.
func (s *termStream) stream() func(string) {
	if !s.on {
		return nil
	}
	return s.write
}

func (s *termStream) write(partial string) {
	if strings.HasPrefix(partial, s.shown) {
		fmt.Fprint(s.w, partial[len(s.shown):])
	} else {
		// A second attempt starts over.
		fmt.Fprint(s.w, "\n…\n"+partial)
	}
	s.shown = partial
}

// print ends the answer.
func (s *termStream) print(a bot.Answer) {
	if s.shown == "" {
		printAnswer(s.w, a, false)
		return
	}
	if strings.TrimSpace(s.shown) == strings.TrimSpace(a.Answer) {
		fmt.Fprintln(s.w)
		rest := a
		rest.Answer = ""
		var b strings.Builder
		printAnswer(&b, rest, false)
		fmt.Fprint(s.w, strings.TrimPrefix(b.String(), "\n"))
		return
	}
	if a.Lang == "fr" {
		fmt.Fprintln(s.w, "\n\n(réponse rédigée retirée ; voici la réponse tirée de la base de connaissances)")
	} else {
		fmt.Fprintln(s.w, "\n\n(written answer withdrawn; here is the answer from the knowledge base)")
	}
	printAnswer(s.w, a, false)
}
