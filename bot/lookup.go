package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

func (a *Assistant) lookup(ctx context.Context, cmd Command, name, lang string) (Answer, error) {
	kind := knowledge.Kind(cmd)
	matches, err := a.entries.Resolve(ctx, kind, name, 5)
	if err != nil {
		return Answer{}, fmt.Errorf("resolve %s: %w", cmd, err)
	}
	if len(matches) > 0 && (matches[0].Exact || matches[0].Similarity >= 0.55) {
		e := matches[0].Entry
		return a.card(ctx, e, lang)
	}
	ans := Answer{Composer: "extractive", Reason: "unknown_name"}
	for _, m := range matches {
		if m.Similarity >= 0.2 {
			ans.Suggestions = append(ans.Suggestions, Suggestion{Slug: m.Entry.Slug, Title: m.Entry.TitleIn(lang), Kind: m.Entry.Kind})
		}
	}
	if len(ans.Suggestions) == 0 {
		for _, m := range matches {
			ans.Suggestions = append(ans.Suggestions, Suggestion{Slug: m.Entry.Slug, Title: m.Entry.TitleIn(lang), Kind: m.Entry.Kind})
		}
	}
	kindName := kindLabel(kind, lang)
	// French articles agree with the kind: "la compétence", "aucune
	// compétence", "le métier".
	the, none := "le", "aucun"
	if kind == knowledge.KindSkill {
		the, none = "la", "aucune"
	}
	if len(ans.Suggestions) > 0 {
		ans.Answer = Msg(lang,
			fmt.Sprintf("I don't know the %s “%s”. Did you mean: %s?", kindName, name, suggestionList(ans.Suggestions)),
			fmt.Sprintf("Je ne connais pas %s %s « %s ». Vouliez-vous dire : %s ?", the, kindName, name, suggestionList(ans.Suggestions)))
	} else {
		ans.Answer = Msg(lang,
			fmt.Sprintf("I don't know the %s “%s”, and the knowledge base has no %s yet.", kindName, name, kindName),
			fmt.Sprintf("Je ne connais pas %s %s « %s », et la base ne contient encore %s %s.", the, kindName, name, none, kindName))
	}
	return ans, nil
}

func suggestionList(s []Suggestion) string {
	names := make([]string, len(s))
	for i, x := range s {
		names[i] = x.Title
	}
	return strings.Join(names, ", ")
}

func kindLabel(k knowledge.Kind, lang string) string {
	fr := map[knowledge.Kind]string{knowledge.KindRole: "métier", knowledge.KindSkill: "compétence", knowledge.KindTraining: "parcours de formation", knowledge.KindInsight: "chiffre"}
	en := map[knowledge.Kind]string{knowledge.KindRole: "role", knowledge.KindSkill: "skill", knowledge.KindTraining: "training path", knowledge.KindInsight: "figure"}
	if lang == "fr" {
		return fr[k]
	}
	return en[k]
}

// card answers a lookup with the entry's summary, its skills and trainings.
func (a *Assistant) card(ctx context.Context, e *knowledge.Entry, lang string) (Answer, error) {
	related, err := a.relatedEntries(ctx, e)
	if err != nil {
		return Answer{}, err
	}
	// The skills and trainings first take their room; the summary fills
	// the rest of a Slack-sized text, and what is left of it is one click
	// away.
	var rel composition
	rel.lang = lang
	rel.addRelations(e, related, 1)
	room := MaxMainWords - WordCount(e.TitleIn(lang)) - WordCount(rel.text())
	summary, _ := e.SummaryIn(lang)
	var head, rest []string
	for _, s := range sentences(summary) {
		if len(head) == 0 || len(rest) == 0 && WordCount(strings.Join(append(head, s), " ")) <= room {
			head = append(head, s)
		} else {
			rest = append(rest, s)
		}
	}
	var c composition
	c.lang = lang
	n := c.cite(e)
	c.add(fmt.Sprintf("*%s* — %s", e.TitleIn(lang), strings.Join(head, " ")), n)
	c.addRelations(e, related, n)
	ans := Answer{Grounded: true, Answer: c.text(), Composer: "extractive", Citations: c.citations, Entry: e, Related: related, TopScore: 1}
	if len(rest) > 0 {
		ans.More = fmt.Sprintf("%s [%d]", strings.Join(rest, " "), n)
	}
	return ans, nil
}

// relatedEntries returns the published entries e relates to, in the order
// of its relations, read in one round trip. A relation to an entry
// archived since is skipped; a store that cannot be read is an error, so
// that the answer says the base is unavailable rather than leave out the
// skills and trainings without a word.
func (a *Assistant) relatedEntries(ctx context.Context, e *knowledge.Entry) ([]*knowledge.Entry, error) {
	rels := e.Relations.All()
	if len(rels) == 0 {
		return nil, nil
	}
	slugs := make([]string, len(rels))
	for i, r := range rels {
		slugs[i] = r.Slug
	}
	loaded, err := a.entries.GetMany(ctx, slugs)
	if err != nil {
		return nil, fmt.Errorf("read the entries %s relates to: %w", e.Slug, err)
	}
	bySlug := make(map[string]*knowledge.Entry, len(loaded))
	for _, re := range loaded {
		bySlug[re.Slug] = re
	}
	var out []*knowledge.Entry
	for _, r := range rels {
		if re := bySlug[r.Slug]; re != nil && re.Status == knowledge.StatusPublished {
			out = append(out, re)
		}
	}
	return out, nil
}
