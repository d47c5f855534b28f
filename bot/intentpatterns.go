package bot

import (
	"regexp"
	"strings"
)

// intentREs decide the intent, in order: the first that matches wins.
// They run on folded text (lowercase, no accents, one space).
var intentREs = []struct {
	intent Intent
	re     *regexp.Regexp
}{
	{IntentOutOfScope, regexp.MustCompile(`(?:^|\b)(?:(?:^ |[,.;:!?] |\b(?:peux-tu|peux tu|pourrais-tu|pourrais tu|tu peux|tu pourrais|vous pouvez|pouvez-vous|pourriez-vous|stp|svp|please|pls|plz|can you|could you|would you|will you|help me) )(?:m'|me |nous )?(?:ecris|ecrivez|ecrire|redige|redigez|rediger|compose|composez|composer|write|draft|translate|traduis|traduire|traduisez|resume|resumer|summarize|summarise|code|coder|programme|debug|debugge|corrige|corriger|fix|calcule|calculer|calculate|invente|inventer|make up|generate|genere|generer|give me|donne-moi|donne moi|fais-moi|fais moi)\s*(?:-?moi|me|us|nous)?\s+(?:un|une|des|le|la|a|an|the|some|my|mon|ma|ce|cet|cette|this)?\s*(?:(?:petit|petite|short|small|little|quick|python|sql|bash|excel|vba|java|javascript|funny|nice|beau|belle|joli|jolie|simple)\s+)?(?:poeme|poem|chanson|song|histoire|story|blague|joke|haiku|email|e-mail|mail|lettre|letter|code|script|fonction|function|programme|program|dissertation|essay|texte|text|article|recette|recipe|tweet|post|slogan|discours|speech)|recette|recipe|meteo|weather|quel temps (?:fait-il|il fait|fera-t-il|va-t-il faire)|temperature|forecast|blague|joke|poeme|poem|horoscope|football|coupe du monde|world cup|match de|score du|cuisine|cooking|film|movie|serie tv|musique|music|vacances|holiday|restaurant|list comprehensions?|comprehension de liste|syntaxe|syntax|stack ?trace|compile|installer python|install python|bug dans|error in my|erreur dans mon|sql query|requete sql|regex)\b`)},
	{IntentQuote, regexp.MustCompile(`\b(?:qui a dit|qui dit|qui affirme|qui pense|qui estime|qu'a dit|qu'a declare|qu'est-ce qu'a dit|qu'en dit|qu'en pense|que dit|que pense|selon qui|d'apres qui|citation|cite|who said|who says|who claims|who thinks|what did \w+(?: \w+)? say|what does \w+(?: \w+)? say|what does \w+(?: \w+)? think|quote|quoted|who (?:came up with|coined|invented|first said)|qui a (?:invente|trouve|lance|sorti) (?:l'expression|la formule|le terme|ce terme|cette expression|ca)|d'ou vient (?:l'expression|la formule|ce terme|cette expression)|where does (?:the|that|this) (?:phrase|expression|saying|term) come from)\b`)},
	{IntentCompare, regexp.MustCompile(`\b(?:vs|versus|difference entre|differences entre|difference between|differences between|compare[rz]?|comparaison|comparison|compared to|plutot que|rather than|ou plutot|or rather|lequel|laquelle|lesquels|which one|which of the two|which is better|which pays more|(?:who|which) (?:earns|makes|gets paid|is paid|pays) (?:more|better|the most)[^?]* (?:or|vs) |qui (?:gagne|paie|est (?:le )?mieux paye) (?:le )?(?:plus|mieux)[^?]* ou |what's the difference|quelle difference|c'est quoi la difference|more than a|plus qu'un|plus qu'une|mieux qu'un)\b`)},
	{IntentBest, bestRE},
	{IntentPath, regexp.MustCompile(`\b(?:devenir|deviens|become|becoming|reconvertir|reconversion|me reconvertir|se reconvertir|career change|career switch|switch(?:ing)? (?:to|into|careers)|move into|moving into|move to|grow into|growing into|evolve into|go into|transition(?:er|ing)? (?:to|into|vers)|get into|getting into|break into|pivot(?:er)? (?:to|into|vers)|passer (?:a|au|de|dans|vers)|basculer|evoluer vers|(?:aller|me diriger|se diriger|partir|tendre) vers|(?:pour|comment) (?:y|en) (?:arriver|parvenir|aller)|y arriver|get there|getting there|(?:head|heading) (?:into|towards)|(?:go|going|move|moving) towards|bifurquer|changer de (?:metier|job|carriere|voie)|m'orienter|me lancer|acceder a|how do i get|how can i get|how to get|comment faire pour|par ou commencer pour|what path|quel parcours|quel chemin|ma place dans|my place in|pour moi|for me|for someone like me|pour quelqu'un comme moi|mon profil|my profile|my background|mes competences|my skills|mon expertise|my expertise|utiliser mon|use my|leverage my|valoriser|(?:etre|me faire|se faire) (?:embauche|recrute)\w*|(?:embauche|recrute)e?s? (?:comme|en tant que)|get(?:ting)? (?:hired|recruited)|land(?:ing)? (?:a|an|my first) (?:job|role|position)|decrocher (?:un|mon premier) (?:poste|job|emploi))\b`)},
	{IntentPay, regexp.MustCompile(`\b(?:(?:paient|paie|paye|payent|facture|facturent|se fait|se font|touche|touchent|gagne|gagnent|rapporte|rapportent) combien|par jour|per day|a day|par mois|per month|par an|a year|per year|salaire|salaires|salary|salaries|combien (?:est|sont|etre|serait|seraient) payee?s?|combien (?:gagne|gagnent|paie|paient|paye|payent|ca paie|ca paye|on gagne|touche|touchent|ca rapporte|rapporte|rapportent)|combien (?:je|j'|on|tu|vous|il|elle) ?(?:peux|peut|pourrais|pourrait|pouvez|vais|va|vas) (?:gagner|toucher|facturer|demander|esperer)|ca paie|ca paye|how much (?:do|does|can|could|would|will|is|are)|remuneration|remunere|paid|pay|pays|earn|earns|earning|tjm|daily rate|day rate|hourly rate|taux horaire|taux journalier|wage|wages|compensation|thunes|fric|package|k€|keur|brut|gross)\b`)},
	// "Which libraries should I learn?" asks for skills, though it says
	// learn: what is learnt is named first.
	{IntentSkills, regexp.MustCompile(`\b(?:which|what|quels?|quelles?)\s+(?:[a-z'-]+\s+){0,3}(?:libraries|librairies|bibliotheques|frameworks|outils|tools|langages|languages|technos|technologies|stack)\b`)},
	{IntentTrainings, regexp.MustCompile(`\b(?:formation|formations|se former|me former|les former|les forme|les forment|on forme|on les forme|forme ou|former ou|forment ou|training|trainings|cours|course|courses|certification|certifications|certif|certifs|certifier|se certifier|me certifier|certifie|certified|certify|get certified|mooc|ecole|school|diplome|diplomes|degree|degrees|cursus|tutoriel|tutorial|bootcamp|apprendre|learn|learning|etudier|where (?:can|do|should) i learn|ou apprendre|learn (?:it|this|that)|study)\b`)},
	{IntentSkills, regexp.MustCompile(`\b(?:competence|competences|skill|skills|savoir-faire|what (?:do i|should i|must i) (?:need to )?(?:know|learn|master)|que dois-je (?:savoir|apprendre|maitriser)|qu'est-ce qu'il faut (?:savoir|connaitre|maitriser)|il faut (?:savoir|connaitre|maitriser)|maitriser|master|outils|tools|langages? de programmation|programming languages?|stack|technos?|technologies|bibliotheques?|libraries|frameworks?)\b`)},
	{IntentMarket, regexp.MustCompile(`\b(?:demande|demand|tendance|tendances|trend|trends|marche|market|recrut\w*|hiring|hire|embauche\w*|croissance|growth|grow\w*|augment\w*|increase\w*|hausse|penurie|shortage|offres? d'emploi|job posts?|job postings?|job offers?|combien de|how many|how fast|pourcentage|percent|part des|share of|chiffres?|figures|(?:a|the|this|that|any|one|no) figure|figure (?:for|on|of|about)|statisti\w+|nombre de|number of|boom|explos\w+|bondi|jump\w*|surge\w*|rise|rising|en vogue|in demand|hot|hottest|in vogue|trending|cartonne\w*|vent en poupe|porteurs?|qui monte\w*|a la mode|recherche\w* (?:par|sur)|searched|searches|(?:beaucoup|peu|plus|moins|assez) d'(?:offres|annonces|postes|emplois|missions|opportunites)|des offres|debouches?|openings|(?:many|lots of|more|fewer) (?:jobs|openings|offers|positions))\b`)},
	{IntentDefinition, regexp.MustCompile(`\b(?:qu'est-ce que|qu'est-ce qu|qu'est ce que|c'est quoi|c quoi|kesako|que fait|que font|fait quoi|font quoi|en quoi consiste|a quoi sert|a quoi servent|definition|definir|what is|what's|what are|what does|what do|who is|meaning of|explain|explique|decris|tell me more about|parle moi|parlez moi|dis-m.en plus sur|presente-moi|describe|tell me about|parle-moi|parlez-moi)\b`)},
}

