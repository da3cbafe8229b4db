-- The WhatsApp templates a tenant has had approved by Meta, registered per
-- channel so that agents pick one (and fill its parameters) instead of
-- typing its name when the 24-hour window is closed. The body is the text
-- as approved, with {{1}}, {{2}}, … for the parameters; the thread shows it
-- filled in.
CREATE TABLE whatsapp_templates (
	id         uuid PRIMARY KEY,
	tenant_id  uuid NOT NULL REFERENCES tenants (id),
	channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
	name       text NOT NULL CHECK (name ~ '^[a-z0-9_]+$' AND length(name) <= 512),
	language   text NOT NULL CHECK (language ~ '^[a-z]{2,3}(_[A-Za-z]{2,4})?$'),
	body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 1024),
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (channel_id, name, language)
);
CREATE INDEX whatsapp_templates_tenant_idx ON whatsapp_templates (tenant_id, channel_id, name);
ALTER TABLE whatsapp_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE whatsapp_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON whatsapp_templates
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
	WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
