package retrieval

import "strings"

// stopwords are French and English words too common to mean anything,
// accents folded.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		a au aux avec ce ces cet cette ceci cela ca dans de des du elle elles en et est etre eu il ils
		je j l la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour
		qu que qui quoi quel quelle quels quelles sa se ses son sur ta te tes toi ton tu un une vos votre
		vous y d n s t c m sont ont a fait faire font peut peuvent ete suis es sommes etes etait
		plus moins tres aussi comme si donc alors sans sous chez entre vers tout tous toute toutes
		est-ce qu-est quoi comment combien pourquoi quand ou dont lequel laquelle
		the an and are as at be been but by can could do does did for from had has have how i if in into
		is it its me my of on or our so than that this these those to was we were what when where which
		who whom why will with would you your yours about any some there their them they he she his her
		should shall may might must also just more most very much many such only own same other
		tell please know want wants
	`) {
		stopwords[w] = true
	}
}

// concepts maps stemmed tokens and stemmed two-word phrases to language-free
// concept ids, so that "salaire", "salary", "rémunération" and "TJM" meet.
var concepts = map[string]string{}

// lexicon lists each concept with its French and English forms (unstemmed,
// accents allowed: they are normalised like any text). A stem belongs to
// one concept only: the concepts are read from a map, in no fixed order,
// so a stem of two would go to either, differently in each process.
var lexicon = map[string][]string{
	"pay":         {"salaire", "salaires", "salary", "salaries", "rémunération", "rémunérations", "remuneration", "pay", "paid", "payé", "payés", "paie", "gagner", "gagnent", "gagne", "earn", "earns", "earning", "tjm", "taux journalier", "daily rate", "wage", "wages", "compensation", "dollars", "dollar", "€", "euros", "paient", "payent", "payer"},
	"skill":       {"compétence", "compétences", "skill", "skills", "savoir-faire", "expertise"},
	"training":    {"formation", "formations", "training", "trainings", "cours", "course", "courses", "certification", "certifications", "apprendre", "learn", "learning", "diplôme", "diplômes", "degree", "degrees", "école", "school", "cursus", "tutoriel", "tutoriels", "tutorial", "tutorials", "se former", "autoformer", "self-taught"},
	"job":         {"métier", "métiers", "job", "jobs", "rôle", "rôles", "role", "roles", "poste", "postes", "position", "emploi", "emplois", "career", "carrière", "profession", "profil", "profils", "profile", "profiles"},
	"become":      {"accessible", "accessibles", "accessibility", "devenir", "become", "becoming", "accéder", "reconvertir", "reconversion", "get into"},
	"hiring":      {"recrutement", "recrutements", "recruter", "recruteur", "recruteurs", "hiring", "hire", "hires", "recruit", "recruiter", "recruiters", "embauche", "embaucher", "embauches", "recruitment"},
	"jobpost":     {"offre d'emploi", "offres d'emploi", "annonce", "annonces", "job post", "job posts", "job posting", "job postings", "job offers", "job offer"},
	"growth":      {"croissance", "growth", "grow", "grew", "growing", "hausse", "augmentation", "progression", "increase", "increased", "bond", "bondi", "rise", "rose", "multiplié", "multiplied", "doublé", "doubled", "triplé", "tripled", "progressé", "montent", "grimpent", "grimpé"},
	"search":      {"recherche", "recherches", "search", "searches", "searched", "terme de recherche", "search term", "cherchent"},
	"ml":          {"ml", "machine learning", "apprentissage automatique", "apprentissage en profondeur", "deep learning"},
	"ai":          {"ia", "ai", "intelligence artificielle", "artificial intelligence"},
	"genai":       {"ia générative", "generative ai", "genai", "ia generative", "gen ai"},
	"llm":         {"llm", "llms", "grand modèle de langage", "grands modèles de langage", "large language model", "large language models", "language model"},
	"nlp":         {"nlp", "traitement du langage naturel", "natural language processing", "langage naturel", "natural language"},
	"vision":      {"computer vision", "vision par ordinateur", "numérisation des images", "image recognition"},
	"rag":         {"rag", "retrieval-augmented generation", "retrieval augmented generation"},
	"prompt":      {"prompt", "prompts", "invite", "invites", "requête", "requêtes", "prompting"},
	"engineer":    {"ingénieur", "ingénieurs", "ingénieure", "engineer", "engineers", "engineering"},
	"data":        {"données", "donnée", "data"},
	"annotation":  {"annotateur", "annotateurs", "annotation", "annotator", "annotators", "étiqueter", "label", "labelling", "labeling", "entraîner les modèles", "train models", "ai trainer"},
	"governance":  {"gouvernance", "governance", "risque", "risques", "risk", "risks", "conformité", "compliance", "règles", "rules"},
	"chief":       {"directeur", "directrice", "director", "chief", "head", "responsable", "officer", "cao", "caio"},
	"sales":       {"commercial", "commerciale", "vente", "ventes", "vendre", "sales", "sell", "selling", "vendeur", "salesperson"},
	"freelance":   {"freelance", "freelances", "indépendant", "indépendants", "freelancer", "freelancers", "independent", "contractor"},
	"startup":     {"startup", "startups", "start-up", "jeune pousse", "jeunes pousses", "jeune entreprise", "jeunes entreprises"},
	"bigtech":     {"grosses boîtes", "grosses boites", "grosses entreprises", "grandes boîtes", "géants de la tech", "big tech", "géants de la technologie", "tech giants", "grandes entreprises", "large companies", "gafam"},
	"equity":      {"actions", "capitaux propres", "equity", "stock"},
	"shortage":    {"pénurie", "shortage", "manque", "lack", "scarce", "manquent", "manquer"},
	"human":       {"humain", "humaine", "humaines", "human", "relationnel", "relationnelle", "soft skills", "communication"},
	"personality": {"personnalité", "personality", "ton", "tone", "comportement", "behaviour", "behavior", "psydesigner"},
	"remote":      {"à distance", "remote", "dépanneur", "ciel", "sky", "waymo", "robotaxi", "robotaxis"},
	"deployed":    {"déployé", "déployés", "deployed", "forward-deployed", "sur le terrain", "in the field", "on site", "sur place"},
	"customise":   {"personnaliser", "personnalisation", "customise", "customize", "customising", "customizing", "customisation", "customization", "fine-tuning", "fine-tune", "affiner", "affinés", "adapter", "adapt"},
	"content":     {"contenu", "contenus", "content", "création de contenu", "content creation"},
	"image":       {"image", "images", "stable diffusion", "midjourney", "dall-e", "dall e"},
	"bank":        {"banque", "bank", "banking", "bancaire", "finance", "financial", "financier", "financiers"},
	"smallco":     {"petites entreprises", "petite entreprise", "petites boîtes", "petites boites", "small companies", "smaller companies", "small businesses"},
	"company":     {"boîte", "boîtes", "boite", "boites", "entreprise", "entreprises", "company", "companies", "organisation", "organisations", "organization", "organizations", "employeur", "employeurs", "employers"},
	"model":       {"modèle", "modèles", "model", "models"},
	"executive":   {"cadre", "cadres", "executive", "executives", "dirigeant", "dirigeants", "leaders", "leader"},
	"python":      {"python"},
	"pytorch":     {"pytorch", "torch"},
	"tensorflow":  {"tensorflow"},
	"library":     {"bibliothèque", "bibliothèques", "library", "libraries", "framework", "frameworks", "librairie", "librairies"},
	"tool":        {"outil", "outils", "tool", "tools", "logiciel", "logiciels", "software"},
	"chatgpt":     {"chatgpt", "chat gpt", "openai", "gpt"},
	"scientist":   {"scientist", "scientists", "datascientist", "datascientists", "scientifique"},
	"statistics":  {"statistique", "statistiques", "statistics", "statistical", "ensai"},
	"figure":      {"pourcentage", "pourcentages", "percentage", "percent", "part", "share", "proportion", "chiffre", "chiffres", "figure", "figures", "nombre", "number"},
	"compete":     {"rivaliser", "rivalisent", "rivalise", "concurrencer", "concurrence", "concurrent", "competition", "rival", "rivals", "lutte", "bataille", "fight", "battle", "attirer", "attract"},
	"week":        {"hebdomadaire", "hebdomadaires", "weekly", "semaine"},
	"quarter":     {"trimestre", "quarter", "q2", "t2"},
	"demand":      {"demande", "demand", "besoin", "besoins", "needs", "sollicité", "sought", "hot", "hottest", "trending", "porteur", "porteurs", "cartonne", "cartonnent", "en vogue", "in vogue"},
	"supply":      {"offre de services", "supply", "candidats", "candidates", "candidate", "candidat", "crowded", "saturated", "saturé", "saturée", "bouché"},
	"researcher":  {"chercheur", "chercheurs", "researcher", "researchers", "recherche en ia", "ai research"},
	"certify":     {"certificat", "certificate", "certified"},
	"noncoder":    {"copywriter", "copywriters", "sans formation technique", "sans diplôme technique", "without a technical background", "non technique", "non techniques", "non-technical", "non technical", "sans formation technique", "without a technical background", "rédacteur", "rédacteurs", "writer", "writers", "chef de produit", "chefs de produit", "product manager", "product managers"},
}

func init() {
	for concept, forms := range lexicon {
		for _, f := range forms {
			toks := Tokens(f)
			switch len(toks) {
			case 0:
				continue
			case 1:
				concepts[toks[0]] = concept
			default:
				concepts[strings.Join(toks, " ")] = concept
			}
		}
	}
}

// Concepts returns the concept ids that a token sequence mentions, once
// each, in order of first mention.
func Concepts(toks []string) []string {
	var out []string
	seen := map[string]bool{}
	note := func(c string) {
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for i, t := range toks {
		note(concepts[t])
		if i+1 < len(toks) {
			note(concepts[t+" "+toks[i+1]])
		}
		if i+2 < len(toks) {
			note(concepts[t+" "+toks[i+1]+" "+toks[i+2]])
		}
	}
	return out
}
