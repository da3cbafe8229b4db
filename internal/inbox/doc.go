// Package inbox is where customers' messages live: channels (a tenant's SMS
// numbers, WhatsApp numbers and web chat), contacts, conversations and
// messages, and the two paths a message takes.
//
// Inbound: a provider POSTs to /hooks/{provider}/{channelID}. [Hooks] finds the
// channel's tenant through the channel_tenant SECURITY DEFINER function, reads
// the channel's credentials under that tenant, and verifies the provider's
// signature over the raw request before anything in it is interpreted. Then one
// tenant transaction records the provider's event id (a retried webhook hits
// the primary key and stores nothing twice), finds or creates the contact (one
// per phone number per tenant) and its open conversation, stores the message
// and publishes live events. Only after that commits does the provider get its
// 200. Status callbacks move an outbound message forward only: a late or
// repeated "delivered" never turns a "read" back.
//
// Outbound: [Service.SendMessage] stores the message as queued with its
// message_send job in one transaction; the [SendWorker] calls the provider
// outside any transaction, with the message id as idempotency key so a retried
// job cannot send twice, and records sent (with the provider's id) or failed
// (with the provider's reason). WhatsApp refuses free-form replies outside the
// 24-hour customer service window; SendMessage refuses them first, naming the
// template route instead.
package inbox
