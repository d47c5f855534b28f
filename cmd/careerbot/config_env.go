package main

import (
	"reflect"
	"strings"
)

// environment declares every variable careerbot reads, once: its name
// (env), its default (envDefault, or doc when the default is not a value,
// as "twice the CPUs"), its meaning (desc) and, through its field's type, how
// it is parsed and checked. `careerbot env` and the README's configuration
// table are written from it. In doc and desc, {x} is code: `x` in Markdown.
type environment struct {
	PGPort      pgPort      `env:"CAREERBOT_PGPORT" envDefault:"55432" desc:"port of the local cluster of {make db}, which the default {DATABASE_URL} and the tests use; {make} passes its {PGPORT} as this variable"`
	DatabaseURL postgresURL `env:"DATABASE_URL" doc:"the local cluster of {make db}" desc:"PostgreSQL URL; pgvector 0.8 or newer"`
	LogFormat   logFormat   `env:"CAREERBOT_LOG_FORMAT" envDefault:"text" desc:"{text} or {json}"`
	LogLevel    logLevel    `env:"CAREERBOT_LOG_LEVEL" envDefault:"info" desc:"{debug}, {info}, {warn} or {error}"`
	UserSalt    salt        `env:"CAREERBOT_USER_SALT" doc:"derived from {SLACK_BOT_TOKEN}" desc:"secret salt (16+ characters) for the hashed user ids kept with questions and votes; set it so that hashes survive a token rotation"`

	QuestionRetention retention        `env:"CAREERBOT_QUESTION_RETENTION" envDefault:"2160h" desc:"how long question texts are kept; {serve} erases older ones every hour"`
	LinkDomains       domainList       `env:"CAREERBOT_LINK_DOMAINS" desc:"domains whose URLs Slack answers show as links, comma-separated ({coursera.org,example.com}); other URLs are shown as plain text"`
	Admins            userIDList       `env:"CAREERBOT_ADMINS" desc:"Slack user ids of the HR admins, comma-separated ({U0123ABCD,U0456EFGH})"`
	AdminGroup        groupID          `env:"CAREERBOT_ADMIN_GROUP" desc:"a Slack user group id ({S0123ABCD}) whose members are admins too"`
	RateLimit         rate             `env:"CAREERBOT_RATE_LIMIT" envDefault:"10/1m" desc:"questions one Slack user may ask per period ({N/DURATION}, or {0}); the excess gets a message saying when to come back"`
	AnswerLease       lease            `env:"CAREERBOT_ANSWER_LEASE" envDefault:"2m" desc:"how long a Slack answer may run without its replica renewing its lease; after that another replica (or the restarted one) answers the event, in the same placeholder"`
	RecoveryMaxAge    positiveDuration `env:"CAREERBOT_RECOVERY_MAX_AGE" envDefault:"5m" desc:"how old a Slack question left unanswered by a replica that stopped may be and still be answered when another replica takes it over; an older one gets an apology in its placeholder (nothing when none was posted) and is not recorded again"`
	DatabaseTimeout   positiveDuration `env:"CAREERBOT_DB_TIMEOUT" envDefault:"3s" desc:"longest one database call may take while answering (a search, the rate limit, recording the question, a Slack event's claim and lease); past it the asker is told the knowledge base is temporarily unavailable instead of waiting on a locked or stalled database"`
	MaxAnswers        positiveInt      `env:"CAREERBOT_MAX_ANSWERS" doc:"twice the CPUs" desc:"Slack answers computed at once; more wait their turn, so that acknowledgements and thinking indicators never wait behind a burst of questions"`

	SlackBotToken      botToken         `env:"SLACK_BOT_TOKEN" desc:"{xoxb-…}; with it, {make run} serves Slack"`
	SlackAppToken      appToken         `env:"SLACK_APP_TOKEN" desc:"{xapp-…}; Socket Mode"`
	SlackSigningSecret trimmed          `env:"SLACK_SIGNING_SECRET" desc:"verifies HTTP requests from Slack (HTTP mode)"`
	SlackAPIURL        slackAPIURL      `env:"SLACK_API_URL" doc:"{https://slack.com/api/}" desc:"Slack Web API base URL"`
	CommandPrefix      commandPrefix    `env:"CAREERBOT_COMMAND_PREFIX" doc:"none: {/career}, {/role}, {/skill}, {/training}, {/career-admin}" desc:"put before every slash command name, such as {cb-} for {/cb-career}, {/cb-role}, {/cb-skill}, {/cb-training} and {/cb-career-admin}, so that they clash with no other app's; {careerbot manifest} writes the manifest with the same names"`
	HTTPAddr           string           `env:"CAREERBOT_HTTP_ADDR" envDefault:":8080" desc:"listen address of the HTTP endpoints: {/slack/*} in HTTP mode, {/healthz}, {/readyz} and {/metrics} in both modes unless {CAREERBOT_OPS_ADDR} is set"`
	OpsAddr            string           `env:"CAREERBOT_OPS_ADDR" desc:"listen address of {/healthz}, {/readyz} and {/metrics} on their own ({:9090}), which {CAREERBOT_HTTP_ADDR} then no longer serves; in Socket Mode nothing else listens"`
	ShutdownTimeout    positiveDuration `env:"CAREERBOT_SHUTDOWN_TIMEOUT" envDefault:"20s" desc:"after SIGTERM, how long answers in flight may take to finish"`

	OpenAIAPIKey     trimmed          `env:"OPENAI_API_KEY" desc:"key of an OpenAI-compatible API; with it or {OPENAI_BASE_URL}, a chat model writes the answers"`
	OpenAIBaseURL    apiURL           `env:"OPENAI_BASE_URL" doc:"{https://api.openai.com/v1}" desc:"OpenAI, an Azure OpenAI endpoint, Ollama ({http://localhost:11434/v1}), vLLM, LocalAI"`
	OpenAIAPIType    apiType          `env:"OPENAI_API_TYPE" envDefault:"openai" desc:"{azure} for Azure OpenAI (deployments named after the models)"`
	OpenAIAPIVersion trimmed          `env:"OPENAI_API_VERSION" doc:"{2024-06-01} for Azure" desc:"{api-version} sent to Azure OpenAI"`
	ChatModel        trimmed          `env:"CAREERBOT_CHAT_MODEL" envDefault:"gpt-4o-mini" desc:"chat model that writes the answers"`
	LLMTimeout       positiveDuration `env:"CAREERBOT_LLM_TIMEOUT" envDefault:"20s" desc:"longest the chat model may hold up one answer: the rewrite of a follow-up (at most a quarter of it), the answer and its one regeneration share it; past it, the extractive answer is given"`
	Embedder         embedderName     `env:"CAREERBOT_EMBEDDER" envDefault:"local" desc:"{local} or {openai}; changing it takes {careerbot kb reindex}"`
	EmbeddingModel   trimmed          `env:"CAREERBOT_EMBEDDING_MODEL" envDefault:"text-embedding-3-small" desc:"embedding model when {CAREERBOT_EMBEDDER=openai}"`
	EmbeddingDims    dims             `env:"CAREERBOT_EMBEDDING_DIMS" doc:"the model's own" desc:"vector length requested from the model (1 to 2000)"`
}

