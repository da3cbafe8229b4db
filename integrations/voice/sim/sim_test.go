package sim_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
	"github.com/switchboard/switchboard/integrations/voice/ivrbridge"
	"github.com/switchboard/switchboard/integrations/voice/sim"
)

var secret = []byte("sim-carrier-secret-0123456789abcdef")

type testBundle struct {
	sim     *sim.Server
	srv     *httptest.Server
	carrier *ivrbridge.Client
	node    *fakeNode
	sink    *callbackSink
}

func setup(t *testing.T, opts sim.Options) *testBundle {
	t.Helper()
	opts.Secret = secret
	opts.Logger = slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	if opts.CallbackBackoff == 0 {
		opts.CallbackBackoff = 20 * time.Millisecond
	}
	s, err := sim.New(opts)
	require.NoError(t, err)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		s.Close()
		srv.Close()
	})
	return &testBundle{sim: s, srv: srv, carrier: s.Carrier(srv.URL), node: newFakeNode(t), sink: newCallbackSink(t, secret)}
}

func (b *testBundle) dial(t *testing.T, to, bridge string) string {
	t.Helper()
	leg, err := b.carrier.Dial(t.Context(), voice.DialParams{
		From: "+15005550006", To: to, StreamURL: b.node.url(bridge),
		StreamHeaders:     map[string]string{"X-Leg": to},
		StatusCallbackURL: b.sink.srv.URL + "/hooks/voice/sim",
	})
	require.NoError(t, err)
	require.Equal(t, voice.StatusInitiated, leg.Status)
	return leg.CarrierCallID
}

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestBridgedHandsetsHearEachOther(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{Handsets: map[string]sim.Script{
		"+15550001": {AnswerAfter: 50 * time.Millisecond, ToneHz: 440},
		"+15550002": {AnswerAfter: 100 * time.Millisecond, ToneHz: 1000},
	}})
	require.Equal(t, "sim", b.carrier.Name())
	agent := b.dial(t, "+15550001", "call-1")
	customer := b.dial(t, "+15550002", "call-1")
	ctx := waitCtx(t)
	for _, n := range []string{"+15550001", "+15550002"} {
		_, err := b.sim.WaitFor(ctx, n, func(i sim.HandsetInfo) bool { return i.State == sim.StateTalking && i.Received >= 50 })
		require.NoError(t, err)
	}
	require.NoError(t, b.carrier.Hangup(t.Context(), agent))
	require.NoError(t, b.carrier.Hangup(t.Context(), customer))
	// Hanging up an ended call is not an error.
	require.NoError(t, b.carrier.Hangup(t.Context(), agent))

	heardByAgent := nonSilent(b.sim.Heard("+15550001"))
	heardByCustomer := nonSilent(b.sim.Heard("+15550002"))
	require.GreaterOrEqual(t, len(heardByAgent), 40*audio.FrameSamples)
	require.Greater(t, audio.Goertzel(heardByAgent, audio.Rate, 1000), 0.8, "agent hears the customer's 1 kHz")
	require.Less(t, audio.Goertzel(heardByAgent, audio.Rate, 440), 0.05, "agent does not hear itself")
	require.Greater(t, audio.Goertzel(heardByCustomer, audio.Rate, 440), 0.8, "customer hears the agent's 440 Hz")

	for _, sid := range []string{agent, customer} {
		ev := b.sink.waitFinal(t, sid)
		require.Equal(t, voice.StatusCompleted, ev.Status)
		require.Equal(t, []voice.Status{voice.StatusInitiated, voice.StatusRinging, voice.StatusInProgress, voice.StatusCompleted}, b.sink.statuses(sid))
	}

	// What the node saw from the agent's handset, event by event.
	conns := b.node.connsFor("call-1")
	require.Len(t, conns, 2)
	require.Equal(t, "+15550001", conns[0].header.Get("X-Leg"), "wsHeaders go on the upgrade")
	evs := conns[0].snapshot()
	require.Equal(t, voice.EventConnected, evs[0].Event)
	require.Equal(t, voice.EventStart, evs[1].Event)
	require.Equal(t, agent, evs[1].Start.CallSID)
	require.Equal(t, voice.MediaFormat{Encoding: "raw/slin", SampleRate: 8000}, evs[1].Start.MediaFormat)
	require.Equal(t, "+15550001", evs[1].Start.To)
	require.Equal(t, voice.EventStop, evs[len(evs)-1].Event)
	require.Equal(t, agent, evs[len(evs)-1].Stop.CallSID)
	var last int64
	for _, ev := range evs[1:] {
		require.Greater(t, ev.SequenceNumber, last, "sequence numbers increase")
		last = ev.SequenceNumber
		require.Equal(t, evs[1].Start.StreamSID, ev.StreamSID)
	}
}

