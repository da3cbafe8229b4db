package graph

import (
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/graph/model"
	"github.com/switchboard/switchboard/internal/account"
	"github.com/switchboard/switchboard/internal/mail"
)

// Domain values to GraphQL models. Resolvers only translate; these do the
// translating in one place per type.

func toTenant(t account.Tenant) *model.Tenant {
	return &model.Tenant{ID: globalID(typeTenant, t.ID), Name: t.Name, CreatedAt: t.CreatedAt}
}

func toUser(u account.User) *model.User {
	out := &model.User{ID: globalID(typeUser, u.ID), Email: u.Email, Name: u.Name}
	if u.Phone != "" {
		out.Phone = &u.Phone
	}
	return out
}

func toInvitation(i account.Invitation) *model.Invitation {
	return &model.Invitation{ID: globalID(typeInvitation, i.ID), Email: i.Email, Role: i.Role,
		State: model.InvitationState(i.State), ExpiresAt: i.ExpiresAt, CreatedAt: i.CreatedAt}
}

func toAPIKey(k account.APIKey) *model.APIKey {
	return &model.APIKey{ID: globalID(typeAPIKey, k.ID), Name: k.Name, Role: k.Role, Prefix: k.Prefix(),
		CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt, RevokedAt: k.RevokedAt}
}

func toAuditEvent(e account.AuditEvent, actors map[uuid.UUID]account.User) *model.AuditEvent {
	out := &model.AuditEvent{ID: globalID(typeAuditEvent, e.ID), Action: e.Action, Summary: e.Summary, CreatedAt: e.CreatedAt}
	if u, ok := actors[e.ActorUser]; ok {
		out.Actor = toUser(u)
	}
	return out
}

func toEmail(e mail.Email) *model.Email {
	out := &model.Email{ID: globalID(typeEmail, e.ID), To: e.To, Subject: e.Subject, BodyText: e.Text,
		Status: model.EmailStatus(upper(string(e.Status))), CreatedAt: e.CreatedAt, SentAt: e.SentAt, AttachmentNames: []string{}}
	if e.Error != "" {
		out.Error = &e.Error
	}
	for _, a := range e.Attachments {
		out.AttachmentNames = append(out.AttachmentNames, a.Filename)
	}
	return out
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func toSession(s account.Session, v *model.Viewer) *model.Session {
	return &model.Session{AccessToken: s.AccessToken, AccessTokenExpiresAt: s.AccessExpiresAt, RefreshToken: s.RefreshToken, Viewer: v}
}

// errBadPageSize is returned for first outside 1..100.
var errBadPageSize = errors.New("first must be between 1 and 100")

// page reads the Relay arguments: it asks the domain for one row more than
// the page, to know whether another page follows.
func page(first *int32, after *string) (limit int, cursor *db.Cursor, err error) {
	limit = 50
	if first != nil {
		if *first < 1 || *first > 100 {
			return 0, nil, errBadPageSize
		}
		limit = int(*first)
	}
	if after != nil {
		if cursor, err = db.DecodeCursor(*after); err != nil {
			return 0, nil, fmt.Errorf("after: %w", err)
		}
	}
	return limit, cursor, nil
}

// edges trims the extra row and builds cursors and pageInfo.
func edges[T any, E any](rows []T, limit int, hadCursor bool, cursorOf func(T) db.Cursor, edge func(cursor string, row T) E) ([]E, *model.PageInfo) {
	info := &model.PageInfo{HasPreviousPage: hadCursor}
	if len(rows) > limit {
		rows = rows[:limit]
		info.HasNextPage = true
	}
	out := make([]E, 0, len(rows))
	for i, r := range rows {
		c := cursorOf(r).Encode()
		if i == 0 {
			info.StartCursor = &c
		}
		info.EndCursor = &c
		out = append(out, edge(c, r))
	}
	return out, info
}