// setting documents one variable of the environment.
type setting struct {
	Name string
	// Default and Meaning mark code as {x}.
	Default, Meaning string
	// Field is the environment's field the variable sets.
	Field string
}

// settings lists the environment's variables in declaration order.
func settings() []setting {
	t := reflect.TypeFor[environment]()
	out := make([]setting, 0, t.NumField())
	for f := range t.Fields() {
		s := setting{Name: f.Tag.Get("env"), Meaning: f.Tag.Get("desc"), Field: f.Name}
		switch def, ok := f.Tag.Lookup("envDefault"); {
		case ok:
			s.Default = "{" + def + "}"
		case f.Tag.Get("doc") != "":
			s.Default = f.Tag.Get("doc")
		default:
			s.Default = "none"
		}
		out = append(out, s)
	}
	return out
}

// plainText writes {x} code marks as plain text, for a terminal.
func plainText(s string) string { return strings.NewReplacer("{", "", "}", "").Replace(s) }

// markdown writes {x} code marks as Markdown code spans.
func markdown(s string) string { return strings.NewReplacer("{", "`", "}", "`").Replace(s) }

// markdownTable is the README's configuration table.
func markdownTable() string {
	var b strings.Builder
	b.WriteString("| variable | default | meaning |\n| --- | --- | --- |\n")
	for _, s := range settings() {
		b.WriteString("| `" + s.Name + "` | " + markdown(s.Default) + " | " + markdown(s.Meaning) + " |\n")
	}
	return b.String()
}