// nonSilent drops the silent frames (before the peer answered, after it hung up).
func nonSilent(pcm []int16) []int16 {
	var out []int16
	for i := 0; i+audio.FrameSamples <= len(pcm); i += audio.FrameSamples {
		f := pcm[i : i+audio.FrameSamples]
		if audio.RMS(f) > 500 {
			out = append(out, f...)
		}
	}
	return out
}

func TestMediaIsPacedAtTwentyMilliseconds(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{Handsets: map[string]sim.Script{"+15550010": {ToneHz: 440, HangupAfter: time.Second}}})
	sid := b.dial(t, "+15550010", "pace")
	ev := b.sink.waitFinal(t, sid)
	require.Equal(t, voice.StatusCompleted, ev.Status)
	require.Equal(t, "callended", ev.Reason)
	var media int
	for _, e := range b.node.connsFor("pace")[0].snapshot() {
		if e.Event == voice.EventMedia {
			media++
			pcm, err := base64.StdEncoding.DecodeString(e.Media.Payload)
			require.NoError(t, err)
			require.Len(t, pcm, audio.FrameBytes)
		}
	}
	// One second at 50 frames a second, give or take scheduling.
	require.InDelta(t, 50, media, 4)
}

func TestUnansweredOutcomes(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{
		RingTimeout: 400 * time.Millisecond,
		Handsets: map[string]sim.Script{
			"+15550020": {Busy: true},
			"+15550021": {NoAnswer: true},
			"+15550022": {Fail: true},
			"+15550023": {Manual: true},
		},
	})
	tests := []struct {
		number string
		want   []voice.Status
		act    func()
	}{
		{"+15550020", []voice.Status{voice.StatusInitiated, voice.StatusRinging, voice.StatusBusy}, nil},
		{"+15550021", []voice.Status{voice.StatusInitiated, voice.StatusRinging, voice.StatusNoAnswer}, nil},
		{"+15550022", []voice.Status{voice.StatusInitiated, voice.StatusFailed}, nil},
		{"+15550023", []voice.Status{voice.StatusInitiated, voice.StatusRinging, voice.StatusBusy}, func() {
			_, err := b.sim.WaitState(waitCtx(t), "+15550023", sim.StateRinging)
			require.NoError(t, err)
			require.NoError(t, b.sim.Decline("+15550023"))
		}},
	}
	for _, tc := range tests {
		sid := b.dial(t, tc.number, "none")
		if tc.act != nil {
			tc.act()
		}
		b.sink.waitFinal(t, sid)
		require.Equal(t, tc.want, b.sink.statuses(sid), tc.number)
		info, err := b.sim.WaitState(waitCtx(t), tc.number, sim.StateIdle)
		require.NoError(t, err)
		require.Equal(t, tc.want[len(tc.want)-1], info.LastStatus)
	}
	require.Empty(t, b.node.connsFor("none"), "no stream is opened for an unanswered call")
}

