package slackapp

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

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
