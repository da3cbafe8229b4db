package twilio

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
)

// MaxStreamMessage bounds one Twilio stream message; a 20 ms media message
// is about 300 bytes.
const MaxStreamMessage = 64 << 10

// ErrStreamMessage: a Media Streams message we cannot translate.
var ErrStreamMessage = errors.New("twilio: bad stream message")

// ErrNoStreamEquivalent: a command Twilio's stream cannot carry (hang up:
// use Client.Hangup; send DTMF: not supported on Media Streams).
var ErrNoStreamEquivalent = errors.New("twilio: no Media Streams equivalent")

// twilioMessage is one Media Streams message, either direction. Twilio
// writes sequenceNumber, chunk and timestamp as strings.
type twilioMessage struct {
	Event          string       `json:"event"`
	SequenceNumber string       `json:"sequenceNumber,omitempty"`
	StreamSID      string       `json:"streamSid,omitempty"`
	Protocol       string       `json:"protocol,omitempty"`
	Version        string       `json:"version,omitempty"`
	Start          *twilioStart `json:"start,omitempty"`
	Media          *twilioMedia `json:"media,omitempty"`
	DTMF           *twilioDTMF  `json:"dtmf,omitempty"`
	Mark           *twilioMark  `json:"mark,omitempty"`
	Stop           *twilioStop  `json:"stop,omitempty"`
}

type twilioStart struct {
	StreamSID        string            `json:"streamSid"`
	AccountSID       string            `json:"accountSid"`
	CallSID          string            `json:"callSid"`
	Tracks           []string          `json:"tracks"`
	CustomParameters map[string]string `json:"customParameters"`
	MediaFormat      struct {
		Encoding   string `json:"encoding"`
		SampleRate int    `json:"sampleRate"`
		Channels   int    `json:"channels"`
	} `json:"mediaFormat"`
}

type twilioMedia struct {
	Track     string `json:"track,omitempty"`
	Chunk     string `json:"chunk,omitempty"`
	Timestamp string `json:"timestamp,omitempty"`
	Payload   string `json:"payload"`
}

type twilioDTMF struct {
	Track string `json:"track,omitempty"`
	Digit string `json:"digit"`
}

type twilioMark struct {
	Name string `json:"name"`
}

type twilioStop struct {
	AccountSID string `json:"accountSid"`
	CallSID    string `json:"callSid"`
}

// StreamMessage is a Twilio message translated to the seed-004 protocol.
type StreamMessage struct {
	Event voice.StreamEvent
	// CustomParameters are the start message's <Parameter>s (the stream
	// token, among others); nil for other events.
	CustomParameters map[string]string
}