func TestHangupWhileRingingCancels(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{Handsets: map[string]sim.Script{"+15550030": {Manual: true}}})
	sid := b.dial(t, "+15550030", "x")
	_, err := b.sim.WaitState(waitCtx(t), "+15550030", sim.StateRinging)
	require.NoError(t, err)
	require.NoError(t, b.carrier.Hangup(t.Context(), sid))
	ev := b.sink.waitFinal(t, sid)
	require.Equal(t, voice.StatusCanceled, ev.Status)
}

func TestSecondCallToABusyHandsetIsBusy(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{Handsets: map[string]sim.Script{"+15550040": {}}})
	first := b.dial(t, "+15550040", "first")
	_, err := b.sim.WaitState(waitCtx(t), "+15550040", sim.StateTalking)
	require.NoError(t, err)
	second := b.dial(t, "+15550040", "second")
	require.Equal(t, voice.StatusBusy, b.sink.waitFinal(t, second).Status)
	info, _ := b.sim.Handset("+15550040")
	require.Equal(t, sim.StateTalking, info.State)
	require.Equal(t, first, info.CallSID)
	require.NoError(t, b.carrier.Hangup(t.Context(), first))
	require.Equal(t, voice.StatusCompleted, b.sink.waitFinal(t, first).Status)
}

func TestDropAndReconnectReusesStreamSID(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{Handsets: map[string]sim.Script{
		"+15550050": {ToneHz: 440, DropAt: 300 * time.Millisecond, ReconnectAfter: 300 * time.Millisecond, HangupAfter: 1500 * time.Millisecond},
	}})
	sid := b.dial(t, "+15550050", "drop")
	_, err := b.sim.WaitState(waitCtx(t), "+15550050", sim.StateDropped)
	require.NoError(t, err)
	ev := b.sink.waitFinal(t, sid)
	require.Equal(t, voice.StatusCompleted, ev.Status)
	require.Equal(t, []voice.Status{voice.StatusInitiated, voice.StatusRinging, voice.StatusInProgress, voice.StatusCompleted}, b.sink.statuses(sid),
		"a drop is not a status change")

	conns := b.node.connsFor("drop")
	require.Len(t, conns, 2)
	first, second := conns[0].snapshot(), conns[1].snapshot()
	require.Equal(t, conns[0].streamSID(), conns[1].streamSID())
	require.NotEmpty(t, conns[0].streamSID())
	require.Equal(t, voice.EventConnected, second[0].Event)
	require.Equal(t, voice.EventStart, second[1].Event)
	require.Equal(t, sid, second[1].Start.CallSID)
	for _, e := range first {
		require.NotEqual(t, voice.EventStop, e.Event, "a drop sends no stop")
	}
	require.Equal(t, voice.EventStop, second[len(second)-1].Event)
	// Numbering goes on across the reconnect.
	require.Greater(t, second[1].SequenceNumber, first[len(first)-1].SequenceNumber)
	info, _ := b.sim.Handset("+15550050")
	require.Equal(t, 2, info.Connects)
}

func TestCallbacksAreRetriedWithTheSameEventID(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{Handsets: map[string]sim.Script{"+15550060": {Busy: true}}})
	b.sink.mu.Lock()
	b.sink.failFirst = 2
	b.sink.mu.Unlock()
	sid := b.dial(t, "+15550060", "none")
	b.sink.waitFinal(t, sid)
	require.Equal(t, []voice.Status{voice.StatusInitiated, voice.StatusRinging, voice.StatusBusy}, b.sink.statuses(sid), "in order, once each")
	b.sink.mu.Lock()
	defer b.sink.mu.Unlock()
	require.Len(t, b.sink.attempts, 3)
	for id, n := range b.sink.attempts {
		require.Equal(t, 3, n, "event %s: two refusals, then delivered", id)
	}
}

