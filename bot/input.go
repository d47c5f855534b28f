package bot

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQuestionRunes bounds a question's length.
const MaxQuestionRunes = 1000

// InputError is a question careerbot refuses to process, with a message
// for the asker in their language that says what to do.
type InputError struct {
	Lang   string
	Reason string // "empty" or "too_long"
	Msg    string
}

func (e *InputError) Error() string { return e.Msg }

// Normalize cleans a question: invalid UTF-8 and control characters
// removed, Slack markup of mentions and links reduced to text, white space
// collapsed. It rejects empty and oversized questions with an InputError.
func Normalize(text string) (string, error) {
	text = strings.ToValidUTF8(text, "")
	text = stripSlackMarkup(text)
	var b strings.Builder
	space := false
	for _, r := range text {
		switch {
		case unicode.IsSpace(r) || r == 0:
			space = true
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := b.String()
	lang := DetectLang(out)
	if !hasContent(out) {
		return "", &InputError{Lang: lang, Reason: "empty", Msg: Msg(lang,
			"Your question is empty. Ask me something about AI careers, for example: What does a prompt engineer do?",
			"Votre question est vide. Posez-moi une question sur les métiers de l'IA, par exemple : Que fait un prompt engineer ?")}
	}
	if n := utf8.RuneCountInString(out); n > MaxQuestionRunes {
		return "", &InputError{Lang: lang, Reason: "too_long", Msg: Msg(lang,
			"Your question is too long ("+strconv.Itoa(n)+" characters). Please keep it under "+strconv.Itoa(MaxQuestionRunes)+" characters: one question at a time works best.",
			"Votre question est trop longue ("+strconv.Itoa(n)+" caractères). Gardez-la sous les "+strconv.Itoa(MaxQuestionRunes)+" caractères : une question à la fois donne les meilleures réponses.")}
	}
	return out, nil
}

func hasContent(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// stripSlackMarkup turns Slack's <@U123>, <!here>, <#C1|name> and
// <https://x|label> into plain words, so they are neither searched nor sent
// back.
func stripSlackMarkup(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		inner := s[i+1 : i+j]
		if k := strings.IndexByte(inner, '|'); k >= 0 {
			b.WriteString(inner[k+1:])
		} else if !strings.HasPrefix(inner, "@") && !strings.HasPrefix(inner, "!") && !strings.HasPrefix(inner, "#") {
			b.WriteString(inner)
		}
		b.WriteByte(' ')
		s = s[i+j+1:]
	}
	// Slack sends &, < and > typed by people as &amp;, &lt; and &gt;: read
	// & back. Angle brackets, unpaired or typed, could start markup once
	// echoed: drop them.
	return strings.NewReplacer("<", " ", ">", " ", "&lt;", " ", "&gt;", " ", "&amp;", "&").Replace(b.String())
}

// Msg returns fr when lang is "fr", en otherwise: a message in the
// asker's language.
func Msg(lang, en, fr string) string {
	if lang == "fr" {
		return fr
	}
	return en
}
