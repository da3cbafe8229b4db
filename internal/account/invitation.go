package account

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/internal/mail"
	"github.com/switchboard/switchboard/tenants"
)

// InvitationState is derived from the row's timestamps at read time.
type InvitationState string

const (
	InvitationPending  InvitationState = "PENDING"
	InvitationAccepted InvitationState = "ACCEPTED"
	InvitationExpired  InvitationState = "EXPIRED"
	InvitationRevoked  InvitationState = "REVOKED"
)

// Invitation is an invitation to join the current tenant.
type Invitation struct {
	ID        uuid.UUID
	Email     string
	Role      tenants.Role
	State     InvitationState
	ExpiresAt time.Time
	CreatedAt time.Time
}

const invitationColumns = `id, email, role, CASE
	WHEN revoked_at IS NOT NULL THEN 'REVOKED'
	WHEN accepted_at IS NOT NULL THEN 'ACCEPTED'
	WHEN expires_at <= now() THEN 'EXPIRED'
	ELSE 'PENDING' END, expires_at, created_at`

func scanInvitation(r pgx.Row) (Invitation, error) {
	var i Invitation
	err := r.Scan(&i.ID, &i.Email, &i.Role, &i.State, &i.ExpiresAt, &i.CreatedAt)
	return i, err
}

