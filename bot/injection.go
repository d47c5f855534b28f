package bot

import (
	"regexp"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

// clauseStart is where an instruction to the assistant starts: the start
// of the text or of a clause, or words that address it ("please", "can
// you", "tu dois"). Patterns that begin with it match imperatives, not
// the same verbs in a question ("qui a inventé…", "can agents delete…").
const clauseStart = `(?:^|[.!?:;,«"\n]\s*|\b(?:and|et|then|puis|now|maintenant|please|stp|svp|s'il (?:te|vous) plait|just|juste|alors|donc|desormais|dorenavant|(?:can|could|would|will) you(?: please)?|peux-tu|pourrais-tu|tu peux|tu pourrais|tu dois|tu vas|vous devez|pouvez-vous|pourriez-vous|i want you to|je veux que tu|you must|you should|you will)\s+)`

// injectionREs match, in a question lowercased with accents folded,
// instructions addressed to the assistant: to drop its rules, take another
// role, say what it is told to, reveal its instructions or secrets, change
// or empty the knowledge base, show other people's questions, make things
// up, or ping a channel.
var injectionREs = func() []*regexp.Regexp {
	target := `(?:instructions?|consignes?|regles?|rules?|prompts?|directives?|guidelines?|restrictions?|limites?|limits?|filtres?|filters?|ce qui precede|everything|above|previous|precedent\w*|tout)`
	own := `(?:your|yours|ton|ta|tes|votre|vos)\s+(?:\w+\s+){0,2}?(?:instructions?|consignes?|system prompt|prompt systeme|prompts?|regles?|rules|directives?|guidelines|configuration|config|programming|programmation)\b`
	hidden := `(?:system|systeme|initial|initiale?s?|hidden|cachee?s?|secret|secrete?s?|internal|internes?|original|originale?s?)`
	secret := `(?:api[ -]?keys?|cles? d'api|cles? api|tokens?|secrets?|passwords?|mots? de passe|variables? d'environnement|environment variables?|env vars?|credentials?|identifiants?)`
	kb := `(?:(?:ta|votre|la|your|the|cette|this)\s+(?:base|memoire|memory|database|knowledge)|base de (?:connaissances?|donnees)|knowledge base|database)`
	patterns := []string{
		// Drop the rules.
		clauseStart + `(?:ignore[rsz]?|oublie[rsz]?|forget|disregard|override|bypass|contourne[rsz]?|outrepasse[rsz]?)\b[^.?!]{0,40}?\b` + target,
		// Take another role.
		clauseStart + `(?:act|behave|pretend|roleplay|role-play)\s+(?:as|like|to be|that|you)\b`,
		clauseStart + `(?:fais semblant|faites semblant|joue le role|jouez le role|incarne[sz]?|agis|agissez|comporte-toi|deviens|devenez|passe en|passez en)\b`,
		clauseStart + `imagine[sz]?\s+(?:que tu|que vous|you|tu)\b`,
		`\b(?:you are now|you're now|tu es (?:maintenant|desormais|dorenavant)|vous etes (?:maintenant|desormais|dorenavant))\b`,
		`\b(?:from now on|a partir de maintenant|desormais|dorenavant),?\s+(?:you|tu|vous|answer|reply|respond|say|always|never|only|reponds|repondez|dis|dites|toujours|jamais|seulement)\b`,
		clauseStart + `(?:from now on|a partir de maintenant|dorenavant),`,
		`\b(?:jailbreak\w*|dan mode|developer mode|mode developpeur|god mode|mode dieu|sudo mode)\b`, `\byou are dan\b`,
		// Messages posing as orders from whoever runs the assistant.
		`(?:^|\n|[.!?]\s+)(?:\w+\s+){0,2}?(?:system|systeme|admin|administrat(?:or|eur)|developer|developpeur|root|operator|operateur)(?:\s+\w+){0,2}?\s*:`,
		`\b(?:nouvelles?|new|updated|mises? a jour)\s+(?:consignes?|instructions?|directives?|policy|policies|politiques?|ordres?|orders?)\b[^.?!]{0,60}?[:]`,
		`\b(?:consignes?|instructions?|ordres?|orders?|directives?)\s+(?:de l'|du |de la |des |from (?:the |your )?|of (?:the |your )?)(?:admin\w*|administrat\w*|systeme|system|developpeur|developer|rh|hr|direction|management|createurs?|creators?)`,
		`\b(?:admin|administrateur|administrator)\b.{0,40}\b(?:mode|access|acces|droits|rights|privil)`,
		// Say what it is told to.
		clauseStart + `(?:affirme[rsz]?|certifie[rsz]?|pretends?|declare[rsz]?|dis|dites|dire|ecris|ecrivez|ecrire|say|state|claim|write)\s+(?:(?:a tous|a tout le monde|to everyone|everyone|toujours|always|only|seulement|uniquement)\s+)?(?:que|qu'|that)\b`,
		clauseStart + `(?:reponds|repondez|repondre|answer|reply|respond)\b[^.?!]{0,40}?\b(?:avec|with|par|que|that|sans|without)\b`,
		`\b(?:sans citer (?:de |tes |vos )?sources?|without (?:citing|quoting|any) (?:sources?|citations?)|(?:don't|do not) cite|ne cite (?:pas|aucune))\b`,
		// Reveal instructions or secrets.
		own,
		`\b(?:ton|ta|tes|votre|vos|your|the|le|la|les)\s+(?:` + hidden + `\s+)?(?:system prompt|prompt systeme)`,
		clauseStart + `(?:reveal|show|print|display|dump|list|give|tell|repeat|output|affiche[rsz]?|montre[rsz]?|revele[rsz]?|donne[rsz]?|liste[rsz]?|repete[rsz]?|recite[rsz]?)\b[^.?!]{0,40}?\b(?:` + hidden + `\s+(?:instructions?|consignes?|prompts?|regles?|rules)|(?:instructions?|consignes?|prompts?|regles?|rules)\s+` + hidden + `)\b`,
		`\b(?:reveal|show|print|display|dump|list|give|tell|output|affiche\w*|montre\w*|revele\w*|donne\w*|liste\w*|envoie\w*|send)\b[^.?!]{0,40}?\b` + secret + `\b`,
		// Change or empty the knowledge base.
		clauseStart + `(?:ajoute[rsz]?|rajoute[rsz]?|add|insere[rsz]?|insert|modifie[rsz]?|modify|change[rsz]?|update|mets? a jour|mettez a jour|ecris|write|enregistre[rsz]?|save|store|memorise[rsz]?)\b[^.?!]{0,50}?\b` + kb,
		clauseStart + `(?:delete|drop|wipe|truncate|erase|remove|supprime[rsz]?|efface[rsz]?|detrui[st]|detruire|vide[rsz]?)\b[^.?!]{0,40}?\b(?:` + kb + `|entrees|entries|tables?)`,
		// Other people's questions.
		`\b(?:other|autres?)\s+(?:users?|utilisateurs?|employe(?:e)?s?|salaries?|personnes?|people|colleagues?|collegues?)(?:'s?)?\b.{0,30}\b(?:questions?|messages?|conversations?|historiques?|history|requetes?|queries)`,
		`\b(?:questions?|messages?|conversations?|historique|history|requetes?)\s+(?:des|of|posees par|asked by|from|de)\s+(?:les |mes |my |the |tes |your )?(?:autres|other|collegues|colleagues|utilisateurs|users|employes|salaries|rh|hr)\b`,
		`\b(?:questions?|messages?|conversations?|requetes?)\b.{0,20}\b(?:other|autres?)\s+(?:users?|utilisateurs?|employe(?:e)?s?|salaries?|personnes?|people|colleagues?|collegues?)\b`,
		`\b(?:conversations?|messages?|questions?)\s+(?:of|from|de|d')\s*(?:every|all|each|tous les|toutes les|chaque)\s+(?:users?|utilisateurs?|employes?|salaries?|personnes?)`,
		`\b(?:conversation history|historique des? conversations?|historique des? messages?)\b`,
		`\b(?:previous|last|other|derniere?|precedente?|autre)\s+(?:person|user|utilisateur|personne|employe)\b.{0,30}\b(?:ask|asked|demande|pose|posee|question)`,
		// Have it repeat its own text, follow new orders, run commands.
		`\b(?:repeat|repete[rsz]?|recite[rsz]?|print|affiche[rsz]?)\b[^.?!]{0,60}?\b(?:verbatim|mot pour mot|word for word|text that starts|texte qui commence|ci-dessus|above)\b`,
		`\byou are careerbot\b`,
		`\b(?:follow|obey|execute)\s+(?:these|the following|my|new|those)\s+(?:instructions|orders|rules|commands)|\b(?:suis|suivez|execute[sz]?|obeis|obeissez)\s+(?:ces|les|mes|nouvelles)\s+(?:instructions|consignes|ordres|regles|commandes)`,
		`</?(?:question|excerpt|draft|system|systeme|instructions?)(?:-[0-9a-f]+)?>`,
		`^/(?:kb|career-admin)\b`,
		`(?:;|\b)\s*(?:update \w+ set|delete from|drop table|insert into|truncate table)\b`,
		// Make things up.
		clauseStart + `(?:invente[rsz]?|make up|fabricate|fabrique[rsz]?|fake)\b`,
		// Ping everyone.
		`<!(?:channel|here|everyone)`, `@(?:channel|here|everyone)\b`,
		// The request to an AI writer found in one of the source articles.
		`\bmake this article\b`, `\bseo compatible\b`,
	}
	out := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		out[i] = regexp.MustCompile(p)
	}
	return out
}()

