-- Conversations over SMS, WhatsApp and web chat: channels, contacts,
-- conversations, messages, and the provider-event ledger that makes inbound
-- webhooks idempotent. Every table joins the isolation harness (db/isolation_test.go).

-- A channel is one provider account or number of a tenant. Non-secret settings
-- live in config; credentials in secrets, which no GraphQL field returns.
CREATE TABLE channels (
	id         uuid PRIMARY KEY,
	tenant_id  uuid NOT NULL REFERENCES tenants (id),
	kind       text NOT NULL CHECK (kind IN ('sms', 'whatsapp', 'webchat')),
	name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	-- The provider's routing key: the E.164 number for SMS, the phone_number_id
	-- for WhatsApp, NULL for web chat.
	address    text,
	config     jsonb NOT NULL DEFAULT '{}',
	secrets    jsonb NOT NULL DEFAULT '{}',
	enabled    boolean NOT NULL DEFAULT true,
	created_at timestamptz NOT NULL DEFAULT now()
);
-- Meta routes every tenant's WhatsApp events by phone_number_id: it must be unique across tenants.
CREATE UNIQUE INDEX channels_whatsapp_address_key ON channels (address) WHERE kind = 'whatsapp';
CREATE UNIQUE INDEX channels_tenant_kind_address_key ON channels (tenant_id, kind, address);
ALTER TABLE channels ENABLE ROW LEVEL SECURITY;
ALTER TABLE channels FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON channels
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

CREATE TABLE contacts (
	id          uuid PRIMARY KEY,
	tenant_id   uuid NOT NULL REFERENCES tenants (id),
	name        text NOT NULL DEFAULT '',
	phone       text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
	email       text,
	external_id text,
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now()
);
-- One contact per phone number per tenant: an SMS and a WhatsApp message from
-- the same number reach the same person.
CREATE UNIQUE INDEX contacts_tenant_phone_key ON contacts (tenant_id, phone);
ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE contacts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contacts
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

CREATE TABLE conversations (
	id                uuid PRIMARY KEY,
	tenant_id         uuid NOT NULL REFERENCES tenants (id),
	contact_id        uuid NOT NULL REFERENCES contacts (id),
	channel_id        uuid NOT NULL REFERENCES channels (id), -- the active channel: replies go out here
	status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'closed')),
	assignee_id       uuid REFERENCES users (id),
	unread_count      integer NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
	last_inbound_at   timestamptz, -- starts WhatsApp's 24-hour customer service window
	last_activity_at  timestamptz NOT NULL DEFAULT now(),
	created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_tenant_activity_idx ON conversations (tenant_id, last_activity_at DESC, id DESC);
CREATE INDEX conversations_contact_idx ON conversations (tenant_id, contact_id, status);
ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON conversations
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

CREATE TABLE messages (
	id                  uuid PRIMARY KEY,
	tenant_id           uuid NOT NULL REFERENCES tenants (id),
	conversation_id     uuid NOT NULL REFERENCES conversations (id),
	channel_id          uuid NOT NULL REFERENCES channels (id),
	direction           text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
	body                text NOT NULL DEFAULT '',
	attachments         jsonb NOT NULL DEFAULT '[]',
	-- inbound: received; outbound: queued -> sent -> delivered -> read, or failed.
	status              text NOT NULL CHECK (status IN ('received', 'queued', 'sent', 'delivered', 'read', 'failed')),
	error               text,
	provider_message_id text,
	author_id           uuid REFERENCES users (id),
	created_at          timestamptz NOT NULL DEFAULT now(),
	updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_conversation_idx ON messages (tenant_id, conversation_id, created_at, id);
CREATE UNIQUE INDEX messages_provider_id_key ON messages (channel_id, provider_message_id) WHERE provider_message_id IS NOT NULL;
ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE messages FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON messages
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- Every provider event we acted on, by the provider's own id: a retried
-- webhook hits the primary key and stores nothing twice.
CREATE TABLE provider_events (
	tenant_id   uuid NOT NULL REFERENCES tenants (id),
	channel_id  uuid NOT NULL REFERENCES channels (id),
	event_id    text NOT NULL,
	received_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (channel_id, event_id)
);
ALTER TABLE provider_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON provider_events
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- Webhook channel -> tenant, and WhatsApp phone_number_id -> channel, before a
-- tenant is known. They return only the routing keys.
CREATE FUNCTION channel_tenant(p_channel_id uuid, p_kind text)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT tenant_id FROM channels WHERE id = p_channel_id AND kind = p_kind AND enabled
$$;

CREATE FUNCTION whatsapp_channel_by_phone_number_id(p_phone_number_id text)
RETURNS TABLE (tenant_id uuid, channel_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT tenant_id, id FROM channels WHERE kind = 'whatsapp' AND address = p_phone_number_id AND enabled
$$;

REVOKE EXECUTE ON FUNCTION channel_tenant(uuid, text), whatsapp_channel_by_phone_number_id(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION channel_tenant(uuid, text), whatsapp_channel_by_phone_number_id(text) TO switchboard_app;
