package account

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/problem"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// Errors callers map to what a client sees.
var (
	// ErrInvalidCredentials is the only answer to a failed log-in: it does not
	// say whether the e-mail exists.
	ErrInvalidCredentials = errors.New("invalid e-mail or password")
	// ErrNotFound covers both "does not exist" and "not yours to see".
	ErrNotFound = problem.ErrNotFound
	// ErrEmailTaken is returned by sign-up for an e-mail that has an account.
	ErrEmailTaken = errors.New("an account with this e-mail already exists: log in, or ask for an invitation")
)

// InputError is a bad value in a request, with the field it concerns.
type InputError = problem.InputError

func inputErr(field, format string, args ...any) error { return problem.Input(field, format, args...) }

// Service is the account domain.
type Service struct {
	DB        *db.DB
	Tokens    *tenants.Tokens
	Jobs      jobargs.Inserter
	Live      live.Waker
	PublicURL string // where the console is served, for links in e-mails

	RefreshTTL time.Duration // default 30 days
	InviteTTL  time.Duration // default 7 days
}

func (s *Service) refreshTTL() time.Duration {
	if s.RefreshTTL > 0 {
		return s.RefreshTTL
	}
	return 30 * 24 * time.Hour
}

func (s *Service) inviteTTL() time.Duration {
	if s.InviteTTL > 0 {
		return s.InviteTTL
	}
	return 7 * 24 * time.Hour
}

// inTx runs a tenant transaction and wakes the live bus after it commits.
func (s *Service) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	if err := s.DB.InTenantTx(ctx, fn); err != nil {
		return err
	}
	if s.Live != nil {
		s.Live.Wake()
	}
	return nil
}

func normaliseEmail(raw string) (string, error) {
	addr, err := mail.ParseAddress(strings.TrimSpace(raw))
	if err != nil || addr.Name != "" || len(addr.Address) > 320 {
		return "", inputErr("email", "is not a valid e-mail address")
	}
	return strings.ToLower(addr.Address), nil
}

func requireText(field, v string, max int) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", inputErr(field, "is required")
	}
	if len(v) > max {
		return "", inputErr(field, "must be at most %d characters", max)
	}
	return v, nil
}

func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && (constraint == "" || pgErr.ConstraintName == constraint)
}

func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// actor returns the actor on ctx or fails closed.
func actor(ctx context.Context) (tenants.Actor, error) {
	a, ok := tenants.FromContext(ctx)
	if !ok {
		return tenants.Actor{}, tenants.ErrUnauthenticated
	}
	return a, nil
}

// Tenant is a tenant as members see it.
type Tenant struct {
	ID        uuid.UUID
	Name      string
	CreatedAt time.Time
}

// User is a person's account as their tenants see it.
type User struct {
	ID    uuid.UUID
	Email string
	Name  string
	Phone string
}

// Membership is one of a user's tenants.
type Membership struct {
	Tenant Tenant
	Role   tenants.Role
}

// GetTenant returns the tenant on ctx.
func (s *Service) GetTenant(ctx context.Context, id uuid.UUID) (Tenant, error) {
	var t Tenant
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT id, name, created_at FROM tenants WHERE id = $1`, id).Scan(&t.ID, &t.Name, &t.CreatedAt)
	})
	return t, notFound(err)
}

// GetUser returns a user visible in the tenant on ctx (a member, or the caller).
func (s *Service) GetUser(ctx context.Context, id uuid.UUID) (User, error) {
	var u User
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT id, email, name, coalesce(phone, '') FROM users WHERE id = $1`, id).
			Scan(&u.ID, &u.Email, &u.Name, &u.Phone)
	})
	return u, notFound(err)
}

// Memberships lists every tenant the user belongs to.
func (s *Service) Memberships(ctx context.Context, userID uuid.UUID) ([]Membership, error) {
	rows, err := s.DB.Pool().Query(ctx, `SELECT tenant_id, tenant_name, role FROM auth_user_tenants($1)`, userID)
	if err != nil {
		return nil, fmt.Errorf("list memberships: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Membership, error) {
		var m Membership
		err := r.Scan(&m.Tenant.ID, &m.Tenant.Name, &m.Role)
		return m, err
	})
}

// Member is a user's membership of the current tenant.
type Member struct {
	User     User
	Role     tenants.Role
	JoinedAt time.Time
}

// Members lists the current tenant's members, newest first.
func (s *Service) Members(ctx context.Context, limit int, after *db.Cursor) ([]Member, error) {
	var out []Member
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT u.id, u.email, u.name, coalesce(u.phone, ''), m.role, m.created_at
			FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE ($1::timestamptz IS NULL OR (m.created_at, m.user_id) < ($1, $2))
			ORDER BY m.created_at DESC, m.user_id DESC LIMIT $3`, after.TimeOrNil(), after.IDOrNil(), limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Member, error) {
			var m Member
			err := r.Scan(&m.User.ID, &m.User.Email, &m.User.Name, &m.User.Phone, &m.Role, &m.JoinedAt)
			return m, err
		})
		return err
	})
	return out, err
}

// GetUsers returns the users among ids that are visible in the current tenant,
// in one query (a page of audit events names its actors this way, not one
// query per row).
func (s *Service) GetUsers(ctx context.Context, ids ...uuid.UUID) (map[uuid.UUID]User, error) {
	out := map[uuid.UUID]User{}
	if len(ids) == 0 {
		return out, nil
	}
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, email, name, coalesce(phone, '') FROM users WHERE id = ANY($1)`, ids)
		if err != nil {
			return err
		}
		users, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (User, error) {
			var u User
			err := r.Scan(&u.ID, &u.Email, &u.Name, &u.Phone)
			return u, err
		})
		for _, u := range users {
			out[u.ID] = u
		}
		return err
	})
	return out, err
}
