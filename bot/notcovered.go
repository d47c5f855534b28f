package bot

import (
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

// outOfScope is the answer to a request that is not a question about AI
// careers, such as a poem or the weather.
func outOfScope(lang string) Answer {
	return Answer{Composer: "extractive", Reason: "out_of_scope", Answer: Msg(lang,
		"I only answer questions about AI careers: jobs, skills, trainings and market figures, from the knowledge base curated by HR. Try “What does a data engineer do?” or tell me what you do today.",
		"Je réponds seulement aux questions sur les métiers de l'IA : métiers, compétences, formations et chiffres du marché, à partir de la base tenue par les RH. Essayez « Que fait un data engineer ? » ou dites-moi ce que vous faites aujourd'hui.")}
}

// noSubject is the answer to a question that names nothing and has no
// conversation to be read against ("et ça paie combien ?"): any entry
// would be a guess, so careerbot asks what it is about.
func noSubject(lang string) Answer {
	return Answer{Composer: "extractive", Reason: "no_subject", Answer: Msg(lang,
		"Which job, skill or training do you mean? Ask again with its name, such as “What does a prompt engineer earn?”, or try /role, /skill or /training with a name.",
		"De quel métier, compétence ou formation parlez-vous ? Reposez la question avec son nom, par exemple « Combien gagne un prompt engineer ? », ou essayez /role, /skill ou /training avec un nom.")}
}

// notCovered is the answer to a question the knowledge base does not
// cover, with the closest roles among cands. names are the names of the
// question that the base does not hold at all, said plainly.
func (a *Assistant) notCovered(lang string, cands []*entryHits, names []string) Answer {
	ans := Answer{Composer: "extractive", Reason: "not_covered"}
	for _, g := range cands {
		if g.entry != nil && g.kind == knowledge.KindRole && g.cover > 0 && len(ans.Suggestions) < 3 {
			ans.Suggestions = append(ans.Suggestions, Suggestion{Slug: g.slug, Title: g.entry.TitleIn(lang), Kind: g.kind})
		}
	}
	if len(names) > 0 {
		quoted := make([]string, len(names))
		for i, n := range names {
			quoted[i] = Msg(lang, "“"+n+"”", "« "+n+" »")
		}
		list := strings.Join(quoted, ", ")
		ans.Answer = Msg(lang,
			"The knowledge base has nothing on "+list+", so I won't guess.",
			"La base de connaissances ne contient rien sur "+list+", je préfère ne rien inventer.")
	} else {
		ans.Answer = Msg(lang,
			"I don't have reliable information on that in the knowledge base, so I won't guess.",
			"Je n'ai pas d'information fiable sur ce sujet dans la base de connaissances, je préfère ne rien inventer.")
	}
	if len(ans.Suggestions) > 0 {
		ans.Answer += Msg(lang, " Closest roles: ", " Métiers les plus proches : ") + suggestionList(ans.Suggestions) + "."
	}
	ans.Answer += Msg(lang,
		" You can ask HR, or try /role, /skill or /training with a name.",
		" Vous pouvez poser la question aux RH, ou essayer /role, /skill ou /training avec un nom.")
	return ans
}