func TestCallbacksGiveUpAfterTheLastAttempt(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{CallbackAttempts: 3, Handsets: map[string]sim.Script{"+15550061": {Fail: true}}})
	b.sink.mu.Lock()
	b.sink.failFirst = 100
	b.sink.mu.Unlock()
	b.dial(t, "+15550061", "none")
	require.Eventually(t, func() bool {
		b.sink.mu.Lock()
		defer b.sink.mu.Unlock()
		if len(b.sink.attempts) != 2 {
			return false
		}
		for _, n := range b.sink.attempts {
			if n != 3 {
				return false
			}
		}
		return true
	}, 10*time.Second, 20*time.Millisecond)
	time.Sleep(200 * time.Millisecond)
	b.sink.mu.Lock()
	defer b.sink.mu.Unlock()
	for _, n := range b.sink.attempts {
		require.Equal(t, 3, n, "no fourth attempt")
	}
}

func TestNodeCommandsAudioMarkClearHangup(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{Handsets: map[string]sim.Script{"+15550070": {}}})
	sid := b.dial(t, "+15550070", "cmd")
	b.node.waitFor(t, "start", func() bool {
		c := b.node.connsFor("cmd")
		return len(c) == 1 && c[0].streamSID() != ""
	})
	nc := b.node.connsFor("cmd")[0]

	// Half a second of 440 Hz as JSON deltas, then a mark.
	tone := audio.Tone(440, 16000, audio.Rate/2)
	for i := 0; i < len(tone); i += audio.FrameSamples {
		nc.send(t, voice.StreamCommand{Type: voice.CommandAudio, Delta: base64.StdEncoding.EncodeToString(audio.EncodeSlin(nil, tone[i:i+audio.FrameSamples]))})
	}
	nc.send(t, voice.StreamCommand{Type: voice.CommandMark, Mark: &voice.StreamMark{Name: "tone-done"}})
	markSent := time.Now()
	b.node.waitFor(t, "mark", func() bool { return hasEvent(nc.snapshot(), voice.EventMark) })
	require.GreaterOrEqual(t, time.Since(markSent), 350*time.Millisecond, "the mark comes back once the tone has played")
	require.Equal(t, "tone-done", findEvent(nc.snapshot(), voice.EventMark).Mark.Name)
	heard := nonSilent(b.sim.Heard("+15550070"))
	require.InDelta(t, len(tone), len(heard), float64(2*audio.FrameSamples))
	require.Greater(t, audio.Goertzel(heard, audio.Rate, 440), 0.9)

	// Ten seconds queued, then cleared: the handset stops hearing it, and a
	// mark behind the flushed audio is reported at once.
	long := audio.EncodeSlin(nil, audio.Tone(1000, 16000, 10*audio.Rate))
	require.NoError(t, nc.c.Write(t.Context(), websocket.MessageBinary, long))
	nc.send(t, voice.StreamCommand{Type: voice.CommandMark, Mark: &voice.StreamMark{Name: "long-done"}})
	time.Sleep(200 * time.Millisecond)
	nc.send(t, voice.StreamCommand{Type: voice.CommandClear})
	b.node.waitFor(t, "flushed mark", func() bool {
		n := 0
		for _, e := range nc.snapshot() {
			if e.Event == voice.EventMark {
				n++
			}
		}
		return n == 2
	})
	before := len(nonSilent(b.sim.Heard("+15550070")))
	time.Sleep(300 * time.Millisecond)
	require.InDelta(t, before, len(nonSilent(b.sim.Heard("+15550070"))), float64(2*audio.FrameSamples), "nothing plays after clear")

	// Odd-length and unknown input is dropped without ending the call.
	require.NoError(t, nc.c.Write(t.Context(), websocket.MessageBinary, []byte{1, 2, 3}))
	nc.send(t, voice.StreamCommand{Type: "session.teleport"})
	info, _ := b.sim.Handset("+15550070")
	require.Equal(t, sim.StateTalking, info.State)

	nc.send(t, voice.StreamCommand{Type: voice.CommandHangup})
	ev := b.sink.waitFinal(t, sid)
	require.Equal(t, voice.StatusCompleted, ev.Status)
	require.Equal(t, "hangup", ev.Reason)
	b.node.waitFor(t, "stop", func() bool { return hasEvent(nc.snapshot(), voice.EventStop) })
}

