// Package twilio is a voice.Carrier for Twilio Programmable Voice: legs are
// placed with the Calls REST API and their audio reaches the media node as a
// bidirectional Media Stream (<Connect><Stream>).
//
// # Placing and ending a leg
//
// Dial creates a Call resource:
//
//	POST {BaseURL}/2010-04-01/Accounts/{AccountSID}/Calls.json
//	Authorization: Basic AccountSID:AuthToken
//	Content-Type: application/x-www-form-urlencoded
//
//	To=+14155550100&From=+15005550006
//	&Twiml=<Response><Connect><Stream url="wss://node/v1/stream"><Parameter name="token" value="…"/></Stream></Connect></Response>
//	&StatusCallback=https://api.example/hooks/voice/twilio&StatusCallbackMethod=POST
//	&StatusCallbackEvent=initiated&StatusCallbackEvent=ringing&StatusCallbackEvent=answered&StatusCallbackEvent=completed
//	&Timeout=30
//
// Twilio's <Stream url> takes no query string and Twilio sends no custom
// headers on the upgrade, so the query parameters of DialParams.StreamURL
// (the stream token) and DialParams.StreamHeaders become <Parameter>
// elements, which Twilio hands back in the start message's
// customParameters (StreamMessage.CustomParameters).
//
// Hangup updates the call with Status=completed, which ends a call in any
// state (Twilio cancels one still queued or ringing).
//
// # Status callbacks
//
// Twilio POSTs form-encoded callbacks signed with X-Twilio-Signature:
// base64 HMAC-SHA1 of the exact public URL followed by the sorted
// parameters, keyed with the auth token. ParseStatus verifies it with
// integrations/sms (the same algorithm as the messaging webhooks, including
// the tolerance for Twilio's ":443" spelling of the URL) and maps CallStatus:
// queued and initiated → initiated, ringing, in-progress, completed, busy,
// no-answer, failed, canceled. CallDuration gives the answered seconds,
// Timestamp the time, and CallSid with SequenceNumber the event id.
//
// # Media Streams
//
// Twilio's stream messages are camelCase with μ-law audio and string
// numbers. The media node speaks that dialect itself (media/event.go decodes
// it without allocating per frame, media/session.go answers in it), so that a
// Twilio stream is bridged like a seed-004 one. Twilio has no hang-up
// message: session.hangup is done with Hangup on the REST API.
package twilio
