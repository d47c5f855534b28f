package knowledge

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse checks that any file either parses into an entry that survives
// a round trip, or is refused with located errors — never a panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(validEntry))
	f.Add([]byte("---\nslug: a\n---\n"))
	f.Add([]byte("---\n: : :\n---\n"))
	f.Add([]byte("---\nsources: [1, {a: b}]\nrelations: {requires: [[x]]}\n---\n## x\n"))
	f.Add([]byte("---\ntitle: !!binary aGVsbG8=\n---"))
	f.Add([]byte("\ufeff---\r\nslug: ab\r\n---\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Parse("f.md", data)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Parse error is not a located ErrorList: %v", err)
			}
			for _, fe := range list {
				if !strings.HasPrefix(fe.Error(), "f.md") || fe.Msg == "" {
					t.Fatalf("error without location or message: %q", fe.Error())
				}
			}
			return
		}
		again, err := Parse(e.Slug+".md", Marshal(e))
		if err != nil {
			t.Fatalf("a parsed entry does not parse again after Marshal: %v\n%s", err, Marshal(e))
		}
		if again.ContentHash() != e.ContentHash() {
			t.Fatalf("round trip changed the entry:\n%s\n%s", Marshal(e), Marshal(again))
		}
	})
}
