package media

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
)

// Limits on what a carrier may send in one WebSocket message.
const (
	// MaxEventBytes is the WebSocket read limit: a 20 ms slin frame is about
	// 560 bytes of JSON; a second of audio in one message is about 22 KB.
	MaxEventBytes = 32 << 10
	// MaxPayloadBytes is the largest decoded audio payload (one second of
	// slin at 8 kHz).
	MaxPayloadBytes = 16000
	maxSIDLen       = 128
	maxNameLen      = 256
)

// Dialect is the wire flavour of a stream: the seed-004 protocol (snake_case,
// raw/slin) or Twilio Media Streams (camelCase, μ-law).
type Dialect int

// The dialects a stream may speak.
const (
	DialectSeed004 Dialect = iota
	DialectTwilio
)

// Encoding of a stream's audio payloads.
type Encoding int

// The payload encodings a stream's start may announce.
const (
	EncodingSlin Encoding = iota
	EncodingUlaw
	EncodingAlaw
)

// Event is one validated carrier message, its audio decoded to 8 kHz PCM.
type Event struct {
	Kind      string // a voice.Event* name
	Seq       int64
	StreamSID string
	Dialect   Dialect
	Start     *voice.StreamStart
	Encoding  Encoding // of a start
	PCM       []int16  // of a media event
	Payload   []byte   // of a media event, still encoded
	Digit     string
	Mark      string
	Stop      *voice.StreamStop
}

// EventError is a rejected carrier message; Reason is logged.
type EventError struct{ Reason string }

func (e *EventError) Error() string { return "bad stream event: " + e.Reason }

func bad(format string, args ...any) error {
	return &EventError{Reason: fmt.Sprintf(format, args...)}
}

// rawEvent takes both dialects: the seed's snake_case and Twilio's camelCase
// (encoding/json matches names case-insensitively, and the two spellings
// differ by an underscore, so they never collide).
type rawEvent struct {
	Event    string            `json:"event"`
	SeqSnake json.RawMessage   `json:"sequence_number"`
	SeqCamel json.RawMessage   `json:"sequenceNumber"`
	SIDSnake string            `json:"stream_sid"`
	SIDCamel string            `json:"streamSid"`
	Start    *rawStart         `json:"start"`
	Media    *rawMedia         `json:"media"`
	DTMF     *rawDTMF          `json:"dtmf"`
	Mark     *voice.StreamMark `json:"mark"`
	Stop     *rawStop          `json:"stop"`
	Protocol string            `json:"protocol"` // Twilio's connected
}

type rawStart struct {
	SIDSnake    string     `json:"stream_sid"`
	SIDCamel    string     `json:"streamSid"`
	CallSnake   string     `json:"call_sid"`
	CallCamel   string     `json:"callSid"`
	From        string     `json:"from"`
	To          string     `json:"to"`
	FormatSnake *rawFormat `json:"media_format"`
	FormatCamel *rawFormat `json:"mediaFormat"`
}

type rawFormat struct {
	Encoding  string `json:"encoding"`
	RateSnake int    `json:"sample_rate"`
	RateCamel int    `json:"sampleRate"`
	Channels  int    `json:"channels"`
}

type rawMedia struct {
	Payload string `json:"payload"`
	Track   string `json:"track"`
}

type rawDTMF struct {
	Digit string `json:"digit"`
}

type rawStop struct {
	CallSnake string `json:"call_sid"`
	CallCamel string `json:"callSid"`
	Reason    string `json:"reason"`
}

// DecodeStreamEvent parses and validates one message on its own: the event
// is known, its required fields are present and well-formed, its payload is
// base64 of at most MaxPayloadBytes. Ordering and the payload's encoding are
// the Stream's business.
func DecodeStreamEvent(b []byte) (Event, error) {
	return decodeStreamEvent(b, nil, "")
}

// decodeStreamEvent decodes a media payload into buf's storage when it can;
// sid is the started stream's id, reused when the event names it.
func decodeStreamEvent(b, buf []byte, sid string) (Event, error) {
	var ev Event
	if len(b) > MaxEventBytes {
		return ev, bad("message of %d bytes exceeds %d", len(b), MaxEventBytes)
	}
	if ev, ok := fastMedia(b, buf, sid); ok {
		return ev, nil
	}
	return decodeSlow(b)
}

