package db_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/tenants"
)

// seed inserts one row owned by tenant into a tenant table, inside that tenant's
// scope, and returns the row's primary-key condition for the probes.
type seed func(ctx context.Context, tx pgx.Tx, f fixture) (where string, err error)

// fixture is what every seed may refer to: the tenant and a member of it.
type fixture struct {
	tenant uuid.UUID
	user   uuid.UUID
}

// isolated lists every tenant-owned table with a way to seed it. A table with a
// tenant_id that is missing here fails TestCatalogEveryTenantTableIsIsolated: a
// new table joins the harness the day it is created.
var isolated = map[string]seed{
	"tenants": func(_ context.Context, _ pgx.Tx, f fixture) (string, error) {
		return fmt.Sprintf("id = '%s'", f.tenant), nil // created by the fixture itself
	},
	"memberships": func(_ context.Context, _ pgx.Tx, f fixture) (string, error) {
		return fmt.Sprintf("user_id = '%s'", f.user), nil
	},
	"refresh_tokens": insert(`INSERT INTO refresh_tokens (id, tenant_id, user_id, family_id, token_hash, expires_at)
		VALUES ($1, $2, $3, $1, gen_random_bytes_compat(), now() + interval '1 day')`),
	"invitations": insert(`INSERT INTO invitations (id, tenant_id, email, role, token_hash, invited_by, expires_at)
		VALUES ($1, $2, 'x@example.com', 'AGENT', gen_random_bytes_compat(), $3, now() + interval '1 day')`),
	"api_keys": insert(`INSERT INTO api_keys (id, tenant_id, name, role, secret_hash, created_by)
		VALUES ($1, $2, 'k', 'AGENT', '\x00', $3)`),
	"email_outbox": insert(`INSERT INTO email_outbox (id, tenant_id, to_addresses, subject, body_text)
		VALUES ($1, $2, ARRAY['x@example.com'], 's', 'b')`),
	"audit_events": insert(`INSERT INTO audit_events (id, tenant_id, actor_user, action) VALUES ($1, $2, $3, 'test')`),
	"channels":     insert(`INSERT INTO channels (id, tenant_id, kind, name, address) VALUES ($1, $2, 'sms', 'c', '+1555' || floor(random() * 1000000)::text)`),
	"contacts":     insert(`INSERT INTO contacts (id, tenant_id, name, phone) VALUES ($1, $2, 'c', '+1555' || (1000000 + floor(random() * 8999999))::text)`),
	"conversations": func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		return seedConversation(ctx, tx, f, "conversations")
	},
	"messages": func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		return seedConversation(ctx, tx, f, "messages")
	},
	"provider_events": func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		ch := uuid.New()
		if _, err := tx.Exec(ctx, `INSERT INTO channels (id, tenant_id, kind, name) VALUES ($1, $2, 'webchat', 'w')`, ch, f.tenant); err != nil {
			return "", err
		}
		ev := uuid.NewString()
		_, err := tx.Exec(ctx, `INSERT INTO provider_events (tenant_id, channel_id, event_id) VALUES ($1, $2, $3)`, f.tenant, ch, ev)
		return fmt.Sprintf("event_id = '%s'", ev), err
	},
	"webchat_visitors": func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		ch, contact, visitor := uuid.New(), uuid.New(), uuid.New()
		if _, err := tx.Exec(ctx, `INSERT INTO channels (id, tenant_id, kind, name) VALUES ($1, $2, 'webchat', 'w')`, ch, f.tenant); err != nil {
			return "", err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO contacts (id, tenant_id, name) VALUES ($1, $2, 'Web visitor')`, contact, f.tenant); err != nil {
			return "", err
		}
		_, err := tx.Exec(ctx, `INSERT INTO webchat_visitors (id, tenant_id, channel_id, contact_id) VALUES ($1, $2, $3, $4)`,
			visitor, f.tenant, ch, contact)
		return fmt.Sprintf("id = '%s'", visitor), err
	},
	"whatsapp_templates": func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		ch, tpl := uuid.New(), uuid.New()
		if _, err := tx.Exec(ctx, `INSERT INTO channels (id, tenant_id, kind, name, address) VALUES ($1, $2, 'whatsapp', 'w', $3)`, ch, f.tenant, ch.String()); err != nil {
			return "", err
		}
		_, err := tx.Exec(ctx, `INSERT INTO whatsapp_templates (id, tenant_id, channel_id, name, language, body)
			VALUES ($1, $2, $3, 'order_update', 'en_US', 'Your order {{1}} has shipped.')`, tpl, f.tenant, ch)
		return fmt.Sprintf("id = '%s'", tpl), err
	},
	"chat_switch_settings": func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		_, err := tx.Exec(ctx, `INSERT INTO chat_switch_settings (tenant_id, default_country) VALUES ($1, 'US')`, f.tenant)
		return fmt.Sprintf("tenant_id = '%s'", f.tenant), err
	},
	"chat_switches": func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		where, err := seedConversation(ctx, tx, f, "conversations")
		if err != nil {
			return "", err
		}
		id := uuid.New()
		_, err = tx.Exec(ctx, `INSERT INTO chat_switches (id, tenant_id, conversation_id, from_channel_id, to_channel_id, to_kind, initiator)
			SELECT $1, tenant_id, id, channel_id, channel_id, 'webchat', 'visitor' FROM conversations WHERE `+where, id)
		return fmt.Sprintf("id = '%s'", id), err
	},
	"webhook_endpoints": insert(`INSERT INTO webhook_endpoints (id, tenant_id, url, secret) VALUES ($1, $2, 'https://crm.example.com/hooks', 'whsec_x')`),
	"webhook_deliveries": func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		endpoint, delivery := uuid.New(), uuid.New()
		if _, err := tx.Exec(ctx, `INSERT INTO webhook_endpoints (id, tenant_id, url, secret) VALUES ($1, $2, 'https://crm.example.com/hooks', 'whsec_x')`,
			endpoint, f.tenant); err != nil {
			return "", err
		}
		_, err := tx.Exec(ctx, `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, message_id, event_type, payload)
			VALUES ($1, $2, $3, 'msg_test', 'message.created', '{}')`, delivery, f.tenant, endpoint)
		return fmt.Sprintf("id = '%s'", delivery), err
	},
	"calls": func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		return seedCall(ctx, tx, f, "calls")
	},
	"call_legs": func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		return seedCall(ctx, tx, f, "call_legs")
	},
	"call_events": func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		return seedCall(ctx, tx, f, "call_events")
	},
	"call_callbacks": func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		return seedCall(ctx, tx, f, "call_callbacks")
	},
	"live_events": func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO live_events (tenant_id, topic, subject_id) VALUES ($1, 'test', $1) RETURNING id`, f.tenant).Scan(&id)
		return fmt.Sprintf("id = %d", id), err
	},
}

