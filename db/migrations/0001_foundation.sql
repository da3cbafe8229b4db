-- Foundation: tenants, users and their memberships, sessions, invitations, API keys,
-- the e-mail outbox, the audit trail and the live-event log.
--
-- Every tenant-owned table: tenant_id NOT NULL, RLS enabled and forced, one policy
-- "tenant_isolation" on app.tenant_id for USING and WITH CHECK. The catalog test in
-- db/ fails when a table with a tenant_id misses any of that.

CREATE TABLE schema_migrations (
	version    integer PRIMARY KEY,
	name       text NOT NULL,
	checksum   text NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
);
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM switchboard_app;

-- The tenant row itself is isolated on its id.
CREATE TABLE tenants (
	id         uuid PRIMARY KEY,
	name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
	USING (id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
REVOKE DELETE ON tenants FROM switchboard_app;

-- Users are global: one person may belong to several tenants. A user row is
-- visible to the user themself and inside the tenants they belong to.
CREATE TABLE users (
	id            uuid PRIMARY KEY,
	email         text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 320),
	name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	password_hash text NOT NULL,
	phone         text,
	created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE memberships (
	tenant_id  uuid NOT NULL REFERENCES tenants (id),
	user_id    uuid NOT NULL REFERENCES users (id),
	role       text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'AGENT', 'BILLING')),
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON memberships
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY user_visibility ON users
	USING (
		id = NULLIF(current_setting('app.user_id', true), '')::uuid
		OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id)
	)
	WITH CHECK (id = NULLIF(current_setting('app.user_id', true), '')::uuid);
REVOKE DELETE ON users FROM switchboard_app;

-- Refresh tokens rotate: each use marks the token used and issues its successor in
-- the same family; presenting a used token revokes the whole family (theft).
CREATE TABLE refresh_tokens (
	id          uuid PRIMARY KEY,
	tenant_id   uuid NOT NULL REFERENCES tenants (id),
	user_id     uuid NOT NULL REFERENCES users (id),
	family_id   uuid NOT NULL,
	token_hash  bytea NOT NULL UNIQUE,
	expires_at  timestamptz NOT NULL,
	used_at     timestamptz,
	revoked_at  timestamptz,
	created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (tenant_id, family_id);
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON refresh_tokens
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

CREATE TABLE invitations (
	id          uuid PRIMARY KEY,
	tenant_id   uuid NOT NULL REFERENCES tenants (id),
	email       text NOT NULL CHECK (email = lower(email)),
	role        text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'AGENT', 'BILLING')),
	token_hash  bytea NOT NULL UNIQUE,
	invited_by  uuid REFERENCES users (id),
	expires_at  timestamptz NOT NULL,
	accepted_at timestamptz,
	accepted_by uuid REFERENCES users (id),
	revoked_at  timestamptz,
	created_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invitations
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

CREATE TABLE api_keys (
	id           uuid PRIMARY KEY,
	tenant_id    uuid NOT NULL REFERENCES tenants (id),
	name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	role         text NOT NULL CHECK (role IN ('ADMIN', 'AGENT', 'BILLING')),
	secret_hash  bytea NOT NULL,
	created_by   uuid REFERENCES users (id),
	created_at   timestamptz NOT NULL DEFAULT now(),
	last_used_at timestamptz,
	revoked_at   timestamptz
);
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- Every e-mail is recorded before it is sent, so the console can show what went
-- out (and, in dev, what would have).
CREATE TABLE email_outbox (
	id           uuid PRIMARY KEY,
	tenant_id    uuid NOT NULL REFERENCES tenants (id),
	to_addresses text[] NOT NULL CHECK (cardinality(to_addresses) BETWEEN 1 AND 50),
	subject      text NOT NULL,
	body_text    text NOT NULL,
	body_html    text,
	attachments  jsonb NOT NULL DEFAULT '[]',
	status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'captured', 'failed')),
	error        text,
	attempts     integer NOT NULL DEFAULT 0,
	created_at   timestamptz NOT NULL DEFAULT now(),
	sent_at      timestamptz
);
CREATE INDEX email_outbox_tenant_created_idx ON email_outbox (tenant_id, created_at DESC, id DESC);
ALTER TABLE email_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON email_outbox
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- What happened in a tenant, by whom: the console's activity feed.
CREATE TABLE audit_events (
	id          uuid PRIMARY KEY,
	tenant_id   uuid NOT NULL REFERENCES tenants (id),
	actor_user  uuid REFERENCES users (id),
	actor_key   uuid REFERENCES api_keys (id),
	action      text NOT NULL,
	subject_id  uuid,
	summary     text NOT NULL DEFAULT '',
	created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_tenant_created_idx ON audit_events (tenant_id, created_at DESC, id DESC);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_events
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- The live-event log: written in the business transaction, tailed by every API
-- node (see internal/live). Rows carry ids only; subscribers re-read the subject
-- under their own tenant.
CREATE TABLE live_events (
	id         bigserial PRIMARY KEY,
	tenant_id  uuid NOT NULL,
	topic      text NOT NULL,
	subject_id uuid NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_events_created_idx ON live_events (created_at);
ALTER TABLE live_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE live_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON live_events
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, DELETE ON live_events TO switchboard_system;

-- Lookups before a tenant is known. Each returns only the routing key it exists
-- for, runs as the owner (which bypasses RLS), and is executable by the app role
-- alone.
CREATE FUNCTION auth_user_by_email(p_email text)
RETURNS TABLE (user_id uuid, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT id, password_hash FROM users WHERE email = lower(p_email)
$$;

CREATE FUNCTION auth_user_tenants(p_user_id uuid)
RETURNS TABLE (tenant_id uuid, tenant_name text, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT t.id, t.name, m.role FROM memberships m JOIN tenants t ON t.id = m.tenant_id
	WHERE m.user_id = p_user_id ORDER BY m.created_at, t.id
$$;

CREATE FUNCTION auth_refresh_token_tenant(p_token_hash bytea)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT tenant_id FROM refresh_tokens WHERE token_hash = p_token_hash
$$;

CREATE FUNCTION auth_invitation_tenant(p_token_hash bytea)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT tenant_id FROM invitations WHERE token_hash = p_token_hash
$$;

CREATE FUNCTION auth_api_key_tenant(p_key_id uuid)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT tenant_id FROM api_keys WHERE id = p_key_id
$$;

REVOKE EXECUTE ON FUNCTION auth_user_by_email(text), auth_user_tenants(uuid), auth_refresh_token_tenant(bytea),
	auth_invitation_tenant(bytea), auth_api_key_tenant(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_user_by_email(text), auth_user_tenants(uuid), auth_refresh_token_tenant(bytea),
	auth_invitation_tenant(bytea), auth_api_key_tenant(uuid) TO switchboard_app;
