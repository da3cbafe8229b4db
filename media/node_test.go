package media

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
	"github.com/switchboard/switchboard/jobs/jobargs"
)

// speakerOrSkip returns espeak-ng, or skips the test on a machine without it.
func speakerOrSkip(t *testing.T) *audio.Speaker {
	t.Helper()
	sp := &audio.Speaker{}
	if err := sp.Available(); err != nil {
		t.Skip(err.Error())
	}
	return sp
}

func (b *testBundle) recording(t *testing.T, c testCall) audio.WAV {
	t.Helper()
	var w audio.WAV
	require.Eventually(t, func() bool { return len(b.rep.find(c.agent, jobargs.MediaRecordingReady)) == 1 }, 5*time.Second, 20*time.Millisecond)
	f, err := b.store.Open(context.Background(), "recordings/"+c.tenant.String()+"/"+c.call.String()+".wav")
	require.NoError(t, err)
	defer f.Close()
	raw, err := io.ReadAll(f)
	require.NoError(t, err)
	w, err = audio.ReadWAV(raw)
	require.NoError(t, err)
	require.Equal(t, 2, w.Channels)
	require.Equal(t, audio.Rate, w.SampleRate)
	return w
}

// toneShare is the share of 100 ms windows of s that hold the tone hz.
func toneShare(s []int16, hz float64) float64 {
	var n, hit int
	for i := 0; i+800 <= len(s); i += 800 {
		n++
		if audio.HasTone(s[i:i+800], audio.Rate, hz) {
			hit++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(hit) / float64(n)
}

func TestBridgedLegsHearEachOtherAndAreRecorded(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	c := b.newCall(true, true)

	agent := b.dial(t, c, c.agent, "agent-sid")
	agent.playTone(440)
	// Alone in its bridge, the agent hears the hold tone.
	agent.waitHears(t, HoldToneHz, 3*time.Second)

	customer := b.dial(t, c, c.customer, "customer-sid")
	customer.playTone(1000)
	agent.waitHears(t, 1000, 3*time.Second)
	customer.waitHears(t, 440, 3*time.Second)
	fromA, fromC := agent.heardLen(), customer.heardLen()
	time.Sleep(time.Second)
	require.Greater(t, toneShare(agent.heardFrom(fromA), 1000), 0.9)
	require.Greater(t, toneShare(customer.heardFrom(fromC), 440), 0.9)

	// Frames leave at a steady pace: about 50 a second, never in bursts.
	agent.mu.Lock()
	arr := append([]time.Time(nil), agent.arrivals[len(agent.arrivals)-40:]...)
	agent.mu.Unlock()
	span := arr[len(arr)-1].Sub(arr[0])
	require.InDelta(t, 39*20, float64(span.Milliseconds()), 120)

	customer.stop("callended")
	// The node hangs up the agent when the customer's leg ends.
	select {
	case <-agent.hungUp:
	case <-time.After(3 * time.Second):
		t.Fatal("agent was not hung up")
	}
	agent.stop("hangup")

	w := b.recording(t, c)
	require.Greater(t, len(w.Samples)/2, audio.Rate) // more than a second
	require.Greater(t, toneShare(w.Channel(0), 440), 0.8, "agent on the left")
	require.Greater(t, toneShare(w.Channel(1), 1000), 0.8, "customer on the right")

	for _, leg := range []uuid.UUID{c.agent, c.customer} {
		require.Len(t, b.rep.find(leg, jobargs.MediaLegAnswered), 1)
		require.Len(t, b.rep.find(leg, jobargs.MediaLegBridged), 1)
		require.Len(t, b.rep.find(leg, jobargs.MediaLegEnded), 1)
	}
	require.Equal(t, "callended", b.rep.find(c.customer, jobargs.MediaLegEnded)[0].Reason)
	require.Equal(t, "peer_hangup", b.rep.find(c.agent, jobargs.MediaLegEnded)[0].Reason)
	ready := b.rep.find(c.agent, jobargs.MediaRecordingReady)[0]
	require.InDelta(t, float64(len(w.Samples)/2)/audio.Rate, ready.RecordingSeconds, 0.01)
	require.Equal(t, c.tenant, ready.TenantID)
	require.Equal(t, 0, b.node.Active())
}

func TestDroppedLegResumesWithSameStreamSID(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	c := b.newCall(true, true)
	agentTok, custTok := b.token(t, c, c.agent, time.Minute), b.token(t, c, c.customer, time.Minute)
	agent := dialLeg(t, b.streamURL(agentTok), "a-sid")
	agent.playTone(440)
	customer := dialLeg(t, b.streamURL(custTok), "c-sid")
	customer.playTone(1000)
	agent.waitHears(t, 1000, 3*time.Second)

	customer.drop()
	// The agent hears the hold tone while the customer's stream is gone.
	agent.waitHears(t, HoldToneHz, 3*time.Second)
	require.Eventually(t, func() bool { return len(b.rep.find(c.customer, jobargs.MediaLegStreamDropped)) == 1 }, 2*time.Second, 10*time.Millisecond)

	// A reconnect with another stream_sid is not a resume.
	impostor := dialLeg(t, b.streamURL(custTok), "other-sid")
	select {
	case <-impostor.closed:
	case <-time.After(3 * time.Second):
		t.Fatal("a resume with another stream_sid was accepted")
	}

	customer = dialLeg(t, b.streamURL(custTok), "c-sid")
	customer.playTone(1000)
	agent.waitHears(t, 1000, 3*time.Second)
	customer.waitHears(t, 440, 3*time.Second)
	require.Empty(t, b.rep.find(c.customer, jobargs.MediaLegEnded))
	require.Len(t, b.rep.find(c.customer, jobargs.MediaLegAnswered), 1, "a resume is not a new answer")

	agent.stop("callended")
	<-customer.hungUp
	customer.stop("hangup")
	w := b.recording(t, c)
	require.Greater(t, toneShare(w.Channel(0), 440), 0.8)
	// The right channel holds the customer before and after the drop, and
	// silence during it.
	right := w.Channel(1)
	require.Greater(t, toneShare(right[:4000], 1000), 0.5, "before the drop")
	require.Greater(t, toneShare(right[len(right)-4000:], 1000), 0.5, "after the resume")
	silent := false
	for i := 0; i+800 <= len(right); i += 400 {
		silent = silent || audio.RMS(right[i:i+800]) < 50
	}
	require.True(t, silent, "the drop's gap is kept as silence")
}

func TestDroppedLegEndsAfterResumeWindow(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{resume: 300 * time.Millisecond})
	c := b.newCall(false, true)
	agent := b.dial(t, c, c.agent, "a")
	customerTok := b.token(t, c, c.customer, time.Minute)
	customer := dialLeg(t, b.streamURL(customerTok), "c")
	customer.playTone(1000)
	agent.waitHears(t, 1000, 3*time.Second)
	customer.drop()
	select {
	case <-agent.hungUp:
	case <-time.After(3 * time.Second):
		t.Fatal("agent not hung up after the customer's stream was lost")
	}
	require.Eventually(t, func() bool { return len(b.rep.find(c.customer, jobargs.MediaLegEnded)) == 1 }, 2*time.Second, 10*time.Millisecond)
	require.Equal(t, "stream_lost", b.rep.find(c.customer, jobargs.MediaLegEnded)[0].Reason)

	// An ended leg cannot come back.
	resp, err := http.Get(strings.Replace(b.streamURL(customerTok), "ws", "http", 1))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusGone, resp.StatusCode)
}

