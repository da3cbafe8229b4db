package media

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/voice/audio"
)

func startMsg(sid string) string {
	return fmt.Sprintf(`{"event":"start","sequence_number":1,"stream_sid":%q,"start":{"stream_sid":%q,"call_sid":"call_1","from":"1","to":"2","media_format":{"encoding":"raw/slin","sample_rate":8000}}}`, sid, sid)
}

func mediaMsg(sid string, seq int, pcm []int16) string {
	return fmt.Sprintf(`{"event":"media","sequence_number":%d,"stream_sid":%q,"media":{"chunk":%d,"timestamp":"%d","payload":%q}}`,
		seq, sid, seq, seq*20, base64.StdEncoding.EncodeToString(audio.EncodeSlin(nil, pcm)))
}

func TestDecodeStreamEventSeedExamples(t *testing.T) {
	t.Parallel()
	ev, err := DecodeStreamEvent([]byte(`{ "event": "connected" }`))
	require.NoError(t, err)
	require.Equal(t, "connected", ev.Kind)

	ev, err = DecodeStreamEvent([]byte(startMsg("1707204900.123")))
	require.NoError(t, err)
	require.Equal(t, "1707204900.123", ev.StreamSID)
	require.Equal(t, "call_1", ev.Start.CallSID)
	require.Equal(t, EncodingSlin, ev.Encoding)

	ev, err = DecodeStreamEvent([]byte(`{"event":"dtmf","sequence_number":5,"stream_sid":"s","dtmf":{"digit":"1","duration":"120"}}`))
	require.NoError(t, err)
	require.Equal(t, "1", ev.Digit)

	ev, err = DecodeStreamEvent([]byte(`{"event":"stop","sequence_number":42,"stream_sid":"s","stop":{"call_sid":"c","reason":"callended"}}`))
	require.NoError(t, err)
	require.Equal(t, "callended", ev.Stop.Reason)

	ev, err = DecodeStreamEvent([]byte(`{ "event": "clear", "stream_sid": "s" }`))
	require.NoError(t, err)
	require.Equal(t, "clear", ev.Kind)
}

func TestDecodeStreamEventTwilioDialect(t *testing.T) {
	t.Parallel()
	var st Stream
	_, err := st.Next([]byte(`{"event":"connected","protocol":"Call","version":"1.0.0"}`))
	require.NoError(t, err)
	ev, err := st.Next([]byte(`{"event":"start","sequenceNumber":"1","start":{"accountSid":"AC1","streamSid":"MZ1","callSid":"CA1","tracks":["inbound"],"customParameters":{},"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}},"streamSid":"MZ1"}`))
	require.NoError(t, err)
	require.Equal(t, DialectTwilio, ev.Dialect)
	require.Equal(t, EncodingUlaw, ev.Encoding)
	tone := audio.Tone(1000, 8000, 160)
	payload := base64.StdEncoding.EncodeToString(audio.EncodeUlaw(nil, tone))
	ev, err = st.Next([]byte(`{"event":"media","sequenceNumber":"2","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"` + payload + `"},"streamSid":"MZ1"}`))
	require.NoError(t, err)
	require.Len(t, ev.PCM, 160)
	require.Greater(t, audio.Goertzel(ev.PCM, audio.Rate, 1000), 0.9)
	_, err = st.Next([]byte(`{"event":"stop","sequenceNumber":"3","streamSid":"MZ1","stop":{"accountSid":"AC1","callSid":"CA1"}}`))
	require.NoError(t, err)
}