// notAddressed rewrites verbs whose subject is someone other than the
// assistant ("j'ignore tout du prompt engineering", "qui invente…"), so
// that they do not read as orders.
var notAddressed = regexp.MustCompile(`\b(j'|je |il |elle |on |nous |ils |elles |i |we |they |he |she |who |qui |people |recruiters |companies |entreprises |l'ia |ai )(ignor|oubli|forget|invent|imagin|fabriqu|affirm|declar|say|claim)`)

// isInjection reports whether a question tries to change the assistant's
// behaviour or reach what it must not show: an instruction addressed to
// the assistant, not a question that happens to use the same words.
func isInjection(text string) bool {
	t := strings.ToLower(knowledge.FoldAccents(text))
	t = strings.Join(strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '\t' || r == '\u00a0' }), " ")
	t = promptEngineerRE.ReplaceAllString(t, "promptengineer")
	// "Je suis développeur : …" introduces the asker, not an order.
	t = personaColonRE.ReplaceAllString(t, "${1},")
	t = notAddressed.ReplaceAllString(t, "${1}_$2")
	for _, re := range injectionREs {
		if re.MatchString(t) {
			return true
		}
	}
	return false
}

// personaColonRE matches a persona ending in a colon: "je suis
// développeur :", "I'm a lawyer:".
var personaColonRE = regexp.MustCompile(`(\b(?:je suis|j'suis|moi je suis|en tant que|je travaille comme|je bosse comme|i'm|i am|im|as an?|i work as)\s+[^.!?:\n]{1,40}?)\s*:`)

// promptEngineerRE matches the name of the job, whose "prompt" is not the
// assistant's.
var promptEngineerRE = regexp.MustCompile(`\bprompt[- ]?engineer\w*`)