func TestStreamRefusedBeforeUpgrade(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	c := b.newCall(false, false)
	other, err := voice.NewSigner([]byte(strings.Repeat("o", 32)))
	require.NoError(t, err)
	forged, err := other.Sign(voice.StreamClaims{TenantID: c.tenant.String(), CallID: c.call.String(), LegID: c.agent.String(), NodeID: testNodeID}, time.Minute)
	require.NoError(t, err)
	elsewhere, err := b.signer.Sign(voice.StreamClaims{TenantID: c.tenant.String(), CallID: c.call.String(), LegID: c.agent.String(), NodeID: "node-2"}, time.Minute)
	require.NoError(t, err)
	unknown := b.token(t, testCall{c.tenant, c.call, uuid.New(), uuid.New()}, uuid.New(), time.Minute)
	expired := b.token(t, c, c.agent, time.Second)
	time.Sleep(1100 * time.Millisecond)

	base := "ws" + strings.TrimPrefix(b.srv.URL, "http") + "/v1/stream"
	for _, tc := range []struct {
		name string
		url  string
		hdr  http.Header
		code int
	}{
		{"missing", base, nil, http.StatusUnauthorized},
		{"garbage", base + "?token=abc.def", nil, http.StatusUnauthorized},
		{"forged", base + "?token=" + forged, nil, http.StatusUnauthorized},
		{"forged header", base, http.Header{"Authorization": {"Bearer " + forged}}, http.StatusUnauthorized},
		{"expired", base + "?token=" + expired, nil, http.StatusForbidden},
		{"other node", base + "?token=" + elsewhere, nil, http.StatusForbidden},
		{"leg unknown to the API", base + "?token=" + unknown, nil, http.StatusForbidden},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		conn, resp, err := websocket.Dial(ctx, tc.url, &websocket.DialOptions{HTTPHeader: tc.hdr})
		cancel()
		require.Error(t, err, tc.name)
		require.Nil(t, conn)
		require.NotNil(t, resp, tc.name)
		require.Equal(t, tc.code, resp.StatusCode, tc.name)
	}
	require.Equal(t, 0, b.node.Active())

	// A valid token in the Authorization header (seed-004 wsHeaders) and in
	// the path (Twilio) is accepted; a second stream for a live leg is not.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, base, &websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + b.token(t, c, c.agent, time.Minute)}}})
	require.NoError(t, err)
	defer conn.CloseNow()
	_, resp, err := websocket.Dial(ctx, base+"/"+b.token(t, c, c.agent, time.Minute), nil)
	require.Error(t, err)
	require.Equal(t, http.StatusConflict, resp.StatusCode)
	conn2, _, err := websocket.Dial(ctx, base+"/"+b.token(t, c, c.customer, time.Minute), nil)
	require.NoError(t, err)
	conn2.CloseNow()
}