// decodeSlow is the full decoder, for every message fastMedia passes on.
func decodeSlow(b []byte) (Event, error) {
	var ev Event
	if len(b) > MaxEventBytes {
		return ev, bad("message of %d bytes exceeds %d", len(b), MaxEventBytes)
	}
	var r rawEvent
	// Unmarshal refuses trailing data after the object as well.
	if err := json.Unmarshal(b, &r); err != nil {
		return ev, bad("malformed JSON: %v", err)
	}
	ev.Kind = r.Event
	camel := r.SIDCamel != "" || len(r.SeqCamel) > 0 || r.Protocol != ""
	if camel {
		ev.Dialect = DialectTwilio
	}
	if r.SIDSnake != "" && r.SIDCamel != "" {
		return ev, bad("both stream_sid and streamSid")
	}
	ev.StreamSID = r.SIDSnake + r.SIDCamel
	seq, err := parseSeq(r.SeqSnake, r.SeqCamel)
	if err != nil {
		return ev, err
	}
	ev.Seq = seq
	if len(ev.StreamSID) > maxSIDLen || !printable(ev.StreamSID) {
		return ev, bad("stream_sid too long or not printable")
	}
	needSID := func() error {
		if ev.StreamSID == "" {
			return bad("%s without stream_sid", ev.Kind)
		}
		return nil
	}
	switch r.Event {
	case voice.EventConnected:
		return ev, nil
	case voice.EventStart:
		return decodeStart(ev, r.Start)
	case voice.EventMedia:
		if err := needSID(); err != nil {
			return ev, err
		}
		if r.Media == nil || r.Media.Payload == "" {
			return ev, bad("media without payload")
		}
		if r.Media.Track != "" && r.Media.Track != "inbound" {
			return ev, bad("media track %q is not inbound", r.Media.Track)
		}
		if base64.StdEncoding.DecodedLen(len(r.Media.Payload)) > MaxPayloadBytes+3 {
			return ev, bad("payload exceeds %d bytes", MaxPayloadBytes)
		}
		p, err := base64.StdEncoding.DecodeString(r.Media.Payload)
		if err != nil {
			return ev, bad("payload is not base64: %v", err)
		}
		if len(p) > MaxPayloadBytes {
			return ev, bad("payload exceeds %d bytes", MaxPayloadBytes)
		}
		ev.Payload = p
		return ev, nil
	case voice.EventDTMF:
		if err := needSID(); err != nil {
			return ev, err
		}
		if r.DTMF == nil || len(r.DTMF.Digit) != 1 || !strings.Contains("0123456789*#ABCD", r.DTMF.Digit) {
			return ev, bad("dtmf digit missing or not one of 0-9*#A-D")
		}
		ev.Digit = r.DTMF.Digit
		return ev, nil
	case voice.EventMark:
		if err := needSID(); err != nil {
			return ev, err
		}
		if r.Mark == nil || r.Mark.Name == "" || len(r.Mark.Name) > maxNameLen {
			return ev, bad("mark without a name (or longer than %d)", maxNameLen)
		}
		ev.Mark = r.Mark.Name
		return ev, nil
	case voice.EventClear:
		return ev, needSID()
	case voice.EventStop:
		if err := needSID(); err != nil {
			return ev, err
		}
		ev.Stop = &voice.StreamStop{}
		if r.Stop != nil {
			ev.Stop.CallSID = r.Stop.CallSnake + r.Stop.CallCamel
			ev.Stop.Reason = r.Stop.Reason
		}
		if len(ev.Stop.Reason) > maxNameLen {
			ev.Stop.Reason = ev.Stop.Reason[:maxNameLen]
		}
		return ev, nil
	case "":
		return ev, bad("no event name")
	}
	return ev, bad("unknown event %.40q", r.Event)
}

