package voice

// The seed-004 WSS event protocol, carrier → media node. Field names follow the
// seed exactly (snake_case). Audio payloads are base64 of 16-bit little-endian
// signed PCM, mono, 8 kHz ("raw/slin"); Twilio-style streams carry μ-law and
// camelCase names and are translated by their carrier package into these.

// Stream event names.
const (
	EventConnected = "connected"
	EventStart     = "start"
	EventMedia     = "media"
	EventDTMF      = "dtmf"
	EventMark      = "mark"
	EventClear     = "clear"
	EventStop      = "stop"
)

// StreamEvent is one JSON message from the carrier.
type StreamEvent struct {
	Event          string       `json:"event"`
	SequenceNumber int64        `json:"sequence_number,omitempty"`
	StreamSID      string       `json:"stream_sid,omitempty"`
	Start          *StreamStart `json:"start,omitempty"`
	Media          *StreamMedia `json:"media,omitempty"`
	DTMF           *StreamDTMF  `json:"dtmf,omitempty"`
	Mark           *StreamMark  `json:"mark,omitempty"`
	Stop           *StreamStop  `json:"stop,omitempty"`
}

// StreamStart carries the call's metadata.
type StreamStart struct {
	StreamSID   string      `json:"stream_sid"`
	CallSID     string      `json:"call_sid"`
	From        string      `json:"from"`
	To          string      `json:"to"`
	MediaFormat MediaFormat `json:"media_format"`
}

// MediaFormat names the audio encoding; Switchboard speaks "raw/slin" at 8000.
type MediaFormat struct {
	Encoding   string `json:"encoding"`
	SampleRate int    `json:"sample_rate"`
}

// StreamMedia is one chunk of audio.
type StreamMedia struct {
	Chunk     int64  `json:"chunk"`
	Timestamp string `json:"timestamp"`
	Payload   string `json:"payload"`
}

// StreamDTMF is one key press.
type StreamDTMF struct {
	Digit    string `json:"digit"`
	Duration string `json:"duration,omitempty"`
}

// StreamMark names a point in the played audio.
type StreamMark struct {
	Name string `json:"name"`
}

// StreamStop ends the stream.
type StreamStop struct {
	CallSID string `json:"call_sid"`
	Reason  string `json:"reason"`
}

// Command types, media node → carrier (seed 004 section 6). Audio may also be
// sent as a binary WebSocket message of raw PCM.
const (
	CommandAudio  = "response.audio.delta"
	CommandHangup = "session.hangup"
	CommandDTMF   = "session.dtmf"
	CommandClear  = "audio.clear"
	// CommandMark asks the carrier to echo a mark event when the audio queued
	// before it has played (as Twilio's mark does).
	CommandMark = "mark"
)

// StreamCommand is one JSON message to the carrier.
type StreamCommand struct {
	Type  string      `json:"type"`
	Delta string      `json:"delta,omitempty"`
	DTMF  string      `json:"dtmf,omitempty"`
	Mark  *StreamMark `json:"mark,omitempty"`
}