func hasEvent(evs []voice.StreamEvent, name string) bool { return findEvent(evs, name) != nil }

func findEvent(evs []voice.StreamEvent, name string) *voice.StreamEvent {
	for i := range evs {
		if evs[i].Event == name {
			return &evs[i]
		}
	}
	return nil
}

func TestScriptedDigitsAndSpeech(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{Handsets: map[string]sim.Script{"+15550080": {
		Say:    "Hello, this is the customer.",
		Digits: []sim.Digit{{At: 100 * time.Millisecond, Digit: "4"}, {At: 200 * time.Millisecond, Digit: "#"}},
	}}})
	b.dial(t, "+15550080", "say")
	b.node.waitFor(t, "digits and speech", func() bool {
		c := b.node.connsFor("say")
		if len(c) == 0 {
			return false
		}
		var digits string
		var loud int
		for _, e := range c[0].snapshot() {
			switch e.Event {
			case voice.EventDTMF:
				digits += e.DTMF.Digit
			case voice.EventMedia:
				raw, _ := base64.StdEncoding.DecodeString(e.Media.Payload)
				pcm, _ := audio.DecodeSlin(nil, raw)
				if audio.RMS(pcm) > 300 {
					loud++
				}
			}
		}
		return digits == "4#" && loud >= 10
	})
}

func TestMediaNodeRefusingTheStreamFailsTheCall(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{Handsets: map[string]sim.Script{"+15550090": {}}})
	leg, err := b.carrier.Dial(t.Context(), voice.DialParams{
		From: "+15005550006", To: "+15550090",
		StreamURL:         "ws" + strings.TrimPrefix(b.node.srv.URL, "http") + "/v1/stream", // no token: 401
		StatusCallbackURL: b.sink.srv.URL,
	})
	require.NoError(t, err)
	ev := b.sink.waitFinal(t, leg.CarrierCallID)
	require.Equal(t, voice.StatusFailed, ev.Status)
}

func TestBridgeAPIRefusals(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{APIKey: "k1"})
	p := voice.DialParams{From: "+1", To: "+2", StreamURL: b.node.url("x")}
	wrong := *b.carrier
	wrong.APIKey = "nope"
	_, err := wrong.Dial(t.Context(), p)
	require.ErrorIs(t, err, voice.ErrRejected)
	require.Contains(t, err.Error(), "401")

	for _, body := range []string{
		`{"from":"+1","callTo":"+2","wsUrl":"http://x/"}`,
		`{"from":"","callTo":"+2","wsUrl":"ws://x/"}`,
		`{"from":"+1","callTo":"+2","wsUrl":"ws://x/","audioFormat":{"encoding":"opus","sampleRate":48000}}`,
		`{"from":"+1","callTo":"+2","wsUrl":"ws://x/","statusCallback":"ftp://x"}`,
		`not json`,
	} {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, b.srv.URL+"/calls", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer k1")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, body)
	}
	_, err = sim.New(sim.Options{Secret: []byte("short")})
	require.Error(t, err)
}

