package slackapp

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"golang.org/x/sync/singleflight"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// Curation is the knowledge base as admins see and change it. Writes are
// revisions, re-chunked and re-embedded at once; errors wrap
// knowledge.ErrNotFound and knowledge.ErrConflict.
type Curation interface {
	Get(ctx context.Context, slug string) (*knowledge.Entry, error)
	Entries(ctx context.Context, kind knowledge.Kind, status knowledge.Status) ([]*knowledge.Entry, error)
	// FindEntries searches entries of any status by name.
	FindEntries(ctx context.Context, kind knowledge.Kind, name string, limit int) ([]*knowledge.Entry, error)
	// Resolve searches published entries by name.
	Resolve(ctx context.Context, kind knowledge.Kind, name string, limit int) ([]knowledge.Match, error)
	History(ctx context.Context, slug string) ([]knowledge.Revision, error)
	RecentRevisions(ctx context.Context, limit int) ([]knowledge.Revision, error)
	Stats(ctx context.Context, since time.Time) (knowledge.Stats, error)
	Gaps(ctx context.Context, since time.Time, limit int) ([]knowledge.Gap, error)
	LowConfidence(ctx context.Context, since time.Time, maxScore float64, limit int) ([]knowledge.Gap, error)
	Downvotes(ctx context.Context, since time.Time, limit int) ([]knowledge.Downvote, error)
	PopularEntries(ctx context.Context, kind knowledge.Kind, since time.Time, limit int) ([]knowledge.Popular, error)
	Audit(ctx context.Context, actor, action, slug string, allowed bool, detail string) error

	SaveEntry(ctx context.Context, e *knowledge.Entry, action, author string, base int) (int, error)
	ArchiveEntry(ctx context.Context, slug, author string) (int, error)
	RestoreEntry(ctx context.Context, slug string, revision int, author string) (int, error)
	// KeepConflict records an edit made on a stale revision in the history
	// without applying it, and returns its revision number.
	KeepConflict(ctx context.Context, e *knowledge.Entry, author string, base int) (int, error)
}

// Defaults of the administration.
const (
	defaultAdminCacheTTL = time.Minute
	defaultLowConfidence = 0.25
	langCacheTTL         = time.Hour
	week                 = 7 * 24 * time.Hour
)

var (
	userIDPattern  = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)
	groupIDPattern = regexp.MustCompile(`^S[A-Z0-9]{2,20}$`)
)

// ValidUserID and ValidGroupID check the ids of CAREERBOT_ADMINS and
// CAREERBOT_ADMIN_GROUP.
func ValidUserID(id string) bool  { return userIDPattern.MatchString(id) }
func ValidGroupID(id string) bool { return groupIDPattern.MatchString(id) }

// admins says who may curate: listed users, and members of a user group
// resolved with usergroups.users.list and cached for ttl.
type admins struct {
	ids    []string
	group  string
	ttl    time.Duration
	now    func() time.Time
	lookup func(ctx context.Context, group string) ([]string, error)
	// reads makes the callers that need the group's members at once share
	// one lookup.
	reads singleflight.Group

	mu      sync.Mutex
	members map[string]bool
	fetched time.Time
	valid   bool
	// refreshing: a lookup is in flight.
	refreshing bool

	langs map[string]cachedLang
}

// groupLookupTimeout bounds a lookup of the group's members, which goes on
// when the caller that started it stops waiting, so that the callers it
// serves get the members.
const groupLookupTimeout = 10 * time.Second

type cachedLang struct {
	lang string
	at   time.Time
}

func newAdmins(s *Server) *admins {
	ttl := s.cfg.AdminCacheTTL
	if ttl <= 0 {
		ttl = defaultAdminCacheTTL
	}
	return &admins{
		ids: s.cfg.Admins, group: s.cfg.AdminGroup, ttl: ttl, now: s.now, langs: map[string]cachedLang{},
		lookup: func(ctx context.Context, group string) ([]string, error) {
			return s.api.GetUserGroupMembersContext(ctx, group)
		},
	}
}

