-- Outgoing webhooks to tenants' own systems (CRMs): the endpoints a tenant
-- registers and every delivery made to them. See internal/webhook. Both tables
-- join the isolation harness (db/isolation_test.go).

-- An endpoint is a URL of the tenant's with the signing secret we share with
-- it. The secret is needed to sign, so it is stored as given ("whsec_..."); no
-- API field returns it after creation. During a rotation the previous secret
-- signs too, until previous_secret_expires_at.
CREATE TABLE webhook_endpoints (
	id                         uuid PRIMARY KEY,
	tenant_id                  uuid NOT NULL REFERENCES tenants (id),
	url                        text NOT NULL CHECK (length(url) BETWEEN 1 AND 4096),
	description                text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
	-- Empty: every event type.
	event_types                text[] NOT NULL DEFAULT '{}',
	secret                     text NOT NULL,
	previous_secret            text,
	previous_secret_expires_at timestamptz,
	enabled                    boolean NOT NULL DEFAULT true,
	disabled_reason            text,
	created_at                 timestamptz NOT NULL DEFAULT now(),
	updated_at                 timestamptz NOT NULL DEFAULT now(),
	-- The target of webhook_deliveries' (tenant_id, endpoint_id) reference.
	UNIQUE (tenant_id, id)
);
CREATE INDEX webhook_endpoints_tenant_idx ON webhook_endpoints (tenant_id, created_at, id);
ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_endpoints
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- One event for one endpoint: the exact body sent on every attempt and replay,
-- and the outcome of the latest attempt. message_id is the Standard Webhooks
-- webhook-id: one per event (shared by the endpoints it went to), the same on
-- every retry and replay, so receivers can de-duplicate on it.
CREATE TABLE webhook_deliveries (
	id               uuid PRIMARY KEY,
	tenant_id        uuid NOT NULL REFERENCES tenants (id),
	endpoint_id      uuid NOT NULL,
	message_id       text NOT NULL CHECK (message_id ~ '^msg_[a-z0-9]{1,64}$'),
	event_type       text NOT NULL,
	payload          jsonb NOT NULL,
	status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'gone')),
	attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	last_status_code integer,
	last_response    text CHECK (octet_length(last_response) <= 2048),
	last_error       text,
	last_attempt_at  timestamptz,
	next_attempt_at  timestamptz,
	duration_ms      integer,
	created_at       timestamptz NOT NULL DEFAULT now(),
	delivered_at     timestamptz,
	-- Foreign-key checks ignore row-level security: with the tenant in the key,
	-- a delivery can only ever point at an endpoint of its own tenant.
	FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE,
	UNIQUE (endpoint_id, message_id)
);
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (tenant_id, endpoint_id, created_at DESC, id DESC);
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_deliveries
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
