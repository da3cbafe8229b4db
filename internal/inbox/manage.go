package inbox

import (
	"context"
	"errors"
	"net/mail"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/webhook"
	"github.com/switchboard/switchboard/tenants"
)

// LockConversation takes the conversation's row lock for the rest of tx, or
// returns ErrNotFound.
//
// The lock is taken on the table alone, and callers read the joined view in
// the next statement. A joined SELECT … FOR UPDATE OF c that waits for a
// transaction which moves the conversation to another channel re-checks the
// join against the channel row it read before waiting, finds no match, and
// returns no row: a reply racing a chat switch read as "not found".
func LockConversation(ctx context.Context, tx pgx.Tx, id uuid.UUID) error {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE`, id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// UpdateConversationParams change a conversation; nil fields stay as they are.
type UpdateConversationParams struct {
	Status   *string     // open, pending or closed
	Assignee **uuid.UUID // a member's user id; a nil *uuid.UUID unassigns
	MarkRead bool        // clears the unread count
}

// UpdateConversation changes a conversation's status, assignee or unread
// count, tells the live inbox, and tells the CRM what changed.
func (s *Service) UpdateConversation(ctx context.Context, id uuid.UUID, p UpdateConversationParams) (Conversation, error) {
	a, ok := tenants.FromContext(ctx)
	if !ok || !a.Can(tenants.RoleAgent) {
		return Conversation{}, ErrNotFound
	}
	if p.Status != nil && *p.Status != "open" && *p.Status != "pending" && *p.Status != "closed" {
		return Conversation{}, inputErr("status", "must be open, pending or closed")
	}
	var out Conversation
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		if err := LockConversation(ctx, tx, id); err != nil {
			return err
		}
		cur, err := scanConversation(tx.QueryRow(ctx, `SELECT `+conversationColumns+conversationFrom+` WHERE c.id = $1`, id))
		if err != nil {
			return err
		}
		status, assignee := cur.Status, cur.AssigneeID
		var changed []string
		if p.Status != nil && *p.Status != cur.Status {
			status = *p.Status
			changed = append(changed, "status")
		}
		if p.Assignee != nil && !sameUser(*p.Assignee, cur.AssigneeID) {
			if *p.Assignee != nil {
				var member bool
				// Row-level security limits memberships to this tenant.
				if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM memberships WHERE user_id = $1 AND role <> 'BILLING')`,
					**p.Assignee).Scan(&member); err != nil {
					return err
				}
				if !member {
					return inputErr("assigneeId", "must be an agent of this tenant")
				}
			}
			assignee = *p.Assignee
			changed = append(changed, "assignee_id")
		}
		unread := cur.UnreadCount
		if p.MarkRead {
			unread = 0
		}
		if len(changed) == 0 && unread == cur.UnreadCount {
			out = cur
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE conversations SET status = $2, assignee_id = $3, unread_count = $4 WHERE id = $1`,
			id, status, assignee, unread); err != nil {
			return err
		}
		out = cur
		out.Status, out.AssigneeID, out.UnreadCount = status, assignee, unread
		if len(changed) > 0 {
			if err := webhook.Emit(ctx, tx, s.Jobs, webhook.EventConversationUpdated, webhook.ConversationData{
				ID: id, ContactID: cur.Contact.ID, ChannelID: cur.ChannelID, ChannelKind: string(cur.ChannelKind), Status: status,
				AssigneeID: assignee, CreatedAt: cur.CreatedAt, Changed: changed}); err != nil {
				return err
			}
		}
		return live.Publish(ctx, tx, TopicConversation, id)
	})
	if err != nil {
		return Conversation{}, err
	}
	s.wake()
	return out, nil
}

func sameUser(a, b *uuid.UUID) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// UpdateContactParams change a contact; nil fields stay as they are.
type UpdateContactParams struct {
	Name, Email, ExternalID *string
}

// UpdateContact edits a contact's name, e-mail and CRM id. The phone number is
// the contact's identity across channels and is not edited here.
func (s *Service) UpdateContact(ctx context.Context, id uuid.UUID, p UpdateContactParams) (Contact, error) {
	a, ok := tenants.FromContext(ctx)
	if !ok || !a.Can(tenants.RoleAgent) {
		return Contact{}, ErrNotFound
	}
	trim := func(field string, v *string, max int) (*string, error) {
		if v == nil {
			return nil, nil
		}
		t := strings.TrimSpace(*v)
		if len(t) > max {
			return nil, inputErr(field, "must be at most %d characters", max)
		}
		return &t, nil
	}
	name, err := trim("name", p.Name, 200)
	if err != nil {
		return Contact{}, err
	}
	email, err := trim("email", p.Email, 320)
	if err != nil {
		return Contact{}, err
	}
	if email != nil && *email != "" {
		addr, err := mail.ParseAddress(*email)
		if err != nil || addr.Name != "" {
			return Contact{}, inputErr("email", "is not a valid e-mail address")
		}
		lower := strings.ToLower(addr.Address)
		email = &lower
	}
	external, err := trim("externalId", p.ExternalID, 200)
	if err != nil {
		return Contact{}, err
	}
	var c Contact
	err = s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `UPDATE contacts SET name = coalesce($2, name), email = CASE WHEN $3::text IS NULL THEN email ELSE NULLIF($3, '') END,
			external_id = CASE WHEN $4::text IS NULL THEN external_id ELSE NULLIF($4, '') END, updated_at = now()
			WHERE id = $1 RETURNING id, name, coalesce(phone, ''), coalesce(email, ''), coalesce(external_id, '')`,
			id, name, email, external).Scan(&c.ID, &c.Name, &c.Phone, &c.Email, &c.ExternalID)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		// Open conversations with this contact show the new details live.
		rows, err := tx.Query(ctx, `SELECT id FROM conversations WHERE contact_id = $1 AND status <> 'closed'`, id)
		if err != nil {
			return err
		}
		convs, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
		if err != nil {
			return err
		}
		for _, conv := range convs {
			if err := live.Publish(ctx, tx, TopicConversation, conv); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Contact{}, err
	}
	s.wake()
	return c, nil
}
