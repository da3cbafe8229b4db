// Package live is the tenant-scoped live-event bus: domain code publishes "this
// thing changed" inside its business transaction, and every API node delivers
// that to the GraphQL subscriptions of the same tenant, whichever node the
// subscriber is connected to.
//
// How data moves:
//
//  1. [Publish] inserts a row into live_events in the caller's tenant
//     transaction: a topic and a subject id, never customer data. The event
//     exists exactly when the change commits.
//  2. After commit the caller calls [Bus.Wake]. The local tailer runs at once,
//     and a single coalesced NOTIFY (outside any business transaction) wakes the
//     other nodes. A NOTIFY inside every business transaction would take
//     PostgreSQL's global notify lock at each commit and serialise them; the
//     benchmark in this package measures the difference.
//  3. Every node tails live_events by id through db.AsSystem (ids and tenant ids
//     only), dispatches each event to its local subscribers of that tenant, and
//     keeps a high-water mark with a short grace for gaps (ids of transactions
//     that had not committed yet when it read). A one-second poll covers lost
//     notifications and restarts of the listening connection.
//  4. Subscribers re-read the subject under their own tenant scope, because
//     LISTEN/NOTIFY and the system role ignore row-level security.
//
// Each subscriber has a bounded channel; publishing never blocks, and a
// subscriber that falls behind is closed with ErrSlowConsumer rather than
// waited for. Old rows are deleted after an hour: live events are wake-ups, and
// a client that reconnects re-reads the current state.
package live
