// Package synth generates deterministic synthetic catalogs of realistic
// French and English entries, for scale tests and benchmarks.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

var (
	roles = []string{"ingénieur IA", "data scientist", "data engineer", "prompt engineer", "analyste", "chef de produit IA",
		"spécialiste NLP", "ingénieur vision", "responsable de l'IA", "annotateur expert", "consultant IA", "architecte données"}
	subjects = []string{"les modèles de langage", "la vision par ordinateur", "l'apprentissage automatique", "les données clients",
		"la gouvernance de l'IA", "les agents conversationnels", "la recherche documentaire", "les tableaux de bord",
		"la détection de fraude", "la traduction automatique", "la qualité des données", "les pipelines MLOps"}
	verbs   = []string{"conçoit", "déploie", "évalue", "documente", "optimise", "supervise", "entraîne", "explique", "sécurise", "mesure"}
	tools   = []string{"Python", "PyTorch", "TensorFlow", "Ray", "SQL", "Spark", "Kubernetes", "Hugging Face", "Azure OpenAI", "Gradio"}
	enRoles = []string{"AI engineer", "data scientist", "data engineer", "prompt engineer", "analyst", "AI product manager",
		"NLP specialist", "vision engineer", "head of AI", "expert annotator", "AI consultant", "data architect"}
	enSubjects = []string{"language models", "computer vision", "machine learning", "customer data", "AI governance",
		"chat assistants", "document search", "dashboards", "fraud detection", "machine translation", "data quality", "MLOps pipelines"}
	headings = []string{"Le métier", "Au quotidien", "Compétences clés", "Comment y accéder", "Rémunération et marché",
		"Outils", "Évolution", "Exemples", "Risques", "Organisation", "Formation continue", "Perspectives"}
)

// Kinds of the generated entries, with their share: roles and skills are
// common, trainings and insights rarer, as in a real catalog.
func kindOf(i int) knowledge.Kind {
	switch i % 20 {
	case 0:
		return knowledge.KindInsight
	case 1, 2:
		return knowledge.KindTraining
	case 3, 4, 5, 6, 7, 8:
		return knowledge.KindSkill
	}
	return knowledge.KindRole
}

// Catalog returns a catalog of about chunks chunks (each entry has a French
// and an English summary and sections chunks-per-entry minus two), the same
// for the same arguments.
func Catalog(chunks, perEntry int, seed uint64) *knowledge.Catalog {
	if perEntry < 3 {
		perEntry = 3
	}
	n := (chunks + perEntry - 1) / perEntry
	r := rand.New(rand.NewPCG(seed, 42))
	c := &knowledge.Catalog{}
	for i := range n {
		c.Entries = append(c.Entries, Entry(r, i, perEntry-2))
	}
	return c
}

// Entry generates entry i with the given number of body sections.
func Entry(r *rand.Rand, i, sections int) *knowledge.Entry {
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	role, subject := r.IntN(len(roles)), r.IntN(len(subjects))
	e := &knowledge.Entry{
		Slug:      fmt.Sprintf("synth-%06d", i),
		Kind:      kindOf(i),
		Lang:      "fr",
		Status:    knowledge.StatusPublished,
		Title:     fmt.Sprintf("%s — %s n° %d", roles[role], subjects[subject], i),
		TitleEN:   fmt.Sprintf("%s — %s no. %d", enRoles[role], enSubjects[subject], i),
		Aliases:   []string{pick(tools), pick(enRoles)},
		Summary:   fmt.Sprintf("Le %s %s %s avec %s et %s.", roles[role], pick(verbs), subjects[subject], pick(tools), pick(tools)),
		SummaryEN: fmt.Sprintf("The %s works on %s with %s and %s.", enRoles[role], enSubjects[subject], pick(tools), pick(tools)),
		Sources:   []knowledge.Source{{Article: "synthetic", Title: "Catalogue synthétique", Publisher: "careerbot", Date: "2026"}},
	}
	if e.Kind == knowledge.KindInsight {
		// Insights need a period; this one draws nothing from r, so the
		// rest of the catalog is the same with or without it.
		e.Period = fmt.Sprintf("T%d %d", i%4+1, 2022+i%4)
	}
	var b strings.Builder
	for s := range sections {
		fmt.Fprintf(&b, "## %s\n", headings[(s+i)%len(headings)])
		for range 3 {
			fmt.Fprintf(&b, "Le %s %s %s en s'appuyant sur %s. ", pick(roles), pick(verbs), pick(subjects), pick(tools))
		}
		b.WriteString("\n\n")
	}
	e.Body = strings.TrimSpace(b.String())
	return e
}
