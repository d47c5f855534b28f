package bot

import (
	"context"
	"fmt"
	"time"
)

// checkRate refuses a question when its asker (by hash) has used up the
// rate limit of the current window, and reserves it otherwise. A failure
// to count does not block the asker.
func (a *Assistant) checkRate(ctx context.Context, userHash, lang string) error {
	if a.counter == nil || a.cfg.RateLimit <= 0 || userHash == "" {
		return nil
	}
	n := a.cfg.RateLimit
	ok, err := a.counter.ReserveQuestion(ctx, userHash, a.now().Truncate(a.cfg.RateWindow), n)
	if err != nil {
		a.log.Warn("reserve a question", "err", err)
		return nil
	}
	if ok {
		return nil
	}
	wait := a.cfg.RateWindow.Round(time.Second)
	return &InputError{Lang: lang, Reason: "rate_limited", Msg: Msg(lang,
		fmt.Sprintf("You have asked %d questions within %s, the most I answer per person. Please try again in a little while.", n, wait),
		fmt.Sprintf("Vous avez posé %d questions en %s, le maximum que je traite par personne. Réessayez dans un moment.", n, frDuration(wait)))}
}

// frDuration writes a duration for a French sentence.
func frDuration(d time.Duration) string {
	n, unit := int(d/time.Second), "seconde"
	switch {
	case d%time.Hour == 0:
		n, unit = int(d/time.Hour), "heure"
	case d%time.Minute == 0:
		n, unit = int(d/time.Minute), "minute"
	}
	if n > 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", n, unit)
}