func TestBadEventsDoNotAffectOtherCalls(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	good := b.newCall(false, false)
	a := b.dial(t, good, good.agent, "ga")
	cu := b.dial(t, good, good.customer, "gc")
	a.playTone(440)
	cu.playTone(1000)
	a.waitHears(t, 1000, 3*time.Second)

	bad := b.newCall(false, false)
	ba := b.dial(t, bad, bad.agent, "ba")
	bc := b.dial(t, bad, bad.customer, "bc")
	bc.playTone(1000)
	ba.waitHears(t, 1000, 3*time.Second)
	for _, m := range []string{
		`{"event":"media"`, `not json`, `{"event":"transfer","stream_sid":"ba"}`, startMsg("ba"),
		`{"event":"media","stream_sid":"ba","media":{"payload":"AQID"}}`, // odd-length PCM
		`{"event":"media","stream_sid":"zz","media":{"payload":"AQIDBA=="}}`,
		`{"event":"dtmf","stream_sid":"ba","dtmf":{"digit":"x"}}`,
	} {
		ba.send(m)
	}
	_ = ba.conn.Write(context.Background(), websocket.MessageBinary, []byte{1, 2})
	require.Eventually(t, func() bool { return b.node.Snapshot().BadEvents >= 8 }, 2*time.Second, 10*time.Millisecond)
	// The bad leg's call goes on after rejected events.
	n := ba.heardLen()
	time.Sleep(300 * time.Millisecond)
	require.True(t, audio.HasTone(ba.heardFrom(n)[:1600], audio.Rate, 1000))

	// An oversize message closes only that leg's connection.
	ba.send(`{"event":"media","stream_sid":"ba","media":{"payload":"` + strings.Repeat("A", MaxEventBytes) + `"}}`)
	select {
	case <-ba.closed:
	case <-time.After(3 * time.Second):
		t.Fatal("oversize message did not close the connection")
	}
	// A valid DTMF on the good call is still reported, and its audio flows.
	a.send(`{"event":"dtmf","sequence_number":1000,"stream_sid":"ga","dtmf":{"digit":"5"}}`)
	require.Eventually(t, func() bool { return len(b.rep.find(good.agent, jobargs.MediaLegDTMF)) == 1 }, 2*time.Second, 10*time.Millisecond)
	require.Equal(t, "5", b.rep.find(good.agent, jobargs.MediaLegDTMF)[0].Digit)
	from := a.heardLen()
	time.Sleep(500 * time.Millisecond)
	require.Greater(t, toneShare(a.heardFrom(from), 1000), 0.9)
	require.Greater(t, toneShare(cu.heardFrom(cu.heardLen()-3200), 440), 0.9)
	require.Empty(t, b.rep.find(good.agent, jobargs.MediaLegEnded))
}