// contains reports whether user is an admin. When the group's members
// read last are out of date, one caller reads them again while the others
// go on with the old ones; no lock is held while Slack is asked. With none
// read yet, the callers share one lookup. When the group cannot be read,
// the members read last are used; with none, the error is returned.
func (a *admins) contains(ctx context.Context, user string) (bool, error) {
	if slices.Contains(a.ids, user) {
		return true, nil
	}
	if a.group == "" || user == "" {
		return false, nil
	}
	a.mu.Lock()
	now := a.now()
	fresh := a.valid && now.Sub(a.fetched) < a.ttl && !now.Before(a.fetched)
	if fresh || (a.valid && a.refreshing) {
		ok := a.members[user]
		a.mu.Unlock()
		return ok, nil
	}
	a.refreshing = true
	a.mu.Unlock()

	read := a.reads.DoChan(a.group, func() (any, error) {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), groupLookupTimeout)
		defer cancel()
		users, err := a.lookup(lctx, a.group)
		a.mu.Lock()
		defer a.mu.Unlock()
		a.refreshing = false
		if err == nil {
			a.members = map[string]bool{}
			for _, u := range users {
				a.members[u] = true
			}
			a.fetched, a.valid = now, true
		}
		return nil, err
	})
	var err error
	select {
	case r := <-read:
		err = r.Err
	case <-ctx.Done():
		return false, fmt.Errorf("read the members of the admin group %s: %w", a.group, ctx.Err())
	}
	a.mu.Lock()
	ok, valid := a.members[user], a.valid
	a.mu.Unlock()
	if !valid {
		return false, fmt.Errorf("read the members of the admin group %s: %w", a.group, err)
	}
	return ok, nil
}

func (s *Server) now() time.Time {
	if s.cfg.Clock != nil {
		return s.cfg.Clock()
	}
	return time.Now()
}

// userLang is the language of a user's Slack client, French or English.
func (s *Server) userLang(ctx context.Context, user string) string {
	if user == "" {
		return "en"
	}
	a := s.admins
	a.mu.Lock()
	c, ok := a.langs[user]
	a.mu.Unlock()
	if ok && s.now().Sub(c.at) < langCacheTTL {
		return c.lang
	}
	lang := "en"
	u, err := s.api.GetUserInfoContext(ctx, user)
	if err != nil {
		s.log.Debug("slack: read user locale", "user", user, "err", err)
		return lang
	}
	if strings.HasPrefix(strings.ToLower(u.Locale), "fr") {
		lang = "fr"
	}
	a.mu.Lock()
	a.langs[user] = cachedLang{lang, s.now()}
	a.mu.Unlock()
	return lang
}

// actor names a Slack user in the audit log and in revisions.
func actor(user string) string { return "slack:" + user }

// authorize checks that user may perform an admin action and returns the
// refusal to show otherwise. Refusals are recorded in the audit log, and so
// are allowed attempts when logAllowed (writes log their outcome instead).
func (s *Server) authorize(ctx context.Context, user, action, slug, lang string, logAllowed bool) (bool, string) {
	if s.cfg.Curation == nil {
		return false, bot.Msg(lang, "Knowledge base administration is not set up on this careerbot.",
			"L'administration de la base de connaissances n'est pas activée sur ce careerbot.")
	}
	ok, err := s.admins.contains(ctx, user)
	detail := ""
	refusal := ""
	switch {
	case err != nil:
		s.log.Warn("slack: admin check", "user", user, "err", err)
		detail = "admin check failed: " + err.Error()
		refusal = bot.Msg(lang, "Sorry, I couldn't check whether you are an admin (Slack did not answer). Please try again in a minute.",
			"Désolé, je n'ai pas pu vérifier si vous êtes administrateur (Slack n'a pas répondu). Réessayez dans une minute.")
	case !ok:
		detail = "not an admin"
		refusal = s.refusal(lang)
	}
	allowed := ok && err == nil
	if !allowed || logAllowed {
		s.audit(ctx, user, action, slug, allowed, detail)
	}
	return allowed, refusal
}

// audit records an admin action's outcome.
func (s *Server) audit(ctx context.Context, user, action, slug string, allowed bool, detail string) {
	ctx, cancel := detached(ctx)
	defer cancel()
	if err := s.cfg.Curation.Audit(ctx, actor(user), action, slug, allowed, detail); err != nil {
		s.log.Error("slack: audit", "user", user, "action", action, "err", err)
	}
}