func TestConsoleAnswersPressesKeysAndListens(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{Handsets: map[string]sim.Script{"+15550100": {Manual: true}, "+15550101": {ToneHz: 1000}}})
	post := func(path, body string) (int, sim.HandsetInfo) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, b.srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var info sim.HandsetInfo
		_ = json.NewDecoder(resp.Body).Decode(&info)
		return resp.StatusCode, info
	}

	// Nothing to answer yet, no call to press keys on.
	code, _ := post("/handsets/+15550100/answer", "")
	require.Equal(t, http.StatusConflict, code)
	code, _ = post("/handsets/+15550100/keys", `{"digits":"1"}`)
	require.Equal(t, http.StatusConflict, code)

	agent := b.dial(t, "+15550100", "console")
	b.dial(t, "+15550101", "console")
	_, err := b.sim.WaitState(waitCtx(t), "+15550100", sim.StateRinging)
	require.NoError(t, err)

	resp, err := http.Get(b.srv.URL + "/handsets")
	require.NoError(t, err)
	var list []sim.HandsetInfo
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&list))
	resp.Body.Close()
	require.Len(t, list, 2)
	require.Equal(t, "+15550100", list[0].Number)
	require.Equal(t, sim.StateRinging, list[0].State)
	require.True(t, list[0].Script.Manual)
	require.Equal(t, agent, list[0].CallSID)

	// The page listens before answering, as the console does.
	ws, _, err := websocket.Dial(t.Context(), "ws"+strings.TrimPrefix(b.srv.URL, "http")+"/handsets/+15550100/audio", nil)
	require.NoError(t, err)
	defer ws.CloseNow()

	code, info := post("/handsets/+15550100/answer", "")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, agent, info.CallSID)
	_, err = b.sim.WaitState(waitCtx(t), "+15550100", sim.StateTalking)
	require.NoError(t, err)
	code, _ = post("/handsets/+15550100/answer", "")
	require.Equal(t, http.StatusConflict, code, "a live call cannot be answered again")

	// The page hears the other handset's 1 kHz.
	var got []int16
	for len(nonSilent(got)) < 25*audio.FrameSamples {
		typ, msg, err := ws.Read(waitCtx(t))
		require.NoError(t, err)
		require.Equal(t, websocket.MessageBinary, typ)
		require.Len(t, msg, audio.FrameBytes)
		pcm, err := audio.DecodeSlin(nil, msg)
		require.NoError(t, err)
		got = append(got, pcm...)
	}
	require.Greater(t, audio.Goertzel(nonSilent(got), audio.Rate, 1000), 0.8)

	// Keys from the API and from the page reach the node as dtmf.
	code, _ = post("/handsets/+15550100/keys", `{"digits":"12"}`)
	require.Equal(t, http.StatusOK, code)
	require.NoError(t, ws.Write(t.Context(), websocket.MessageText, []byte(`{"type":"keys","digits":"#"}`)))
	code, _ = post("/handsets/+15550100/keys", `{"digits":"x"}`)
	require.Equal(t, http.StatusBadRequest, code)
	// A tone from the page reaches the other handset.
	require.NoError(t, ws.Write(t.Context(), websocket.MessageText, []byte(`{"type":"tone","hz":440}`)))
	var agentConn *nodeConn
	for _, c := range b.node.connsFor("console") {
		if c.header.Get("X-Leg") == "+15550100" {
			agentConn = c
		}
	}
	require.NotNil(t, agentConn)
	b.node.waitFor(t, "console keys", func() bool {
		var digits string
		for _, e := range agentConn.snapshot() {
			if e.Event == voice.EventDTMF {
				digits += e.DTMF.Digit
			}
		}
		return digits == "12#"
	})
	_, err = b.sim.WaitFor(waitCtx(t), "+15550101", func(sim.HandsetInfo) bool {
		h := b.sim.Heard("+15550101")
		return len(h) > 10*audio.FrameSamples && audio.Goertzel(h[len(h)-10*audio.FrameSamples:], audio.Rate, 440) > 0.8
	})
	require.NoError(t, err)

	code, _ = post("/handsets/+15550100/hangup", "")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, voice.StatusCompleted, b.sink.waitFinal(t, agent).Status)
}

