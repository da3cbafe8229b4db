package account

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/tenants"
)

// Session is what a successful sign-in returns.
type Session struct {
	AccessToken     string
	AccessExpiresAt time.Time
	RefreshToken    string
	UserID          uuid.UUID
	TenantID        uuid.UUID
	Role            tenants.Role
}

// refreshPrefix marks refresh tokens, so a leaked one is recognisable.
const refreshPrefix = "sbr_"

// startSession stores a new refresh token (in family, or a new family) and
// signs an access token, inside the member's tenant transaction.
func (s *Service) startSession(ctx context.Context, tx pgx.Tx, userID, tenantID uuid.UUID, role tenants.Role, family uuid.UUID) (Session, error) {
	if family == uuid.Nil {
		family = uuid.New()
	}
	plain, hash := tenants.NewSecret(refreshPrefix)
	_, err := tx.Exec(ctx, `INSERT INTO refresh_tokens (id, tenant_id, user_id, family_id, token_hash, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, uuid.New(), tenantID, userID, family, hash, time.Now().Add(s.refreshTTL()))
	if err != nil {
		return Session{}, fmt.Errorf("store refresh token: %w", err)
	}
	access, exp, err := s.Tokens.Issue(userID, tenantID, role)
	if err != nil {
		return Session{}, err
	}
	return Session{AccessToken: access, AccessExpiresAt: exp, RefreshToken: plain, UserID: userID, TenantID: tenantID, Role: role}, nil
}

// SignUpParams are the inputs of SignUp.
type SignUpParams struct {
	TenantName, Name, Email, Password string
}

// SignUp creates a tenant, its owner, and a session for the owner.
func (s *Service) SignUp(ctx context.Context, p SignUpParams) (Session, error) {
	tenantName, err := requireText("tenantName", p.TenantName, 200)
	if err != nil {
		return Session{}, err
	}
	name, err := requireText("name", p.Name, 200)
	if err != nil {
		return Session{}, err
	}
	email, err := normaliseEmail(p.Email)
	if err != nil {
		return Session{}, err
	}
	hash, err := tenants.HashPassword(p.Password)
	if err != nil {
		return Session{}, inputErr("password", "%s", err.Error())
	}
	tenantID, userID := uuid.New(), uuid.New()
	ctx = tenants.ForNewTenant(ctx, tenantID, userID)
	var sess Session
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO tenants (id, name) VALUES ($1, $2)`, tenantID, tenantName); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)`, userID, email, name, hash); err != nil {
			if isUniqueViolation(err, "users_email_key") {
				return ErrEmailTaken
			}
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'OWNER')`, tenantID, userID); err != nil {
			return err
		}
		if err := audit(ctx, tx, "tenant.created", tenantID, name+" created "+tenantName); err != nil {
			return err
		}
		sess, err = s.startSession(ctx, tx, userID, tenantID, tenants.RoleOwner, uuid.Nil)
		return err
	})
	if err != nil {
		return Session{}, fmt.Errorf("sign up: %w", err)
	}
	return sess, nil
}

// LogInParams are the inputs of LogIn.
type LogInParams struct {
	Email, Password string
	TenantID        uuid.UUID // optional: uuid.Nil picks the first tenant joined
}

// LogIn checks a password and starts a session in one of the user's tenants.
func (s *Service) LogIn(ctx context.Context, p LogInParams) (Session, error) {
	userID, err := s.checkPassword(ctx, p.Email, p.Password)
	if err != nil {
		return Session{}, err
	}
	memberships, err := s.Memberships(ctx, userID)
	if err != nil {
		return Session{}, err
	}
	chosen, ok := pickMembership(memberships, p.TenantID)
	if !ok {
		return Session{}, ErrNotFound
	}
	return s.newSession(ctx, userID, chosen)
}

// checkPassword returns the user with this e-mail and password. Unknown e-mails
// cost the same time as wrong passwords.
func (s *Service) checkPassword(ctx context.Context, email, password string) (uuid.UUID, error) {
	var userID uuid.UUID
	var hash string
	err := s.DB.Pool().QueryRow(ctx, `SELECT user_id, password_hash FROM auth_user_by_email($1)`, email).Scan(&userID, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		tenants.DummyPasswordCheck(password)
		return uuid.Nil, ErrInvalidCredentials
	}
	if err != nil {
		return uuid.Nil, fmt.Errorf("log in: %w", err)
	}
	if !tenants.CheckPassword(password, hash) {
		return uuid.Nil, ErrInvalidCredentials
	}
	return userID, nil
}

func pickMembership(ms []Membership, tenantID uuid.UUID) (Membership, bool) {
	for _, m := range ms {
		if tenantID == uuid.Nil || m.Tenant.ID == tenantID {
			return m, true
		}
	}
	return Membership{}, false
}