// sidesNamedRE matches the words of a comparison that names its sides:
// without them, "which one would suit me?" asks someone's way among all.
var sidesNamedRE = regexp.MustCompile(`\b(?:vs|versus|difference|differences|compare[rz]?|comparaison|comparison|compared|plutot que|rather than|ou plutot|or rather|more than|plus qu'une?|mieux qu'une?|between|entre)\b`)

// ratherThanDoingRE matches "rather than" before a verb: what the asker
// would rather not do ("plutôt que lutter", "rather than fighting it").
var ratherThanDoingRE = regexp.MustCompile(`\b(?:plutot que (?:de |d')?[a-z]+(?:er|ir|re)|rather than [a-z]+ing)\b`)

// whichJobRE matches a question that asks which job: with a background,
// where the asker fits.
var whichJobRE = regexp.MustCompile(`\b(?:quels? (?:genre|type|sorte)s? de (?:metiers?|jobs?|postes?|roles?|emplois?)|quel(?:le)?s? (?:metiers?|jobs?|postes?|roles?|emplois?)|what (?:kind|sort|type)s? of (?:jobs?|roles?|careers?|positions?|work)|which (?:jobs?|roles?|careers?))\b`)

// besidesPayRE matches pay set aside: "à part le salaire", "other than
// the money".
var besidesPayRE = regexp.MustCompile(`\b(?:a part|hormis|en dehors d[eu]|au-dela d[eu]|outre|besides|apart from|other than|beyond|aside from) (?:le |la |les |l'|the )?(?:salaire|salaires|salary|salaries|pay|paie|money|argent|remuneration|thunes)\b`)