func TestStreamRejectsBadAndOutOfOrderEvents(t *testing.T) {
	t.Parallel()
	frame := audio.Tone(440, 8000, 160)
	cases := []struct {
		name   string
		before []string
		msg    string
		reason string
	}{
		{"malformed JSON", nil, `{"event":"media",`, "malformed JSON"},
		{"trailing data", nil, `{"event":"connected"} {}`, "malformed JSON"},
		{"unknown event", nil, `{"event":"transfer","stream_sid":"s"}`, "unknown event"},
		{"no event", nil, `{"stream_sid":"s"}`, "no event"},
		{"media before start", nil, mediaMsg("s", 2, frame), "media before start"},
		{"dtmf before start", []string{`{"event":"connected"}`}, `{"event":"dtmf","stream_sid":"s","dtmf":{"digit":"1"}}`, "before start"},
		{"second start", []string{startMsg("s")}, `{"event":"start","stream_sid":"s","start":{"media_format":{"encoding":"raw/slin","sample_rate":8000}}}`, "second start"},
		{"connected late", []string{startMsg("s")}, `{"event":"connected"}`, "connected after"},
		{"other stream", []string{startMsg("s")}, mediaMsg("t", 2, frame), "names stream"},
		{"sequence backwards", []string{startMsg("s"), mediaMsg("s", 5, frame)}, mediaMsg("s", 4, frame), "sequence number 4 after 5"},
		{"after stop", []string{startMsg("s"), `{"event":"stop","stream_sid":"s"}`}, mediaMsg("s", 9, frame), "after stop"},
		{"odd-length PCM", []string{startMsg("s")}, `{"event":"media","stream_sid":"s","media":{"payload":"` + base64.StdEncoding.EncodeToString([]byte{1, 2, 3}) + `"}}`, "odd-length"},
		{"not base64", []string{startMsg("s")}, `{"event":"media","stream_sid":"s","media":{"payload":"@@@"}}`, "not base64"},
		{"empty payload", []string{startMsg("s")}, `{"event":"media","stream_sid":"s","media":{"payload":""}}`, "without payload"},
		{"oversize payload", []string{startMsg("s")}, `{"event":"media","stream_sid":"s","media":{"payload":"` + base64.StdEncoding.EncodeToString(make([]byte, MaxPayloadBytes+2)) + `"}}`, "exceeds"},
		{"oversize message", nil, `{"event":"connected","x":"` + strings.Repeat("a", MaxEventBytes) + `"}`, "exceeds"},
		{"bad digit", []string{startMsg("s")}, `{"event":"dtmf","stream_sid":"s","dtmf":{"digit":"12"}}`, "digit"},
		{"mark without name", []string{startMsg("s")}, `{"event":"mark","stream_sid":"s","mark":{}}`, "mark without"},
		{"start without format", nil, `{"event":"start","stream_sid":"s","start":{"stream_sid":"s"}}`, "media_format"},
		{"start at 16 kHz", nil, `{"event":"start","stream_sid":"s","start":{"media_format":{"encoding":"raw/slin","sample_rate":16000}}}`, "sample rate"},
		{"start sids differ", nil, `{"event":"start","stream_sid":"s","start":{"stream_sid":"t","media_format":{"encoding":"raw/slin","sample_rate":8000}}}`, "differs"},
		{"unsupported encoding", nil, `{"event":"start","stream_sid":"s","start":{"media_format":{"encoding":"opus","sample_rate":8000}}}`, "unsupported encoding"},
		{"media without sid", []string{startMsg("s")}, `{"event":"media","media":{"payload":"AAA="}}`, "without stream_sid"},
		{"sid not printable", nil, `{"event":"stop","stream_sid":"a b"}`, "printable"},
		{"negative sequence", nil, `{"event":"connected","sequence_number":-1}`, "non-negative"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var st Stream
			for _, m := range c.before {
				_, err := st.Next([]byte(m))
				require.NoError(t, err, m)
			}
			_, err := st.Next([]byte(c.msg))
			require.Error(t, err)
			require.Contains(t, err.Error(), c.reason)
		})
	}
}

func TestFastMediaPathMatchesDecoder(t *testing.T) {
	t.Parallel()
	msg := []byte(mediaMsg("1707204900.123", 7, audio.Tone(440, 8000, 160)))
	fast, ok := fastMedia(msg, nil, "")
	require.True(t, ok, "the seed's own layout takes the fast path")
	full, err := decodeSlow(msg)
	require.NoError(t, err)
	require.Equal(t, full.Seq, fast.Seq)
	require.Equal(t, full.StreamSID, fast.StreamSID)
	require.Equal(t, full.Payload, fast.Payload)
	for _, other := range []string{
		`{"event":"media", "sequence_number":7,"stream_sid":"s","media":{"chunk":1,"timestamp":"0","payload":"AAAA"}}`, // whitespace
		`{"event":"media","sequence_number":7,"stream_sid":"s\u0041","media":{"chunk":1,"timestamp":"0","payload":"AAAA"}}`,
		`{"event":"media","sequence_number":7,"stream_sid":"s","media":{"chunk":1,"timestamp":"0","payload":"AAAA"}}x`,
		`{"event":"media","sequence_number":-7,"stream_sid":"s","media":{"chunk":1,"timestamp":"0","payload":"AAAA"}}`,
	} {
		_, ok := fastMedia([]byte(other), nil, "")
		require.False(t, ok, other)
	}
}

