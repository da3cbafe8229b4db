// Package call is the voice domain: calls, their phone legs, the timeline of
// what happened to them, click-to-call, and each call's status callbacks.
//
// A click-to-call (the seed's flow) moves like this:
//
//  1. [Service.Start] (an agent clicked call on a contact) stores the call
//     and its agent leg, status initiated, with a call_leg_dial job, in one
//     tenant transaction.
//  2. [DialWorker] picks the least-loaded live media node (the registry fed
//     by heartbeats, see [Service.Handler]), mints the leg's stream token
//     with the media secret and asks the carrier to ring the agent's phone,
//     handing it the node's stream URL and our status-callback URL.
//  3. The carrier reports the leg's status to POST /hooks/voice/{carrier};
//     once the handset answers, it streams the leg's audio to the node, which
//     fetches the leg's signed session descriptor from the API
//     (GET /media/v1/legs/{legID}/descriptor) and reports what it sees by
//     enqueuing call_media_event jobs ([MediaEventWorker]).
//  4. When the agent's leg is answered, the customer's leg is created and
//     dialed on the same node; both descriptors carry the call id as bridge
//     key, so the node bridges and records them once the customer answers.
//  5. A busy, unanswered or failed customer is announced to the agent by the
//     node (call_leg_announce: Say, then Hangup) and the call ends with that
//     status. When the last leg ends, the call's end time, duration, billable
//     seconds and (from the node's recording_ready) recording are stored.
//
// Statuses only move forward (voice.Status.Rank), and the first final status
// of a leg or a call stays: carriers repeat callbacks, send them late or out
// of order, and media nodes report the same moment the carrier does. Every
// change is one short tenant transaction that also writes the timeline, the
// live event, the tenant's CRM webhook (internal/webhook) and, when the call
// has a callback URL, a signed status-callback delivery with its own River
// job ([CallbackWorker], at most [CallbackMaxAttempts] attempts with
// exponential backoff). Carrier and node requests happen outside
// transactions, in jobs.
package call