// rivalPayRE matches pay that someone competes with ("rivaliser avec les
// salaires de la Big Tech", "can't match big tech salaries"): the question
// asks how, not how much.
var rivalPayRE = regexp.MustCompile(`\b(?:rivalis\w*|concurrenc\w*|compet\w*|match|matching|egaler|suivre|s'aligner sur|keep up with|beat|battre)(?:-(?:ils|elles|il|elle|on))? (?:avec )?(?:les |la |le |the |their |leurs? )?(?:[a-z-]+ ){0,3}?(?:salaires|salaire|salaries|salary|pay|paies|remunerations?)\b(?: (?:de|des|du|of) (?:la |le |les |the )?(?:[a-z-]+ ){0,2}?(?:big tech|gafam|geants|giants))?`)

// adviceRE matches a question that asks what to do, or how to stay
// wanted: with a background, the asker's own way ("Product manager, what
// should I do to stay attractive to employers hiring for AI?").
var adviceRE = regexp.MustCompile(`\b(?:what (?:should|can|could|must) i do|what do i (?:need to|have to) do|que (?:dois|devrais|peux|pourrais)-je faire|qu'est-ce que je (?:dois|devrais|peux|pourrais) faire|je (?:dois|devrais|peux) faire quoi|(?:stay|remain|rester|demeurer) (?:attracti\w*|employable|competiti\w*|relevant|pertinente?s?|marketable|dans la course|in the game|a la page|up to date))\b`)

