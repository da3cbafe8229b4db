-- Web chat: the keys of each webchat channel, and the anonymous visitors who
-- write through it. See internal/inbox/webchat.go. webchat_visitors joins the
-- isolation harness (db/isolation_test.go).

-- public_key is embedded in the tenant's web pages (data-key="pk_..."): it
-- names the channel and is not a secret. visitor_key signs visitor tokens
-- (HMAC-SHA256): it never leaves the server and no API field returns it.
-- Replacing it signs every visitor out.
ALTER TABLE channels
	ADD COLUMN public_key  text UNIQUE CHECK (public_key ~ '^pk_[0-9a-f]{32}$'),
	ADD COLUMN visitor_key bytea CHECK (length(visitor_key) = 32);

-- Every webchat channel has both keys from its first moment, whoever inserts
-- it. gen_random_uuid() draws from pg_strong_random: 122 random bits each.
CREATE FUNCTION channels_webchat_keys() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
	IF NEW.kind = 'webchat' THEN
		NEW.public_key := coalesce(NEW.public_key, 'pk_' || replace(gen_random_uuid()::text, '-', ''));
		NEW.visitor_key := coalesce(NEW.visitor_key,
			decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER channels_webchat_keys BEFORE INSERT ON channels
	FOR EACH ROW EXECUTE FUNCTION channels_webchat_keys();

UPDATE channels SET public_key = 'pk_' || replace(gen_random_uuid()::text, '-', ''),
	visitor_key = decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex')
	WHERE kind = 'webchat';
ALTER TABLE channels ADD CONSTRAINT channels_webchat_keys_check
	CHECK ((kind = 'webchat') = (public_key IS NOT NULL AND visitor_key IS NOT NULL));

-- A visitor is the browser that holds a visitor token (the token carries the
-- id). The row appears with the visitor's first message or lead, and ties the
-- visitor to their own contact: a visitor never shares a contact, so what a
-- socket may show is "this contact's messages on this channel". The lead
-- fields keep what the offline form said, as given; the contact gets the same
-- name and e-mail, and the phone unless another contact already has it.
CREATE TABLE webchat_visitors (
	id           uuid PRIMARY KEY,
	tenant_id    uuid NOT NULL REFERENCES tenants (id),
	channel_id   uuid NOT NULL REFERENCES channels (id),
	contact_id   uuid REFERENCES contacts (id),
	lead_name    text CHECK (length(lead_name) <= 100),
	lead_email   text CHECK (length(lead_email) <= 254),
	lead_phone   text CHECK (lead_phone ~ '^\+[1-9][0-9]{6,14}$'),
	lead_at      timestamptz,
	created_at   timestamptz NOT NULL DEFAULT now(),
	last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX webchat_visitors_contact_key ON webchat_visitors (contact_id);
CREATE INDEX webchat_visitors_channel_idx ON webchat_visitors (tenant_id, channel_id, created_at);
ALTER TABLE webchat_visitors ENABLE ROW LEVEL SECURITY;
ALTER TABLE webchat_visitors FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webchat_visitors
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- The widget's public key -> channel and tenant, before a tenant is known.
-- Returns only the routing keys.
CREATE FUNCTION webchat_channel_by_key(p_key text)
RETURNS TABLE (tenant_id uuid, channel_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT tenant_id, id FROM channels WHERE kind = 'webchat' AND public_key = p_key AND enabled
$$;

REVOKE EXECUTE ON FUNCTION webchat_channel_by_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION webchat_channel_by_key(text) TO switchboard_app;