func TestControlSaysThenHangsUp(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{speaker: speakerOrSkip(t)})
	c := b.newCall(false, false)
	agent := b.dial(t, c, c.agent, "a")
	require.Eventually(t, func() bool { return len(b.rep.find(c.agent, jobargs.MediaLegAnswered)) == 1 }, 2*time.Second, 10*time.Millisecond)
	// The carrier's mark comes back once the audio before it has been sent.
	agent.send(`{"event":"mark","sequence_number":5,"stream_sid":"a","mark":{"name":"m0"}}`)

	other, err := voice.NewSigner([]byte(strings.Repeat("o", 32)))
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, b.control(t, other, voice.ControlCommand{LegID: c.agent.String(), Hangup: true}))
	require.Equal(t, http.StatusNotFound, b.control(t, b.signer, voice.ControlCommand{LegID: uuid.NewString(), Hangup: true}))

	start := time.Now()
	require.Equal(t, http.StatusNoContent, b.control(t, b.signer, voice.ControlCommand{LegID: c.agent.String(), Say: "The customer is busy."}))
	agent.send(`{"event":"mark","sequence_number":6,"stream_sid":"a","mark":{"name":"m1"}}`)
	time.Sleep(200 * time.Millisecond) // the mark travels the WebSocket, the hangup HTTP: let the mark land first
	require.Equal(t, http.StatusNoContent, b.control(t, b.signer, voice.ControlCommand{LegID: c.agent.String(), Hangup: true}))
	select {
	case <-agent.hungUp:
	case <-time.After(10 * time.Second):
		t.Fatal("no hangup after the announcement")
	}
	agent.mu.Lock()
	heard := append([]int16(nil), agent.heard...)
	cmds := append([]voice.StreamCommand(nil), agent.cmds...)
	agent.mu.Unlock()
	// About a second of speech, sent in real time (not in a burst), then the
	// mark, then the hangup.
	require.Greater(t, len(heard), audio.Rate/2)
	require.Greater(t, audio.RMS(heard), 300.0)
	require.GreaterOrEqual(t, time.Since(start), time.Duration(len(heard))*time.Second/audio.Rate-100*time.Millisecond)
	require.Len(t, cmds, 3, "%+v", cmds)
	require.Equal(t, "m0", cmds[0].Mark.Name)
	require.Equal(t, "m1", cmds[1].Mark.Name)
	require.Equal(t, voice.CommandHangup, cmds[2].Type)
	agent.stop("hangup")
	require.Eventually(t, func() bool { return len(b.rep.find(c.agent, jobargs.MediaLegEnded)) == 1 }, 2*time.Second, 10*time.Millisecond)
	require.Equal(t, "hangup", b.rep.find(c.agent, jobargs.MediaLegEnded)[0].Reason)
}

func TestClearFlushesQueuedAudio(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{speaker: speakerOrSkip(t)})
	c := b.newCall(false, false)
	agent := b.dial(t, c, c.agent, "a")
	require.Eventually(t, func() bool { return b.node.Active() == 1 }, 2*time.Second, 10*time.Millisecond)
	b.control(t, b.signer, voice.ControlCommand{LegID: c.agent.String(), Say: strings.Repeat("This sentence is long. ", 8)})
	agent.send(`{"event":"mark","sequence_number":2,"stream_sid":"a","mark":{"name":"end"}}`)
	require.Eventually(t, func() bool { return agent.heardLen() > 1600 }, 3*time.Second, 10*time.Millisecond)
	agent.send(`{"event":"clear","stream_sid":"a"}`)
	// The mark is reported at once, and the audio stops.
	require.Eventually(t, func() bool {
		agent.mu.Lock()
		defer agent.mu.Unlock()
		return len(agent.cmds) == 1 && agent.cmds[0].Mark.Name == "end"
	}, time.Second, 5*time.Millisecond)
	n := agent.heardLen()
	time.Sleep(300 * time.Millisecond)
	require.LessOrEqual(t, agent.heardLen()-n, 2*audio.FrameSamples)
}