// learnWhatRE matches a question that asks what to learn.
var learnWhatRE = regexp.MustCompile(`\b(?:apprendre quoi|quoi apprendre|que (?:dois-je|devrais-je|faut-il) apprendre|qu'est-ce que je dois apprendre|me former a quoi|what (?:should|do|would) i (?:need to )?learn|what to learn|what would i need to learn|which skills|what skills|quelles competences)\b`)

// paidToDoRE matches being paid to do something ("the job where doctors
// get paid to teach chatbots", "payés pour tester des IA"): the work, not
// what it pays.
var paidToDoRE = regexp.MustCompile(`\b(?:(?:gets?|getting|got|are|is|be|being) paid to|(?:sont |est |etre )?payee?s? pour)(?: (?:help|aider a))? ([a-z]+)\b`)

// namesWork reports whether the word after "paid to" or "payé pour" is a
// verb, as in "paid to label data" or "payés pour annoter", and not who or
// what is paid for ("paid to freelancers", "payé pour un projet").
func namesWork(w string) bool {
	switch {
	case determiners[w]:
		return false
	case strings.HasSuffix(w, "er"), strings.HasSuffix(w, "ir"), strings.HasSuffix(w, "re"), strings.HasSuffix(w, "oir"):
		return true // a French infinitive, or an English verb (answer, gather)
	}
	return !strings.HasSuffix(w, "ers") && !strings.HasSuffix(w, "ists")
}

// determiners are the articles and possessives that begin what is paid
// for, folded, in French and English.
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "my": true, "our": true, "their": true, "his": true, "her": true, "your": true,
	"each": true, "every": true, "this": true, "that": true, "these": true, "those": true,
	"un": true, "une": true, "le": true, "la": true, "les": true, "ce": true, "cet": true, "cette": true, "ces": true,
	"mon": true, "ma": true, "mes": true, "son": true, "sa": true, "ses": true, "leur": true, "leurs": true, "chaque": true,
}

// fundsTrainingRE matches pay for a training ("do companies pay for AI
// training?", "mon employeur peut-il payer la formation ?"): who funds
// it, not what a job pays.
var fundsTrainingRE = regexp.MustCompile(`\b(?:pay|pays|paying|paid|payer|paie|paye|payent|financer|finance|financent|rembourser|rembourse|prendre en charge|prend en charge|cover|covers|fund|funds)(?: (?:for|pour))? (?:the |an? |my |our |their |la |le |les |une |des |ma |mes |nos |leurs? )?(?:ai |ia |l'ia )?(?:training|trainings|courses?|certifications?|certifs?|formations?|cours|bootcamps?|classes?)\b`)

// employerAskRE matches a question that asks which kind of employer.
var employerAskRE = regexp.MustCompile(`\b(?:what|which) (?:kind|type|sort)s? of (?:company|companies|employers?|firms?|organi[sz]ations?)|which (?:companies|employers|firms)|quels? (?:type|genre)s? d'(?:entreprises?|employeurs?|boites?|societes?)|quelles? (?:entreprises|boites|societes)\b`)

// worksRE matches the French verb "marcher" (to work), which folds to
// "marché" (market): "comment ça marche", "ça marche bien".
var worksRE = regexp.MustCompile(`\b(?:ca|cela|qui|comment) marche(?:nt)?\b|\bmarche(?:nt)? (?:pas|bien|mal|comment)\b`)

// employerSideRE matches, in a folded background, the people who hire:
// founders, heads, recruiters.
var employerSideRE = regexp.MustCompile(`\b(?:co-?founder|cofondat\w*|co-fondat\w*|founder|fondat\w*|ceo|pdg|dg|recruiter|recruteu\w*|hiring manager|talent acquisition|charge de recrutement|chargee de recrutement|drh|dirigeant\w*|gerant\w*|patron\w*|business owner|chef d'entreprise)\b`)

