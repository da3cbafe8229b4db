// Package dbtest gives each test its own PostgreSQL database, cloned from a
// template that holds the fully migrated schema.
//
// The server is TEST_DATABASE_URL when set (a superuser URL), else the one on
// 127.0.0.1:5432 when it answers, else a private cluster started by [Main] from
// the machine's PostgreSQL binaries (db/pgembed). The template is named after
// db.SchemaHash, so changing any migration builds a new one and no test runs on
// a stale schema. Tests connect as the app and system roles, never as the owner
// or a superuser: a test that connects as either would prove nothing about
// row-level security.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"go.uber.org/goleak"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/db/pgembed"
)

// rolePassword is set on the app and system roles of the test server so that
// servers with password authentication work; trust ignores it.
const rolePassword = "switchboard-test"

var (
	serverOnce sync.Once
	serverURL  string
	serverErr  error
	embedded   *pgembed.Cluster
)

// Main wraps testing.M for packages that use New: it stops an embedded cluster
// after the run and fails the package when goroutines leak.
func Main(m *testing.M) {
	code := m.Run()
	if embedded != nil {
		if err := embedded.Stop(context.Background()); err != nil {
			fmt.Fprintln(os.Stderr, "dbtest: stop embedded postgres:", err)
		}
	}
	if code == 0 {
		if err := goleak.Find(leakIgnores()...); err != nil {
			fmt.Fprintln(os.Stderr, "dbtest: goroutines leaked:", err)
			code = 1
		}
	}
	os.Exit(code)
}

func leakIgnores() []goleak.Option {
	return []goleak.Option{
		// pgx's background connection health checks end with the pool's Close,
		// which t.Cleanup runs; these two outlive it by design for a moment.
		goleak.IgnoreTopFunction("github.com/jackc/pgx/v5/pgxpool.(*Pool).backgroundHealthCheck"),
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
	}
}

// AdminURL returns a superuser URL to the test server's postgres database,
// starting an embedded cluster when no server answers.
func AdminURL(tb testing.TB) string {
	tb.Helper()
	serverOnce.Do(func() { serverURL, serverErr = findServer() })
	if serverErr != nil {
		tb.Fatalf("dbtest: no PostgreSQL server: %v", serverErr)
	}
	return serverURL
}

func findServer() (string, error) {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u, nil
	}
	if c, err := net.DialTimeout("tcp", "127.0.0.1:5432", time.Second); err == nil {
		c.Close()
		return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", nil
	}
	dir, err := os.MkdirTemp("", "switchboard-testpg-")
	if err != nil {
		return "", err
	}
	// The cluster runs as an unprivileged user when tests run as root; MkdirTemp's
	// 0700 would keep it out.
	if err := os.Chmod(dir, 0o755); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	embedded, err = pgembed.Start(ctx, pgembed.Options{DataDir: dir + "/data", Ephemeral: true})
	if err != nil {
		return "", fmt.Errorf("start embedded postgres: %w", err)
	}
	return embedded.AdminURL(), nil
}

// TestDB is one test's database.
type TestDB struct {
	*db.DB
	Name      string
	AdminURL  string // superuser URL to this database: for tests that must alter the schema
	AppURL    string
	SystemURL string
}

// New creates a fresh database for tb, cloned from the migrated template, and
// drops it when tb ends.
func New(tb testing.TB) *TestDB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	admin := AdminURL(tb)
	tpl, err := ensureTemplate(ctx, admin)
	if err != nil {
		tb.Fatalf("dbtest: template: %v", err)
	}
	name := "sbtest_" + randomHex(8)
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		tb.Fatalf("dbtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, tpl)); err != nil {
		tb.Fatalf("dbtest: create database: %v", err)
	}
	tb.Cleanup(func() { dropDatabase(admin, name) })

	out := &TestDB{Name: name}
	if out.AdminURL, err = db.URLForDatabase(admin, name); err != nil {
		tb.Fatal(err)
	}
	if out.AppURL, err = db.URLForRole(out.AdminURL, db.AppRole, rolePassword); err != nil {
		tb.Fatal(err)
	}
	if out.SystemURL, err = db.URLForRole(out.AdminURL, db.SystemRole, rolePassword); err != nil {
		tb.Fatal(err)
	}
	out.DB, err = db.Open(ctx, db.Config{AppURL: out.AppURL, SystemURL: out.SystemURL, MaxConns: 8})
	if err != nil {
		tb.Fatalf("dbtest: open: %v", err)
	}
	tb.Cleanup(out.Close)
	return out
}

func dropDatabase(admin, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	_, _ = conn.Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name))
}

var templateMu sync.Mutex

// ensureTemplate builds the migrated template once per schema hash, across
// every test binary running at the same time (an advisory lock on the admin
// database), and publishes it by renaming only after it is complete.
func ensureTemplate(ctx context.Context, admin string) (string, error) {
	templateMu.Lock()
	defer templateMu.Unlock()
	tpl := "sbtpl_" + db.SchemaHash()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(7235003)`); err != nil {
		return "", err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(7235003)`) //nolint:errcheck // released with the session anyway

	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, tpl).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return tpl, nil
	}
	build := tpl + "_build"
	if _, err := conn.Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, build)); err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s`, build)); err != nil {
		return "", err
	}
	buildURL, err := db.URLForDatabase(admin, build)
	if err != nil {
		return "", err
	}
	quiet := slog.New(slog.NewTextHandler(discard{}, nil))
	opts := db.MigrateOpts{Logger: quiet, Bootstrap: db.BootstrapOpts{AppPassword: rolePassword, SystemPassword: rolePassword}}
	if err := db.Migrate(ctx, buildURL, opts); err != nil {
		return "", fmt.Errorf("migrate template: %w", err)
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf(`ALTER DATABASE %s RENAME TO %s`, build, tpl)); err != nil {
		return "", err
	}
	return tpl, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