func decodeStart(ev Event, s *rawStart) (Event, error) {
	if s == nil {
		return ev, bad("start without its start object")
	}
	sid := s.SIDSnake + s.SIDCamel
	if ev.StreamSID == "" {
		ev.StreamSID = sid
	}
	if ev.StreamSID == "" || (sid != "" && sid != ev.StreamSID) {
		return ev, bad("start's stream_sid missing or differs from the message's")
	}
	if len(ev.StreamSID) > maxSIDLen || !printable(ev.StreamSID) {
		return ev, bad("stream_sid too long or not printable")
	}
	f := s.FormatSnake
	if f == nil {
		f = s.FormatCamel
	}
	if f == nil {
		return ev, bad("start without media_format")
	}
	switch strings.ToLower(f.Encoding) {
	case "raw/slin", "slin", "pcm", "audio/l16", "audio/x-l16":
		ev.Encoding = EncodingSlin
	case "audio/x-mulaw", "mulaw", "ulaw", "pcmu":
		ev.Encoding = EncodingUlaw
	case "audio/x-alaw", "alaw", "pcma":
		ev.Encoding = EncodingAlaw
	default:
		return ev, bad("unsupported encoding %.40q", f.Encoding)
	}
	if rate := f.RateSnake + f.RateCamel; rate != audio.Rate {
		return ev, bad("sample rate %d, want %d", rate, audio.Rate)
	}
	if f.Channels > 1 {
		return ev, bad("%d channels, want mono", f.Channels)
	}
	ev.Start = &voice.StreamStart{
		StreamSID: ev.StreamSID, CallSID: s.CallSnake + s.CallCamel, From: s.From, To: s.To,
		MediaFormat: voice.MediaFormat{Encoding: f.Encoding, SampleRate: audio.Rate},
	}
	return ev, nil
}

// parseSeq takes the seed's number or Twilio's numeric string.
func parseSeq(snake, camel json.RawMessage) (int64, error) {
	raw := snake
	if len(camel) > 0 {
		if len(snake) > 0 {
			return 0, bad("both sequence_number and sequenceNumber")
		}
		raw = camel
	}
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	s := string(raw)
	if s[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, bad("sequence number: %v", err)
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, bad("sequence number %.20q is not a non-negative integer", s)
	}
	return n, nil
}

// printable reports whether s is all visible ASCII; it takes the bytes of a
// fast-path event as they are, without a string copy.
func printable[T string | []byte](s T) bool {
	for i := range len(s) {
		if c := s[i]; c < 0x21 || c > 0x7e {
			return false
		}
	}
	return true
}

// Stream validates the order of one WebSocket connection's events:
// connected (optional) first, then start, then media, dtmf, mark and clear,
// then stop; nothing after stop; every event names the started stream; a
// sequence number never goes backwards. It also decodes media payloads by
// the started stream's encoding. One Stream per connection.
type Stream struct {
	state    int // 0 new, 1 connected, 2 started, 3 stopped
	sid      string
	dialect  Dialect
	encoding Encoding
	lastSeq  int64
	pcm      []int16
	payload  []byte
}

// ErrAfterStop is returned for any event after the stream's stop.
var ErrAfterStop = errors.New("bad stream event: event after stop")

// Next decodes and validates one message. The returned event's PCM is only
// valid until the next call.
func (s *Stream) Next(b []byte) (Event, error) {
	ev, err := decodeStreamEvent(b, s.payload, s.sid)
	if ev.Kind == voice.EventMedia && err == nil {
		s.payload = ev.Payload[:0]
	}
	if err != nil {
		return ev, err
	}
	if s.state == 3 {
		return ev, ErrAfterStop
	}
	if ev.Seq > 0 {
		if ev.Seq <= s.lastSeq {
			return ev, bad("sequence number %d after %d", ev.Seq, s.lastSeq)
		}
	}
	switch ev.Kind {
	case voice.EventConnected:
		if s.state != 0 {
			return ev, bad("connected after the stream began")
		}
		s.state = 1
	case voice.EventStart:
		if s.state >= 2 {
			return ev, bad("second start")
		}
		s.state, s.sid, s.dialect, s.encoding = 2, ev.StreamSID, ev.Dialect, ev.Encoding
	case voice.EventStop:
		if s.state == 2 && ev.StreamSID != s.sid {
			return ev, bad("stop names stream %.40q, not %.40q", ev.StreamSID, s.sid)
		}
		s.state = 3
	default:
		if s.state != 2 {
			return ev, bad("%s before start", ev.Kind)
		}
		if ev.StreamSID != s.sid {
			return ev, bad("%s names stream %.40q, not %.40q", ev.Kind, ev.StreamSID, s.sid)
		}
	}
	if ev.Seq > 0 {
		s.lastSeq = ev.Seq
	}
	if ev.Kind == voice.EventMedia {
		switch s.encoding {
		case EncodingSlin:
			s.pcm, err = audio.DecodeSlin(s.pcm[:0], ev.Payload)
			if err != nil {
				return ev, bad("odd-length slin payload (%d bytes)", len(ev.Payload))
			}
		case EncodingUlaw:
			s.pcm = audio.DecodeUlaw(s.pcm[:0], ev.Payload)
		case EncodingAlaw:
			s.pcm = audio.DecodeAlaw(s.pcm[:0], ev.Payload)
		}
		ev.PCM = s.pcm
	}
	return ev, nil
}