func TestPutHandsetScriptJSON(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{})
	body := `{"answer_after":"1.5s","say":"Hi","digits":[{"at":"2s","digit":"5"}],"drop_at":"3s","reconnect_after":"200ms","duplicate_stop":true}`
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPut, b.srv.URL+"/handsets/+15550110", strings.NewReader(body))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	info, ok := b.sim.Handset("+15550110")
	require.True(t, ok)
	require.Equal(t, sim.Script{AnswerAfter: 1500 * time.Millisecond, Say: "Hi", Digits: []sim.Digit{{At: 2 * time.Second, Digit: "5"}},
		DropAt: 3 * time.Second, ReconnectAfter: 200 * time.Millisecond, DuplicateStop: true}, info.Script)
	out, err := json.Marshal(info.Script)
	require.NoError(t, err)
	var back sim.Script
	require.NoError(t, json.Unmarshal(out, &back))
	require.Equal(t, info.Script, back)

	tooLong := `{"say":"` + strings.Repeat("a", audio.MaxSpeechBytes+1) + `"}` // more than the speaker would say
	for _, bad := range []string{`{"busy":true,"fail":true}`, `{"answer_after":"soon"}`, `{"tone_hz":9000}`, `{"digits":[{"at":"1s","digit":"55"}]}`, tooLong} {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPut, b.srv.URL+"/handsets/+15550111", bytes.NewReader([]byte(bad)))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, bad)
	}
}

func TestReadScriptsAndDemoScripts(t *testing.T) {
	t.Parallel()
	demo := sim.DemoScripts()
	for n, sc := range demo.Handsets {
		require.NoError(t, sc.Validate(), n)
	}
	b, err := json.Marshal(demo)
	require.NoError(t, err)
	back, err := sim.ReadScripts(bytes.NewReader(b))
	require.NoError(t, err)
	require.Equal(t, demo, back)

	_, err = sim.ReadScripts(strings.NewReader(`{"handsets":{"+1":{"ring":"forever"}}}`))
	require.Error(t, err)
	_, err = sim.ReadScripts(strings.NewReader(`{"handsets":{"+1":{"no_answer":true,"busy":true}}}`))
	require.Error(t, err)
	_, err = sim.ReadScripts(strings.NewReader(`{"handsets":{"":{}}}`))
	require.Error(t, err)
}

func TestCloseHangsUpAndStillReportsTheEnd(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{Handsets: map[string]sim.Script{"+15550120": {ToneHz: 440}}})
	sid := b.dial(t, "+15550120", "close")
	_, err := b.sim.WaitState(waitCtx(t), "+15550120", sim.StateTalking)
	require.NoError(t, err)
	b.sim.Close()
	ev, ok := b.sink.final(sid)
	require.True(t, ok, "the final callback is delivered before Close returns")
	require.Equal(t, voice.StatusCompleted, ev.Status)
	require.Equal(t, "network shutting down", ev.Reason)
	b.node.waitFor(t, "stop", func() bool { return hasEvent(b.node.connsFor("close")[0].snapshot(), voice.EventStop) })
	_, err = b.carrier.Dial(t.Context(), voice.DialParams{From: "+1", To: "+15550120", StreamURL: b.node.url("late")})
	require.Error(t, err, "a closed network takes no calls")
	require.NotErrorIs(t, err, voice.ErrRejected)
}

func TestMisbehavingCarrierRepeatsCallbacksAndStop(t *testing.T) {
	t.Parallel()
	b := setup(t, sim.Options{Handsets: map[string]sim.Script{
		"+15550130": {HangupAfter: 300 * time.Millisecond, DuplicateCallbacks: true, DuplicateStop: true},
	}})
	sid := b.dial(t, "+15550130", "dup")
	b.sink.waitFinal(t, sid)
	require.Eventually(t, func() bool { return len(b.sink.statuses(sid)) == 8 }, 10*time.Second, 20*time.Millisecond)
	require.Equal(t, []voice.Status{
		voice.StatusInitiated, voice.StatusInitiated, voice.StatusRinging, voice.StatusRinging,
		voice.StatusInProgress, voice.StatusInProgress, voice.StatusCompleted, voice.StatusCompleted,
	}, b.sink.statuses(sid))
	b.sink.mu.Lock()
	for id, n := range b.sink.attempts {
		require.Equal(t, 2, n, "event %s is repeated with the same event_id", id)
	}
	b.sink.mu.Unlock()
	b.node.waitFor(t, "two stops", func() bool {
		n := 0
		for _, e := range b.node.connsFor("dup")[0].snapshot() {
			if e.Event == voice.EventStop {
				n++
			}
		}
		return n == 2
	})
}
