-- Voice calls: calls, their phone legs, the timeline of what happened, the
-- deliveries of each call's status callbacks, and the registry of media nodes.
-- See internal/call. Every tenant table joins the isolation harness
-- (db/isolation_test.go); media_nodes is global infrastructure, like River's
-- tables, and holds no tenant data.

-- A media node as its latest heartbeat describes it. A node is live while its
-- heartbeat is fresh (15 s) and it is not draining. assigned counts legs sent
-- to it since that heartbeat, so that calls placed between two heartbeats
-- spread over the nodes instead of all landing on the least loaded one.
CREATE TABLE media_nodes (
	id           text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 100),
	stream_url   text NOT NULL CHECK (length(stream_url) BETWEEN 1 AND 2048),
	control_url  text NOT NULL CHECK (length(control_url) BETWEEN 1 AND 2048),
	capacity     integer NOT NULL CHECK (capacity >= 0),
	active       integer NOT NULL DEFAULT 0 CHECK (active >= 0),
	assigned     integer NOT NULL DEFAULT 0 CHECK (assigned >= 0),
	draining     boolean NOT NULL DEFAULT false,
	first_seen_at timestamptz NOT NULL DEFAULT now(),
	last_seen_at timestamptz NOT NULL DEFAULT now()
);

-- The agent's own phone is users.phone (a user rings the same phone in every
-- tenant); click-to-call refuses to start without one.
ALTER TABLE users ADD CONSTRAINT users_phone_e164 CHECK (phone ~ '^\+[1-9][0-9]{6,14}$');