// Dialect is the dialect the stream's start used.
func (s *Stream) Dialect() Dialect { return s.dialect }

// fastMedia decodes the one message that makes up nearly all of a stream,
// a media event in the seed's own layout (the key order of its example, no
// whitespace, no escapes), without reflection: it is a quarter of the node's
// CPU otherwise. Anything else, and anything it doubts, goes to the full
// decoder; FuzzDecodeStreamEvent checks that the two agree. known is the
// started stream's id: an event naming it shares the string instead of
// allocating its own copy every frame.
func fastMedia(b, buf []byte, known string) (Event, bool) {
	var ev Event
	p, ok := cutPrefix(b, `{"event":"media","sequence_number":`)
	var seq int64
	if ok {
		seq, p, ok = fastUint(p)
	}
	if ok {
		p, ok = cutPrefix(p, `,"stream_sid":"`)
	}
	var sid, payload []byte
	if ok {
		sid, p, ok = fastString(p)
	}
	if ok {
		p, ok = cutPrefix(p, `,"media":{"chunk":`)
	}
	if ok {
		_, p, ok = fastUint(p)
	}
	if ok {
		p, ok = cutPrefix(p, `,"timestamp":"`)
	}
	if ok {
		_, p, ok = fastString(p)
	}
	if ok {
		p, ok = cutPrefix(p, `,"payload":"`)
	}
	if ok {
		payload, p, ok = fastString(p)
	}
	if !ok || string(p) != "}}" || len(sid) == 0 || len(sid) > maxSIDLen || !printable(sid) || len(payload) == 0 ||
		base64.StdEncoding.DecodedLen(len(payload)) > MaxPayloadBytes+3 {
		return ev, false
	}
	need := base64.StdEncoding.DecodedLen(len(payload))
	if cap(buf) < need {
		buf = make([]byte, need)
	}
	n, err := base64.StdEncoding.Decode(buf[:need], payload)
	if err != nil || n > MaxPayloadBytes {
		return ev, false
	}
	ev.Kind, ev.Seq, ev.StreamSID, ev.Payload = voice.EventMedia, seq, known, buf[:n]
	if string(sid) != known {
		ev.StreamSID = string(sid)
	}
	return ev, true
}

func cutPrefix(b []byte, prefix string) ([]byte, bool) {
	if len(b) < len(prefix) || string(b[:len(prefix)]) != prefix {
		return b, false
	}
	return b[len(prefix):], true
}

// fastUint reads a JSON non-negative integer (no leading zeros, at most 18
// digits so that it cannot overflow).
func fastUint(b []byte) (int64, []byte, bool) {
	i := 0
	var n int64
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		n = n*10 + int64(b[i]-'0')
		i++
	}
	if i == 0 || i > 18 || (i > 1 && b[0] == '0') {
		return 0, b, false
	}
	return n, b[i:], true
}

// fastString reads up to the closing quote of a JSON string that has no
// escapes and no control characters.
func fastString(b []byte) ([]byte, []byte, bool) {
	i := bytes.IndexByte(b, '"')
	if i < 0 {
		return nil, b, false
	}
	for _, c := range b[:i] {
		if c < 0x20 || c == '\\' || c >= 0x80 {
			return nil, b, false
		}
	}
	return b[:i], b[i+1:], true
}
