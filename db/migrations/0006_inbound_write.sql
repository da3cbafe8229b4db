-- The inbound write of a provider message as one statement. A webhook used to
-- cost about ten round trips inside its transaction (event ledger, contact,
-- lock, conversation, message, conversation update, live events); at
-- thousands of webhooks a second the protocol overhead was most of
-- PostgreSQL's work. These functions run with the caller's rights
-- (SECURITY INVOKER, the default): row-level security applies to every
-- statement inside, under the tenant the caller's transaction set.

-- inbox_open_conversation returns the contact's newest conversation that is
-- not closed, or starts one on the channel. The contact row is locked first so
-- two simultaneous first messages cannot open two conversations.
CREATE FUNCTION inbox_open_conversation(p_contact_id uuid, p_channel_id uuid,
	OUT o_conversation_id uuid, OUT o_created boolean)
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM contacts WHERE id = p_contact_id FOR UPDATE;
	SELECT id INTO o_conversation_id FROM conversations
		WHERE contact_id = p_contact_id AND status <> 'closed'
		ORDER BY last_activity_at DESC LIMIT 1;
	o_created := o_conversation_id IS NULL;
	IF o_created THEN
		o_conversation_id := gen_random_uuid();
		INSERT INTO conversations (id, tenant_id, contact_id, channel_id)
			VALUES (o_conversation_id, current_setting('app.tenant_id')::uuid, p_contact_id, p_channel_id);
	END IF;
END
$$;

-- inbox_note_inbound updates a conversation that just received a customer
-- message: unread, open (or still pending, for a lead waiting for an agent),
-- on the channel the customer used, and inside WhatsApp's 24-hour window.
CREATE FUNCTION inbox_note_inbound(p_conversation_id uuid, p_channel_id uuid, p_at timestamptz, p_keep_pending boolean)
RETURNS void
LANGUAGE sql AS $$
	UPDATE conversations SET unread_count = unread_count + 1,
		status = CASE WHEN p_keep_pending AND status = 'pending' THEN 'pending' ELSE 'open' END,
		channel_id = p_channel_id,
		last_inbound_at = greatest(coalesce(last_inbound_at, p_at), p_at),
		last_activity_at = greatest(last_activity_at, p_at)
	WHERE id = p_conversation_id
$$;

-- inbox_record_inbound stores one verified provider message: the event in the
-- ledger (a retried webhook stops there, o_fresh false), the contact by phone,
-- the conversation, the message (a provider message seen under another event
-- id stops there, o_message_id null), the conversation update and the live
-- events. The CRM webhooks and their jobs are the caller's (River inserts its
-- own rows), in the same transaction.
CREATE FUNCTION inbox_record_inbound(p_channel_id uuid, p_event_id text, p_provider_message_id text,
	p_phone text, p_name text, p_body text, p_attachments jsonb, p_at timestamptz,
	p_topic_conversation text, p_topic_message text,
	OUT o_fresh boolean, OUT o_contact_id uuid, OUT o_contact_created boolean,
	OUT o_conversation_id uuid, OUT o_conversation_created boolean, OUT o_message_id uuid)
LANGUAGE plpgsql AS $$
DECLARE
	v_tenant uuid := current_setting('app.tenant_id')::uuid;
BEGIN
	o_contact_created := false;
	o_conversation_created := false;
	INSERT INTO provider_events (tenant_id, channel_id, event_id) VALUES (v_tenant, p_channel_id, p_event_id)
		ON CONFLICT DO NOTHING;
	o_fresh := FOUND;
	IF NOT o_fresh THEN
		RETURN;
	END IF;
	-- xmax = 0 only on a freshly inserted row: the conflict path updates it.
	INSERT INTO contacts (id, tenant_id, name, phone) VALUES (gen_random_uuid(), v_tenant, p_name, p_phone)
		ON CONFLICT (tenant_id, phone) DO UPDATE
			SET name = CASE WHEN contacts.name = '' THEN EXCLUDED.name ELSE contacts.name END, updated_at = now()
		RETURNING id, xmax = 0 INTO o_contact_id, o_contact_created;
	SELECT c.o_conversation_id, c.o_created INTO o_conversation_id, o_conversation_created
		FROM inbox_open_conversation(o_contact_id, p_channel_id) c;
	-- created_at is when we stored it, not the provider's timestamp: WhatsApp's
	-- is whole seconds and would sort a customer's message before a reply sent
	-- in the same second. The provider's time drives the reply window.
	o_message_id := gen_random_uuid();
	INSERT INTO messages (id, tenant_id, conversation_id, channel_id, direction, body, attachments, status, provider_message_id)
		VALUES (o_message_id, v_tenant, o_conversation_id, p_channel_id, 'inbound', p_body, p_attachments, 'received', p_provider_message_id)
		ON CONFLICT (channel_id, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING;
	IF NOT FOUND THEN
		o_message_id := NULL;
		RETURN;
	END IF;
	PERFORM inbox_note_inbound(o_conversation_id, p_channel_id, p_at, false);
	IF o_conversation_created THEN
		INSERT INTO live_events (tenant_id, topic, subject_id) VALUES (v_tenant, p_topic_conversation, o_conversation_id);
	END IF;
	INSERT INTO live_events (tenant_id, topic, subject_id) VALUES (v_tenant, p_topic_message, o_message_id);
END
$$;

REVOKE EXECUTE ON FUNCTION inbox_open_conversation(uuid, uuid), inbox_note_inbound(uuid, uuid, timestamptz, boolean),
	inbox_record_inbound(uuid, text, text, text, text, text, jsonb, timestamptz, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inbox_open_conversation(uuid, uuid), inbox_note_inbound(uuid, uuid, timestamptz, boolean),
	inbox_record_inbound(uuid, text, text, text, text, text, jsonb, timestamptz, text, text) TO switchboard_app;
