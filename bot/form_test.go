package bot

import (
	"slices"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/knowledge"
)

func TestCheckForm(t *testing.T) {
	cites := []Citation{{N: 1, Slug: "prompt-engineer"}, {N: 2, Slug: "prompt-writing"}}
	long := strings.Repeat("Le prompt engineer rédige des requêtes claires pour les IA génératives. ", 10) + "[1]"
	tests := []struct {
		name       string
		main, more string
		cites      []Citation
		want       []FormCode
	}{
		{"fine", "Le prompt engineer formule les requêtes envoyées aux IA génératives [1]. Il forme ses collègues [2].", "", cites, nil},
		{"too long", long, "", cites[:1], []FormCode{FormTooLong, FormRepeated}},
		{"more is not counted", "Le prompt engineer formule les requêtes [1].", long, cites[:1], []FormCode{FormRepeated}},
		{"near repeat", "Le prompt engineer formule les requêtes envoyées aux IA génératives [1]. Le prompt engineer formule des requêtes envoyées aux IA génératives comme ChatGPT [1].", "", cites[:1], []FormCode{FormRepeated}},
		{"cut", "Son TJM dépasse celui des data scientists comparé à [1]", "", cites[:1], []FormCode{FormCut}},
		{"ellipsis", "Selon lui, le métier est « accessible à presque… » [1]", "", cites[:1], []FormCode{FormCut}},
		{"open quote", "Selon lui, le métier est « accessible à presque tout le monde [1].", "", cites[:1], []FormCode{FormQuote}},
		{"uncited source", "Le prompt engineer formule les requêtes envoyées aux IA [1].", "", cites, []FormCode{FormUncited}},
		{"cited in more", "Le prompt engineer formule les requêtes envoyées aux IA [1].", "Compétences clés : rédaction de prompts [2].", cites, nil},
		{"article note", "Les articles ne détaillent pas son quotidien [1].", "", cites[:1], []FormCode{FormArticleNote}},
		{"article note en", "The article gives no figure for data scientists [1].", "", cites[:1], []FormCode{FormArticleNote}},
	}
	for _, tt := range tests {
		var got []FormCode
		for _, p := range CheckForm(tt.main, tt.more, tt.cites) {
			got = append(got, p.Code)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, CheckForm(tt.main, tt.more, tt.cites), tt.want)
		}
	}
}

func TestWordCount(t *testing.T) {
	for text, want := range map[string]int{
		"":                                  0,
		"*Prompt engineer* — un métier [1]": 4,
		"Il gagne 335 000 dollars [1][2].":  5,
	} {
		if got := WordCount(text); got != want {
			t.Errorf("WordCount(%q) = %d, want %d", text, got, want)
		}
	}
}

// TestRestates: a sentence that says again most of a shorter or longer
// one, in other words around it, restates it; one that shares only its
// subject does not.
func TestRestates(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Selon The Economist, ce ne sont plus seulement des travailleurs précaires et mal payés qui étiquettent des images : des experts de la finance, du droit ou de la médecine sont sollicités.",
			"Les annotateurs de données ne sont plus seulement des travailleurs précaires et mal payés qui étiquettent des images : des experts de la finance, du droit ou de la médecine sont de plus en plus sollicités pour entraîner les modèles.", true},
		{"Le data scientist analyse les données qui entraînent les modèles.",
			"Le data scientist est diplômé de l'ENSAI et travaille chez Sia Partners.", false},
		{"Python, PyTorch et TensorFlow.", "Python, PyTorch et TensorFlow.", true},
	}
	for _, tt := range tests {
		if got := restates(tt.a, tt.b); got != tt.want {
			t.Errorf("restates(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := nearRepeat(tt.a, tt.b); tt.want && got && tt.a != tt.b {
			t.Errorf("nearRepeat(%q, %q) already holds: the case does not show restates is stricter", tt.a, tt.b)
		}
	}
}

