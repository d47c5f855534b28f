package bot

import (
	"strings"
	"unicode"

	"github.com/careerbot/careerbot/knowledge"
)

var frWords = set(`le la les un une des du de au aux et est sont que qui quoi quel quelle quels quelles comment
	pourquoi combien ou où je tu il elle nous vous ils elles mon ma mes ton ta tes son sa ses pour par sur dans avec
	sans pas ne plus c'est qu'est-ce qu'un qu'une d'un d'une l'ia ia métier métiers devenir faut faire fait peut
	peux être avoir gagne gagnent salaire formation formations compétences compétence entreprise entreprises
	recherche emploi offres cette ces ce ça ca cela aussi très bien quelles quels chez selon depuis entre en
	corriger erreur`)

var enWords = set(`the a an and is are what which who whom how why where when do does did can could should would
	will i you he she we they my your his her our their for of on in with without not to from by at this that these
	those it its be been have has job jobs role roles skill skills become learn earn salary pay much many about into
	get there any some most best ai company companies work me show give other users user please tell explain
	question questions need want like know find help hello thanks more than after before right top search terms
	hiring growing grow fast jobs did was were many much according say says said`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// DetectLang returns "fr" or "en" for text. French wins ties, accents and
// elisions count for French; English is the default for text with no clue.
func DetectLang(text string) string {
	return DetectLangHint(text, "en")
}

// DetectLangHint is DetectLang with the language to use when the text has
// no clue at all; an empty hint means French.
func DetectLangHint(text, hint string) string {
	lower := strings.ToLower(text)
	fr, en := 0.0, 0.0
	for _, r := range lower {
		if strings.ContainsRune("éèêàâùûôîçœë", r) {
			fr += 0.5
		}
	}
	words := strings.FieldsFunc(lower, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-'
	})
	for _, w := range words {
		w = strings.ReplaceAll(w, "’", "'")
		if strings.HasPrefix(w, "qu'") || strings.HasPrefix(w, "l'") || strings.HasPrefix(w, "d'") || strings.HasPrefix(w, "j'") || strings.HasPrefix(w, "c'") || strings.HasPrefix(w, "n'") {
			fr += 1
		}
		folded := knowledge.FoldAccents(w)
		if frWords[w] || frWords[folded] {
			fr++
		}
		if enWords[w] {
			en++
		}
	}
	if fr == 0 && en == 0 {
		if hint == "en" {
			return "en"
		}
		return "fr"
	}
	if fr >= en {
		return "fr"
	}
	return "en"
}
