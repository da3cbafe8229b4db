// Package sim is a simulated phone network: a carrier that speaks the
// ivrbridge wire format (integrations/voice/ivrbridge) and rings scripted
// handsets, so that every voice flow runs on a laptop and in tests exactly as
// it would with a real carrier. `switchboard dev` runs it in process,
// `switchboard sim` on its own.
//
// The API drives it with the ivrbridge client (Server.Carrier returns one
// named "sim"): POST /calls rings the handset with the called number. What
// the handset does is its Script: answer after a delay, be busy, not answer,
// fail, or (Manual) wait for a person in the console. Each call reports its
// statuses as signed ivrbridge callbacks (call.initiated, call.ringing,
// call.in-progress, then call.completed, call.busy, call.no-answer,
// call.failed or call.canceled), in order, each retried up to
// Options.CallbackAttempts times with exponential backoff and the same
// event_id.
//
// When a handset answers, it opens the WebSocket the call named (wsUrl, with
// wsHeaders on the upgrade) and streams the seed-004 events: connected, start
// (with the call's stream_sid), then one media event every 20 ms, steadily,
// carrying base64 PCM16LE 8 kHz of what its microphone picks up (the
// script's sentence, rendered by espeak-ng, or tone, or silence, or the
// console's input), dtmf events for key presses, and stop when the handset
// hangs up. It plays what the media node sends, binary PCM frames or
// response.audio.delta messages, at the same 20 ms pace into what the handset
// "heard" (Server.Heard), honours audio.clear, echoes marks once the audio
// queued before them has played, and ends the call on session.hangup. A
// scripted drop closes the WebSocket without a stop, and the handset
// reconnects later with the same stream_sid: the resume path of the media
// node. Sequence numbers and media chunks keep counting across reconnects.
//
// # HTTP API
//
// The bridge API (ivrbridge; Authorization: Bearer Options.APIKey when set):
//
//	POST /calls                  place a call
//	POST /calls/{call_sid}/hangup hang up a ringing or live call
//
// The console's phone simulator (dev only; mount it behind the console's
// authentication):
//
//	GET  /handsets                       the handsets and their state (HandsetInfo)
//	PUT  /handsets/{number}              add a handset or change its script (Script JSON)
//	POST /handsets/{number}/answer       answer a ringing handset
//	POST /handsets/{number}/decline      decline it (the call ends busy)
//	POST /handsets/{number}/keys         {"digits":"12#"}: press keys on the live call
//	POST /handsets/{number}/input        {"tone_hz":440}: what the microphone hears (0 = silence)
//	POST /handsets/{number}/hangup       hang up
//	GET  /handsets/{number}/audio        WebSocket: binary PCM16LE 8 kHz 20 ms frames of what
//	                                     the handset hears; accepts {"type":"tone","hz":440},
//	                                     {"type":"silence"} and {"type":"keys","digits":"5"}
//
// Script JSON writes durations as Go duration strings:
//
//	{"answer_after":"1s","hangup_after":"30s","say":"Hello","tone_hz":440,
//	 "digits":[{"at":"2s","digit":"5"}],"drop_at":"3s","reconnect_after":"2s",
//	 "duplicate_callbacks":true,"duplicate_stop":true}
//
// The last two make the handset's carrier misbehave (every callback twice
// with the same event_id; stop twice), for tests that the API keeps one
// consistent call record.
//
// # For tests
//
// Server.WaitState, WaitStatus and WaitFor wait for a handset's state;
// Heard returns what it played. A handset called while on another call is
// busy, as a phone without call waiting is.
package sim