// refusal tells a non-admin who may administer the knowledge base. It is
// mrkdwn: the admins are mentioned (ids checked at start), which notifies
// no one in a message only the asker sees.
func (s *Server) refusal(lang string) string {
	var who []string
	for _, id := range s.admins.ids {
		if ValidUserID(id) {
			who = append(who, "<@"+id+">")
		}
	}
	if g := s.admins.group; ValidGroupID(g) {
		who = append(who, bot.Msg(lang, "the members of ", "les membres de ")+"<!subteam^"+g+">")
	}
	if len(who) == 0 {
		return bot.Msg(lang,
			"Only careerbot's admins can do this, and none is set up yet: ask whoever runs careerbot to set CAREERBOT_ADMINS or CAREERBOT_ADMIN_GROUP.",
			"Seuls les administrateurs de careerbot peuvent faire cela, et aucun n'est encore désigné : demandez à qui gère careerbot de renseigner CAREERBOT_ADMINS ou CAREERBOT_ADMIN_GROUP.")
	}
	list := strings.Join(who, bot.Msg(lang, ", ", ", "))
	return bot.Msg(lang,
		"Only careerbot's admins can change the knowledge base or see its reports: "+list+". Ask them if something is wrong or missing.",
		"Seuls les administrateurs de careerbot peuvent modifier la base de connaissances ou voir ses rapports : "+list+". Adressez-vous à eux si quelque chose est faux ou manque.")
}

// ephemeralTrusted is a reply seen by its recipient only, of mrkdwn
// written by careerbot itself.
func (s *Server) ephemeralTrusted(text string) *slack.WebhookMessage {
	return ephemeralBlocks(trusted(text))
}

// --- /career-admin ---

func adminHelp(lang string) string {
	return bot.Msg(lang,
		"*/career-admin* keeps the knowledge base (admins only).\n"+
			"• `/career-admin stats`: entries by kind and status; questions, grounded rate and votes this week\n"+
			"• `/career-admin gaps`: the questions careerbot could not answer this week, most asked first\n"+
			"• `/career-admin export`: the whole catalog as a zip of Markdown files, sent to you in a direct message\n"+
			"• `/career-admin help`: this help\n"+
			"To create, edit, archive or restore entries, open careerbot's *Home* tab. See docs/hr-guide.md.",
		"*/career-admin* tient la base de connaissances (administrateurs seulement).\n"+
			"• `/career-admin stats` : les entrées par type et statut ; questions, taux de réponses sourcées et votes de la semaine\n"+
			"• `/career-admin gaps` : les questions restées sans réponse cette semaine, les plus posées d'abord\n"+
			"• `/career-admin export` : tout le catalogue en zip de fichiers Markdown, envoyé en message direct\n"+
			"• `/career-admin aide` : cette aide\n"+
			"Pour créer, modifier, archiver ou restaurer des entrées, ouvrez l'onglet *Accueil* de careerbot. Voir docs/hr-guide.md.")
}

// adminCommand answers /career-admin in the background.
func (s *Server) adminCommand(ctx context.Context, cmd slack.SlashCommand, text string) {
	if cmd.TriggerID != "" {
		ok, err := s.store.ClaimEvent(ctx, "command:"+cmd.TriggerID, cmd.ChannelID, "")
		if err != nil {
			s.log.Warn("slack: claim command", "err", err)
		} else if !ok {
			return
		}
	}
	fields := strings.Fields(strings.ToLower(text))
	sub := "help"
	if len(fields) > 0 {
		sub = fields[0]
	}
	lang := s.userLang(ctx, cmd.UserID)
	switch sub {
	case "aide", "statistiques", "lacunes", "exporter":
		lang = "fr"
	}
	names := map[string]string{"help": "help", "aide": "help", "?": "help", "stats": "stats", "statistiques": "stats",
		"gaps": "gaps", "lacunes": "gaps", "export": "export", "exporter": "export"}
	name, known := names[sub]
	if !known {
		name = "unknown"
	}
	// The "thinking" reply is replaced whatever happens, a panic included.
	resolved := false
	reply := func(m *slack.WebhookMessage) {
		resolved = true
		s.respond(ctx, cmd.ResponseURL, cmd.ChannelID, cmd.UserID, replacing(m))
	}
	defer func() {
		if !resolved {
			s.respond(ctx, cmd.ResponseURL, cmd.ChannelID, cmd.UserID, replacing(s.ephemeral(bot.Msg(lang,
				"Sorry, something went wrong with this command. Please try again.",
				"Désolé, un problème est survenu avec cette commande. Réessayez."))))
		}
	}()
	ok, refusal := s.authorize(ctx, cmd.UserID, "command."+name, "", lang, true)
	if !ok {
		reply(s.ephemeralTrusted(refusal))
		return
	}
	switch name {
	case "help":
		reply(s.ephemeralTrusted(adminHelp(lang)))
	case "stats":
		st, err := s.cfg.Curation.Stats(ctx, s.now().Add(-week))
		if err != nil {
			s.log.Error("slack: stats", "err", err)
			reply(s.ephemeral(unavailable(lang)))
			return
		}
		reply(s.ephemeralTrusted(statsText(st, lang)))
	case "gaps":
		gaps, err := s.cfg.Curation.Gaps(ctx, s.now().Add(-week), 10)
		if err != nil {
			s.log.Error("slack: gaps", "err", err)
			reply(s.ephemeral(unavailable(lang)))
			return
		}
		reply(ephemeralBlocks(gapsBlocks(gaps, lang)))
	case "export":
		reply(s.ephemeral(s.export(ctx, cmd.UserID, lang)))
	default:
		reply(s.ephemeral(bot.Msg(lang,
			fmt.Sprintf("/career-admin has no subcommand %q. Use stats, gaps, export or help.", truncate(sub, 40)),
			fmt.Sprintf("/career-admin n'a pas de sous-commande %q. Utilisez stats, gaps, export ou aide.", truncate(sub, 40)))))
	}
}