// DecodeStreamMessage translates one Twilio Media Streams message (text
// frame) into a voice.StreamEvent, μ-law payloads becoming PCM16LE.
func DecodeStreamMessage(b []byte) (StreamMessage, error) {
	if len(b) > MaxStreamMessage {
		return StreamMessage{}, fmt.Errorf("decode stream message: %d bytes: %w", len(b), ErrStreamMessage)
	}
	var m twilioMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return StreamMessage{}, fmt.Errorf("decode stream message: %w: %w", ErrStreamMessage, err)
	}
	seq, err := optionalInt(m.SequenceNumber)
	if err != nil {
		return StreamMessage{}, fmt.Errorf("decode stream message: sequenceNumber: %w", err)
	}
	ev := voice.StreamEvent{Event: m.Event, SequenceNumber: seq, StreamSID: m.StreamSID}
	var out StreamMessage
	switch m.Event {
	case "connected":
		ev = voice.StreamEvent{Event: voice.EventConnected}
	case "start":
		if m.Start == nil || m.Start.StreamSID == "" || m.Start.CallSID == "" {
			return StreamMessage{}, fmt.Errorf("decode stream message: start without streamSid or callSid: %w", ErrStreamMessage)
		}
		if enc := m.Start.MediaFormat.Encoding; enc != "audio/x-mulaw" || (m.Start.MediaFormat.SampleRate != 0 && m.Start.MediaFormat.SampleRate != 8000) {
			return StreamMessage{}, fmt.Errorf("decode stream message: media format %q at %d Hz: %w", enc, m.Start.MediaFormat.SampleRate, ErrStreamMessage)
		}
		ev.StreamSID = m.Start.StreamSID
		ev.Start = &voice.StreamStart{StreamSID: m.Start.StreamSID, CallSID: m.Start.CallSID,
			MediaFormat: voice.MediaFormat{Encoding: "raw/slin", SampleRate: audio.Rate}}
		out.CustomParameters = m.Start.CustomParameters
		if out.CustomParameters == nil {
			out.CustomParameters = map[string]string{}
		}
	case "media":
		if m.Media == nil {
			return StreamMessage{}, fmt.Errorf("decode stream message: media without payload: %w", ErrStreamMessage)
		}
		ulaw, err := base64.StdEncoding.DecodeString(m.Media.Payload)
		if err != nil {
			return StreamMessage{}, fmt.Errorf("decode stream message: payload: %w: %w", ErrStreamMessage, err)
		}
		chunk, err := optionalInt(m.Media.Chunk)
		if err != nil {
			return StreamMessage{}, fmt.Errorf("decode stream message: chunk: %w", err)
		}
		if _, err := optionalInt(m.Media.Timestamp); err != nil {
			return StreamMessage{}, fmt.Errorf("decode stream message: timestamp: %w", err)
		}
		ev.Media = &voice.StreamMedia{Chunk: chunk, Timestamp: m.Media.Timestamp,
			Payload: base64.StdEncoding.EncodeToString(audio.EncodeSlin(nil, audio.DecodeUlaw(nil, ulaw)))}
	case "dtmf":
		if m.DTMF == nil || len(m.DTMF.Digit) != 1 {
			return StreamMessage{}, fmt.Errorf("decode stream message: dtmf without one digit: %w", ErrStreamMessage)
		}
		ev.DTMF = &voice.StreamDTMF{Digit: m.DTMF.Digit}
	case "mark":
		if m.Mark == nil {
			return StreamMessage{}, fmt.Errorf("decode stream message: mark without name: %w", ErrStreamMessage)
		}
		ev.Mark = &voice.StreamMark{Name: m.Mark.Name}
	case "stop":
		ev.Stop = &voice.StreamStop{Reason: "callended"}
		if m.Stop != nil {
			ev.Stop.CallSID = m.Stop.CallSID
		}
	default:
		return StreamMessage{}, fmt.Errorf("decode stream message: unknown event %q: %w", truncate(m.Event, 32), ErrStreamMessage)
	}
	out.Event = ev
	return out, nil
}

func optionalInt(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a count: %w", truncate(s, 16), ErrStreamMessage)
	}
	return n, nil
}

// EncodeCommand translates a media node's command into the Twilio message
// for the stream streamSID.
func EncodeCommand(streamSID string, cmd voice.StreamCommand) ([]byte, error) {
	m := twilioMessage{StreamSID: streamSID}
	switch cmd.Type {
	case voice.CommandAudio:
		raw, err := base64.StdEncoding.DecodeString(cmd.Delta)
		if err != nil {
			return nil, fmt.Errorf("encode command: delta: %w", err)
		}
		pcm, err := audio.DecodeSlin(nil, raw)
		if err != nil {
			return nil, fmt.Errorf("encode command: delta: %w", err)
		}
		return EncodeAudio(streamSID, pcm)
	case voice.CommandClear:
		m.Event = "clear"
	case voice.CommandMark:
		if cmd.Mark == nil || cmd.Mark.Name == "" {
			return nil, errors.New("encode command: mark without name")
		}
		m.Event = "mark"
		m.Mark = &twilioMark{Name: cmd.Mark.Name}
	case voice.CommandHangup, voice.CommandDTMF:
		return nil, fmt.Errorf("encode command %s: %w", cmd.Type, ErrNoStreamEquivalent)
	default:
		return nil, fmt.Errorf("encode command: unknown type %q", truncate(cmd.Type, 32))
	}
	return json.Marshal(m)
}

// EncodeAudio returns the Twilio media message playing pcm (8 kHz) on the
// stream: what a binary PCM frame from the node becomes.
func EncodeAudio(streamSID string, pcm []int16) ([]byte, error) {
	return json.Marshal(twilioMessage{Event: "media", StreamSID: streamSID,
		Media: &twilioMedia{Payload: base64.StdEncoding.EncodeToString(audio.EncodeUlaw(nil, pcm))}})
}
