package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/switchboard/switchboard/tenants"
)

// Config names the two login roles' connection strings.
type Config struct {
	AppURL    string // the switchboard_app role: every request, every job
	SystemURL string // the switchboard_system role: DB.AsSystem only
	MaxConns  int32  // per pool; 0 keeps pgx's default
}

// DB holds the server's pools. It never holds an owner or superuser connection.
type DB struct {
	app    *pgxpool.Pool
	system *pgxpool.Pool
}

// Open connects both pools and refuses a role that could bypass row-level
// security: a misconfigured DATABASE_URL must fail at start, not leak data.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	app, err := openPool(ctx, cfg.AppURL, cfg.MaxConns)
	if err != nil {
		return nil, fmt.Errorf("open app pool: %w", err)
	}
	if err := refuseBypass(ctx, app); err != nil {
		app.Close()
		return nil, err
	}
	system, err := openPool(ctx, cfg.SystemURL, min(cfg.MaxConns, 4))
	if err != nil {
		app.Close()
		return nil, fmt.Errorf("open system pool: %w", err)
	}
	return &DB{app: app, system: system}, nil
}

func openPool(ctx context.Context, url string, maxConns int32) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

func refuseBypass(ctx context.Context, pool *pgxpool.Pool) error {
	var user string
	var super, bypass, owns bool
	err := pool.QueryRow(ctx, `
		SELECT current_user, r.rolsuper, r.rolbypassrls,
		       EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace)
		FROM pg_roles r WHERE r.rolname = current_user`).Scan(&user, &super, &bypass, &owns)
	if err != nil {
		return fmt.Errorf("check app role: %w", err)
	}
	if super || bypass || owns {
		return fmt.Errorf("database url: role %q bypasses row-level security (superuser, BYPASSRLS or table owner); connect as %s", user, AppRole)
	}
	return nil
}

// Close closes both pools.
func (d *DB) Close() {
	d.app.Close()
	d.system.Close()
}

// Pool is the app role's pool, for River (whose tables are global) and for the
// SECURITY DEFINER lookups that run before a tenant is known. Tenant data is
// invisible through it outside InTenantTx.
func (d *DB) Pool() *pgxpool.Pool { return d.app }

// SystemPool is exposed for metrics only; use AsSystem to run queries.
func (d *DB) SystemPool() *pgxpool.Pool { return d.system }

// InTenantTx runs fn in a transaction scoped to the tenant on ctx. Without a
// tenant it fails closed with tenants.ErrNoTenant and runs nothing. The setting
// is transaction-local, so the pooled connection carries nothing afterwards.
func (d *DB) InTenantTx(ctx context.Context, fn func(pgx.Tx) error) error {
	actor, ok := tenants.FromContext(ctx)
	if !ok || actor.TenantID == uuid.Nil {
		return tenants.ErrNoTenant
	}
	return pgx.BeginTxFunc(ctx, d.app, scopedBegin(actor.TenantID, actor.UserID), fn)
}

// InUserTx runs fn for a signed-in user with no tenant: it sees their own user
// row and nothing tenant-owned. For account-level changes (profile, sign-up).
func (d *DB) InUserTx(ctx context.Context, fn func(pgx.Tx) error) error {
	actor, ok := tenants.FromContext(ctx)
	if !ok || actor.UserID == uuid.Nil {
		return tenants.ErrNoTenant
	}
	return pgx.BeginTxFunc(ctx, d.app, scopedBegin(actor.TenantID, actor.UserID), fn)
}

// scopedBegin opens the transaction and sets its scope in one round trip:
// BEGIN and both transaction-local settings go as one simple-protocol query.
// The values are inlined, not bound (a simple query takes no parameters);
// they are UUIDs formatted by uuid.UUID.String, so nothing else can reach
// the SQL text.
func scopedBegin(tenantID, userID uuid.UUID) pgx.TxOptions {
	return pgx.TxOptions{BeginQuery: fmt.Sprintf(
		"BEGIN; SELECT set_config('app.tenant_id', '%s', true), set_config('app.user_id', '%s', true)",
		scopeValue(tenantID), scopeValue(userID))}
}

func scopeValue(id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	return id.String()
}

// AsSystem runs fn as the system role, which bypasses row-level security. It is
// the one door to cross-tenant data; reason is logged by callers' reviews, not
// at run time, and must say why no tenant scope will do.
func (d *DB) AsSystem(ctx context.Context, reason string, fn func(pgx.Tx) error) error {
	if reason == "" {
		return errors.New("as system: a reason is required")
	}
	return pgx.BeginFunc(ctx, d.system, fn)
}

// CheckMigrations reports whether the database is reachable and has every
// migration this binary knows, River's included.
func (d *DB) CheckMigrations(ctx context.Context) error {
	var ours int
	if err := d.app.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&ours); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if ours < LatestVersion() {
		return ErrMigrationsPending
	}
	migrator, err := rivermigrate.New(riverpgxv5.New(d.app), nil)
	if err != nil {
		return fmt.Errorf("river migrator: %w", err)
	}
	existing, err := migrator.ExistingVersions(ctx)
	if err != nil {
		return fmt.Errorf("read river version: %w", err)
	}
	all := migrator.AllVersions()
	if len(existing) == 0 || existing[len(existing)-1].Version < all[len(all)-1].Version {
		return ErrMigrationsPending
	}
	return nil
}