func (s *Service) newSession(ctx context.Context, userID uuid.UUID, m Membership) (Session, error) {
	ctx = tenants.ForMember(ctx, m.Tenant.ID, userID, m.Role)
	var sess Session
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		sess, err = s.startSession(ctx, tx, userID, m.Tenant.ID, m.Role, uuid.Nil)
		return err
	})
	return sess, err
}

// refreshOutcome lets the reuse-detection path commit its revocation and still
// fail the call.
type refreshOutcome int

const (
	refreshOK refreshOutcome = iota
	refreshRefused
)

// Refresh trades a refresh token for a new session in the same family. A token
// presented twice means it was copied: the whole family is revoked, and both
// the thief and the user must sign in again.
func (s *Service) Refresh(ctx context.Context, refreshToken string) (Session, error) {
	hash := tenants.HashSecret(refreshToken)
	tenantID, err := s.refreshTenant(ctx, hash)
	if err != nil {
		return Session{}, err
	}
	var sess Session
	outcome := refreshRefused
	scoped := tenants.ForMember(ctx, tenantID, uuid.Nil, "")
	err = s.DB.InTenantTx(scoped, func(tx pgx.Tx) error {
		var id, userID, family uuid.UUID
		var expires time.Time
		var used, revoked *time.Time
		err := tx.QueryRow(scoped, `SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens
			WHERE token_hash = $1 FOR UPDATE`, hash).Scan(&id, &userID, &family, &expires, &used, &revoked)
		if err != nil {
			return notFound(err)
		}
		if revoked != nil || time.Now().After(expires) {
			return nil
		}
		if used != nil {
			_, err := tx.Exec(scoped, `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, family)
			return err
		}
		var role tenants.Role
		if err := tx.QueryRow(scoped, `SELECT role FROM memberships WHERE user_id = $1`, userID).Scan(&role); err != nil {
			return notFound(err) // removed from the tenant since
		}
		if _, err := tx.Exec(scoped, `UPDATE refresh_tokens SET used_at = now() WHERE id = $1`, id); err != nil {
			return err
		}
		member := tenants.ForMember(ctx, tenantID, userID, role)
		sess, err = s.startSession(member, tx, userID, tenantID, role, family)
		if err == nil {
			outcome = refreshOK
		}
		return err
	})
	if errors.Is(err, ErrNotFound) || (err == nil && outcome == refreshRefused) {
		return Session{}, fmt.Errorf("%w: refresh token expired, revoked or reused", tenants.ErrUnauthenticated)
	}
	if err != nil {
		return Session{}, fmt.Errorf("refresh session: %w", err)
	}
	return sess, nil
}

func (s *Service) refreshTenant(ctx context.Context, hash []byte) (uuid.UUID, error) {
	var tenantID *uuid.UUID
	if err := s.DB.Pool().QueryRow(ctx, `SELECT auth_refresh_token_tenant($1)`, hash).Scan(&tenantID); err != nil {
		return uuid.Nil, fmt.Errorf("look up refresh token: %w", err)
	}
	if tenantID == nil {
		return uuid.Nil, fmt.Errorf("%w: unknown refresh token", tenants.ErrUnauthenticated)
	}
	return *tenantID, nil
}

// LogOut revokes the refresh token's whole family. Unknown tokens are ignored:
// logging out twice is not an error.
func (s *Service) LogOut(ctx context.Context, refreshToken string) error {
	hash := tenants.HashSecret(refreshToken)
	tenantID, err := s.refreshTenant(ctx, hash)
	if errors.Is(err, tenants.ErrUnauthenticated) {
		return nil
	}
	if err != nil {
		return err
	}
	scoped := tenants.ForMember(ctx, tenantID, uuid.Nil, "")
	return s.DB.InTenantTx(scoped, func(tx pgx.Tx) error {
		_, err := tx.Exec(scoped, `UPDATE refresh_tokens SET revoked_at = now()
			WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL`, hash)
		return err
	})
}

// SwitchTenant ends the caller's current session and starts one in another of
// their tenants.
func (s *Service) SwitchTenant(ctx context.Context, tenantID uuid.UUID, refreshToken string) (Session, error) {
	a, err := actor(ctx)
	if err != nil || a.UserID == uuid.Nil {
		return Session{}, tenants.ErrUnauthenticated
	}
	memberships, err := s.Memberships(ctx, a.UserID)
	if err != nil {
		return Session{}, err
	}
	chosen, ok := pickMembership(memberships, tenantID)
	if !ok || tenantID == uuid.Nil {
		return Session{}, ErrNotFound
	}
	if err := s.LogOut(ctx, refreshToken); err != nil {
		return Session{}, err
	}
	return s.newSession(ctx, a.UserID, chosen)
}
