package db

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"
)

// The database roles. Their names are fixed so that policies, grants and the
// catalog tests can name them.
const (
	OwnerRole  = "switchboard_owner"
	AppRole    = "switchboard_app"
	SystemRole = "switchboard_system"
)

// BootstrapOpts sets the login passwords of the app and system roles. Empty
// leaves a role's password as it is (trust or peer authentication in dev).
type BootstrapOpts struct {
	AppPassword    string
	SystemPassword string
}

// bootstrapSQL creates the roles and the schema privileges. It is idempotent and
// runs before every migration, because roles are cluster-wide while a database
// may be new (a test clone, a restored dump).
const bootstrapSQL = `
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard_owner') THEN
		CREATE ROLE switchboard_owner NOLOGIN BYPASSRLS;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard_app') THEN
		CREATE ROLE switchboard_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard_system') THEN
		CREATE ROLE switchboard_system LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS;
	END IF;
END
$$;
GRANT USAGE, CREATE ON SCHEMA public TO switchboard_owner;
GRANT USAGE ON SCHEMA public TO switchboard_app, switchboard_system;
SET ROLE switchboard_owner;
-- River creates its own tables in its migrations; the app role runs River, so it
-- needs rights on whatever the owner creates. Tenant tables are protected by
-- their policies, not by withholding grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO switchboard_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO switchboard_app;
RESET ROLE;
`

// bootstrap creates the roles and grants on the database conn is connected to.
func bootstrap(ctx context.Context, conn *pgx.Conn, opts BootstrapOpts) error {
	var super bool
	if err := conn.QueryRow(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&super); err != nil {
		return fmt.Errorf("bootstrap roles: %w", err)
	}
	if !super {
		var missing bool
		if err := conn.QueryRow(ctx, `SELECT count(*) < 3 FROM pg_roles WHERE rolname IN ($1, $2, $3)`,
			OwnerRole, AppRole, SystemRole).Scan(&missing); err != nil {
			return fmt.Errorf("bootstrap roles: %w", err)
		}
		if missing {
			return errors.New("bootstrap roles: the migration URL must name a superuser the first time " +
				"(roles with BYPASSRLS can only be created by one); or create " + OwnerRole + ", " + AppRole +
				" and " + SystemRole + " beforehand and grant " + OwnerRole + " to the migrating user")
		}
	}
	// Roles are cluster-wide: serialise concurrent bootstraps (parallel test
	// binaries) so that CREATE ROLE and GRANT do not race.
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(7235001)`); err != nil {
		return fmt.Errorf("bootstrap lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(7235001)`) //nolint:errcheck // released with the session anyway
	if _, err := conn.Exec(ctx, bootstrapSQL); err != nil {
		return fmt.Errorf("bootstrap roles: %w", err)
	}
	for role, pw := range map[string]string{AppRole: opts.AppPassword, SystemRole: opts.SystemPassword} {
		if pw == "" {
			continue
		}
		var stmt string
		if err := conn.QueryRow(ctx, `SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text)`, role, pw).Scan(&stmt); err != nil {
			return fmt.Errorf("bootstrap password: %w", err)
		}
		if _, err := conn.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("bootstrap password for %s: %w", role, err)
		}
	}
	return nil
}

// URLForRole returns connURL with its user and password replaced: the dev cluster
// and the tests derive the app and system URLs from one superuser URL.
func URLForRole(connURL, role, password string) (string, error) {
	u, err := url.Parse(connURL)
	if err != nil {
		return "", fmt.Errorf("parse database url: %w", err)
	}
	if password == "" {
		u.User = url.User(role)
	} else {
		u.User = url.UserPassword(role, password)
	}
	return u.String(), nil
}

// URLForDatabase returns connURL pointed at another database on the same server.
func URLForDatabase(connURL, database string) (string, error) {
	u, err := url.Parse(connURL)
	if err != nil {
		return "", fmt.Errorf("parse database url: %w", err)
	}
	u.Path = "/" + database
	return u.String(), nil
}
