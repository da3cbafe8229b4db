-- The inbound write (0006) learns the chat switch (0007): a customer's SMS or
-- WhatsApp message from a number a conversation was switched to lands in that
-- conversation while it is not closed (even after a revert: a reply that
-- crossed the revert stays in the thread; the newest switch wins), and once a
-- switch has chosen a conversation's channel (channel_pinned) only another
-- switch moves it. The routing used to be a Go callback per message; here it
-- is one more statement inside the one call.

CREATE OR REPLACE FUNCTION inbox_note_inbound(p_conversation_id uuid, p_channel_id uuid, p_at timestamptz, p_keep_pending boolean)
RETURNS void
LANGUAGE sql AS $$
	UPDATE conversations SET unread_count = unread_count + 1,
		status = CASE WHEN p_keep_pending AND status = 'pending' THEN 'pending' ELSE 'open' END,
		channel_id = CASE WHEN channel_pinned THEN channel_id ELSE p_channel_id END,
		last_inbound_at = greatest(coalesce(last_inbound_at, p_at), p_at),
		last_activity_at = greatest(last_activity_at, p_at)
	WHERE id = p_conversation_id
$$;

-- chat_switch_route names the conversation a customer's number was switched
-- to, if it is still open. A number a visitor typed may be a real customer's:
-- while that customer has an open conversation of their own, their messages
-- stay there, so an anonymous claim cannot pull a customer's thread into the
-- visitor's.
CREATE FUNCTION chat_switch_route(p_phone text) RETURNS uuid
LANGUAGE sql STABLE AS $$
	SELECT sw.conversation_id FROM chat_switches sw JOIN conversations c ON c.id = sw.conversation_id
	WHERE sw.address = p_phone AND sw.state IN ('active', 'reverted', 'ended') AND c.status <> 'closed'
		AND NOT (sw.initiator = 'visitor' AND EXISTS (SELECT 1 FROM contacts ct JOIN conversations oc ON oc.contact_id = ct.id
			WHERE ct.phone = p_phone AND ct.id <> c.contact_id AND oc.status <> 'closed'))
	ORDER BY sw.activated_at DESC LIMIT 1
$$;

-- As in 0006, with the switch routing before the contact's own conversation.
CREATE OR REPLACE FUNCTION inbox_record_inbound(p_channel_id uuid, p_event_id text, p_provider_message_id text,
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
	o_conversation_id := chat_switch_route(p_phone);
	IF o_conversation_id IS NULL THEN
		SELECT c.o_conversation_id, c.o_created INTO o_conversation_id, o_conversation_created
			FROM inbox_open_conversation(o_contact_id, p_channel_id) c;
	END IF;
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

REVOKE EXECUTE ON FUNCTION chat_switch_route(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION chat_switch_route(text) TO switchboard_app;