func unavailable(lang string) string {
	return bot.Msg(lang, "Sorry, the knowledge base cannot be read right now. Please try again in a minute.",
		"Désolé, la base de connaissances est illisible pour le moment. Réessayez dans une minute.")
}

func kindName(k knowledge.Kind, lang string) string {
	switch k {
	case knowledge.KindRole:
		return bot.Msg(lang, "Roles", "Métiers")
	case knowledge.KindSkill:
		return bot.Msg(lang, "Skills", "Compétences")
	case knowledge.KindTraining:
		return bot.Msg(lang, "Trainings", "Formations")
	case knowledge.KindInsight:
		return bot.Msg(lang, "Insights", "Repères")
	}
	return Escape(string(k))
}

func statusName(st knowledge.Status, lang string) string {
	switch st {
	case knowledge.StatusPublished:
		return bot.Msg(lang, "published", "publiée")
	case knowledge.StatusDraft:
		return bot.Msg(lang, "draft", "brouillon")
	case knowledge.StatusArchived:
		return bot.Msg(lang, "archived", "archivée")
	}
	return Escape(string(st))
}

// entriesText lists entry counts by kind and status.
func entriesText(st knowledge.Stats, lang string) string {
	var b strings.Builder
	b.WriteString(bot.Msg(lang, "*Entries* (published · draft · archived)\n", "*Entrées* (publiées · brouillons · archivées)\n"))
	total := 0
	for _, k := range knowledge.Kinds {
		c := st.Entries[k]
		fmt.Fprintf(&b, "• %s: %d · %d · %d\n", kindName(k, lang), c[knowledge.StatusPublished], c[knowledge.StatusDraft], c[knowledge.StatusArchived])
		for _, n := range c {
			total += n
		}
	}
	fmt.Fprintf(&b, bot.Msg(lang, "Total: %d entries", "Total : %d entrées"), total)
	return b.String()
}

func statsText(st knowledge.Stats, lang string) string {
	var b strings.Builder
	b.WriteString(entriesText(st, lang))
	rate := "–"
	if st.Questions > 0 {
		rate = strconv.Itoa(st.Grounded*100/st.Questions) + " %"
		if lang == "en" {
			rate = strings.ReplaceAll(rate, " ", "")
		}
	}
	fmt.Fprintf(&b, bot.Msg(lang,
		"\n\n*Last 7 days*\n• Questions: %d, answered from the knowledge base: %d (%s)\n• Votes: 👍 %d · 👎 %d",
		"\n\n*7 derniers jours*\n• Questions : %d, avec une réponse sourcée : %d (%s)\n• Votes : 👍 %d · 👎 %d"),
		st.Questions, st.Grounded, rate, st.Upvotes, st.Downvotes)
	return b.String()
}

// createButton opens the create modal prefilled with a question.
func createButton(question, lang string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionAdminNew, clip(question, maxButtonValue), plain(bot.Msg(lang, "Create an entry from this", "Créer une entrée à partir de ceci")))
}

