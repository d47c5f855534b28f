package figures

import (
	"reflect"
	"strings"
	"testing"
)

func TestQuantities(t *testing.T) {
	tests := []struct {
		text string
		want []string // Quantity.String of each
	}{
		{"335.000 dollars", []string{"335000 $"}},
		{"335 000 dollars", []string{"335000 $"}},
		{"335 000 dollars", []string{"335000 $"}},
		{"$335,000 a year", []string{"335000 $"}},
		{"de 7,7 % à 13 %", []string{"7.7 %", "13 %"}},
		{"from 7.7% to 13%", []string{"7.7 %", "13 %"}},
		{"plus de 1000 %", []string{"1000 %"}},
		{"more than 1,000%", []string{"1000 %"}},
		{"47 pour cent, 47 percent", []string{"47 %", "47 %"}},
		{"GPT-3.5 et GPT-4", []string{"3.5", "4"}},
		{"au T2 2023, en Q2", []string{"ordinal 2", "2023", "ordinal 2"}},
		{"au 2e trimestre, le 1er janvier, 3rd place", []string{"ordinal 2", "ordinal 1", "ordinal 3"}},
		{"au deuxième trimestre, troisième rang, the second quarter", []string{"ordinal 2", "ordinal 3", "ordinal 2"}},
		{"10 milliards de dollars", []string{"10000000000 $"}},
		{"$10 billion, 10 millions de dollars", []string{"10000000000 $", "10000000 $"}},
		{"1,5 milliard, 10 M€", []string{"1500000000", "10000000 €"}},
		{"100k$, $100k, 0,50 €, €500, 500 euros", []string{"100000 $", "100000 $", "0.5 €", "500 €", "500 €"}},
		{"3D printing, 24h", []string{"3", "24"}},
		{"multipliés par quatre, multipliée par près de six", []string{"×4", "×6"}},
		{"21 fois, 4x, x4, sixfold, 21-fold", []string{"×21", "×4", "×4", "×6", "×21"}},
		{"a presque triplé, nearly doubled, ont doublé", []string{"×3", "×2", "×2"}},
		{"double casquette, double cursus, a triple role", nil},
		{"quatre, douze, vingt et un, twenty-one, quatre-vingt-dix, deux cents", []string{"4", "12", "21", "21", "90", "200"}},
		{"sept chiffres, seven figures", []string{"7", "7"}},
		{"un million, up to a million dollars, one billion", []string{"1000000", "1000000 $", "1000000000"}},
		// Articles are not numbers, nor is "à" before a scale word.
		{"un métier, une IA, a job, one of them, des milliards, à milliards", nil},
		{"M. Palsule, Mme Dupont", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, q := range Quantities(tt.text) {
			got = append(got, q.String())
			if q.Text != tt.text[q.Start:q.End] {
				t.Errorf("Quantities(%q): %q is not the text at %d:%d", tt.text, q.Text, q.Start, q.End)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Quantities(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"335.000 dollars", []string{"335000"}},
		{"0,001 % et 0.001 %", []string{"0.001", "0.001"}},
		{"10 milliards", []string{"10000000000"}},
		{"multipliés par quatre", []string{"4"}},
		{"un métier", nil},
		// Digits between letters are a name's; after one, a number's.
		{"commercial B2B, T2 2023", []string{"2", "2023"}},
	}
	for _, tt := range tests {
		if got := Numbers(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Numbers(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestSetMissing(t *testing.T) {
	source := "Les offres ont bondi de 47 % en 2023. Mercor est évaluée à 10 milliards de dollars ; " +
		"les juniors obtiennent 100 000 dollars. Les projets ont été multipliés par quatre en 12 mois, " +
		"au deuxième trimestre. Iris a 26 ans."
	tests := []struct {
		text, want string // want: the quantities missing, joined by "|"
	}{
		{"47 % de hausse, 47 percent, 26", ""},
		{"a bare 47 and a bare 10", ""},
		{"Mercor: $10 billion, ten billion dollars", ""},
		{"Mercor : 10 millions de dollars", "10000000 $"},
		{"Mercor : 10 milliards d'euros", "10000000000 €"},
		{"100k$ pour un junior, ou 700 dollars", "700 $"},
		{"multiplied by four, fourfold, x4", ""},
		{"multipliés par douze", "×12"},
		{"12 mois, multipliés par 12", "×12"},
		{"au 2e trimestre, au 4e trimestre 2022", "ordinal 4|2022"},
		{"26 %", "26 %"},
	}
	f := Of(source)
	for _, tt := range tests {
		var got []string
		for _, q := range f.Missing(tt.text) {
			got = append(got, q.String())
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("Missing(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestSetMissingInContext(t *testing.T) {
	source := "En fait, 47 % des cadres américains pensent que l'utilisation de l'IA générique augmentera la " +
		"productivité des entreprises. En outre, 44 % prévoient d'accroître l'utilisation de l'IA dans leur " +
		"organisation au cours de l'année à venir, et 40 % pensent que la technologie permettra de débloquer " +
		"davantage de croissance et de revenus. Le rythme a presque doublé depuis le lancement de ChatGPT, " +
		"passant de 7,7 % (mai-novembre 2022) à 13 % (novembre 2022 - juin 2023)."
	tests := []struct {
		text, want string
	}{
		{"47 % des cadres américains pensent que l'IA générative augmentera la productivité.", ""},
		{"44 % des cadres américains pensent que l'IA générative augmentera la productivité.", "44 %"},
		{"Cadres américains : 44 % attendent des gains de productivité", "44 %"},
		{"Selon LinkedIn, 47 % des cadres pensent que l'IA augmentera la productivité des entreprises, 44 % " +
			"prévoient d'en accroître l'utilisation et 40 % pensent qu'elle débloquera croissance et revenus.", ""},
		// A pair of figures shares its words.
		{"Le rythme est passé de 7,7 % à 13 % après le lancement de ChatGPT.", ""},
		// Years are dates: only their value is checked.
		{"En 2023, 40 % pensent que la technologie débloquera la croissance.", ""},
		// With no word of its own, a figure is checked for value only.
		{"44 %", ""},
	}
	f := Of(source)
	for _, tt := range tests {
		var got []string
		for _, q := range f.MissingInContext(tt.text) {
			got = append(got, q.String())
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("MissingInContext(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