// hiringAskRE matches a question about hiring someone: recruiting,
// competing for, attracting or keeping talent.
var hiringAskRE = regexp.MustCompile(`\b(?:recrut\w*|embauch\w*|hire|hiring|attract\w*|attirer|compet\w*|match|rivalis\w*|retain|retenir|garder|fideliser)\b`)

// weHireRE matches a company that says it hires, or fails to: "on n'arrive
// pas à recruter", "we can't hire", "notre startup galère à embaucher".
var weHireRE = regexp.MustCompile(`\b(?:we|we're|we've|our (?:company|startup|team|firm)|on|nous|notre (?:boite|startup|entreprise|equipe|societe|pme))\b[^?.!]{0,40}?\b(?:recrut\w*|embauch\w*|hire|hiring|attract\w*|attirer|compete|competing|rivalis\w*|retain|garder)\b`)

// salariesRE matches the French word for employees, folded: "salariés"
// is not "salaries".
var salariesRE = regexp.MustCompile(`\bsalarie(?:s|e|es)?\b`)

// bestRE matches questions about the best paid.
var bestRE = regexp.MustCompile(`\b(?:(?:paie|paye|payent|paient|remunere|gagne|gagnent|rapporte)\s+(?:le\s+)?(?:mieux|plus)|le mieux (?:paye|remunere)|les mieux (?:payes|remuneres)|le plus (?:paye|remunere|remunerateur|lucratif|rentable|paie)|le plus de (?:thunes|fric|argent|sous)|mieux payes?|best[- ]paid|best[- ]paying|highest[- ]paid|highest[- ]paying|pays? (?:the )?(?:most|best)|pays? (?:[a-z]+ ){1,3}the most|most lucrative|earns? the most|make the most money|top[- ]paying|meilleur salaire|meilleurs salaires|plus gros salaires?|plus haut salaires?|highest salar(?:y|ies))\b`)

// alternativeRE matches a question that offers a second answer of its
// own ("… ou c'est une bulle ?", "… or is it just hype?"): neither yes
// nor no answers it. "Ou pas", "or not" leave it a yes/no question.
var alternativeRE = regexp.MustCompile(`\s(?:ou|or) (?:bien |alors )?(?:c'est|est-ce|is it|is that|it's|that's|are they|just|juste|simplement|only|seulement|plutot|rather)\b`)

// yesNoRE matches questions that a yes or a no answers first.
var yesNoRE = regexp.MustCompile(`^ (?:faut-il|faut il|est-ce qu|est ce qu|est-il|est-elle|sont-ils|peut-on|peut on|puis-je|dois-je|doit-on|ai-je besoin|a-t-on besoin|y a-t-il|y a t il|existe-t-il|vaut-il|est-ce|do i need|do i have to|do we need|do we have to|do you need|does one need|does it|does a|do they|is it|is there|are there|is a|is an|can i|can you|can someone|could i|should i|must i|will|would it|am i|has|have)\b`)

// obligesRE matches a question about what is required.
var obligesRE = regexp.MustCompile(`\b(?:have to|has to|must|need to|needs to|do i need|required|mandatory|faut-il|faut il|il faut|dois-je|doit-on|obligatoire|oblige|necessaire|indispensable|besoin d)\b`)

// lastYesNoRE matches a yes/no question said after sentences of context
// ("Account exec out of Zurich. … Do I have to go back to school?"); not
// "Is there a job like that?", which asks for jobs.
var lastYesNoRE = regexp.MustCompile(`^ (?:do i|do we|does|faut-il|faut il|dois-je|doit-on|ai-je besoin|must i|should i|is it|est-ce qu'il faut|est-ce que je dois)\b`)

