package account

import (
	"context"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/tenants"
)

// APIKey is a developer credential's record; the key itself is never stored.
type APIKey struct {
	ID         uuid.UUID
	Name       string
	Role       tenants.Role
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// Prefix is the start of the key, enough for a person to recognise it.
func (k APIKey) Prefix() string { return tenants.APIKeyPrefix + hex.EncodeToString(k.ID[:])[:8] }

const apiKeyColumns = `id, name, role, created_at, last_used_at, revoked_at`

func scanAPIKey(r pgx.Row) (APIKey, error) {
	var k APIKey
	err := r.Scan(&k.ID, &k.Name, &k.Role, &k.CreatedAt, &k.LastUsedAt, &k.RevokedAt)
	return k, err
}

// CreateAPIKey creates a key with a role no higher than the creator's (and never
// OWNER) and returns it with its secret, which is shown this once.
func (s *Service) CreateAPIKey(ctx context.Context, name string, role tenants.Role) (APIKey, string, error) {
	a, err := actor(ctx)
	if err != nil {
		return APIKey{}, "", err
	}
	name, err = requireText("name", name, 100)
	if err != nil {
		return APIKey{}, "", err
	}
	if role == tenants.RoleOwner || !role.Valid() || !a.Role.AtLeast(role) {
		return APIKey{}, "", inputErr("role", "must be ADMIN, AGENT or BILLING and not above your own role")
	}
	id := uuid.New()
	plain, hash := tenants.NewAPIKey(id)
	var key APIKey
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		var creator *uuid.UUID
		if a.UserID != uuid.Nil {
			creator = &a.UserID
		}
		var err error
		key, err = scanAPIKey(tx.QueryRow(ctx, `INSERT INTO api_keys (id, tenant_id, name, role, secret_hash, created_by)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING `+apiKeyColumns, id, a.TenantID, name, role, hash, creator))
		if err != nil {
			return err
		}
		return audit(ctx, tx, "api_key.created", id, fmt.Sprintf("API key %q created with role %s", name, role))
	})
	if err != nil {
		return APIKey{}, "", fmt.Errorf("create api key: %w", err)
	}
	return key, plain, nil
}

// RevokeAPIKey stops a key at once.
func (s *Service) RevokeAPIKey(ctx context.Context, id uuid.UUID) (APIKey, error) {
	var key APIKey
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		key, err = scanAPIKey(tx.QueryRow(ctx, `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
			WHERE id = $1 RETURNING `+apiKeyColumns, id))
		if err != nil {
			return notFound(err)
		}
		return audit(ctx, tx, "api_key.revoked", id, fmt.Sprintf("API key %q revoked", key.Name))
	})
	return key, err
}

// GetAPIKey returns one key of the current tenant.
func (s *Service) GetAPIKey(ctx context.Context, id uuid.UUID) (APIKey, error) {
	var key APIKey
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		key, err = scanAPIKey(tx.QueryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE id = $1`, id))
		return err
	})
	return key, notFound(err)
}

// APIKeys lists the current tenant's keys, newest first.
func (s *Service) APIKeys(ctx context.Context, limit int, after *db.Cursor) ([]APIKey, error) {
	var out []APIKey
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+apiKeyColumns+` FROM api_keys
			WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2))
			ORDER BY created_at DESC, id DESC LIMIT $3`, after.TimeOrNil(), after.IDOrNil(), limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (APIKey, error) { return scanAPIKey(r) })
		return err
	})
	return out, err
}

// ResolveAPIKey implements tenants.APIKeyResolver.
func (s *Service) ResolveAPIKey(ctx context.Context, keyID uuid.UUID, plain string) (uuid.UUID, tenants.Role, error) {
	fail := fmt.Errorf("%w: unknown or revoked api key", tenants.ErrUnauthenticated)
	var tenantID *uuid.UUID
	if err := s.DB.Pool().QueryRow(ctx, `SELECT auth_api_key_tenant($1)`, keyID).Scan(&tenantID); err != nil {
		return uuid.Nil, "", fmt.Errorf("look up api key: %w", err)
	}
	if tenantID == nil {
		return uuid.Nil, "", fail
	}
	var role tenants.Role
	ok := false
	scoped := tenants.ForMember(ctx, *tenantID, uuid.Nil, "")
	err := s.DB.InTenantTx(scoped, func(tx pgx.Tx) error {
		var hash []byte
		var revoked *time.Time
		var lastUsed *time.Time
		if err := tx.QueryRow(scoped, `SELECT secret_hash, role, revoked_at, last_used_at FROM api_keys WHERE id = $1`, keyID).
			Scan(&hash, &role, &revoked, &lastUsed); err != nil {
			return err
		}
		if revoked != nil || !tenants.SecretMatches(plain, hash) {
			return nil
		}
		ok = true
		// One write a minute per key at most: last_used_at is for people, and a
		// write on every request would cost more than the request.
		if lastUsed == nil || time.Since(*lastUsed) > time.Minute {
			_, err := tx.Exec(scoped, `UPDATE api_keys SET last_used_at = now() WHERE id = $1`, keyID)
			return err
		}
		return nil
	})
	if err != nil {
		return uuid.Nil, "", fmt.Errorf("resolve api key: %w", err)
	}
	if !ok {
		return uuid.Nil, "", fail
	}
	return *tenantID, role, nil
}