// A long definition is cut at its first clause, never inside a quotation
// or a parenthesis, and never to a fragment.
func TestFirstClause(t *testing.T) {
	tests := []struct{ s, want string }{
		{"A prompt engineer phrases the requests (prompts) sent to generative AI such as ChatGPT so as to get the most precise answers, a job born with tools such as ChatGPT, MidJourney or Dall-E; they also teach colleagues.",
			"A prompt engineer phrases the requests (prompts) sent to generative AI such as ChatGPT so as to get the most precise answers."},
		{"Short, then a long clause that goes on and on well beyond the limit of thirty words that a bullet of the list of roles may have in the answers of careerbot, and more.", ""},
		{"An AI-fluent professional is a non-technical employee, such as a writer or product manager, who masters AI well enough to apply it to workflows.", ""},
		{"He said « this job, the one of the future, is rare and long to learn for anyone who starts and stays the course ».", ""}, // An example left unfinished is cut off.
		{"A remote operator is the human troubleshooter who steps in from afar when an autonomous system fails, for example when a car of Waymo, a fast-expanding robotaxi company, breaks down.",
			"A remote operator is the human troubleshooter who steps in from afar when an autonomous system fails."},
		// An example right after the comma ends the clause too.
		{"L'opérateur à distance est le dépanneur humain qui intervient à distance quand un système autonome tombe en panne, comme une voiture de Waymo, entreprise de robotaxis, qui enferme ses passagers.",
			"L'opérateur à distance est le dépanneur humain qui intervient à distance quand un système autonome tombe en panne."},
	}
	for _, tt := range tests {
		if got := firstClause(tt.s, 12, 30); got != tt.want {
			t.Errorf("firstClause(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestHeadClause(t *testing.T) {
	tests := []struct{ s, want string }{
		{"Le spécialiste des risques et de la gouvernance de l'IA établit les règles qui empêchent les agents IA, une fois formés et intégrés, de semer le chaos : il veille notamment à ce que les robots ne divulguent pas de données et ne provoquent pas de panne dans les opérations de l'entreprise.",
			"Le spécialiste des risques et de la gouvernance de l'IA établit les règles qui empêchent les agents IA, une fois formés et intégrés, de semer le chaos."},
		{"Le prompt engineer formule les requêtes (prompts) envoyées aux IA génératives comme ChatGPT pour en obtenir les réponses les plus précises, et apprend à ses collègues à rédiger les leurs, par exemple pour mettre en forme des notes de réunion.",
			"Le prompt engineer formule les requêtes (prompts) envoyées aux IA génératives comme ChatGPT pour en obtenir les réponses les plus précises."},
		{"Trop court : une phrase qui continue ensuite longtemps après ses deux points, bien au-delà de la limite de trente mots qui est fixée pour une puce de la liste des métiers.", ""},
		{"Pour lui, la combinaison de ces compétences est, selon ses propres mots, « rare : pas aussi abondante que ce dont l'industrie a besoin » et il continue longuement.", ""},
		{"A sentence with no colon at all that runs on and on well past the limit of thirty words that a bullet of the list of roles may have and then some more words.", ""},
	}
	for _, tt := range tests {
		if got := headClause(tt.s, 30); got != tt.want {
			t.Errorf("headClause(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

// A sentence that opens on a word pointing to the one before it leans
// back; an impersonal "il" does not.
func TestLeansBack(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"They meet the strong demand for people able to build and train large language models.", true},
		{"Ces talents sont parmi les mieux payés.", true},
		{"Il doit comprendre la technologie et savoir gérer des passagers épuisés.", true},
		{"Il existe des cursus pour les data scientists.", false},
		{"Il faut savoir adapter son discours.", false},
		{"Python is expected of AI engineers.", false},
		{"It is one of the fastest-growing AI jobs.", true},
		{"C'est l'une des compétences freelance les plus dynamiques.", true},
		{"Pour lui, cette combinaison n'est pas aussi abondante.", true},
		{"According to her, the field is growing.", true},
		{"Pour les entreprises, cette combinaison est rare.", false},
		{"According to Darwin X, offers grew.", false},
	}
	for _, tt := range tests {
		if got := leansBack(tt.s); got != tt.want {
			t.Errorf("leansBack(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// Why a role suits a background is said in a sentence that stands alone:
// the role's definition without the apposition between its name and its
// verb, never a sentence that leans on the one before it.
func TestWhyFits(t *testing.T) {
	e := &knowledge.Entry{Slug: "remote-operator", Kind: knowledge.KindRole, Lang: "fr", Title: "Opérateur à distance",
		Summary: "L'opérateur à distance, « le gars — ou la fille — dans le ciel » selon Himanshu Palsule, directeur général de Cornerstone OnDemand (entreprise de développement des compétences), est le dépanneur humain qui intervient à distance quand un système autonome tombe en panne, comme une voiture de Waymo, entreprise de robotaxis en pleine expansion, qui enferme ses passagers. Il doit comprendre la technologie et savoir gérer des passagers épuisés."}
	want := "L'opérateur à distance est le dépanneur humain qui intervient à distance quand un système autonome tombe en panne."
	if got := whyFits(e, "service client", "fr"); got != want {
		t.Errorf("whyFits = %q, want %q", got, want)
	}
}

// A sentence of an entry that is a question of its own answers nothing; a
// quoted question is what someone said.
func TestAsksItself(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"Le métier durera-t-il ?", true},
		{"Will the job last? [1]", true},
		{`Haurais describes it: "Will it use institutional language? Which tone should it take?"`, false},
		{"« Faut-il un diplôme ? », demande-t-il.", false},
		{"Le prompt engineer formule les requêtes.", false},
	}
	for _, tt := range tests {
		if got := asksItself(tt.s); got != tt.want {
			t.Errorf("asksItself(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
