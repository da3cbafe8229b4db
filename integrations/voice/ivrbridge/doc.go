// Package ivrbridge is a voice.Carrier for the IVR Solutions WSS telephony
// bridge (seed 004), and the home of that bridge's wire format: the simulated
// carrier (integrations/voice/sim) speaks exactly what this package defines,
// so the API drives the simulator with the same Client it would point at the
// real bridge.
//
// # Placing a call
//
//	POST {BaseURL}/calls
//	Authorization: Bearer {APIKey}        (when an API key is configured)
//	Content-Type: application/json
//
//	{
//	  "from": "+15005550006",
//	  "callTo": "+14155550100",
//	  "wsUrl": "wss://media-1.example/v1/stream?token=…",
//	  "wsHeaders": {"X-Leg": "…"},
//	  "audioFormat": {"encoding": "pcm", "sampleRate": 8000},
//	  "statusCallback": "https://api.example/hooks/voice/ivrbridge",
//	  "ringTimeout": 30
//	}
//
// from, callTo, wsUrl, wsHeaders and audioFormat are the seed's fields.
// statusCallback and ringTimeout (seconds, 0 for the carrier's default) are
// our extensions: the seed says callbacks exist but not how a call names
// where they go. The answer is 200 or 201 with
//
//	{"call_sid": "call_1707204900000_a1b2c3", "status": "initiated"}
//
// A 4xx answer is a permanent refusal (the error wraps voice.ErrRejected); a
// 5xx, a 429, a timeout or a network failure is worth retrying.
//
// # Hanging up (our extension)
//
//	POST {BaseURL}/calls/{call_sid}/hangup
//
// answers 200 (or 204) whether the call was ringing, live or already over:
// hanging up an ended call is not an error. An unknown call_sid is 404,
// which Hangup also treats as done. A ringing call ends with call.canceled, a
// live one with call.completed.
//
// # Status callbacks
//
// For every status change of a call the bridge POSTs to its statusCallback:
//
//	POST {statusCallback}
//	Content-Type: application/json
//	X-IVR-Timestamp: 1707204905
//	X-IVR-Signature: v1=5257a869…(hex)
//
//	{
//	  "event": "call.completed",
//	  "call_sid": "call_1707204900000_a1b2c3",
//	  "timestamp": "2024-02-06T07:35:05.123Z",
//	  "duration": 42,
//	  "reason": "callended",
//	  "event_id": "evt_…"
//	}
//
// event is one of call.initiated, call.ringing, call.in-progress,
// call.completed, call.busy, call.no-answer, call.failed (the seed's list)
// and call.canceled (ours, for a call hung up before it was answered).
// duration is the answered time in whole seconds, on call.completed only.
// reason is free text, on final events. event_id is unique per event and
// repeated on every retry of it, for de-duplication.
//
// The signature is "v1=" and the lowercase hex of
//
//	HMAC-SHA256(secret, X-IVR-Timestamp + "." + raw body)
//
// with the secret shared by the bridge and us. A receiver checks it over the
// raw bytes before decoding anything, and refuses a timestamp more than
// DefaultTolerance (5 minutes) away from its clock, so a captured callback
// cannot be replayed later. Several "v1=" values may be given, separated by
// commas, while a secret is being rotated; one match is enough. The URL is
// not signed: the secret is per bridge account, and the body names the call.
//
// A receiver answers 2xx once it has stored the event; anything else makes
// the bridge retry, up to 5 attempts with exponential backoff (the seed's
// policy), always with the same event_id.
package ivrbridge
