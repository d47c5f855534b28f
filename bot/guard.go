package bot

import (
	"strings"
	"unicode"
)

// instructed is a Composer that can say what instructions its model
// receives, so that an answer repeating them (a model talked into
// revealing them) is refused.
type instructed interface {
	Instructions(lang string) string
}

// shingleWords is the length of the word runs compared: long enough that
// an answer never shares one with the instructions by chance.
const shingleWords = 8

// repeatsInstructions reports whether text quotes the instructions: at
// least two runs of shingleWords words of them.
func repeatsInstructions(text, instructions string) bool {
	rules := shingles(instructions)
	found := 0
	for s := range shingles(text) {
		if rules[s] {
			found++
			if found >= 2 {
				return true
			}
		}
	}
	return false
}

func shingles(s string) map[string]bool {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := map[string]bool{}
	for i := 0; i+shingleWords <= len(words); i++ {
		out[strings.Join(words[i:i+shingleWords], " ")] = true
	}
	return out
}

// leaksInstructions reports whether a generated text repeats the
// composer's instructions.
func (a *Assistant) leaksInstructions(text, lang string) bool {
	in, ok := a.composer.(instructed)
	if !ok {
		return false
	}
	return repeatsInstructions(text, in.Instructions(lang))
}

// guardStream forwards a generated answer as it is written, until it
// starts repeating the composer's instructions: from then on, nothing.
func (a *Assistant) guardStream(stream func(string), lang string) func(string) {
	if stream == nil {
		return nil
	}
	stopped := false
	return func(partial string) {
		if stopped || a.leaksInstructions(partial, lang) {
			stopped = true
			return
		}
		stream(partial)
	}
}
