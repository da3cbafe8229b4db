// Package voice is the contract between Switchboard and phone carriers, and
// between the API and its media nodes. It holds no tenant logic.
//
// A call is made of legs. The API asks a Carrier to Dial a leg, handing it the
// WSS URL of a media node (with a signed stream token). When the leg answers,
// the carrier opens a WebSocket to that URL and streams the leg's audio in the
// seed-004 event protocol (StreamEvent: connected, start, media, dtmf, mark,
// clear, stop); the media node answers with StreamCommand messages. Status
// changes of the leg (initiated, ringing, in-progress, completed, busy,
// no-answer, failed, canceled) reach the API as the carrier's signed HTTP
// callbacks, which the carrier's package decodes into a StatusEvent.
//
// The media node learns what to do with a leg from a SessionDescriptor, which
// the API signs with the secret it shares with its media nodes (Signer) and
// the node verifies; the same signer mints the stream tokens carriers present
// at the upgrade. Implementations of Carrier live in sub-packages: sim (the
// simulated phone network), ivrbridge (the seed-004 bridge API) and twilio.
package voice