// CreateInvitation invites an e-mail address into the current tenant with a
// role no higher than the inviter's, and e-mails the single-use link.
func (s *Service) CreateInvitation(ctx context.Context, rawEmail string, role tenants.Role) (Invitation, error) {
	a, err := actor(ctx)
	if err != nil {
		return Invitation{}, err
	}
	email, err := normaliseEmail(rawEmail)
	if err != nil {
		return Invitation{}, err
	}
	if !role.Valid() || !a.Role.AtLeast(role) {
		return Invitation{}, inputErr("role", "must not be above your own role")
	}
	plain, hash := tenants.NewSecret("sbi_")
	var inv Invitation
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		var member bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1)`,
			email).Scan(&member); err != nil {
			return err
		}
		if member {
			return inputErr("email", "is already a member of this tenant")
		}
		var tenantName string
		if err := tx.QueryRow(ctx, `SELECT name FROM tenants`).Scan(&tenantName); err != nil {
			return err
		}
		var inviter *uuid.UUID
		if a.UserID != uuid.Nil {
			inviter = &a.UserID
		}
		row := tx.QueryRow(ctx, `INSERT INTO invitations (id, tenant_id, email, role, token_hash, invited_by, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING `+invitationColumns,
			uuid.New(), a.TenantID, email, role, hash, inviter, time.Now().Add(s.inviteTTL()))
		if inv, err = scanInvitation(row); err != nil {
			return err
		}
		link := s.PublicURL + "/invite?token=" + url.QueryEscape(plain)
		_, err := mail.Queue(ctx, tx, s.Jobs, mail.QueueParams{
			To:      []string{email},
			Subject: "You are invited to " + tenantName + " on Switchboard",
			Text: fmt.Sprintf("You have been invited to join %s on Switchboard as %s.\n\nAccept the invitation: %s\n\n"+
				"The link works once and expires on %s.\n", tenantName, role, link, inv.ExpiresAt.UTC().Format(time.RFC1123)),
		})
		if err != nil {
			return err
		}
		return audit(ctx, tx, "member.invited", inv.ID, fmt.Sprintf("%s invited as %s", email, role))
	})
	if err != nil {
		return Invitation{}, fmt.Errorf("create invitation: %w", err)
	}
	return inv, nil
}

// RevokeInvitation withdraws a pending invitation.
func (s *Service) RevokeInvitation(ctx context.Context, id uuid.UUID) (Invitation, error) {
	var inv Invitation
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		inv, err = scanInvitation(tx.QueryRow(ctx, `UPDATE invitations SET revoked_at = coalesce(revoked_at, now())
			WHERE id = $1 AND accepted_at IS NULL RETURNING `+invitationColumns, id))
		if err != nil {
			return notFound(err)
		}
		return audit(ctx, tx, "member.invitation_revoked", id, "invitation for "+inv.Email+" revoked")
	})
	return inv, err
}

// GetInvitation returns one invitation of the current tenant.
func (s *Service) GetInvitation(ctx context.Context, id uuid.UUID) (Invitation, error) {
	var inv Invitation
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		inv, err = scanInvitation(tx.QueryRow(ctx, `SELECT `+invitationColumns+` FROM invitations WHERE id = $1`, id))
		return err
	})
	return inv, notFound(err)
}

// Invitations lists the current tenant's invitations, newest first.
func (s *Service) Invitations(ctx context.Context, limit int, after *db.Cursor) ([]Invitation, error) {
	var out []Invitation
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+invitationColumns+` FROM invitations
			WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2))
			ORDER BY created_at DESC, id DESC LIMIT $3`, after.TimeOrNil(), after.IDOrNil(), limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Invitation, error) { return scanInvitation(r) })
		return err
	})
	return out, err
}

// AcceptInvitationParams are the inputs of AcceptInvitation.
type AcceptInvitationParams struct {
	Token    string
	Name     string // for a new account
	Password string // the existing account's, or the new one
}

// ErrInvitationUnusable covers unknown, used, revoked and expired invitations alike.
var ErrInvitationUnusable = errors.New("this invitation link is not valid any more: ask for a new one")

// AcceptInvitation joins the invitation's tenant, creating the account when the
// e-mail has none, and starts a session there.
func (s *Service) AcceptInvitation(ctx context.Context, p AcceptInvitationParams) (Session, error) {
	hash := tenants.HashSecret(p.Token)
	var tenantID *uuid.UUID
	if err := s.DB.Pool().QueryRow(ctx, `SELECT auth_invitation_tenant($1)`, hash).Scan(&tenantID); err != nil {
		return Session{}, fmt.Errorf("look up invitation: %w", err)
	}
	if tenantID == nil {
		return Session{}, ErrInvitationUnusable
	}
	// Read the invitation's e-mail, then decide between an existing account
	// (password must match) and a new one (name required).
	var inv Invitation
	lookup := tenants.ForMember(ctx, *tenantID, uuid.Nil, "")
	err := s.DB.InTenantTx(lookup, func(tx pgx.Tx) error {
		var err error
		inv, err = scanInvitation(tx.QueryRow(lookup, `SELECT `+invitationColumns+` FROM invitations WHERE token_hash = $1`, hash))
		return err
	})
	if err != nil {
		return Session{}, notFound(err)
	}
	if inv.State != InvitationPending {
		return Session{}, ErrInvitationUnusable
	}
	var userID uuid.UUID
	var newHash, name string
	var existingHash string
	err = s.DB.Pool().QueryRow(ctx, `SELECT user_id, password_hash FROM auth_user_by_email($1)`, inv.Email).Scan(&userID, &existingHash)
	switch {
	case err == nil:
		if !tenants.CheckPassword(p.Password, existingHash) {
			return Session{}, ErrInvalidCredentials
		}
	case errors.Is(err, pgx.ErrNoRows):
		if name, err = requireText("name", p.Name, 200); err != nil {
			return Session{}, err
		}
		if newHash, err = tenants.HashPassword(p.Password); err != nil {
			return Session{}, inputErr("password", "%s", err.Error())
		}
		userID = uuid.New()
	default:
		return Session{}, fmt.Errorf("accept invitation: %w", err)
	}

	member := tenants.ForMember(ctx, *tenantID, userID, inv.Role)
	var sess Session
	err = s.inTx(member, func(tx pgx.Tx) error {
		// Lock and re-check: two clicks on the link must not both succeed.
		var pending bool
		if err := tx.QueryRow(member, `SELECT accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
			FROM invitations WHERE id = $1 FOR UPDATE`, inv.ID).Scan(&pending); err != nil {
			return err
		}
		if !pending {
			return ErrInvitationUnusable
		}
		if newHash != "" {
			if _, err := tx.Exec(member, `INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)`,
				userID, inv.Email, name, newHash); err != nil {
				if isUniqueViolation(err, "users_email_key") {
					return ErrEmailTaken
				}
				return err
			}
		}
		if _, err := tx.Exec(member, `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)
			ON CONFLICT (tenant_id, user_id) DO NOTHING`, *tenantID, userID, inv.Role); err != nil {
			return err
		}
		if _, err := tx.Exec(member, `UPDATE invitations SET accepted_at = now(), accepted_by = $2 WHERE id = $1`, inv.ID, userID); err != nil {
			return err
		}
		if err := audit(member, tx, "member.joined", userID, inv.Email+" joined as "+string(inv.Role)); err != nil {
			return err
		}
		var err error
		sess, err = s.startSession(member, tx, userID, *tenantID, inv.Role, uuid.Nil)
		return err
	})
	if err != nil {
		return Session{}, fmt.Errorf("accept invitation: %w", err)
	}
	return sess, nil
}