// asksRoleRE matches the questions that ask which job does something.
var asksRoleRE = regexp.MustCompile(`\b(?:(?:le|la) (?:metier|job|poste|role|personne|profession) (?:qui|ou|dont)|(?:the|a) (?:job|role|person|position|profession) (?:that|which|who|where)|qui (?:concoit|fait|s'occupe|fixe|vend|installe|debloque|depanne|surveille|entraine|forme|cree|gere|decide|construit|developpe|branche|adapte|integre|etiquette|annote)|c'est quel (?:metier|job|poste|role)|quel (?:metier|job|poste) (?:fait|c'est|pour)|ca s'appelle|comment (?:s'appelle|on appelle)|le job ou|le metier ou|what do (?:you|u|we|people|they) call|how do (?:you|u|we) call|the (?:person|guy|people|folks|one|ones) whose|(?:la personne|les gens|ceux|celui|celle) dont (?:le|la|tout le) (?:metier|job|boulot|taf|travail)|who (?:builds|designs|does|makes|sets|sells|trains|steps|decides|creates|labels|fixes|installs|watches|handles)|what'?s the job|which job|what job|is there a job|y a-t-il un metier|existe-t-il un metier|ca existe comme metier|the people who|the people that|the person who|the person that|people who|people that|those who|the engineers who|the experts who|les inges qui|les ingenieurs qui|les pros qui|les experts qui|les specialistes qui|ceux qui|celui qui|celle qui|les gens qui|la personne qui|(?:the|an?) (?:exec|executive|guy|one|manager|boss|lead|head) (?:that|who|in charge|responsible)|(?:le|un) (?:mec|gars|type|cadre|dirigeant|responsable) qui|(?:who's|who is|qui est) (?:the|la|le) (?:person|personne|guy|one|gars|mec)|the (?:person|people|one|guy) (?:in|at) (?:a |an |the |my |our )?[a-z]+(?: [a-z]+)? (?:that|who|whose|which))\b`)

// whoRE finds a question that starts by asking who, and its next word.
var whoRE = regexp.MustCompile(`^ (?:who|qui)[ ,]+([a-z'-]+)`)

// asksWho reports whether a question starting with "who" asks which job
// does something ("Who in a company makes sure…", "Qui, dans une boîte,
// s'occupe…"), not who someone is or who said something.
func asksWho(folded string) bool {
	m := whoRE.FindStringSubmatch(folded)
	if m == nil {
		return false
	}
	switch m[1] {
	case "is", "was", "are", "were", "said", "says", "est", "etait", "sont", "a", "dit", "disait", "sait", "knows":
		return false
	}
	return true
}

// requestRE matches a request worded as a question ("Can you recommend a
// course…?", "Pouvez-vous me conseiller…"): it asks for the thing, and
// "Yes." answers nothing.
var requestRE = regexp.MustCompile(`^ (?:(?:can|could|would|will) you (?:please )?(?:recommend|suggest|tell|give|explain|list|show|help|name|point|share|find|describe|advise)|(?:peux-tu|peux tu|pourrais-tu|pourrais tu|pouvez-vous|pouvez vous|pourriez-vous|pourriez vous|tu peux|tu pourrais|vous pouvez|vous pourriez) (?:me |m'|nous )?(?:recommander|conseiller|dire|donner|expliquer|citer|indiquer|lister|montrer|aider|trouver|decrire|proposer|orienter))\b`)

// inversionYesNoRE matches a French question asked by inversion after its
// subject, "L'IA peut-elle …", "Les banques recrutent-elles …", which a
// yes or no answers unless a question word opens it.
var inversionYesNoRE = regexp.MustCompile(`^ (?:(?:le|la|les|l'|un|une|mon|ma|mes|ce|cette|ces)\s*)?[a-z'-]+(?: [a-z'-]+){0,3} [a-z]+-(?:t-)?(?:il|elle|ils|elles|on)\b`)

// questionWordRE finds a question word, which makes an inversion ask
// for more than a yes or no.
var questionWordRE = regexp.MustCompile(`\b(?:comment|combien|pourquoi|quand|quel|quelle|quels|quelles|qui|que|quoi|ou|lequel|laquelle)\b`)

// trailingYesNoRE matches the spoken yes/no questions: "il faut un
// diplôme ?", "c'est obligatoire ?".
var trailingYesNoRE = regexp.MustCompile(`^ (?:il faut|faut|c'est obligatoire|c'est necessaire|c'est utile|ca sert|on peut|je peux|je dois|y a besoin|is it|do you need|need)\b`)

