package bot

import "testing"

func TestSentencesEnd(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", ""},
		{"Un prompt engineer conçoit", ""},
		{"Il gagne 1.5 fois plus", ""},
		{"Une phrase [1]. La suite", "Une phrase [1]."},
		{"Une phrase. [1] La suite", "Une phrase. [1]"},
		{"Première ! Deuxième ? Troisième", "Première ! Deuxième ?"},
		{"Il a dit « oui. » Puis", "Il a dit « oui. »"},
		{"Fin de la phrase.", ""}, // nothing says the sentence is over yet
		{"Un titre\n\nLe texte", "Un titre\n"},
		{"Attendez… la suite", "Attendez…"},
		{"Les salaires (en France.) varient", "Les salaires (en France.)"},
	}
	for _, tt := range tests {
		if got := tt.in[:sentencesEnd(tt.in)]; got != tt.want {
			t.Errorf("sentencesEnd(%q) keeps %q, want %q", tt.in, got, tt.want)
		}
	}
}
