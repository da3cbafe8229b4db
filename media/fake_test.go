package media

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/blob"
	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
	"github.com/switchboard/switchboard/jobs/jobargs"
)

const testNodeID = "node-test"

// fakeAPI is the API side of voiceplan points 3 and 5: it serves signed
// descriptors to bearers of a valid stream token and records heartbeats.
type fakeAPI struct {
	signer *voice.Signer
	srv    *httptest.Server

	mu         sync.Mutex
	desc       map[string]voice.SessionDescriptor
	heartbeats []voice.NodeHeartbeat
}

func newFakeAPI(t testing.TB, signer *voice.Signer) *fakeAPI {
	a := &fakeAPI{signer: signer, desc: map[string]voice.SessionDescriptor{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /media/v1/legs/{leg}/descriptor", func(w http.ResponseWriter, r *http.Request) {
		var c voice.StreamClaims
		if err := signer.Verify(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), &c); err != nil || c.LegID != r.PathValue("leg") {
			http.Error(w, "bad token", http.StatusUnauthorized)
			return
		}
		a.mu.Lock()
		d, ok := a.desc[c.LegID]
		a.mu.Unlock()
		if !ok {
			http.Error(w, "no such leg", http.StatusNotFound)
			return
		}
		tok, err := signer.Sign(d, time.Minute)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, tok)
	})
	mux.HandleFunc("POST /media/v1/nodes/heartbeat", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var hb voice.NodeHeartbeat
		if err := signer.Verify(string(b), &hb); err != nil {
			http.Error(w, "bad heartbeat", http.StatusUnauthorized)
			return
		}
		a.mu.Lock()
		a.heartbeats = append(a.heartbeats, hb)
		a.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})
	a.srv = httptest.NewServer(mux)
	t.Cleanup(a.srv.Close)
	return a
}

func (a *fakeAPI) lastHeartbeat() (voice.NodeHeartbeat, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.heartbeats) == 0 {
		return voice.NodeHeartbeat{}, 0
	}
	return a.heartbeats[len(a.heartbeats)-1], len(a.heartbeats)
}

// memReporter keeps reports for assertions.
type memReporter struct {
	mu  sync.Mutex
	evs []jobargs.CallMediaEvent
}

func (m *memReporter) Report(ev jobargs.CallMediaEvent) {
	m.mu.Lock()
	m.evs = append(m.evs, ev)
	m.mu.Unlock()
}

func (m *memReporter) find(leg uuid.UUID, event string) []jobargs.CallMediaEvent {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []jobargs.CallMediaEvent
	for _, e := range m.evs {
		if (leg == uuid.Nil || e.LegID == leg) && e.Event == event {
			out = append(out, e)
		}
	}
	return out
}

type testBundle struct {
	signer *voice.Signer
	api    *fakeAPI
	node   *Node
	srv    *httptest.Server
	store  blob.Dir
	flaky  *flakyStore // set when setupOpts.failPuts is
	rep    *memReporter
}

type setupOpts struct {
	// failPuts makes the recording store refuse that many uploads first.
	failPuts int
	reporter Reporter
	resume   time.Duration
	capacity int
	speaker  Speaker
}