// questionLine shows an asked question, quoted and escaped.
func questionLine(text string, count int, last time.Time, lang string) string {
	q := "“" + Escape(truncate(strings.Join(strings.Fields(text), " "), 280)) + "”"
	if count > 1 {
		return fmt.Sprintf("%s ×%d · %s", q, count, last.Format("2006-01-02"))
	}
	return q + " · " + last.Format("2006-01-02")
}

func gapsBlocks(gaps []knowledge.Gap, lang string) ([]slack.Block, string) {
	if len(gaps) == 0 {
		text := bot.Msg(lang, "No unanswered question in the last 7 days.", "Aucune question sans réponse ces 7 derniers jours.")
		return []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil, nil)}, text
	}
	title := bot.Msg(lang, "*Questions careerbot could not answer* (last 7 days, most asked first)",
		"*Questions restées sans réponse* (7 derniers jours, les plus posées d'abord)")
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(title), nil, nil)}
	for i, g := range gaps {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(questionLine(g.Text, g.Count, g.LastAsked, lang)), nil,
			slack.NewAccessory(createButton(g.Text, lang)), slack.SectionBlockOptionBlockID("gap_"+strconv.Itoa(i))))
	}
	return blocks, fallback(title)
}

// export sends the catalog as a zip of Markdown files to the user's direct
// messages and says what happened.
func (s *Server) export(ctx context.Context, user, lang string) string {
	entries, err := s.cfg.Curation.Entries(ctx, "", "")
	if err != nil {
		s.log.Error("slack: export", "err", err)
		return unavailable(lang)
	}
	data, err := catalogZip(entries, s.now())
	if err != nil {
		s.log.Error("slack: export", "err", err)
		return unavailable(lang)
	}
	ch, _, _, err := s.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
	if err != nil {
		s.log.Error("slack: export: open the direct message", "user", user, "err", err)
		return bot.Msg(lang, "Sorry, I couldn't open a direct message with you to send the export. Please try again.",
			"Désolé, je n'ai pas pu ouvrir de message direct pour vous envoyer l'export. Réessayez.")
	}
	name := "careerbot-catalog-" + s.now().UTC().Format("2006-01-02-1504") + ".zip"
	_, err = s.api.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: bytes.NewReader(data), FileSize: len(data), Filename: name, Title: name, Channel: ch.ID,
		InitialComment: bot.Msg(lang,
			fmt.Sprintf("The knowledge base: %d entries, one Markdown file each (docs/catalog-format.md). Import edited files with `careerbot kb import DIR`.", len(entries)),
			fmt.Sprintf("La base de connaissances : %d entrées, un fichier Markdown chacune (docs/catalog-format.md). Réimportez les fichiers modifiés avec `careerbot kb import DOSSIER`.", len(entries))),
	})
	if err != nil {
		s.log.Error("slack: export: upload", "user", user, "err", err)
		s.audit(ctx, user, "export", "", false, "upload failed: "+err.Error())
		return bot.Msg(lang, "Sorry, the upload of the export failed (is the files:write scope granted?). Please try again.",
			"Désolé, l'envoi de l'export a échoué (la permission files:write est-elle accordée ?). Réessayez.")
	}
	s.audit(ctx, user, "export", "", true, fmt.Sprintf("%d entries, %d bytes", len(entries), len(data)))
	return bot.Msg(lang, fmt.Sprintf("The catalog (%d entries) is in your direct messages with careerbot: %s.", len(entries), name),
		fmt.Sprintf("Le catalogue (%d entrées) est dans vos messages directs avec careerbot : %s.", len(entries), name))
}

// catalogZip writes one <slug>.md file per entry, in the catalog format.
func catalogZip(entries []*knowledge.Entry, at time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.Slug + ".md", Method: zip.Deflate, Modified: at})
		if err != nil {
			return nil, fmt.Errorf("zip %s: %w", e.Slug, err)
		}
		if _, err := w.Write(knowledge.Marshal(e)); err != nil {
			return nil, fmt.Errorf("zip %s: %w", e.Slug, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("zip the catalog: %w", err)
	}
	return buf.Bytes(), nil
}

// isNotFound and isConflict classify curation errors.
func isNotFound(err error) bool { return errors.Is(err, knowledge.ErrNotFound) }
func isConflict(err error) bool { return errors.Is(err, knowledge.ErrConflict) }
