// Package mail is Switchboard's outgoing e-mail: every message is first a row in
// the tenant's email_outbox, written in the same transaction as the change that
// caused it together with its email_send job, so a rolled-back change sends
// nothing and a committed one is always sent (or retried).
//
// The [Worker] re-reads the row under the tenant's scope, sends it through an
// integrations/email Sender outside any transaction, and records the outcome.
// Without an SMTP server (dev) it marks the row CAPTURED instead: the console's
// Outbox page shows exactly what would have gone out. SMTP 5xx replies and
// invalid messages fail the row at once; anything else is retried by River with
// backoff, and the last failure is kept on the row.
package mail