func setup(t *testing.T, o setupOpts) *testBundle {
	t.Helper()
	signer, err := voice.NewSigner([]byte(strings.Repeat("s", 32)))
	require.NoError(t, err)
	b := &testBundle{signer: signer, api: newFakeAPI(t, signer), store: blob.Dir{Root: t.TempDir()}, rep: &memReporter{}}
	if o.capacity == 0 {
		o.capacity = 100
	}
	var rep Reporter = b.rep
	if o.reporter != nil {
		rep = o.reporter
	}
	var store blob.Store = b.store
	if o.failPuts > 0 {
		b.flaky = &flakyStore{Dir: b.store, fail: o.failPuts}
		store = b.flaky
	}
	b.node, err = New(Options{NodeID: testNodeID, Signer: signer, APIURL: b.api.srv.URL, Capacity: o.capacity,
		Store: store, TempDir: t.TempDir(), Reporter: rep, Speaker: o.speaker, ResumeWindow: o.resume,
		HangupGrace: 500 * time.Millisecond, HeartbeatEvery: 100 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	require.NoError(t, err)
	b.srv = httptest.NewServer(b.node.Handler())
	t.Cleanup(func() {
		b.node.Close()
		b.srv.Close()
	})
	return b
}

type testCall struct {
	tenant, call, agent, customer uuid.UUID
}

// newCall registers a click-to-call's two legs with the fake API.
func (b *testBundle) newCall(record, hold bool) testCall {
	c := testCall{uuid.New(), uuid.New(), uuid.New(), uuid.New()}
	for _, leg := range []struct {
		id   uuid.UUID
		role string
	}{{c.agent, voice.RoleAgent}, {c.customer, voice.RoleCustomer}} {
		d := voice.SessionDescriptor{TenantID: c.tenant.String(), CallID: c.call.String(), LegID: leg.id.String(),
			Role: leg.role, BridgeKey: c.call.String(), Record: record, Hold: hold}
		if record {
			d.RecordingKey = fmt.Sprintf("recordings/%s/%s.wav", c.tenant, c.call)
		}
		b.api.mu.Lock()
		b.api.desc[leg.id.String()] = d
		b.api.mu.Unlock()
	}
	return c
}

func (b *testBundle) token(t testing.TB, c testCall, leg uuid.UUID, ttl time.Duration) string {
	tok, err := b.signer.Sign(voice.StreamClaims{TenantID: c.tenant.String(), CallID: c.call.String(), LegID: leg.String(), NodeID: testNodeID}, ttl)
	require.NoError(t, err)
	return tok
}

func (b *testBundle) streamURL(tok string) string {
	return "ws" + strings.TrimPrefix(b.srv.URL, "http") + "/v1/stream?token=" + tok
}

// dial connects c's leg with a fresh token, as a carrier whose stream is sid.
func (b *testBundle) dial(t testing.TB, c testCall, leg uuid.UUID, sid string) *fakeLeg {
	t.Helper()
	return dialLeg(t, b.streamURL(b.token(t, c, leg, time.Minute)), sid)
}

// control posts cmd, signed by signer, to the node and returns the status.
func (b *testBundle) control(t testing.TB, signer *voice.Signer, cmd voice.ControlCommand) int {
	t.Helper()
	tok, err := signer.Sign(cmd, 30*time.Second)
	require.NoError(t, err)
	resp, err := http.Post(b.srv.URL+"/v1/control", "text/plain", bytes.NewBufferString(tok))
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// fakeLeg is a carrier's side of one leg, speaking seed 004 over a real
// WebSocket: it streams a tone in 20 ms frames and keeps what it hears.
type fakeLeg struct {
	t    testing.TB
	conn *websocket.Conn
	sid  string

	mu       sync.Mutex
	heard    []int16
	arrivals []time.Time
	cmds     []voice.StreamCommand
	hungUp   chan struct{}
	closed   chan struct{}
	seq      int
	stopTone chan struct{}
	toneDone chan struct{}
}

func dialLeg(t testing.TB, url, sid string) *fakeLeg {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, resp, err := websocket.Dial(ctx, url, nil)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	require.NoError(t, err)
	l := &fakeLeg{t: t, conn: conn, sid: sid, hungUp: make(chan struct{}), closed: make(chan struct{})}
	go l.read()
	l.send(`{"event":"connected"}`)
	l.seq++
	l.send(fmt.Sprintf(`{"event":"start","sequence_number":%d,"stream_sid":%q,"start":{"stream_sid":%q,"call_sid":"c","from":"1","to":"2","media_format":{"encoding":"raw/slin","sample_rate":8000}}}`, l.seq, sid, sid))
	return l
}

func (l *fakeLeg) send(msg string) {
	_ = l.conn.Write(context.Background(), websocket.MessageText, []byte(msg))
}

func (l *fakeLeg) read() {
	defer close(l.closed)
	for {
		_, b, err := l.conn.Read(context.Background())
		if err != nil {
			return
		}
		var c voice.StreamCommand
		if json.Unmarshal(b, &c) != nil {
			l.t.Errorf("node sent non-JSON %q", b)
			return
		}
		l.mu.Lock()
		switch c.Type {
		case voice.CommandAudio:
			raw, err := base64.StdEncoding.DecodeString(c.Delta)
			if err == nil {
				l.heard, err = audio.DecodeSlin(l.heard, raw)
			}
			if err != nil {
				l.t.Errorf("bad audio from node: %v", err)
			}
			l.arrivals = append(l.arrivals, time.Now())
		default:
			l.cmds = append(l.cmds, c)
			if c.Type == voice.CommandHangup {
				close(l.hungUp)
			}
		}
		l.mu.Unlock()
	}
}

// playTone streams hz until stopped, at the carrier's own 20 ms clock.
func (l *fakeLeg) playTone(hz float64) {
	l.stopTone, l.toneDone = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(l.toneDone)
		g := audio.Oscillator{Hz: hz, Amplitude: 8000}
		frame := make([]int16, audio.FrameSamples)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-l.stopTone:
				return
			case <-tick.C:
			}
			g.Fill(frame)
			l.mu.Lock()
			l.seq++
			seq := l.seq
			l.mu.Unlock()
			if l.conn.Write(context.Background(), websocket.MessageText, []byte(mediaMsg(l.sid, seq, frame))) != nil {
				return
			}
		}
	}()
}

