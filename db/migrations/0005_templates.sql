-- WhatsApp template messages: an outbound message may carry the approved
-- template it is sent as (name, language, body parameters). Outside the
-- 24-hour customer service window only these may be sent.
ALTER TABLE messages ADD COLUMN template jsonb;
