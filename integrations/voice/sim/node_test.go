package sim_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
	"github.com/switchboard/switchboard/integrations/voice/ivrbridge"
)

// fakeNode is a media node written for these tests: it accepts the
// carrier's WebSocket at /v1/stream?token=…&bridge=KEY, refuses a missing
// token or header before upgrading, records every event per connection, and
// bridges the audio of two streams with the same bridge key (each hears the
// other), as the real node does for click-to-call.
type fakeNode struct {
	srv *httptest.Server
	t   testing.TB

	mu      sync.Mutex
	conns   []*nodeConn
	bridges map[string][]*nodeConn
	changed chan struct{}
}

type nodeConn struct {
	n      *fakeNode
	c      *websocket.Conn
	bridge string
	header http.Header

	mu     sync.Mutex
	events []voice.StreamEvent
	closed bool
}

func newFakeNode(t testing.TB) *fakeNode {
	n := &fakeNode{t: t, bridges: map[string][]*nodeConn{}, changed: make(chan struct{})}
	n.srv = httptest.NewServer(http.HandlerFunc(n.serve))
	t.Cleanup(n.srv.Close)
	return n
}

func (n *fakeNode) url(bridge string) string {
	return "ws" + strings.TrimPrefix(n.srv.URL, "http") + "/v1/stream?token=tok-" + bridge + "&bridge=" + bridge
}

func (n *fakeNode) notify() {
	n.mu.Lock()
	close(n.changed)
	n.changed = make(chan struct{})
	n.mu.Unlock()
}

func (n *fakeNode) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/stream" || !strings.HasPrefix(r.URL.Query().Get("token"), "tok-") {
		http.Error(w, "no token", http.StatusUnauthorized)
		return
	}
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	nc := &nodeConn{n: n, c: c, bridge: r.URL.Query().Get("bridge"), header: r.Header.Clone()}
	n.mu.Lock()
	n.conns = append(n.conns, nc)
	n.bridges[nc.bridge] = append(n.bridges[nc.bridge], nc)
	n.mu.Unlock()
	n.notify()
	defer func() {
		nc.mu.Lock()
		nc.closed = true
		nc.mu.Unlock()
		n.notify()
	}()
	for {
		_, b, err := c.Read(context.Background())
		if err != nil {
			return
		}
		var ev voice.StreamEvent
		if err := json.Unmarshal(b, &ev); err != nil {
			n.t.Errorf("node: undecodable event %q", b)
			return
		}
		nc.mu.Lock()
		nc.events = append(nc.events, ev)
		nc.mu.Unlock()
		if ev.Event == voice.EventMedia {
			if peer := n.peer(nc); peer != nil {
				pcm, err := base64.StdEncoding.DecodeString(ev.Media.Payload)
				if err != nil || len(pcm) != audio.FrameBytes {
					n.t.Errorf("node: bad media payload (%d bytes, %v)", len(pcm), err)
					return
				}
				// Binary frames: the seed allows either form.
				_ = peer.c.Write(context.Background(), websocket.MessageBinary, pcm)
			}
		} else {
			n.notify()
		}
	}
}

// peer is the live connection on the other side of nc's bridge.
func (n *fakeNode) peer(nc *nodeConn) *nodeConn {
	n.mu.Lock()
	defer n.mu.Unlock()
	var peer *nodeConn
	for _, o := range n.bridges[nc.bridge] {
		o.mu.Lock()
		open := !o.closed
		o.mu.Unlock()
		if o != nc && open && o.streamSID() != nc.streamSID() {
			peer = o
		}
	}
	return peer
}

func (nc *nodeConn) streamSID() string {
	nc.mu.Lock()
	defer nc.mu.Unlock()
	for _, ev := range nc.events {
		if ev.Event == voice.EventStart {
			return ev.Start.StreamSID
		}
	}
	return ""
}

func (nc *nodeConn) snapshot() []voice.StreamEvent {
	nc.mu.Lock()
	defer nc.mu.Unlock()
	return append([]voice.StreamEvent(nil), nc.events...)
}

func (nc *nodeConn) send(t testing.TB, cmd voice.StreamCommand) {
	t.Helper()
	b, err := json.Marshal(cmd)
	require.NoError(t, err)
	require.NoError(t, nc.c.Write(t.Context(), websocket.MessageText, b))
}

// connsFor returns the connections of a bridge key, oldest first.
func (n *fakeNode) connsFor(bridge string) []*nodeConn {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]*nodeConn(nil), n.bridges[bridge]...)
}

// waitFor polls cond on every node change until it holds.
func (n *fakeNode) waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		n.mu.Lock()
		ch := n.changed
		n.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-ch:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("node: timed out waiting for %s", what)
		}
	}
}

// callbackSink receives the carrier's status callbacks, verifies them like
// the API does, and can refuse the first attempts of each event.
type callbackSink struct {
	srv    *httptest.Server
	secret []byte

	mu        sync.Mutex
	failFirst int
	attempts  map[string]int // event_id -> attempts seen
	events    []voice.StatusEvent
	changed   chan struct{}
}

func newCallbackSink(t testing.TB, secret []byte) *callbackSink {
	s := &callbackSink{secret: secret, attempts: map[string]int{}, changed: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		ev, err := ivrbridge.ParseCallback(r.Header, body, s.secret, time.Now(), time.Minute)
		if err != nil {
			t.Errorf("callback refused: %v", err)
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.attempts[ev.EventID]++
		if s.attempts[ev.EventID] <= s.failFirst {
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		s.events = append(s.events, ev)
		close(s.changed)
		s.changed = make(chan struct{})
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// statuses returns the delivered statuses of one call, in order.
func (s *callbackSink) statuses(sid string) []voice.Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []voice.Status
	for _, ev := range s.events {
		if ev.CarrierCallID == sid {
			out = append(out, ev.Status)
		}
	}
	return out
}

func (s *callbackSink) final(sid string) (voice.StatusEvent, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ev := range s.events {
		if ev.CarrierCallID == sid && ev.Status.Final() {
			return ev, true
		}
	}
	return voice.StatusEvent{}, false
}

// waitFinal waits for a call's final callback.
func (s *callbackSink) waitFinal(t testing.TB, sid string) voice.StatusEvent {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if ev, ok := s.final(sid); ok {
			return ev
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("no final callback for %s; got %v", sid, s.statuses(sid))
		}
	}
}