// threatRE finds a question that fears AI will replace a job, with what
// it replaces when the verb says it.
var (
	threatVerbRE   = regexp.MustCompile(`\b(?:remplacer|remplacera|remplaceront|remplace|tuer|tuera|detruire|detruira|supprimer|supprimera|faire disparaitre|replace|replaces|replacing|kill|kills|wipe out|take over|eliminate|destroy|make obsolete)\s+((?:les |des |le |la |l'|un |une |mon |ma |mes |nos |notre |my |our |the |a |an )?[a-z' -]{2,40})`)
	threatStateRE  = regexp.MustCompile(`\b(?:at risk|in danger|under threat|threatened|obsolete|menacee?s?|en danger|va disparaitre|vont disparaitre|disparaitra|disparaitront)\b`)
	threatJobRE    = regexp.MustCompile(`\b(?:job|jobs|career|work|profession|role|metier|metiers|emploi|emplois|poste|postes|travail|boulot|profession)\b`)
	threatAgentRE  = regexp.MustCompile(`\b(?:ia|ai|l'ia|intelligence artificielle|artificial intelligence|chatgpt|robots?|agents?|automation|automatisation)\b`)
	threatNotJobRE = regexp.MustCompile(`\b(?:taches?|tasks?|processus|process|processes|outils?|tools?|logiciels?|software|moteurs?|engines?|recherches?|searches|google|humains?|humans?|gens|people)\b`)
	threatObjStops = regexp.MustCompile(`\s(?:par|by|with|avec|dans|in|a cause|because|d'ici|within|un jour|someday|one day|soon|bientot|ou|or|et|and|si|if)\b.*$`)
)

// threatened reports whether a folded question fears AI will replace a
// job, and which: the words after "replace" ("les comptables", "my job"),
// else "job".
func threatened(folded string) (string, bool) {
	if !threatAgentRE.MatchString(folded) {
		return "", false
	}
	if m := threatVerbRE.FindStringSubmatch(folded); m != nil {
		what := strings.TrimSpace(threatObjStops.ReplaceAllString(" "+m[1], ""))
		if threatNotJobRE.MatchString(" " + what + " ") {
			return "", false // "remplacer les tâches banales" is what AI does
		}
		if what == "" || threatAgentRE.MatchString(" "+what+" ") || strings.ContainsAny(what, "0123456789") {
			what = "job" // (the asker's own number is no figure to repeat)
		}
		return what, true
	}
	if threatStateRE.MatchString(folded) && threatJobRE.MatchString(folded) || threatMeRE.MatchString(folded) {
		return "job", true
	}
	return "", false
}

// threatMeRE matches AI replacing the asker: "l'IA va me remplacer ?",
// "will AI replace me?".
var threatMeRE = regexp.MustCompile(`\b(?:me|nous|m') ?(?:remplacer|remplacera|remplace|remplaceront|virer|piquer mon)\b|\b(?:replace|replaces|replacing|take) (?:me|us)\b`)

// jobAskRE matches a question about jobs; forWhomRE the background it
// asks them for, at its end ("… pour les linguistes ?", "… for nurses?"):
// the first group is the whole phrase, the second the background.
var (
	jobAskRE     = regexp.MustCompile(`\b(?:metiers?|jobs?|emplois?|postes?|debouches?|roles?|careers?|place|opportunit\w*|avenir|future)\b`)
	forWhomRE    = regexp.MustCompile(`(?:^|\s)((?:pour|for) (?:les |des |un |une |a |an |the |people like |someone like |quelqu'un comme )?([a-z][a-z'-]+(?: [a-z'-]+){0,2}))\s*[?!.]?\s*$`)
	forWhomStops = map[string]bool{"moi": true, "me": true, "nous": true, "vous": true, "toi": true, "us": true, "you": true,
		"everyone": true, "tout le monde": true, "demain": true, "tomorrow": true, "now": true, "today": true, "the future": true, "l'avenir": true}
)