// seedConversation creates a channel, contact, conversation and message for
// f.tenant and returns the row condition of the one table asked for.
func seedConversation(ctx context.Context, tx pgx.Tx, f fixture, table string) (string, error) {
	ch, contact, conv, msg := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	for _, stmt := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO channels (id, tenant_id, kind, name) VALUES ($1, $2, 'webchat', 'w')`, []any{ch, f.tenant}},
		{`INSERT INTO contacts (id, tenant_id, name) VALUES ($1, $2, 'c')`, []any{contact, f.tenant}},
		{`INSERT INTO conversations (id, tenant_id, contact_id, channel_id) VALUES ($1, $2, $3, $4)`, []any{conv, f.tenant, contact, ch}},
		{`INSERT INTO messages (id, tenant_id, conversation_id, channel_id, direction, body, status) VALUES ($1, $2, $3, $4, 'inbound', 'hi', 'received')`, []any{msg, f.tenant, conv, ch}},
	} {
		if _, err := tx.Exec(ctx, stmt.sql, stmt.args...); err != nil {
			return "", err
		}
	}
	if table == "messages" {
		return fmt.Sprintf("id = '%s'", msg), nil
	}
	return fmt.Sprintf("id = '%s'", conv), nil
}

// seedCall creates a call with a leg, an event and a callback delivery for
// f.tenant and returns the row condition of the one table asked for.
func seedCall(ctx context.Context, tx pgx.Tx, f fixture, table string) (string, error) {
	call, leg, ev, cb := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	for _, stmt := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO calls (id, tenant_id, agent_number, customer_number, caller_id, carrier)
			VALUES ($1, $2, '+14155550101', '+14155550102', '+14155550100', 'sim')`, []any{call, f.tenant}},
		{`INSERT INTO call_legs (id, tenant_id, call_id, role, number, carrier, carrier_call_id)
			VALUES ($1, $2, $3, 'agent', '+14155550101', 'sim', $4)`, []any{leg, f.tenant, call, leg.String()}},
		{`INSERT INTO call_events (id, tenant_id, call_id, leg_id, kind) VALUES ($1, $2, $3, $4, 'status')`, []any{ev, f.tenant, call, leg}},
		{`INSERT INTO call_callbacks (id, tenant_id, call_id, message_id, event_type, payload)
			VALUES ($1, $2, $3, 'msg_test', 'call.initiated', '{}')`, []any{cb, f.tenant, call}},
	} {
		if _, err := tx.Exec(ctx, stmt.sql, stmt.args...); err != nil {
			return "", err
		}
	}
	id := map[string]uuid.UUID{"calls": call, "call_legs": leg, "call_events": ev, "call_callbacks": cb}[table]
	return fmt.Sprintf("id = '%s'", id), nil
}

