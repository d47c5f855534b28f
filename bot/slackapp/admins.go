package slackapp

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
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
}

// groupLookupTimeout bounds a lookup of the group's members, which goes on
// when the caller that started it stops waiting, so that the callers it
// serves get the members.
const groupLookupTimeout = 10 * time.Second

func newAdmins(s *Server) *admins {
	ttl := s.cfg.AdminCacheTTL
	if ttl <= 0 {
		ttl = defaultAdminCacheTTL
	}
	return &admins{
		ids: s.cfg.Admins, group: s.cfg.AdminGroup, ttl: ttl, now: s.now,
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
