package twilio_test

import (
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
	"github.com/switchboard/switchboard/integrations/voice/twilio"
)

// Messages as Twilio's Media Streams documentation shows them.
const (
	twConnected = `{"event":"connected","protocol":"Call","version":"1.0.0"}`
	twStart     = `{"event":"start","sequenceNumber":"1","start":{"accountSid":"AC0123","streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0","callSid":"CA0123","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},"customParameters":{"token":"abc.def"}},"streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0"}`
	twDTMF      = `{"event":"dtmf","streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0","sequenceNumber":"5","dtmf":{"track":"inbound_track","digit":"1"}}`
	twMark      = `{"event":"mark","sequenceNumber":"4","streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0","mark":{"name":"my label"}}`
	twStop      = `{"event":"stop","sequenceNumber":"5","streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0","stop":{"accountSid":"AC0123","callSid":"CA0123"}}`
)

func twMedia(t testing.TB, pcm []int16) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"event": "media", "sequenceNumber": "3", "streamSid": "MZ18ad3ab5a668481ce02b83e7395059f0",
		"media": map[string]string{"track": "inbound", "chunk": "1", "timestamp": "5", "payload": base64.StdEncoding.EncodeToString(audio.EncodeUlaw(nil, pcm))}})
	require.NoError(t, err)
	return b
}

func TestDecodeStreamMessages(t *testing.T) {
	t.Parallel()
	m, err := twilio.DecodeStreamMessage([]byte(twConnected))
	require.NoError(t, err)
	require.Equal(t, voice.StreamEvent{Event: voice.EventConnected}, m.Event)

	m, err = twilio.DecodeStreamMessage([]byte(twStart))
	require.NoError(t, err)
	require.Equal(t, voice.StreamEvent{Event: voice.EventStart, SequenceNumber: 1, StreamSID: "MZ18ad3ab5a668481ce02b83e7395059f0",
		Start: &voice.StreamStart{StreamSID: "MZ18ad3ab5a668481ce02b83e7395059f0", CallSID: "CA0123",
			MediaFormat: voice.MediaFormat{Encoding: "raw/slin", SampleRate: 8000}}}, m.Event)
	require.Equal(t, map[string]string{"token": "abc.def"}, m.CustomParameters)

	tone := audio.Tone(440, 16000, audio.FrameSamples)
	m, err = twilio.DecodeStreamMessage(twMedia(t, tone))
	require.NoError(t, err)
	require.Equal(t, int64(3), m.Event.SequenceNumber)
	require.Equal(t, int64(1), m.Event.Media.Chunk)
	require.Equal(t, "5", m.Event.Media.Timestamp)
	raw, err := base64.StdEncoding.DecodeString(m.Event.Media.Payload)
	require.NoError(t, err)
	require.Len(t, raw, audio.FrameBytes, "μ-law bytes become PCM16 samples")
	pcm, err := audio.DecodeSlin(nil, raw)
	require.NoError(t, err)
	require.Greater(t, audio.Goertzel(pcm, audio.Rate, 440), 0.9)

	m, err = twilio.DecodeStreamMessage([]byte(twDTMF))
	require.NoError(t, err)
	require.Equal(t, &voice.StreamDTMF{Digit: "1"}, m.Event.DTMF)
	m, err = twilio.DecodeStreamMessage([]byte(twMark))
	require.NoError(t, err)
	require.Equal(t, &voice.StreamMark{Name: "my label"}, m.Event.Mark)
	m, err = twilio.DecodeStreamMessage([]byte(twStop))
	require.NoError(t, err)
	require.Equal(t, &voice.StreamStop{CallSID: "CA0123", Reason: "callended"}, m.Event.Stop)
}

func TestDecodeStreamMessageRefusals(t *testing.T) {
	t.Parallel()
	for _, b := range []string{
		`{"event":"teleport"}`,
		`{"event":"start","start":{"streamSid":"MZ1","callSid":"CA1","mediaFormat":{"encoding":"audio/l16","sampleRate":16000}}}`,
		`{"event":"start","start":{"callSid":"CA1"}}`,
		`{"event":"media","media":{"payload":"%%%"}}`,
		`{"event":"media","sequenceNumber":"x","media":{"payload":""}}`,
		`{"event":"dtmf","dtmf":{"digit":"12"}}`,
		`not json`,
	} {
		_, err := twilio.DecodeStreamMessage([]byte(b))
		require.ErrorIs(t, err, twilio.ErrStreamMessage, b)
	}
}

func TestEncodeCommands(t *testing.T) {
	t.Parallel()
	tone := audio.Tone(1000, 16000, audio.FrameSamples)
	b, err := twilio.EncodeCommand("MZ1", voice.StreamCommand{Type: voice.CommandAudio, Delta: base64.StdEncoding.EncodeToString(audio.EncodeSlin(nil, tone))})
	require.NoError(t, err)
	var media struct {
		Event     string `json:"event"`
		StreamSID string `json:"streamSid"`
		Media     struct {
			Payload string `json:"payload"`
		} `json:"media"`
	}
	require.NoError(t, json.Unmarshal(b, &media))
	require.Equal(t, "media", media.Event)
	require.Equal(t, "MZ1", media.StreamSID)
	ulaw, err := base64.StdEncoding.DecodeString(media.Media.Payload)
	require.NoError(t, err)
	require.Len(t, ulaw, audio.FrameSamples)
	require.Greater(t, audio.Goertzel(audio.DecodeUlaw(nil, ulaw), audio.Rate, 1000), 0.9)

	b, err = twilio.EncodeCommand("MZ1", voice.StreamCommand{Type: voice.CommandClear})
	require.NoError(t, err)
	require.JSONEq(t, `{"event":"clear","streamSid":"MZ1"}`, string(b))
	b, err = twilio.EncodeCommand("MZ1", voice.StreamCommand{Type: voice.CommandMark, Mark: &voice.StreamMark{Name: "m1"}})
	require.NoError(t, err)
	require.JSONEq(t, `{"event":"mark","streamSid":"MZ1","mark":{"name":"m1"}}`, string(b))

	_, err = twilio.EncodeCommand("MZ1", voice.StreamCommand{Type: voice.CommandHangup})
	require.ErrorIs(t, err, twilio.ErrNoStreamEquivalent)
	_, err = twilio.EncodeCommand("MZ1", voice.StreamCommand{Type: voice.CommandAudio, Delta: base64.StdEncoding.EncodeToString([]byte{1, 2, 3})})
	require.ErrorIs(t, err, audio.ErrOddLength)
}

func FuzzDecodeStreamMessage(f *testing.F) {
	for _, s := range []string{twConnected, twStart, twDTMF, twMark, twStop, `{"event":"media","media":{"payload":"AAEC","chunk":"-1"}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := twilio.DecodeStreamMessage(b)
		if err != nil {
			return
		}
		if m.Event.Media != nil {
			raw, err := base64.StdEncoding.DecodeString(m.Event.Media.Payload)
			require.NoError(t, err)
			require.Zero(t, len(raw)%2, "always whole PCM16 samples")
		}
		if m.Event.Event == voice.EventStart {
			require.NotEmpty(t, m.Event.Start.StreamSID)
		}
	})
}
