package db

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migration is one embedded schema change.
type Migration struct {
	Version  int
	Name     string
	SQL      string
	Checksum string
}

// Migrations returns the embedded migrations in order. A malformed file name is a
// programming error caught by the tests, so it panics.
func Migrations() []Migration {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		panic(err)
	}
	out := make([]Migration, 0, len(entries))
	for _, e := range entries {
		base := strings.TrimSuffix(e.Name(), ".sql")
		num, name, ok := strings.Cut(base, "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic(fmt.Sprintf("migration %s: name must be NNNN_name.sql", e.Name()))
		}
		body, err := fs.ReadFile(migrationFiles, path.Join("migrations", e.Name()))
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(body)
		out = append(out, Migration{Version: version, Name: name, SQL: string(body), Checksum: hex.EncodeToString(sum[:])})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out
}

// LatestVersion is the version of the newest embedded migration.
func LatestVersion() int {
	m := Migrations()
	return m[len(m)-1].Version
}

// SchemaHash identifies the whole schema a migration run produces: the role
// bootstrap, River's migrations and ours. Test templates are named after it, so a
// changed migration builds a new template instead of reusing a stale one.
func SchemaHash() string {
	h := sha256.New()
	h.Write([]byte(bootstrapSQL))
	migrator, err := rivermigrate.New(riverpgxv5.New(nil), nil)
	if err != nil {
		panic(err)
	}
	for _, m := range migrator.AllVersions() {
		fmt.Fprintf(h, "river %d\n%s\n", m.Version, m.SQLUp)
	}
	for _, m := range Migrations() {
		fmt.Fprintf(h, "switchboard %d %s\n", m.Version, m.Checksum)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// MigrateOpts configures Migrate.
type MigrateOpts struct {
	Bootstrap BootstrapOpts
	Logger    *slog.Logger
}

// Migrate brings the database at adminURL up to date: roles and grants, then
// River's migrations, then ours, each as the owner role. adminURL names a
// superuser (or, once the roles exist, a member of the owner role).
func Migrate(ctx context.Context, adminURL string, opts MigrateOpts) error {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("connect for migration: %w", err)
	}
	err = bootstrap(ctx, conn, opts.Bootstrap)
	conn.Close(context.WithoutCancel(ctx))
	if err != nil {
		return err
	}

	cfg, err := pgxpool.ParseConfig(adminURL)
	if err != nil {
		return fmt.Errorf("parse migration url: %w", err)
	}
	cfg.MaxConns = 1
	// Everything created from here on is owned by the owner role, never by the
	// superuser that happens to run the migration.
	cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		_, err := c.Exec(ctx, "SET ROLE "+OwnerRole)
		return err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("open migration pool: %w", err)
	}
	defer pool.Close()

	migrator, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Logger: logger})
	if err != nil {
		return fmt.Errorf("river migrator: %w", err)
	}
	res, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	for _, v := range res.Versions {
		logger.InfoContext(ctx, "applied river migration", slog.Int("version", v.Version))
	}
	return applyOwn(ctx, pool, logger)
}

func applyOwn(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("acquire migration connection: %w", err)
	}
	defer conn.Release()
	// One migrator at a time per database: a second `switchboard migrate` waits.
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(7235002)`); err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(7235002)`) //nolint:errcheck // released with the session anyway

	applied := map[int]string{}
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return fmt.Errorf("read applied migrations: %w", err)
	}
	if exists {
		rows, err := conn.Query(ctx, `SELECT version, checksum FROM schema_migrations`)
		if err != nil {
			return fmt.Errorf("read applied migrations: %w", err)
		}
		for rows.Next() {
			var v int
			var sum string
			if err := rows.Scan(&v, &sum); err != nil {
				return fmt.Errorf("read applied migrations: %w", err)
			}
			applied[v] = sum
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read applied migrations: %w", err)
		}
	}
	for _, m := range Migrations() {
		if sum, ok := applied[m.Version]; ok {
			if sum != m.Checksum {
				return fmt.Errorf("migration %04d_%s was changed after it was applied: add a new migration instead", m.Version, m.Name)
			}
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`, m.Version, m.Name, m.Checksum)
			return err
		})
		if err != nil {
			return fmt.Errorf("apply migration %04d_%s: %w", m.Version, m.Name, err)
		}
		logger.InfoContext(ctx, "applied migration", slog.Int("version", m.Version), slog.String("name", m.Name))
	}
	return nil
}

// ErrMigrationsPending is returned by CheckMigrations when the schema is behind.
var ErrMigrationsPending = errors.New("database migrations are pending: run `switchboard migrate`")