// insert seeds with a statement taking ($1 id, $2 tenant, $3 user).
func insert(stmt string) seed {
	stmt = strings.ReplaceAll(stmt, "gen_random_bytes_compat()", "decode(md5(random()::text), 'hex')")
	return func(ctx context.Context, tx pgx.Tx, f fixture) (string, error) {
		id := uuid.New()
		args := []any{id, f.tenant, f.user}
		if !strings.Contains(stmt, "$3") {
			args = args[:2]
		}
		_, err := tx.Exec(ctx, stmt, args...)
		return fmt.Sprintf("id = '%s'", id), err
	}
}

// newTenant creates a tenant with one owner, the way sign-up does.
func newTenant(t *testing.T, d *dbtest.TestDB) fixture {
	t.Helper()
	f := fixture{tenant: uuid.New(), user: uuid.New()}
	ctx := tenants.ForNewTenant(context.Background(), f.tenant, f.user)
	err := d.InTenantTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO tenants (id, name) VALUES ($1, 't')`, f.tenant); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'u', 'x')`,
			f.user, f.user.String()+"@example.com"); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'OWNER')`, f.tenant, f.user)
		return err
	})
	require.NoError(t, err)
	return f
}

// probeIsolation seeds a row of table for b and checks, from a's scope and from
// no scope at all, that the row cannot be read, counted, changed, deleted or
// forged. It returns the first breach rather than failing, so that a test can
// also prove it catches one.
func probeIsolation(ctx context.Context, d *dbtest.TestDB, table string, a, b fixture) error {
	var where string
	bctx := tenants.ForMember(ctx, b.tenant, b.user, tenants.RoleOwner)
	err := d.InTenantTx(bctx, func(tx pgx.Tx) error {
		var err error
		where, err = isolated[table](bctx, tx, b)
		return err
	})
	if err != nil {
		return fmt.Errorf("seed %s: %w", table, err)
	}
	actx := tenants.ForMember(ctx, a.tenant, a.user, tenants.RoleOwner)
	check := func(tx pgx.Tx, scope string) error {
		var n int
		if err := tx.QueryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM %s WHERE %s`, table, where)).Scan(&n); err != nil {
			return fmt.Errorf("%s: count %s: %w", scope, table, err)
		}
		if n != 0 {
			return fmt.Errorf("%s: reads %d of the other tenant's rows in %s", scope, n, table)
		}
		if err := tx.QueryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM %s`, table)).Scan(&n); err != nil {
			return fmt.Errorf("%s: count all %s: %w", scope, table, err)
		}
		if scope == "no tenant" && n != 0 {
			return fmt.Errorf("%s: counts %d rows in %s", scope, n, table)
		}
		for _, stmt := range []string{
			fmt.Sprintf(`UPDATE %s SET tenant_id = tenant_id WHERE %s`, table, where),
			fmt.Sprintf(`DELETE FROM %s WHERE %s`, table, where),
		} {
			if table == "tenants" {
				stmt = strings.ReplaceAll(stmt, "SET tenant_id = tenant_id", "SET name = name")
			}
			// A savepoint per probe: a refused statement must not abort the rest.
			sp, err := tx.Begin(ctx)
			if err != nil {
				return err
			}
			tag, err := sp.Exec(ctx, stmt)
			_ = sp.Rollback(ctx)
			if err != nil && !isPrivilegeError(err) {
				return fmt.Errorf("%s: %s: %w", scope, stmt, err)
			}
			if err == nil && tag.RowsAffected() != 0 {
				return fmt.Errorf("%s: %q changed %d of the other tenant's rows", scope, stmt, tag.RowsAffected())
			}
		}
		return nil
	}
	for scope, run := range map[string]func(func(pgx.Tx) error) error{
		"tenant A": func(fn func(pgx.Tx) error) error { return d.InTenantTx(actx, fn) },
		"no tenant": func(fn func(pgx.Tx) error) error {
			return pgx.BeginFunc(ctx, d.Pool(), fn)
		},
	} {
		if err := run(func(tx pgx.Tx) error { return check(tx, scope) }); err != nil {
			return err
		}
	}
	// Forging: A writes a row that claims to be B's. WITH CHECK must refuse it.
	if table != "tenants" && table != "memberships" {
		err := d.InTenantTx(actx, func(tx pgx.Tx) error {
			_, err := isolated[table](actx, tx, fixture{tenant: b.tenant, user: a.user})
			return err
		})
		if err == nil {
			return fmt.Errorf("tenant A: wrote a row into %s owned by tenant B", table)
		}
	}
	return nil
}

func isPrivilegeError(err error) bool {
	return strings.Contains(err.Error(), "permission denied")
}

func TestIsolationEveryTenantTable(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	a, b := newTenant(t, d), newTenant(t, d)
	for table := range isolated {
		t.Run(table, func(t *testing.T) {
			require.NoError(t, probeIsolation(context.Background(), d, table, a, b))
		})
	}
}

func TestIsolationFailsWhenAPolicyIsDropped(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	a, b := newTenant(t, d), newTenant(t, d)
	ctx := context.Background()
	require.NoError(t, probeIsolation(ctx, d, "api_keys", a, b))

	admin, err := pgx.Connect(ctx, d.AdminURL)
	require.NoError(t, err)
	defer admin.Close(ctx)
	_, err = admin.Exec(ctx, `DROP POLICY tenant_isolation ON api_keys; CREATE POLICY allow_all ON api_keys USING (true) WITH CHECK (true)`)
	require.NoError(t, err)

	err = probeIsolation(ctx, d, "api_keys", a, b)
	require.Error(t, err)
	require.Contains(t, err.Error(), "other tenant's rows")

	problems, err := catalogProblems(ctx, d)
	require.NoError(t, err)
	require.Contains(t, problems, "api_keys: no tenant_isolation policy")
}

func TestInTenantTxFailsClosed(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ran := false
	err := d.InTenantTx(context.Background(), func(pgx.Tx) error { ran = true; return nil })
	require.ErrorIs(t, err, tenants.ErrNoTenant)
	require.False(t, ran)
}

func TestTenantSettingDoesNotLeakThroughThePool(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	a := newTenant(t, d)
	ctx := tenants.ForMember(context.Background(), a.tenant, a.user, tenants.RoleOwner)
	for range 20 { // the pool has 8 connections: every one of them served a tenant tx
		require.NoError(t, d.InTenantTx(ctx, func(pgx.Tx) error { return nil }))
	}
	for range 20 {
		var setting string
		require.NoError(t, d.Pool().QueryRow(context.Background(), `SELECT coalesce(current_setting('app.tenant_id', true), '')`).Scan(&setting))
		require.Empty(t, setting)
	}
}

func TestServerRefusesBypassingRoles(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	_, err := db.Open(context.Background(), db.Config{AppURL: d.AdminURL, SystemURL: d.SystemURL})
	require.ErrorContains(t, err, "bypasses row-level security")
	_, err = db.Open(context.Background(), db.Config{AppURL: d.SystemURL, SystemURL: d.SystemURL})
	require.ErrorContains(t, err, "bypasses row-level security")
}

// catalogProblems lists every way the schema breaks the tenancy rules.
func catalogProblems(ctx context.Context, d *dbtest.TestDB) ([]string, error) {
	rows, err := d.Pool().Query(ctx, `
		SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
		       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id'
		               AND a.attnotnull AND NOT a.attisdropped),
		       EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation'
		               AND pg_get_expr(p.polqual, p.polrelid) LIKE '%NULLIF(current_setting(''app.tenant_id''::text, true), ''''::text)%'
		               AND pg_get_expr(p.polwithcheck, p.polrelid) = pg_get_expr(p.polqual, p.polrelid)),
		       (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)
		FROM pg_class c
		WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
		  AND (EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
		       OR c.relname = 'tenants')
		ORDER BY c.relname`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var name string
		var rls, force, notNull, policy bool
		var policies int
		if err := rows.Scan(&name, &rls, &force, &notNull, &policy, &policies); err != nil {
			return nil, err
		}
		if !rls {
			problems = append(problems, name+": row-level security not enabled")
		}
		if !force {
			problems = append(problems, name+": row-level security not forced")
		}
		if !notNull && name != "tenants" {
			problems = append(problems, name+": tenant_id is nullable")
		}
		if !policy {
			problems = append(problems, name+": no tenant_isolation policy")
		}
		if policies != 1 {
			problems = append(problems, fmt.Sprintf("%s: %d policies, want exactly 1", name, policies))
		}
		if _, ok := isolated[name]; !ok {
			problems = append(problems, name+": not in the isolation harness (db/isolation_test.go)")
		}
	}
	return problems, rows.Err()
}

func TestCatalogEveryTenantTableIsIsolated(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	problems, err := catalogProblems(context.Background(), d)
	require.NoError(t, err)
	require.Empty(t, problems)

	// The harness names no table that does not exist.
	var tables []string
	rows, err := d.Pool().Query(context.Background(), `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'`)
	require.NoError(t, err)
	tables, err = pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	for name := range isolated {
		require.True(t, slices.Contains(tables, name), name)
	}
}

func TestCatalogNoForceIsCaught(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, d.AdminURL)
	require.NoError(t, err)
	defer admin.Close(ctx)
	_, err = admin.Exec(ctx, `ALTER TABLE email_outbox NO FORCE ROW LEVEL SECURITY;
		CREATE TABLE stray (id int, tenant_id uuid)`)
	require.NoError(t, err)
	problems, err := catalogProblems(ctx, d)
	require.NoError(t, err)
	require.Contains(t, problems, "email_outbox: row-level security not forced")
	require.Contains(t, problems, "stray: not in the isolation harness (db/isolation_test.go)")
	require.Contains(t, problems, "stray: tenant_id is nullable")
}

func TestMigrateIsIdempotentAndDetectsEdits(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	require.NoError(t, db.Migrate(ctx, d.AdminURL, db.MigrateOpts{}))
	require.NoError(t, d.CheckMigrations(ctx))

	admin, err := pgx.Connect(ctx, d.AdminURL)
	require.NoError(t, err)
	defer admin.Close(ctx)
	_, err = admin.Exec(ctx, `UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1`)
	require.NoError(t, err)
	err = db.Migrate(ctx, d.AdminURL, db.MigrateOpts{})
	require.ErrorContains(t, err, "was changed after it was applied")

	_, err = admin.Exec(ctx, `DELETE FROM schema_migrations`)
	require.NoError(t, err)
	require.ErrorIs(t, d.CheckMigrations(ctx), db.ErrMigrationsPending)
}

func TestTablesAreOwnedByTheOwnerRole(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	rows, err := d.Pool().Query(context.Background(), `
		SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
		WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'S', 'v') AND r.rolname <> $1`, db.OwnerRole)
	require.NoError(t, err)
	strays, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	require.Empty(t, strays)
}
