-- Chat switch: a live conversation moves between web chat, SMS and WhatsApp
-- and stays one thread. See internal/chatswitch. chat_switches and
-- chat_switch_settings join the isolation harness (db/isolation_test.go).

-- A tenant's switch settings: the country assumed for numbers typed without
-- a country code, and the approved WhatsApp template that welcomes a customer
-- moved to WhatsApp (a business-started message outside the 24-hour window
-- must be a template). One row per tenant; absent means "no default country,
-- no template".
CREATE TABLE chat_switch_settings (
	tenant_id          uuid PRIMARY KEY REFERENCES tenants (id),
	default_country    text CHECK (default_country ~ '^[A-Z]{2}$'),
	whatsapp_template  text CHECK (length(whatsapp_template) BETWEEN 1 AND 512),
	whatsapp_language  text CHECK (length(whatsapp_language) BETWEEN 2 AND 16),
	updated_at         timestamptz NOT NULL DEFAULT now(),
	CHECK ((whatsapp_template IS NULL) = (whatsapp_language IS NULL))
);
ALTER TABLE chat_switch_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE chat_switch_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON chat_switch_settings
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- One move of a conversation from one channel to another.
--   pending  -> active    the provider accepted the welcome message (or, back
--                         to the web, the visitor opened the signed link)
--   pending  -> failed    the provider refused it, or the number was unusable
--   active   -> reverted  undone before revert_deadline
--   active   -> ended     a later switch replaced it
CREATE TABLE chat_switches (
	id                  uuid PRIMARY KEY,
	tenant_id           uuid NOT NULL REFERENCES tenants (id),
	conversation_id     uuid NOT NULL REFERENCES conversations (id),
	from_channel_id     uuid NOT NULL REFERENCES channels (id),
	to_channel_id       uuid NOT NULL REFERENCES channels (id),
	to_kind             text NOT NULL CHECK (to_kind IN ('sms', 'whatsapp', 'webchat')),
	initiator           text NOT NULL CHECK (initiator IN ('visitor', 'operator', 'reconnect')),
	initiated_by        uuid REFERENCES users (id), -- the agent, for operator and reconnect
	address             text CHECK (address ~ '^\+[1-9][0-9]{6,14}$'), -- NULL for web chat
	-- conversations.switch_address before the switch, restored by a revert.
	from_address        text,
	state               text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'active', 'failed', 'reverted', 'ended')),
	failure             text,
	welcome_message_id  uuid REFERENCES messages (id),
	welcome_status      text NOT NULL DEFAULT 'queued' CHECK (welcome_status IN ('queued', 'sent', 'failed')),
	-- Whether the conversation was closed when a reconnect began: a failed
	-- reconnect leaves it as it was.
	reopened            boolean NOT NULL DEFAULT false,
	created_at          timestamptz NOT NULL DEFAULT now(),
	activated_at        timestamptz,
	revert_deadline     timestamptz,
	finished_at         timestamptz, -- failed, reverted or ended
	CHECK ((state = 'failed') = (failure IS NOT NULL)),
	CHECK (state = 'pending' OR state = 'failed' OR activated_at IS NOT NULL)
);
-- The invariants the state machine leans on: at most one switch in flight and
-- at most one active switch per conversation, whatever races.
CREATE UNIQUE INDEX chat_switches_one_pending ON chat_switches (conversation_id) WHERE state = 'pending';
CREATE UNIQUE INDEX chat_switches_one_active ON chat_switches (conversation_id) WHERE state = 'active';
CREATE INDEX chat_switches_conversation_idx ON chat_switches (tenant_id, conversation_id, created_at);
-- Inbound routing: the customer's number -> the conversation it was switched to.
CREATE INDEX chat_switches_address_idx ON chat_switches (tenant_id, address, created_at DESC) WHERE address IS NOT NULL;
ALTER TABLE chat_switches ENABLE ROW LEVEL SECURITY;
ALTER TABLE chat_switches FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON chat_switches
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- conversations.channel_id stays the active channel. Once a switch has chosen
-- it, channel_pinned keeps a customer's message on another channel from
-- moving it; switch_address is the number the active channel sends to when
-- it is not the contact's own (a number another contact already has);
-- switch_prompt is an agent's "visitor action command" waiting for the widget.
ALTER TABLE conversations
	ADD COLUMN channel_pinned   boolean NOT NULL DEFAULT false,
	ADD COLUMN switch_address   text CHECK (switch_address ~ '^\+[1-9][0-9]{6,14}$'),
	ADD COLUMN switch_prompt    text CHECK (switch_prompt IN ('sms', 'whatsapp')),
	ADD COLUMN switch_prompt_at timestamptz;