func TestHeartbeatsDrainAndCapacity(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{capacity: 1})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = b.node.Run(ctx) }()
	defer func() { cancel(); <-done }()
	require.Eventually(t, func() bool { _, n := b.api.lastHeartbeat(); return n >= 2 }, 2*time.Second, 10*time.Millisecond)
	hb, _ := b.api.lastHeartbeat()
	require.Equal(t, testNodeID, hb.NodeID)
	require.Equal(t, 1, hb.Capacity)
	require.False(t, hb.Draining)

	c := b.newCall(false, false)
	agent := b.dial(t, c, c.agent, "a")
	require.Eventually(t, func() bool { hb, _ := b.api.lastHeartbeat(); return hb.Active == 1 }, 2*time.Second, 10*time.Millisecond)
	// At capacity: the next leg is refused.
	_, resp, err := websocket.Dial(context.Background(), b.streamURL(b.token(t, c, c.customer, time.Minute)), nil)
	require.Error(t, err)
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)

	b.node.Drain()
	require.Eventually(t, func() bool { hb, _ := b.api.lastHeartbeat(); return hb.Draining }, time.Second, 5*time.Millisecond)
	select {
	case <-b.node.Idle():
		t.Fatal("idle with a live leg")
	default:
	}
	agent.stop("callended")
	select {
	case <-b.node.Idle():
	case <-time.After(3 * time.Second):
		t.Fatal("node did not become idle after its last leg")
	}
}

// A Twilio Media Streams leg (camelCase, μ-law) bridges with a seed-004 leg;
// each hears the other in its own format, and a hang-up closes the Twilio
// stream (ending its <Connect>).
func TestTwilioDialectLegBridgesWithSeedLeg(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	c := b.newCall(false, false)
	agent := b.dial(t, c, c.agent, "a")
	agent.playTone(440)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	base := "ws" + strings.TrimPrefix(b.srv.URL, "http") + "/v1/stream/"
	tw, _, err := websocket.Dial(ctx, base+b.token(t, c, c.customer, time.Minute), nil)
	require.NoError(t, err)
	defer tw.CloseNow()
	write := func(m string) { require.NoError(t, tw.Write(context.Background(), websocket.MessageText, []byte(m))) }
	write(`{"event":"connected","protocol":"Call","version":"1.0.0"}`)
	write(`{"event":"start","sequenceNumber":"1","start":{"accountSid":"AC1","streamSid":"MZ1","callSid":"CA1","tracks":["inbound"],"customParameters":{},"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}},"streamSid":"MZ1"}`)
	var heard []int16
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			_, msg, err := tw.Read(context.Background())
			if err != nil {
				return
			}
			var m struct {
				Event     string `json:"event"`
				StreamSID string `json:"streamSid"`
				Media     struct {
					Payload string `json:"payload"`
				} `json:"media"`
			}
			if json.Unmarshal(msg, &m) != nil || m.Event != "media" || m.StreamSID != "MZ1" {
				t.Errorf("unexpected message to Twilio: %s", msg)
				return
			}
			raw, err := base64.StdEncoding.DecodeString(m.Media.Payload)
			if err != nil || len(raw) != audio.FrameSamples {
				t.Errorf("bad Twilio payload: %v (%d bytes)", err, len(raw))
				return
			}
			heard = audio.DecodeUlaw(heard, raw)
		}
	}()
	tone := audio.Oscillator{Hz: 1000, Amplitude: 8000}
	frame := make([]int16, audio.FrameSamples)
	for i := range 50 {
		tone.Fill(frame)
		write(`{"event":"media","sequenceNumber":"` + strconv.Itoa(i+2) + `","media":{"track":"inbound","chunk":"1","timestamp":"0","payload":"` +
			base64.StdEncoding.EncodeToString(audio.EncodeUlaw(nil, frame)) + `"},"streamSid":"MZ1"}`)
		time.Sleep(20 * time.Millisecond)
	}
	agent.waitHears(t, 1000, 2*time.Second)
	agent.stop("callended")
	select {
	case <-done: // the node closed the Twilio stream
	case <-time.After(5 * time.Second):
		t.Fatal("Twilio stream not closed after the peer hung up")
	}
	require.Greater(t, toneShare(heard[len(heard)/2:], 440), 0.8)
	require.Eventually(t, func() bool { return len(b.rep.find(c.customer, jobargs.MediaLegEnded)) == 1 }, 2*time.Second, 10*time.Millisecond)
	require.Equal(t, "peer_hangup", b.rep.find(c.customer, jobargs.MediaLegEnded)[0].Reason)
}

