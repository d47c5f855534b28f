package bot

import (
	"slices"
	"strings"
	"testing"
)

func TestUnderstand(t *testing.T) {
	tests := []struct {
		q          string
		lang       string
		intent     Intent
		yesNo      bool
		background string
		context    []string
	}{
		{"Je suis juriste, quel métier de l'IA pour moi ?", "fr", IntentPath, false, "juriste", nil},
		{"Je suis développeur : comment devenir ingénieur IA ?", "fr", IntentPath, false, "developpeur", nil},
		{"I'm a backend developer, which technical skills should I pick up for generative AI?", "en", IntentSkills, false, "backend developer", nil},
		{"I'm an accountant, is there an AI job that uses my expertise?", "en", IntentPath, true, "accountant", nil},
		{"je bosse dans une ESN à Nantes, c'est quoi un data engineer ?", "fr", IntentDefinition, false, "", []string{"esn", "Nantes"}},
		{"At Renault, what skills for gen AI?", "en", IntentSkills, false, "", []string{"Renault"}},
		{"Je travaille chez Airbus à Toulouse, comment devenir data scientist ?", "fr", IntentPath, false, "", []string{"Airbus", "Toulouse"}},
		{"Combien gagne un ingénieur IA au Japon ?", "fr", IntentPay, false, "", []string{"Japon"}},
		{"je veux bosser dans l'IA", "fr", IntentOrientation, false, "", nil},
		// A request worded as a question is not a yes/no question.
		{"Can you recommend a good online course on machine learning?", "en", IntentTrainings, false, "", nil},
		{"Pouvez-vous me conseiller une formation en ligne sur l'IA ?", "fr", IntentTrainings, false, "", nil},
		{"Can I learn AI online?", "en", IntentTrainings, true, "", nil},
		// "a" before a capital is the English article, not "à".
		{"Is a PhD required to become an AI researcher?", "en", IntentPath, true, "", nil},
		{"je travaille a Lyon, comment devenir data scientist ?", "fr", IntentPath, false, "", []string{"Lyon"}},
		// "as a …" after a word of work or hiring is the goal, not the asker.
		{"How much can I make as a freelance prompt engineer?", "en", IntentPay, false, "", nil},
		{"Combien je peux gagner en tant que data scientist freelance ?", "fr", IntentPay, false, "", nil},
		{"How do I get hired as a prompt engineer?", "en", IntentPath, false, "", nil},
		{"Comment se faire embaucher en tant que prompt engineer ?", "fr", IntentPath, false, "", nil},
		{"Je voudrais être embauchée comme prompt engineer, comment faire ?", "fr", IntentPath, false, "", nil},
		{"As a nurse, can I work in AI?", "en", IntentPath, true, "nurse", nil},
		{"En tant que juriste, quel métier de l'IA ?", "fr", IntentPath, false, "juriste", nil},
		{"Where do I start?", "en", IntentOrientation, false, "", nil},
		{"Quel métier de l'IA paie le mieux ?", "fr", IntentBest, false, "", nil},
		{"What's the best paid job in AI?", "en", IntentBest, false, "", nil},
		{"prompt engineer ou data scientist, lequel gagne le plus ?", "fr", IntentCompare, false, "", nil},
		{"Write me a poem about cats", "en", IntentOutOfScope, false, "", nil},
		{"can you write me a python script that renames all the files in a folder?", "en", IntentOutOfScope, false, "", nil},
		{"tu peux m'écrire un petit poème pour le pot de départ de Sandrine vendredi ?", "fr", IntentOutOfScope, false, "", nil},
		{"donne moi une recette de quiche lorraine stp", "fr", IntentOutOfScope, false, "", nil},
		{"Do I need to write code to become a prompt engineer?", "en", IntentPath, true, "", nil},
		{"Je suis journaliste et j'écris des articles, quel métier de l'IA me conviendrait ?", "fr", IntentPath, false, "journaliste", nil},
		// A request for code or the weather stays one once its name or
		// place is read as context.
		{"Write a SQL query to list employees", "en", IntentOutOfScope, false, "", []string{"SQL"}},
		{"Quel temps fait-il à Lyon ?", "fr", IntentOutOfScope, false, "", []string{"Lyon"}},
		// Who pays for a training asks about trainings, not pay.
		{"Do companies pay for AI training?", "en", IntentTrainings, false, "", nil},
		// Being paid to do something asks what the work is; being paid
		// for something or to someone asks what it pays.
		{"what's the job where lawyers get paid to help teach chatbots?", "en", IntentDefinition, false, "", nil},
		{"quel métier où on est payé pour annoter des données ?", "fr", IntentDefinition, false, "", nil},
		{"how much is paid to freelancers per project?", "en", IntentPay, false, "", nil},
		{"combien est payé pour un projet un freelance en IA ?", "fr", IntentPay, false, "", nil},
		// A name ends where the words that link it to the next one end:
		// "depuis" is no "de".
		{"salut, je suis à Nantes chez Airbus depuis 3 ans, c'est quoi un psydesigner ?", "fr", IntentDefinition, false, "", []string{"Airbus", "Nantes"}},
		// The last question of several sentences says what is asked.
		{"my CTO keeps saying 'hire ML people who know Ray'. what's Ray?", "en", IntentDefinition, false, "", nil},
		{"my lead asked me what a chief AI officer does. any idea?", "en", IntentDefinition, false, "", nil},
		// "Comment ça marche" asks how something works, not of a market.
		{"le job où on vend des solutions d'IA en expliquant comment ça marche, faut quel profil ?", "fr", IntentDefinition, false, "", nil},
		// Pay said first is no job said first.
		{"average salary for an AI risk & governance specialist in the UK?", "en", IntentPay, false, "", []string{"in the UK"}},
		// Where "on les forme" asks where they are trained.
		{"Les pros qui rédigent les prompts, on les forme où ?", "fr", IntentTrainings, false, "", nil},
		// Getting certified is a training.
		{"vous connaissez des plateformes pour se certifier en IA générative ?", "fr", IntentTrainings, false, "", nil},
		{"where can I get certified in machine learning?", "en", IntentTrainings, false, "", nil},
		// A mood is no background.
		{"I'm bored at my job, should I try AI?", "en", IntentOrientation, false, "", nil},
		{"explain python list comprehensions to me", "en", IntentOutOfScope, false, "", nil},
		{"Faut-il un doctorat pour devenir chercheur en IA ?", "fr", IntentPath, true, "", nil},
		{"Qui a dit que l'IA était accessible à presque tout le monde ?", "fr", IntentQuote, false, "", nil},
		// Going towards a job is a way to it.
		{"comment aller vers la vente de solutions IA ?", "fr", IntentPath, false, "", nil},
		{"any tips for moving towards an AI governance job?", "en", IntentPath, false, "", nil},
		{"et pour y arriver, je fais quoi ?", "fr", IntentPath, false, "", nil},
		// Who made up a phrase asks who said it.
		{"who came up with the 'guy in the sky' thing?", "en", IntentQuote, false, "", nil},
		{"D'où vient l'expression « le gars dans le ciel » pour parler de ce métier ?", "fr", IntentQuote, false, "", nil},
		{"Qu'est-ce qu'un prompt engineer ?", "fr", IntentDefinition, false, "", nil},
		{"Will prompt engineering last as a job?", "en", IntentDefinition, true, "", nil},
		{"Python ?", "fr", IntentDefinition, false, "", nil},
		{"Il y a beaucoup d'offres ?", "fr", IntentMarket, false, "", nil},
		{"Are there many openings?", "en", IntentMarket, true, "", nil},
		// A question that offers its own second answer is no yes/no one;
		// "or not" leaves it one.
		{"Est-ce que l'IA a de l'avenir ou c'est une bulle ?", "fr", IntentDefinition, false, "", nil},
		{"Is a PhD worth it or is it just a waste of time?", "en", IntentDefinition, false, "", nil},
		{"Can I learn AI online or not?", "en", IntentTrainings, true, "", nil},
		// What one trained as is a background, and its "formation" no
		// training asked for.
		{"Pharmacienne de formation, est-ce que je peux aider à entraîner des IA ?", "fr", IntentPath, true, "pharmacienne", nil},
		{"Je suis juriste de formation, quel métier de l'IA pour moi ?", "fr", IntentPath, false, "juriste", nil},
		{"A nurse by training, can I help train AI models?", "en", IntentPath, true, "nurse", nil},
		{"Quelle est la durée de formation pour devenir data engineer ?", "fr", IntentPath, false, "", nil},
		// Where one works, and what one does, are backgrounds too.
		{"10 years in HR, thinking about an AI career, advice?", "en", IntentPath, false, "hr", nil},
		{"freelance videographer, what AI job?", "en", IntentPath, false, "freelance videographer", nil},
		{"comptable, quel métier dans l'IA ?", "fr", IntentPath, false, "comptable", nil},
		{"Hey, IT consultant at a bank, I like the mix of tech and clients. Is there an AI job like that?", "en", IntentPath, false, "it consultant", nil},
		{"Je bosse au service client depuis 5 ans, quel métier de l'IA pour moi ?", "fr", IntentPath, false, "service client", nil},
		{"Moi je fais de la comptabilité, quel job de l'IA pour moi ?", "fr", IntentPath, false, "comptabilite", nil},
		// A job said first, with how long or "here", is a background.
		{"Développeuse Python depuis trois ans, comment passer data scientist ?", "fr", IntentPath, false, "developpeuse python", nil},
		{"Frontend developer here, how do I get into AI engineering?", "en", IntentPath, false, "frontend developer", nil},
		{"Infirmier depuis 12 ans, l'IA peut-elle se servir de mon expérience ?", "fr", IntentPath, true, "infirmier", nil},
		// A job's complement is the job; the rest of its clause says where.
		{"Je suis prof de maths au lycée, je pourrais me reconvertir dans la data ?", "fr", IntentPath, false, "prof de maths", nil},
		{"Je suis chef de projet, quel métier de l'IA ?", "fr", IntentPath, false, "chef de projet", nil},
		{"I'm head of sales at a startup, which AI job fits me?", "en", IntentPath, false, "head of sales", nil},
		{"My background is in marketing, what AI job could I do?", "en", IntentPath, false, "marketing", nil},
		{"Quel métier de l'IA pour un psychologue ?", "fr", IntentPath, false, "psychologue", nil},
		{"Tell me about the RAG specialist job", "en", IntentDefinition, false, "", nil},
		{"Parle-moi du métier de psydesigner", "fr", IntentDefinition, false, "", nil},
		// A wish to work in AI, in any words.
		{"Comment on se met à l'IA quand on part de zéro ?", "fr", IntentOrientation, false, "", nil},
		{"How do I break into AI?", "en", IntentOrientation, false, "", nil},
		{"I'm a pharmacist, 11 years in retail. if I moved into AI would that mean a big pay cut?", "en", IntentPay, false, "pharmacist", nil},
		{"I've been doing payroll and benefits admin for about 10 years and want to get into AI somehow. what could I realistically aim for?", "en", IntentPath, false, "payroll and benefits admin", nil},
		{"jveux me lancer dans l'IA mais jsais pas par quel bout prendre le truc", "fr", IntentOrientation, false, "", nil},
		{"des conseils pour se reconvertir dans l'intelligence artificielle ? je suis un peu perdu", "fr", IntentOrientation, false, "", nil},
		{"j'aime l'IA, jsuis juriste, je peux faire quoi ?", "fr", IntentPath, false, "juriste", nil},
		{"I'm curious about AI careers", "en", IntentOrientation, false, "", nil},
		{"Ex-militaire, je cherche à bosser dans l'IA", "fr", IntentPath, false, "militaire", nil},
		{"Je suis en BTS compta, l'IA ça recrute ?", "fr", IntentPath, false, "compta", nil},
		{"I've been in finance for 15 years, where do I fit in AI?", "en", IntentPath, false, "finance", nil},
		{"I teach French, can I work on chatbots?", "en", IntentPath, true, "teacher", nil},
		{"J'enseigne les maths, quel métier de l'IA pour moi ?", "fr", IntentPath, false, "enseignant", nil},
		{"I'm a graphic designer worried about AI, what can I do?", "en", IntentPath, false, "graphic designer", nil},
		{"What AI jobs are there for nurses?", "en", IntentPath, false, "nurses", nil},
		{"Quels métiers de l'IA pour moi ?", "fr", IntentOrientation, false, "", nil},
		{"Quel avenir pour les métiers de la data ?", "fr", IntentDefinition, false, "", nil},
		{"Après 10 ans comme comptable, quel métier de l'IA pour moi ?", "fr", IntentPath, false, "comptable", nil},
		{"Je suis en reconversion après 15 ans dans la banque, par où commencer ?", "fr", IntentPath, false, "banque", nil},
		{"je bosse dans une banque, c'est quoi un data engineer ?", "fr", IntentDefinition, false, "", []string{"banque"}},
		{"Je viens de la communication, je peux bosser dans l'IA ?", "fr", IntentPath, true, "communication", nil},
		{"Je suis curieux de savoir ce que fait un data engineer", "fr", IntentDefinition, false, "", nil},
		// "figure out" asks for no figure.
		{"What's the job where you figure out the right wording so the AI gives good answers?", "en", IntentDefinition, false, "", nil},
		// Vague wishes, whatever their tail.
		{"I'd like a job in AI someday, any tips?", "en", IntentOrientation, false, "", nil},
		{"Which AI careers are out there for people like me?", "en", IntentOrientation, false, "", nil},
		{"I'd like to get a job in AI one day, any advice?", "en", IntentOrientation, false, "", nil},
		{"Quels sont les métiers d'avenir dans l'IA ?", "fr", IntentOrientation, false, "", nil},
		// Said after the asker's situation, the wish is still theirs.
		{"j'ai 50 ans, c'est trop tard pour l'IA ?", "fr", IntentOrientation, false, "", nil},
		// A wish in AI is the asker's: a question about what others do
		// is no orientation.
		{"What makes a good AI profile pick one company over another?", "en", IntentDefinition, false, "", nil},
		// Pay set aside asks of the rest.
		{"À part le salaire, pourquoi devenir data scientist ?", "fr", IntentPath, false, "", nil},
		{"Apart from the money, why become a data engineer?", "en", IntentPath, false, "", nil},
		{"What type of company pays AI people the most?", "en", IntentBest, false, "", nil},
		// Pay competed with asks how, not how much.
		{"Comment les startups rivalisent-elles avec les salaires de la Big Tech ?", "fr", IntentDefinition, false, "", nil},
		{"Les startups peuvent-elles égaler les salaires des géants ?", "fr", IntentDefinition, true, "", nil},
		{"Combien paient les startups par rapport à la Big Tech ?", "fr", IntentPay, false, "", nil},
		// A move to AI with neither background nor target: where to start.
		{"J'ai envie de changer de voie, l'IA ça pourrait être pour moi ?", "fr", IntentOrientation, false, "", nil},
		{"How do I switch careers into AI?", "en", IntentOrientation, false, "", nil},
		// A job said first as a headline, before where or a pause, when
		// the rest speaks in the first person or says how long; a greeting
		// may come first. A job named first that the asker asks about is
		// not theirs.
		{"Bonjour ! pharmacienne depuis 20 ans, il y a un rôle pour moi dans l'IA ?", "fr", IntentPath, false, "pharmacienne", nil},
		{"gestionnaire de paie chez Decathlon, je peux viser quoi dans l'IA ?", "fr", IntentPath, false, "gestionnaire de paie", []string{"Decathlon"}},
		{"supply chain planner at a retailer, 6 yrs. what AI job could I aim for?", "en", IntentPath, false, "supply chain planner", nil},
		{"Hey, CFO at a scale-up here - is there an AI role for someone like me?", "en", IntentPath, false, "cfo", nil},
		{"Data scientist chez Google, ça paie combien ?", "fr", IntentPay, false, "", []string{"Google"}},
		{"6 yrs doing payroll, what AI job could I aim for?", "en", IntentPath, false, "payroll", nil},
		{"12 ans comme assistante de direction, je peux bosser dans l'IA ?", "fr", IntentPath, true, "assistante de direction", nil},
		{"Python, c'est utile pour l'IA ?", "fr", IntentDefinition, false, "", nil},
		{"Les IA qui lisent les radios, y a du boulot pour moi ?", "fr", IntentPath, false, "", nil},
		// What is learnt is named first: skills, not trainings.
		{"Which Python libraries should I learn for NLP?", "en", IntentSkills, false, "", nil},
		// Greetings to a group, a job held before, a team run, and
		// "which one would suit me?" with a background.
		{"Hi all, ER physician here, 11 yrs in. Is there a job where I'd use my clinical knowledge for AI?", "en", IntentPath, false, "er physician", nil},
		{"Bjr, j'ai été chauffeur routier pendant 20 ans, ya un métier de l'IA pour moi ?", "fr", IntentPath, false, "chauffeur routier", nil},
		{"I teach maths at a high school. Which one would suit me best?", "en", IntentPath, false, "teacher", nil},
		{"Which one pays more, data scientist or AI engineer?", "en", IntentCompare, false, "", nil},
		// "plutôt que lutter" compares nothing; "quel genre de métier" with
		// a background asks where the asker fits; a year of a school is
		// what is studied.
		{"traductrice depuis 12 ans. Plutôt que lutter, je voudrais bosser dans l'IA, quel métier ?", "fr", IntentPath, false, "traductrice", nil},
		{"illustratrice depuis 7 ans, ça débouche sur quel genre de métier ?", "fr", IntentPath, false, "illustratrice", nil},
		{"je suis en 2e année d'école de commerce, je devrais viser quoi dans l'IA ?", "fr", IntentPath, false, "ecole de commerce", nil},
		// A department said with "en" is the asker's field; a situation
		// said with "en" is none; a school year is what is studied.
		{"Je suis en RH (recrutement) dans une PME, j'aimerais évoluer vers un poste lié à l'IA mais sans coder.", "fr", IntentPath, false, "rh", []string{"une PME"}},
		{"je suis en compta, l'IA c'est pour moi ?", "fr", IntentPath, false, "compta", nil},
		{"je suis en reconversion, quel métier de l'IA ?", "fr", IntentOrientation, false, "", nil},
		{"je suis en train de me former, par où commencer ?", "fr", IntentTrainings, false, "", nil},
		// A known employer said with its article is context; a subject
		// said so is not.
		{"Chez nous à la Société Générale on se demande si les banques recrutent vraiment en interne sur l'IA ?", "fr", IntentMarket, false, "", []string{"Société Générale"}},
		{"Les startups peuvent-elles rivaliser avec la Big Tech ?", "fr", IntentDefinition, true, "", nil},
		// "analyste" ends like a job; "out of Zurich" places the asker.
		{"analyste BI, je fais du SQL et des dashbords toute la journée. pour passer data scientist il me manque quoi comme bagage ?", "fr", IntentPath, false, "analyste bi", nil},
		{"Account exec selling cloud software out of Zurich. Do I have to go back to school for an engineering degree?", "en", IntentTrainings, true, "", []string{"Zurich"}},
		// With a background, what to do to stay wanted is the asker's way.
		{"Product manager at a SaaS company, no ML background. What should I do to stay attractive to employers hiring for AI?", "en", IntentPath, false, "product manager", nil},
		// A persona said in the negative is no background.
		{"L'IA ça m'intéresse mais je suis pas technique du tout, j'ai une chance ?", "fr", IntentOrientation, false, "", nil},
		// French "salariés", folded, is not English "salaries".
		{"est-ce que les boîtes forment leurs salariés à l'IA ?", "fr", IntentDefinition, true, "", nil},
		{"What salaries do AI engineers get?", "en", IntentPay, false, "", nil},
	}
	for _, tt := range tests {
		u := understand(tt.q, "", nil)
		if u.Lang != tt.lang || u.Intent != tt.intent || u.YesNo != tt.yesNo || u.Background != tt.background || !slices.Equal(u.Context, tt.context) {
			t.Errorf("%q: lang %s intent %s yes/no %v background %q context %q; want %s %s %v %q %q",
				tt.q, u.Lang, u.Intent, u.YesNo, u.Background, u.Context, tt.lang, tt.intent, tt.yesNo, tt.background, tt.context)
		}
		if tt.background != "" && strings.Contains(fold(u.Subject), tt.background) {
			t.Errorf("%q: the subject %q keeps the background", tt.q, u.Subject)
		}
		if strings.Contains(tt.q, " de formation,") && strings.Contains(u.Subject, "formation") {
			t.Errorf("%q: the subject %q keeps the background's \"formation\"", tt.q, u.Subject)
		}
	}
}

