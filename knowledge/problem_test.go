package knowledge

import (
	"strings"
	"testing"
)

// Each problem Check finds carries its code, and the sizes of the too long
// and too many, so that callers word it without reading Msg.
func TestCheckProblemCodes(t *testing.T) {
	valid := func() *Entry {
		return &Entry{Slug: "prompt-engineer", Kind: KindRole, Lang: "fr", Status: StatusPublished, Title: "Prompt engineer",
			Summary: "Formule les requêtes.", Sources: []Source{{Title: "Presse"}}}
	}
	tests := []struct {
		name       string
		change     func(e *Entry)
		field      string
		code       ProblemCode
		count, max int
	}{
		{"no slug", func(e *Entry) { e.Slug = "" }, "slug", ProblemMissing, 0, 0},
		{"bad slug", func(e *Entry) { e.Slug = "Prompt Engineer" }, "slug", ProblemInvalid, 0, 0},
		{"no kind", func(e *Entry) { e.Kind = "" }, "kind", ProblemMissing, 0, 0},
		{"unknown kind", func(e *Entry) { e.Kind = "job" }, "kind", ProblemUnknown, 0, 0},
		{"no language", func(e *Entry) { e.Lang = "" }, "lang", ProblemMissing, 0, 0},
		{"unknown language", func(e *Entry) { e.Lang = "de" }, "lang", ProblemUnknown, 0, 0},
		{"unknown status", func(e *Entry) { e.Status = "gone" }, "status", ProblemUnknown, 0, 0},
		{"no title", func(e *Entry) { e.Title = "" }, "title", ProblemMissing, 0, 0},
		{"long summary", func(e *Entry) { e.Summary = strings.Repeat("é", MaxSummary+1) }, "summary", ProblemTooLong, MaxSummary + 1, MaxSummary},
		{"NUL in the body", func(e *Entry) { e.Body = "a\x00b" }, "body", ProblemNUL, 0, 0},
		{"too many tags", func(e *Entry) { e.Tags = make([]string, MaxList+1) }, "tags", ProblemTooMany, MaxList + 1, MaxList},
		{"no source", func(e *Entry) { e.Sources = nil }, "sources", ProblemMissing, 0, 0},
	}
	if ps := Check(valid()); len(ps) != 0 {
		t.Fatalf("a valid entry has problems: %+v", ps)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := valid()
			tt.change(e)
			ps := Check(e)
			if len(ps) != 1 {
				t.Fatalf("%d problems, want 1: %+v", len(ps), ps)
			}
			p := ps[0]
			if p.Field != tt.field || p.Code != tt.code || p.Count != tt.count || p.Max != tt.max || p.Msg == "" {
				t.Errorf("got %+v, want field %s, code %s, count %d, max %d and a message", p, tt.field, tt.code, tt.count, tt.max)
			}
		})
	}
}
