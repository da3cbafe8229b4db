// Package whatsapptest is a fake WhatsApp Cloud API for tests and the dev
// simulator: a real HTTP server that speaks Meta's wire formats in both
// directions, so code is exercised through the same bytes it will meet in
// production rather than against a mock that accepts anything.
//
// Outbound, it serves POST /{version}/{phone_number_id}/messages like the
// Graph API: it checks the bearer token (401, code 190), validates text and
// template messages, enforces the 24-hour customer service window (code
// 131047; templates are always allowed), answers with a fresh wamid and
// records the send. FailNext queues canned errors (rate limits, outages).
//
// Inbound, it builds Meta's webhook payloads for a user's text message and
// for status updates of messages it accepted, signs them with the app
// secret (X-Hub-Signature-256) and POSTs them to the webhook under test. A
// delivered inbound message opens that user's window, exactly as a real
// customer message would.
//
//	wa := whatsapptest.NewServer(t, "token", "app-secret")
//	client := wa.Client() // a *whatsapp.Client aimed at the fake
//	resp := wa.Inbound(t, webhookURL, "1234567890", "447700900123", "Ana", "hi")
//	... the code under test answers through client ...
//	sent := wa.WaitFor(t, 1, 5*time.Second)
//	wa.Status(t, webhookURL, "1234567890", sent[0].ID, "delivered")
//
// Where the real Cloud API reports 131047: for a free-form message outside
// the window it usually answers 200 with a wamid and reports the failure
// later, in a "failed" status webhook. The fake's default, WindowReject,
// answers 400 at once, which is simpler to test; SetWindowPolicy
// (WindowFailStatus) switches to the production behaviour, and a later
// Status(..., "failed") then carries the 131047 error. Code that sends
// free-form messages should be tested both ways.
//
// New builds the same fake without a listener, as an http.Handler, for a
// long-running simulator; the methods taking a context instead of a
// testing.TB are for that use.
package whatsapptest