func TestUnderstandFollowUps(t *testing.T) {
	history := []Turn{{Role: "user", Text: "C'est quoi un psydesigner ?"}, {Role: "assistant", Text: "…", Slugs: []string{"psydesigner"}}}
	for q, want := range map[string]bool{
		"et le salaire ?":                                 true,
		"what training for that?":                         true,
		"What's the best paid job in AI?":                 false,
		"Quel métier de l'IA paie le mieux ?":             false,
		"Combien gagne un data engineer chez Capgemini ?": false,
	} {
		if u := understand(q, "fr", history); u.Elliptical != want {
			t.Errorf("%q: elliptical %v, want %v", q, u.Elliptical, want)
		}
	}
}

// In a conversation, a turn that names nothing ("il y a beaucoup
// d'offres ?") is about the conversation's subject; one that names a
// subject of its own is not.
func TestEllipticalTurns(t *testing.T) {
	history := []Turn{{Role: "user", Text: "Qu'est-ce qu'un ingénieur déployé sur le terrain ?"}, {Role: "assistant", Text: "… [1]", Slugs: []string{"forward-deployed-engineer"}}}
	tests := []struct {
		q    string
		want bool
	}{
		{"Il y a beaucoup d'offres ?", true},
		{"Is it well paid?", true},
		{"et le salaire ?", true},
		{"cool, and what should i study to get there?", true},
		{"ok merci, et pour y arriver ?", true},
		{"Quelles compétences faut-il pour devenir data scientist en banque ?", false},
		{"Combien d'offres d'emploi mentionnent ChatGPT sur LinkedIn ?", false},
	}
	for _, tt := range tests {
		if got := understand(tt.q, "", history).Elliptical; got != tt.want {
			t.Errorf("understand(%q).Elliptical = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// The rest of a persona's clause, when it only says where or how long,
// is not the subject; a clause that goes on to the goal is.
func TestPersonaTail(t *testing.T) {
	tests := []struct{ q, subject string }{
		{"Je suis prof de maths au lycée, je pourrais me reconvertir dans la data ?", "je pourrais me reconvertir dans la data ?"},
		{"Je suis juriste dans une banque depuis 10 ans, quel métier de l'IA pour moi ?", "quel métier de l'IA pour moi ?"},
		{"I'm a statistician at an insurance company, how do I become a data scientist?", "how do I become a data scientist?"},
		{"Je suis data analyst chez Airbus à Toulouse, comment devenir data scientist ?", "comment devenir data scientist ?"},
		{"Je suis développeur et je veux devenir data scientist, par où commencer ?", "et je veux devenir data scientist, par où commencer ?"},
		{"I'm a nurse in AI ethics, what next?", "in AI ethics, what next?"},
	}
	for _, tt := range tests {
		if u := understand(tt.q, "", nil); u.Subject != tt.subject {
			t.Errorf("%q: subject %q, want %q", tt.q, u.Subject, tt.subject)
		}
	}
}

// A negation answers a yes/no question only next to a word it asks
// about.
func TestNegations(t *testing.T) {
	asked := wantedWords{"diplom": true, "~format": true, "law": true}
	tests := []struct {
		s         string
		near, far bool
	}{
		{"Aucun diplôme ni formation n'y prépare encore.", true, false},
		{"Adrien s'est autoformé sans formation d'ingénieur.", true, false},
		{"Law experts were hired to train models, so data annotators are no longer only precarious workers labelling images.", false, true},
		{"Les banques recrutent.", false, false},
	}
	for _, tt := range tests {
		if near, far := negations(tt.s, asked); near != tt.near || far != tt.far {
			t.Errorf("negations(%q) = %v, %v; want %v, %v", tt.s, near, far, tt.near, tt.far)
		}
	}
}

// A clause of what the asker has or lives with is not the subject; one
// that names what is asked about is.
func TestCircumstances(t *testing.T) {
	tests := []struct{ q, subject string }{
		{"I have 2 kids and little time, how can I learn AI on my own?", "how can I learn AI on my own?"},
		{"J'ai 45 ans, est-il trop tard pour me reconvertir dans l'IA ?", "est-il trop tard pour me reconvertir dans l'IA ?"},
		{"With a full-time job, can I learn Python in the evenings?", "can I learn Python in the evenings?"},
		{"J'ai entendu parler du RAG, c'est quoi ?", "J'ai entendu parler du RAG, c'est quoi ?"},
		{"I have a question about prompts, who writes them?", "I have a question about prompts, who writes them?"},
	}
	for _, tt := range tests {
		if u := understand(tt.q, "", nil); u.Subject != tt.subject {
			t.Errorf("%q: subject %q, want %q", tt.q, u.Subject, tt.subject)
		}
	}
}

// A fear that AI replaces a job names the job, or none; what AI does to
// tasks is no such fear.
func TestThreatened(t *testing.T) {
	tests := []struct {
		q, what string
		ok      bool
	}{
		{"Will AI replace lawyers?", "lawyers", true},
		{"Est-ce que l'IA va remplacer les comptables ?", "les comptables", true},
		{"Can ChatGPT replace a data scientist?", "a data scientist", true},
		{"Is my job at risk with AI?", "job", true},
		{"Mon poste est-il menacé par l'IA ?", "job", true},
		{"L'IA va-t-elle tuer mon métier ou en créer d'autres ?", "mon metier", true},
		{"Comment l'IA peut remplacer les tâches banales ?", "", false},
		{"Qui remplace le data engineer quand il part ?", "", false},
	}
	for _, tt := range tests {
		if what, ok := threatened(fold(tt.q)); what != tt.what || ok != tt.ok {
			t.Errorf("threatened(%q) = %q, %v; want %q, %v", tt.q, what, ok, tt.what, tt.ok)
		}
	}
}

// A question for how many there are is answered by a count or a share of
// a whole, not by a rate of growth or an amount.
func TestStatesCount(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"Une grande entreprise utilise jusqu'à 11 modèles d'IA générative. [1]", true},
		{"49 % des responsables du recrutement veulent embaucher davantage. [2]", true},
		{"Les offres d'emploi en IA générative sont en hausse de plus de 1000 %. [1]", false},
		{"Le TJM dépasse 500 €. [1]", false},
		{"En 2023, le métier est apparu. [1]", false},
	}
	for _, tt := range tests {
		if got := statesCount(tt.s); got != tt.want {
			t.Errorf("statesCount(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// A sentence that ends on a question or a note about the articles is
// said by its first clause.
func TestStatement(t *testing.T) {
	tests := []struct{ s, want string }{
		{"Fin mars, une dépêche Bloomberg évoquait 335 000 dollars par an ; le métier durera-t-il ?", "Fin mars, une dépêche Bloomberg évoquait 335 000 dollars par an."},
		{"LinkedIn Learning propose désormais 300 cours consacrés à l'IA ; les articles n'en détaillent ni les intitulés ni les prix.", "LinkedIn Learning propose désormais 300 cours consacrés à l'IA."},
		{"Le métier durera-t-il ?", "Le métier durera-t-il ?"},
		{"Ray is named by Business Insider among the deep-learning software libraries that candidates know; the articles say nothing more about it.", "Ray is named by Business Insider among the deep-learning software libraries that candidates know."},
		{"Il cite « un profil rare ; qui le forme ? »", "Il cite « un profil rare ; qui le forme ? »"},
		{"Ray distribue les calculs ; PyTorch entraîne les modèles.", "Ray distribue les calculs ; PyTorch entraîne les modèles."},
	}
	for _, tt := range tests {
		if got := statement(tt.s); got != tt.want {
			t.Errorf("statement(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

// A citation mark is not a figure; an order of magnitude in words is.
func TestStatesFigure(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"Coursera est une plateforme d'apprentissage en ligne. [1]", false},
		{"Le TJM a franchi les 500 €. [2]", true},
		{"Un LLM peut compter des milliards de paramètres. [1]", true},
		{"En 2023, le métier est apparu. [1]", false},
		{"Les offres ont bondi de 1000 %. [3]", true},
	}
	for _, tt := range tests {
		if got := statesFigure(tt.s); got != tt.want {
			t.Errorf("statesFigure(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// A question that asks who does something asks for a job; one that asks
// who someone is, or who said something, does not.
func TestAsksRole(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"Who in a bank checks that AI follows the rules?", true},
		{"Quel est le métier qui fournit des données propres aux data scientists ?", true},
		{"What's the name of the role that designs how a chatbot talks?", true},
		{"Qui, dans une boîte, s'occupe des risques de l'IA ?", true},
		{"Les ingés qui vont chez le client installer l'IA, ça existe ?", true},
		{"Who are the people that test chatbots before launch?", true},
		{"who's the exec that's supposed to pull all the AI stuff together in a big company?", true},
		{"le mec qui surveille de loin les taxis sans chauffeur, c'est un vrai metier ?", true},
		{"what do u call the person whose whole job is wording instructions for chatgpt?", true},
		{"comment on appelle la personne dont le métier est de régler la personnalité d'un chatbot ?", true},
		{"who's the person in a company that's supposed to pull all the new AI roles together?", true},
		{"qui est la personne qui vérifie que les bots ne fuitent pas de données ?", true},
		{"Who is the head of Mercor?", false},
		{"Who is Brendan Foody?", false},
		{"Qui a dit que la Big Tech vole les talents ?", false},
		{"Combien gagne un data scientist ?", false},
	}
	for _, tt := range tests {
		if got := understand(tt.q, "", nil).AsksRole; got != tt.want {
			t.Errorf("understand(%q).AsksRole = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// TestUnderstandStudied: the field of a degree the asker has is part of
// their profile, with or without a job, and leaves the subject; a degree
// the question asks about is not the asker's.
func TestUnderstandStudied(t *testing.T) {
	tests := []struct {
		q, background, studied, profile string
		intent                          Intent
	}{
		{"I'm a product designer with a psychology degree, which AI job fits me?", "product designer", "psychology", "psychology, product designer", IntentPath},
		{"Diplômée en droit, je peux travailler dans l'IA ?", "droit", "droit", "droit", IntentPath},
		{"J'ai un master en finance, quel métier de l'IA pour moi ?", "finance", "finance", "finance", IntentPath},
		{"Faut-il un master en finance pour devenir data scientist ?", "", "", "", IntentPath},
		{"Do I need a degree in AI to become a prompt engineer?", "", "", "", IntentPath},
		// Folded, the noun is the adjective: a degree asked of is none held.
		{"Faut-il un diplôme d'ingénieur pour devenir prompt engineer ?", "", "", "", IntentPath},
		{"je suis étudiant en M2 informatique, quel métier IA viser ?", "etudiant", "informatique", "informatique, etudiant", IntentPath},
		{"Bonjour, jeune diplômée en marketing, quel métier de l'IA pour moi ?", "marketing", "marketing", "marketing", IntentPath},
		{"Je suis diplômée en biologie, je peux travailler dans l'IA ?", "biologie", "biologie", "biologie", IntentPath},
	}
	for _, tt := range tests {
		u := understand(tt.q, "", nil)
		if u.Background != tt.background || u.Studied != tt.studied || u.profile() != tt.profile || u.Intent != tt.intent {
			t.Errorf("%q: background %q studied %q profile %q intent %s; want %q %q %q %s", tt.q, u.Background, u.Studied, u.profile(), u.Intent, tt.background, tt.studied, tt.profile, tt.intent)
		}
		if tt.studied != "" && strings.Contains(fold(u.Subject), tt.studied) {
			t.Errorf("%q: the subject %q keeps the degree", tt.q, u.Subject)
		}
	}
}

// The answer speaks of the asker as they described themselves: a job ("En
// tant qu'infirmière", accents and capitals as written), a field or a
// department ("Pour quelqu'un qui travaille au service RH", never "En tant
// que service rh"), or a degree.
func TestAskerAsDescribed(t *testing.T) {
	tests := []struct{ q, asker, you string }{
		{"Je suis infirmière, quel métier de l'IA pour moi ?", "En tant qu'infirmière", "En tant qu'infirmière"},
		{"Je suis DSI d'une PME, quels métiers de l'IA ?", "En tant que DSI d'une PME", "En tant que DSI d'une PME"},
		{"je bosse au service RH, quels métiers de l'IA pourraient me convenir ?", "Pour quelqu'un qui travaille au service RH", "Comme vous travaillez au service RH"},
		{"Je travaille dans la finance, quel métier de l'IA pour moi ?", "Pour quelqu'un qui travaille dans la finance", "Comme vous travaillez dans la finance"},
		{"Je travaille dans l'assurance, quel métier de l'IA ?", "Pour quelqu'un qui travaille dans l'assurance", "Comme vous travaillez dans l'assurance"},
		{"je travaille à la compta, je peux bosser dans l'IA ?", "Pour quelqu'un qui travaille à la compta", "Comme vous travaillez à la compta"},
		{"je fais du recrutement, l'IA peut-elle m'aider ?", "Pour quelqu'un qui fait du recrutement", "Comme vous faites du recrutement"},
		{"je m'occupe de la logistique, quel métier de l'IA ?", "Pour quelqu'un qui s'occupe de la logistique", "Comme vous vous occupez de la logistique"},
		{"I work in finance, what AI jobs could suit me?", "For someone working in finance", "Working in finance"},
		{"I'm in marketing. Which AI skills should I pick up?", "For someone working in marketing", "Working in marketing"},
		{"I'm a UX researcher, which AI role fits me?", "As a UX researcher", "As a UX researcher"},
		{"I'm an accountant, which AI job fits me?", "As an accountant", "As an accountant"},
		{"I'm an SQL developer, which AI job fits me?", "As an SQL developer", "As an SQL developer"},
		{"Diplômée en droit, je peux travailler dans l'IA ?", "Avec une formation en droit", "Avec une formation en droit"},
		// A school one is at is no field one works in.
		{"je suis en école de commerce, pas du tout technique, y a un métier pour moi ?", "En école de commerce", "En école de commerce"},
		{"I'm in law school, which AI jobs could use that?", "As a law school student", "As a law school student"},
		{"I'm at business school, any AI job for me?", "As a business school student", "As a business school student"},
		{"I supervise a customer support team. Any AI role for me?", "For someone who supervises a customer support team", "As someone who supervises a customer support team"},
		{"je gère une équipe de comptables, quel métier de l'IA ?", "Pour quelqu'un qui gère une équipe de comptables", "Comme vous gérez une équipe de comptables"},
		// The asker's numbers are not said back: no number an entry lacks.
		{"I'm a level 2 support agent, which AI job fits me?", "As a level support agent", "As a level support agent"},
	}
	for _, tt := range tests {
		u := understand(tt.q, "", nil)
		if got := asker(u.Lang, u); got != tt.asker {
			t.Errorf("%q: asker %q, want %q", tt.q, got, tt.asker)
		}
		if got := askerYou(u.Lang, u); got != tt.you {
			t.Errorf("%q: askerYou %q, want %q", tt.q, got, tt.you)
		}
	}
}

// TestStrengths: what the asker says they do well or love, beside a job,
// comes first in the profile, and vague strengths say nothing.
func TestStrengths(t *testing.T) {
	tests := []struct{ q, strengths, profile string }{
		{"I teach maths at a high school. I love stats and data, which AI job?", "stats", "stats, teacher"},
		{"prof de français depuis 15 ans. J'écris bien, quel job dans l'IA ?", "ecriture", "ecriture, prof de francais"},
		{"I supervise a support team. Calm under pressure, decent with tech. Any AI role?", "", "support team"},
		{"J'aime les statistiques, quel métier de l'IA ?", "", ""},
	}
	for _, tt := range tests {
		u := understand(tt.q, "", nil)
		if u.Strengths != tt.strengths || u.profile() != tt.profile {
			t.Errorf("%q: strengths %q profile %q, want %q %q", tt.q, u.Strengths, u.profile(), tt.strengths, tt.profile)
		}
	}
}

// A question asked of the asker is theirs: who asked it is no part of
// its subject.
func TestReportedQuestion(t *testing.T) {
	for q, gone := range map[string]string{
		"hey, my team lead asked me what a chief AI officer actually does. any idea?": "lead",
		"mon manager m'a demandé ce que fait un psydesigner":                          "manager",
	} {
		if u := understand(q, "", nil); strings.Contains(fold(u.Subject), gone) || u.AsksRole {
			t.Errorf("%q: subject %q, asks for a role %v; want neither %q nor a role", q, u.Subject, u.AsksRole, gone)
		}
	}
}

// Who hires asks from the employer's side: a job they name is the one they
// look for, and a founder asking how to hire asks of the market.
func TestHiringSide(t *testing.T) {
	tests := []struct {
		q      string
		hires  bool
		intent Intent
	}{
		{"Hi, I'm cofounder of a 20-person startup. We can't match big tech salaries — how are startups competing for ML engineers?", true, IntentMarket},
		{"on est une petite startup, impossible de recruter un ingé ML face aux GAFAM, c'est normal ?", true, IntentMarket},
		{"je suis recruteuse, comment attirer des data scientists ?", true, IntentMarket},
		{"I'm a developer, how do I get hired as an ML engineer?", false, IntentPath},
		{"Les entreprises recrutent-elles des prompt engineers ?", false, IntentMarket},
	}
	for _, tt := range tests {
		if u := understand(tt.q, "", nil); u.Hires != tt.hires || u.Intent != tt.intent {
			t.Errorf("%q: hires %v, intent %s; want %v, %s", tt.q, u.Hires, u.Intent, tt.hires, tt.intent)
		}
	}
}
