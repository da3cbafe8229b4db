package sim

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
	"github.com/switchboard/switchboard/integrations/voice/ivrbridge"
)

// FuzzDecodeCommand feeds the handset what a broken or hostile media node
// could send: nothing may panic, and accepted audio is whole samples.
func FuzzDecodeCommand(f *testing.F) {
	f.Add(false, []byte(`{"type":"response.audio.delta","delta":"AAEC"}`))
	f.Add(false, []byte(`{"type":"response.audio.delta","delta":"AAE="}`))
	f.Add(false, []byte(`{"type":"mark","mark":{"name":"x"}}`))
	f.Add(false, []byte(`{"type":"mark"}`))
	f.Add(false, []byte(`{"type":"audio.clear"}`))
	f.Add(false, []byte(`{"type":"session.hangup"}`))
	f.Add(false, []byte(`{"type":"session.dtmf","dtmf":"12"}`))
	f.Add(true, []byte{1, 2, 3})
	f.Add(true, []byte{})
	f.Fuzz(func(t *testing.T, binary bool, b []byte) {
		typ := websocket.MessageText
		if binary {
			typ = websocket.MessageBinary
		}
		m, err := decodeCommand(typ, b)
		if err != nil {
			return
		}
		n := 0
		for _, set := range []bool{m.pcm != nil, m.clear, m.hangup, m.mark != ""} {
			if set {
				n++
			}
		}
		require.LessOrEqual(t, n, 1, "one action per message")
		if binary {
			require.Len(t, m.pcm, len(b)/2)
		}
	})
}

// FuzzCallRequest checks that whatever POST /calls body is accepted names a
// WebSocket to dial and, if any, an http(s) callback.
func FuzzCallRequest(f *testing.F) {
	f.Add([]byte(`{"from":"+1","callTo":"+2","wsUrl":"wss://n.example/s?token=x","wsHeaders":{"A":"b"},"audioFormat":{"encoding":"pcm","sampleRate":8000},"statusCallback":"https://h.example/"}`))
	f.Add([]byte(`{"from":"+1","callTo":"+2","wsUrl":"ws://n/","wsHeaders":{"A":"b\r\nX: y"}}`))
	f.Add([]byte(`{"from":"+1","callTo":"+2","wsUrl":"ws://n/","ringTimeout":-1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var req ivrbridge.CallRequest
		if json.NewDecoder(bytes.NewReader(b)).Decode(&req) != nil {
			return
		}
		if validateCall(req) != "" {
			return
		}
		u, err := url.Parse(req.WSURL)
		require.NoError(t, err)
		require.Contains(t, []string{"ws", "wss"}, u.Scheme)
		require.NotEmpty(t, req.From)
		require.NotEmpty(t, req.CallTo)
		for k, v := range req.WSHeaders {
			require.NotContains(t, k+v, "\n")
		}
	})
}

func TestEncodeMediaMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	// The hand-built media event must be byte for byte what encoding/json
	// makes of the same voice.StreamEvent.
	frame := make([]int16, 160)
	for i := range frame {
		frame[i] = int16(i*397 - 30000)
	}
	c := &call{streamSID: "st_1\"<é>\u2028", seq: 41, chunk: 6}
	st := &talkState{}
	got := string(c.encodeMedia(st, 1234*time.Millisecond, frame))
	// A second frame reuses the buffer and goes on counting.
	got2 := string(c.encodeMedia(st, 1254*time.Millisecond, frame))
	want, err := json.Marshal(voice.StreamEvent{Event: voice.EventMedia, SequenceNumber: 42, StreamSID: "st_1\"<é>\u2028",
		Media: &voice.StreamMedia{Chunk: 7, Timestamp: "1234", Payload: base64.StdEncoding.EncodeToString(audio.EncodeSlin(nil, frame))}})
	require.NoError(t, err)
	require.Equal(t, string(want), got)
	require.Contains(t, got2, `"sequence_number":43,`)
	require.Contains(t, got2, `"chunk":8,"timestamp":"1254"`)
}

func TestRingKeepsTheLatestSamples(t *testing.T) {
	t.Parallel()
	r := ring{buf: make([]int16, 0, 5)}
	r.write([]int16{1, 2, 3})
	require.Equal(t, []int16{1, 2, 3}, r.samples())
	r.write([]int16{4, 5, 6, 7})
	require.Equal(t, []int16{3, 4, 5, 6, 7}, r.samples())
	r.write([]int16{8, 9, 10, 11, 12, 13, 14})
	require.Equal(t, []int16{10, 11, 12, 13, 14}, r.samples())
	r.reset()
	require.Empty(t, r.samples())
	var off ring // HeardLimit < 0
	off.write([]int16{1})
	require.Empty(t, off.samples())
}