CREATE TABLE calls (
	id               uuid PRIMARY KEY,
	tenant_id        uuid NOT NULL REFERENCES tenants (id),
	direction        text NOT NULL DEFAULT 'outbound' CHECK (direction IN ('outbound', 'inbound')),
	-- initiated -> ringing -> in-progress -> completed; or busy, no-answer,
	-- failed, canceled. Never backwards; the first final status stays.
	status           text NOT NULL DEFAULT 'initiated'
		CHECK (status IN ('initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled')),
	contact_id       uuid REFERENCES contacts (id),
	conversation_id  uuid REFERENCES conversations (id),
	agent_id         uuid REFERENCES users (id),
	agent_number     text NOT NULL CHECK (agent_number ~ '^\+[1-9][0-9]{6,14}$'),
	customer_number  text NOT NULL CHECK (customer_number ~ '^\+[1-9][0-9]{6,14}$'),
	caller_id        text NOT NULL,
	carrier          text NOT NULL,
	-- Both legs of a call run on one media node, which bridges them.
	node_id          text,
	callback_url     text CHECK (length(callback_url) <= 2048),
	callback_secret  text,
	end_reason       text CHECK (length(end_reason) <= 500),
	hangup_requested_at timestamptz,
	answered_at      timestamptz, -- the customer answered: the two are bridged
	ended_at         timestamptz, -- every leg has ended
	duration_seconds integer CHECK (duration_seconds >= 0),  -- answered_at to ended_at
	billable_seconds integer CHECK (billable_seconds >= 0),  -- the legs' answered time, each rounded up
	recording_key    text,
	recording_seconds double precision,
	created_at       timestamptz NOT NULL DEFAULT now(),
	updated_at       timestamptz NOT NULL DEFAULT now(),
	UNIQUE (tenant_id, id)
);
CREATE INDEX calls_tenant_created_idx ON calls (tenant_id, created_at DESC, id DESC);
CREATE INDEX calls_contact_idx ON calls (tenant_id, contact_id, created_at DESC);
ALTER TABLE calls ENABLE ROW LEVEL SECURITY;
ALTER TABLE calls FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON calls
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- One phone leg of a call, placed through a carrier.
CREATE TABLE call_legs (
	id              uuid PRIMARY KEY,
	tenant_id       uuid NOT NULL REFERENCES tenants (id),
	call_id         uuid NOT NULL,
	role            text NOT NULL CHECK (role IN ('agent', 'customer')),
	number          text NOT NULL,
	status          text NOT NULL DEFAULT 'initiated'
		CHECK (status IN ('initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled')),
	carrier         text NOT NULL,
	carrier_call_id text,
	node_id         text,
	-- When the leg's stream token was minted; the token itself is never stored.
	stream_token_issued_at timestamptz,
	dialed_at       timestamptz,
	answered_at     timestamptz,
	ended_at        timestamptz,
	end_reason      text CHECK (length(end_reason) <= 500),
	created_at      timestamptz NOT NULL DEFAULT now(),
	updated_at      timestamptz NOT NULL DEFAULT now(),
	-- Foreign-key checks ignore row-level security: the tenant in the key keeps
	-- a leg inside its own tenant's call.
	FOREIGN KEY (tenant_id, call_id) REFERENCES calls (tenant_id, id),
	UNIQUE (call_id, role)
);
CREATE UNIQUE INDEX call_legs_carrier_key ON call_legs (carrier, carrier_call_id) WHERE carrier_call_id IS NOT NULL;
ALTER TABLE call_legs ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_legs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON call_legs
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- The call's timeline. source_id de-duplicates repeated reports of the same
-- thing (a carrier's retried callback, a media event job run twice).
CREATE TABLE call_events (
	id         uuid PRIMARY KEY,
	tenant_id  uuid NOT NULL REFERENCES tenants (id),
	call_id    uuid NOT NULL,
	leg_id     uuid REFERENCES call_legs (id),
	kind       text NOT NULL CHECK (length(kind) BETWEEN 1 AND 50),
	status     text,
	detail     text NOT NULL DEFAULT '' CHECK (length(detail) <= 500),
	source_id  text CHECK (length(source_id) <= 200),
	at         timestamptz NOT NULL DEFAULT now(),
	created_at timestamptz NOT NULL DEFAULT now(),
	FOREIGN KEY (tenant_id, call_id) REFERENCES calls (tenant_id, id)
);
CREATE INDEX call_events_call_idx ON call_events (tenant_id, call_id, at, created_at);
CREATE UNIQUE INDEX call_events_source_key ON call_events (call_id, source_id) WHERE source_id IS NOT NULL;
ALTER TABLE call_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON call_events
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- One status change of a call for its callback URL: the exact body sent on
-- every attempt, and the outcome of the latest.
CREATE TABLE call_callbacks (
	id               uuid PRIMARY KEY,
	tenant_id        uuid NOT NULL REFERENCES tenants (id),
	call_id          uuid NOT NULL,
	message_id       text NOT NULL CHECK (message_id ~ '^msg_[a-z0-9]{1,64}$'),
	event_type       text NOT NULL,
	payload          jsonb NOT NULL,
	status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
	attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	last_status_code integer,
	last_error       text CHECK (length(last_error) <= 500),
	last_attempt_at  timestamptz,
	created_at       timestamptz NOT NULL DEFAULT now(),
	delivered_at     timestamptz,
	FOREIGN KEY (tenant_id, call_id) REFERENCES calls (tenant_id, id)
);
CREATE INDEX call_callbacks_call_idx ON call_callbacks (tenant_id, call_id, created_at);
ALTER TABLE call_callbacks ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_callbacks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON call_callbacks
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- Before a tenant is known: a carrier's status callback names its own call id,
-- and a media node's descriptor request names a leg. They return only keys.
CREATE FUNCTION call_leg_by_carrier_id(p_carrier text, p_carrier_call_id text)
RETURNS TABLE (tenant_id uuid, call_id uuid, leg_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT tenant_id, call_id, id FROM call_legs WHERE carrier = p_carrier AND carrier_call_id = p_carrier_call_id
$$;

CREATE FUNCTION call_leg_tenant(p_leg_id uuid)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT tenant_id FROM call_legs WHERE id = p_leg_id
$$;

REVOKE EXECUTE ON FUNCTION call_leg_by_carrier_id(text, text), call_leg_tenant(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION call_leg_by_carrier_id(text, text), call_leg_tenant(uuid) TO switchboard_app;
