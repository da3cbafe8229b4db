// Package media is the media node (`switchboard media`): it takes carriers'
// WSS media streams, runs one session per phone leg, bridges legs, records
// them, speaks to them and reports what happened. Later voice issues add
// dial-plan execution, the bot bridge, WebRTC and TURN here.
//
// It never imports graph or internal: the API tells it what to do with a leg
// through a signed session descriptor, and it reports by inserting River jobs
// (jobargs.CallMediaEvent on the calls queue), its only use of PostgreSQL.
//
// How a leg moves through the node:
//
//  1. Upgrade. GET /v1/stream carries a stream token (query `token`, an
//     `Authorization: Bearer` header as seed 004's wsHeaders send it, or the
//     path /v1/stream/{token} for carriers whose URLs take no query string).
//     The token is verified before the upgrade: missing or bad → 401,
//     expired or for another node → 403. A new leg is refused with 503 when
//     the node drains or is full, 409 while its leg has a live stream, 410
//     once its leg has ended.
//  2. Descriptor. The node fetches GET {api}/media/v1/legs/{leg}/descriptor
//     with the same bearer token and verifies the signed answer (same ids as
//     the token; a refusal by the API → 403, an API failure → 502).
//  3. Events. Each WebSocket message is decoded by a Stream: the seed-004
//     events (or Twilio's camelCase, μ-law flavour) are validated on their own
//     (DecodeStreamEvent, fuzzed) and in order (connected, start, then media,
//     dtmf, mark, clear, then stop, nothing after). A bad message is logged
//     and dropped; the call goes on. The read limit is MaxEventBytes: a larger
//     message closes that connection only.
//  4. Bridge. Sessions with the same BridgeKey hear each other. A bridged
//     frame is written to the other leg straight from the sender's reader
//     when nothing is queued there, else queued (the jitter buffer, 25
//     frames; the oldest is dropped beyond). The session's sender goroutine
//     plays what the node itself produces, Say (espeak-ng, cached) and the
//     hold tone, on a strict 20 ms schedule; `clear` flushes the queue,
//     `mark` is echoed once the audio queued before it has been sent.
//  5. Recording. Once both legs are live the bridge records a stereo 8 kHz
//     WAV (agent left, customer right, a dropped leg's gap kept as silence)
//     to a temporary file, written from its own goroutine, and puts it in the
//     blob.Store when both legs have ended.
//  6. End and resume. A stop ends the leg and hangs up its peer
//     (session.hangup, closed after a grace period). A WebSocket lost without
//     stop keeps the session for ResumeWindow (10 s): the peer hears the hold
//     tone, and a reconnect with a valid token and the same stream_sid resumes
//     it; otherwise it ends with reason stream_lost.
//
// The API commands a leg with POST /v1/control (a signed
// voice.ControlCommand: Say, then Hangup once the Say has played). The node
// heartbeats a signed voice.NodeHeartbeat to {api}/media/v1/nodes/heartbeat
// every 5 s; Drain (SIGTERM) reports draining at once, refuses new legs,
// still takes resumes of its own, and Idle closes when the last leg ends.
//
// The codecs, resampler, tone tools, WAV I/O and the espeak-ng Speaker are
// in integrations/voice/audio, shared with the carriers.
package media