func (l *fakeLeg) quiet() {
	if l.stopTone != nil {
		close(l.stopTone)
		<-l.toneDone
		l.stopTone = nil
	}
}

func (l *fakeLeg) stop(reason string) {
	l.quiet()
	l.mu.Lock()
	l.seq++
	seq := l.seq
	l.mu.Unlock()
	l.send(fmt.Sprintf(`{"event":"stop","sequence_number":%d,"stream_sid":%q,"stop":{"call_sid":"c","reason":%q}}`, seq, l.sid, reason))
}

// drop kills the TCP connection without a stop, as a network failure would.
func (l *fakeLeg) drop() {
	l.quiet()
	l.conn.CloseNow()
	<-l.closed
}

// heardSince returns what the leg heard after sample n.
func (l *fakeLeg) heardLen() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.heard)
}

func (l *fakeLeg) heardFrom(n int) []int16 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]int16(nil), l.heard[n:]...)
}

// hears waits until the last 200 ms the leg heard are the tone hz.
func (l *fakeLeg) waitHears(t *testing.T, hz float64, within time.Duration) {
	t.Helper()
	require.Eventually(t, func() bool {
		l.mu.Lock()
		defer l.mu.Unlock()
		if len(l.heard) < 1600 {
			return false
		}
		return audio.HasTone(l.heard[len(l.heard)-1600:], audio.Rate, hz)
	}, within, 20*time.Millisecond, "leg %s never heard %v Hz", l.sid, hz)
}

// flakyStore is a blob.Dir whose first uploads fail, as a remote store's may.
type flakyStore struct {
	blob.Dir
	mu    sync.Mutex
	fail  int
	tries int
}

func (f *flakyStore) Put(ctx context.Context, key string, r io.Reader) error {
	f.mu.Lock()
	f.tries++
	failing := f.tries <= f.fail
	f.mu.Unlock()
	if failing {
		_, _ = io.CopyN(io.Discard, r, 100) // a partial upload, then the failure
		return errors.New("store unavailable")
	}
	return f.Dir.Put(ctx, key, r)
}

func (f *flakyStore) attempts() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tries
}
