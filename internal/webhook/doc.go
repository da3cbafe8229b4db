// Package webhook sends signed webhooks to tenants' own systems (CRMs,
// helpdesks, data pipelines) when something happens in their workspace.
//
// A tenant admin registers an endpoint: a URL, the event types it wants
// (none means all) and a signing secret we generate ("whsec_...", Standard
// Webhooks format) and show once. The URL is checked by
// webhookhttp.Guard.CheckURL when it is saved, so private, loopback and
// link-local targets are refused up front; the guarded client checks the
// resolved address of every connection again when it sends.
//
// Data moves like this:
//
//	domain tx (e.g. inbox) --Emit--> webhook_deliveries row (pending, payload)
//	                                 + webhook_deliver job      [same tx]
//	River (webhooks queue) --Worker.Work--> read delivery + endpoint [tenant tx]
//	  --POST payload, signed (webhook-id = message_id)--> endpoint [no tx]
//	  --> record status code, answer (2 KiB), duration, error   [tenant tx]
//	  2xx delivered | 410 gone + endpoint disabled | 4xx failed | 5xx/network retry
//
// [Emit] runs inside the caller's tenant transaction: a rolled-back change
// emits nothing, a committed one is delivered or retried. Each event gets
// one message id (the webhook-id header) shared by every endpoint it goes
// to; each endpoint gets its own delivery row and job. The payload is
// stored once as jsonb and sent as PostgreSQL prints it, byte for byte the
// same on every attempt and on [Service.Replay], so receivers can verify the
// signature and de-duplicate on webhook-id.
//
// Retries follow [RetrySchedule] (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h;
// [MaxAttempts] attempts in all) through River's per-worker NextRetry hook.
// River's tables are global and not protected by row-level security, so job
// args carry ids only and errors given to River name the delivery and a
// status code, never a URL, an answer or payload data; those stay on the
// tenant's delivery row.
//
// Everything here is for admins: a caller without the ADMIN role gets
// [ErrNotFound], as does a caller of another tenant.
package webhook