func TestStreamDecodesMediaAcrossEvents(t *testing.T) {
	t.Parallel()
	var st Stream
	for _, m := range []string{`{"event":"connected"}`, startMsg("s")} {
		_, err := st.Next([]byte(m))
		require.NoError(t, err)
	}
	tone := audio.Tone(440, 8000, 480)
	ev, err := st.Next([]byte(mediaMsg("s", 2, tone)))
	require.NoError(t, err)
	require.Equal(t, tone, ev.PCM)
	for _, m := range []string{`{"event":"mark","stream_sid":"s","mark":{"name":"intro_complete"}}`, `{"event":"clear","stream_sid":"s"}`, `{"event":"stop","stream_sid":"s","stop":{"reason":"callended"}}`} {
		_, err := st.Next([]byte(m))
		require.NoError(t, err)
	}
}

// FuzzDecodeStreamEvent feeds any message to a fresh stream and to a
// started one: it must never panic, and what it accepts must be coherent.
func FuzzDecodeStreamEvent(f *testing.F) {
	f.Add([]byte(`{"event":"connected"}`))
	f.Add([]byte(startMsg("1707204900.123")))
	f.Add([]byte(mediaMsg("s", 3, audio.Tone(440, 8000, 160))))
	f.Add([]byte(`{"event":"dtmf","sequence_number":5,"stream_sid":"s","dtmf":{"digit":"1","duration":"120"}}`))
	f.Add([]byte(`{"event":"mark","sequence_number":15,"stream_sid":"s","mark":{"name":"intro_complete"}}`))
	f.Add([]byte(`{"event":"clear","stream_sid":"s"}`))
	f.Add([]byte(`{"event":"stop","sequence_number":42,"stream_sid":"s","stop":{"call_sid":"c","reason":"callended"}}`))
	f.Add([]byte(`{"event":"media","sequenceNumber":"2","media":{"track":"inbound","payload":"//8="},"streamSid":"s"}`))
	f.Add([]byte(`{"event":"start","start":{"streamSid":"s","mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000}}}`))
	f.Add([]byte(`{"event":"media","stream_sid":"s","media":{"payload":"AQID"}}`))
	f.Add([]byte(`{"event":"media","sequence_number":01,"stream_sid":"s","media":{"chunk":1,"timestamp":"0","payload":"AAAA"}}`))
	f.Add([]byte(`{"event":"media","sequence_number":1,"stream_sid":"s","media":{"chunk":1,"timestamp":"\u0041","payload":"AA=="}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		// The fast path for media events accepts nothing the full decoder
		// refuses, and decodes it the same.
		if fast, ok := fastMedia(b, nil, ""); ok {
			full, err := decodeSlow(b)
			if err != nil {
				t.Fatalf("fast path accepted what the decoder refuses (%v): %q", err, b)
			}
			if fast.Kind != full.Kind || fast.Seq != full.Seq || fast.StreamSID != full.StreamSID || string(fast.Payload) != string(full.Payload) {
				t.Fatalf("fast path %+v, decoder %+v", fast, full)
			}
		}
		ev, err := DecodeStreamEvent(b)
		if err == nil && ev.Kind == "media" && len(ev.Payload) > MaxPayloadBytes {
			t.Fatalf("accepted a payload of %d bytes", len(ev.Payload))
		}
		var st Stream
		if _, err := st.Next([]byte(startMsg("s"))); err != nil {
			t.Fatal(err)
		}
		ev, err = st.Next(b)
		if err != nil {
			return
		}
		if ev.Kind == "media" && (ev.StreamSID != "s" || len(ev.PCM) == 0 || len(ev.PCM) > MaxPayloadBytes) {
			t.Fatalf("accepted media %+v", ev)
		}
		if ev.Kind == "start" || ev.Kind == "connected" {
			t.Fatalf("accepted %s after start", ev.Kind)
		}
	})
}