// A second stop (or anything after the first) is rejected and logged; the
// leg ends once.
func TestStopTwiceEndsOnce(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	c := b.newCall(false, false)
	agent := b.dial(t, c, c.agent, "a")
	require.Eventually(t, func() bool { return len(b.rep.find(c.agent, jobargs.MediaLegAnswered)) == 1 }, 2*time.Second, 10*time.Millisecond)
	agent.send(`{"event":"stop","stream_sid":"a","stop":{"reason":"callended"}}`)
	agent.send(`{"event":"stop","stream_sid":"a","stop":{"reason":"again"}}`)
	agent.send(`{"event":"dtmf","stream_sid":"a","dtmf":{"digit":"1"}}`)
	<-agent.closed
	require.Eventually(t, func() bool { return len(b.rep.find(c.agent, jobargs.MediaLegEnded)) == 1 }, 2*time.Second, 10*time.Millisecond)
	time.Sleep(100 * time.Millisecond)
	require.Len(t, b.rep.find(c.agent, jobargs.MediaLegEnded), 1)
	require.Equal(t, "callended", b.rep.find(c.agent, jobargs.MediaLegEnded)[0].Reason)
	require.Empty(t, b.rep.find(c.agent, jobargs.MediaLegDTMF))
}

// A hangup for a leg whose stream is down ends it at once (nothing could
// play before it), and its bridge peer is hung up.
func TestControlHangupOfDroppedLeg(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	c := b.newCall(false, true)
	agent := b.dial(t, c, c.agent, "a")
	customer := b.dial(t, c, c.customer, "c")
	customer.playTone(1000)
	agent.waitHears(t, 1000, 3*time.Second)
	customer.drop()
	agent.waitHears(t, HoldToneHz, 3*time.Second)
	require.Equal(t, http.StatusNoContent, b.control(t, b.signer, voice.ControlCommand{LegID: c.customer.String(), Hangup: true}))
	require.Eventually(t, func() bool { return len(b.rep.find(c.customer, jobargs.MediaLegEnded)) == 1 }, time.Second, 5*time.Millisecond)
	require.Equal(t, "hangup", b.rep.find(c.customer, jobargs.MediaLegEnded)[0].Reason)
	select {
	case <-agent.hungUp:
	case <-time.After(3 * time.Second):
		t.Fatal("peer not hung up")
	}
}

// The descriptor must be the API's answer for this very leg; an API that
// cannot answer makes the node refuse with 502, before any upgrade.
func TestDescriptorChecks(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	c := b.newCall(false, false)
	// The API's descriptor for the agent leg names another call.
	b.api.mu.Lock()
	d := b.api.desc[c.agent.String()]
	d.CallID = uuid.NewString()
	b.api.desc[c.agent.String()] = d
	b.api.mu.Unlock()
	_, resp, err := websocket.Dial(context.Background(), b.streamURL(b.token(t, c, c.agent, time.Minute)), nil)
	require.Error(t, err)
	require.Equal(t, http.StatusForbidden, resp.StatusCode)

	b.api.srv.Close()
	_, resp, err = websocket.Dial(context.Background(), b.streamURL(b.token(t, c, c.customer, time.Minute)), nil)
	require.Error(t, err)
	require.Equal(t, http.StatusBadGateway, resp.StatusCode)
	require.Equal(t, 0, b.node.Active())
}

// A recording upload that fails is tried again from the start of the file.
func TestRecordingUploadIsRetried(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{failPuts: 1})
	c := b.newCall(true, true)
	agent := b.dial(t, c, c.agent, "agent-sid")
	agent.playTone(440)
	customer := b.dial(t, c, c.customer, "customer-sid")
	customer.playTone(1000)
	agent.waitHears(t, 1000, 3*time.Second)
	customer.stop("callended")
	agent.stop("hangup")
	w := b.recording(t, c)
	require.Equal(t, 2, b.flaky.attempts())
	require.Greater(t, toneShare(w.Channel(1), 1000), 0.5, "the whole file, not what followed the failed attempt")
}
