package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"

	"github.com/switchboard/switchboard/integrations/blob"
	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/jobs/jobargs"
)

// Options configure a Node.
type Options struct {
	// NodeID names the node in heartbeats and stream tokens.
	NodeID string
	Signer *voice.Signer
	// APIURL is the API's base URL (descriptors, heartbeats).
	APIURL string
	// StreamURL and ControlURL are what the node advertises in heartbeats:
	// its base URL for carriers (ws:// or wss://) and for the API's control
	// commands (http:// or https://).
	StreamURL, ControlURL string
	// Capacity is the most legs the node runs at once.
	Capacity int
	// Store receives recordings; TempDir holds them while they are written.
	Store   blob.Store
	TempDir string
	// Reporter receives the node's reports (a RiverReporter in production).
	Reporter Reporter
	// Speaker renders Say text; nil refuses Say.
	Speaker Speaker
	// HTTPClient calls the API; nil uses a client with a 10 s timeout.
	HTTPClient *http.Client
	Logger     *slog.Logger
	// ResumeWindow is how long a dropped leg waits for its carrier to
	// reconnect (10 s by default); HangupGrace how long a leg the node hung
	// up may take to send its stop before the node closes it (2 s).
	ResumeWindow, HangupGrace time.Duration
	// HeartbeatEvery is the heartbeat period (5 s by default).
	HeartbeatEvery time.Duration
}

// Speaker renders text to 8 kHz PCM. The node takes any engine; cmd gives
// it an *audio.Speaker (espeak-ng, cached per text).
type Speaker interface {
	Speak(ctx context.Context, text string) ([]int16, error)
}

// Node is one media node: it accepts carriers' media streams, runs one
// session per leg, bridges legs, records, speaks and reports.
type Node struct {
	opts Options
	log  *slog.Logger
	hc   *http.Client

	mu       sync.Mutex
	sessions map[string]*session // by leg id, until ended
	ended    map[string]time.Time
	bridges  map[string]*bridge
	closed   map[string]time.Time // bridge keys that ended
	draining bool
	idle     chan struct{} // closed when draining and no session is left
	drainCh  chan struct{} // closed by Drain

	uploads sync.WaitGroup
	stats   counters
}

// Stats are the node's counters since it started.
type Stats struct {
	BadEvents, FramesIn, FramesOut, FramesDropped, Refused int64
}

type counters struct {
	badEvents, framesIn, framesOut, framesDropped, refused atomic.Int64
}

// New checks opts and returns a Node; serve Handler and run Run.
func New(opts Options) (*Node, error) {
	var errs []error
	if opts.NodeID == "" {
		errs = append(errs, errors.New("media: NodeID is required"))
	}
	if opts.Signer == nil {
		errs = append(errs, errors.New("media: Signer is required"))
	}
	if u, err := url.Parse(opts.APIURL); err != nil || u.Host == "" {
		errs = append(errs, fmt.Errorf("media: APIURL %q must be an absolute URL", opts.APIURL))
	}
	if opts.Capacity <= 0 {
		errs = append(errs, errors.New("media: Capacity must be positive"))
	}
	if opts.Store == nil {
		errs = append(errs, errors.New("media: Store is required"))
	}
	if opts.Reporter == nil {
		errs = append(errs, errors.New("media: Reporter is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.ResumeWindow <= 0 {
		opts.ResumeWindow = 10 * time.Second
	}
	if opts.HangupGrace <= 0 {
		opts.HangupGrace = 2 * time.Second
	}
	if opts.HeartbeatEvery <= 0 {
		opts.HeartbeatEvery = 5 * time.Second
	}
	opts.APIURL = strings.TrimRight(opts.APIURL, "/")
	return &Node{
		opts: opts, log: opts.Logger.With(slog.String("node_id", opts.NodeID)), hc: opts.HTTPClient,
		sessions: map[string]*session{}, ended: map[string]time.Time{}, bridges: map[string]*bridge{},
		closed: map[string]time.Time{}, idle: make(chan struct{}), drainCh: make(chan struct{}),
	}, nil
}

// Handler serves GET /v1/stream (the carriers' WebSocket, token in the
// query, an Authorization bearer header, or the path /v1/stream/{token} for
// carriers whose stream URLs take no query string, like Twilio's), POST
// /v1/control (the API's signed commands) and GET /healthz.
func (n *Node) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/stream", n.handleStream)
	mux.HandleFunc("GET /v1/stream/{token}", n.handleStream)
	mux.HandleFunc("POST /v1/control", n.handleControl)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"node_id":%q,"active":%d,"draining":%t}`, n.opts.NodeID, n.Active(), n.Draining())
	})
	return mux
}

// Active is the number of legs the node is running (dropped legs waiting
// for a resume included).
func (n *Node) Active() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.sessions)
}

// Draining reports whether Drain was called.
func (n *Node) Draining() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.draining
}

// Drain stops taking new legs (resumes of the node's own legs are still
// taken); Idle is closed once the last leg has ended.
func (n *Node) Drain() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.draining {
		return
	}
	n.draining = true
	close(n.drainCh)
	n.log.Info("media node draining", slog.Int("active", len(n.sessions)))
	if len(n.sessions) == 0 {
		close(n.idle)
	}
}

// Idle is closed when the node drains and has no leg left.
func (n *Node) Idle() <-chan struct{} { return n.idle }

// Close ends every leg (reason node_shutdown) and waits for recordings to
// be stored.
func (n *Node) Close() {
	n.Drain()
	n.mu.Lock()
	all := make([]*session, 0, len(n.sessions))
	for _, s := range n.sessions {
		all = append(all, s)
	}
	n.mu.Unlock()
	for _, s := range all {
		s.end("node_shutdown")
	}
	n.uploads.Wait()
}

// Snapshot returns a copy of the counters.
func (n *Node) Snapshot() Stats {
	c := &n.stats
	return Stats{BadEvents: c.badEvents.Load(), FramesIn: c.framesIn.Load(), FramesOut: c.framesOut.Load(),
		FramesDropped: c.framesDropped.Load(), Refused: c.refused.Load()}
}

// refuse answers an upgrade request with an HTTP error before any upgrade.
func (n *Node) refuse(w http.ResponseWriter, code int, reason string, attrs ...any) {
	n.stats.refused.Add(1)
	n.log.Warn("media stream refused", append([]any{slog.Int("status", code), slog.String("reason", reason)}, attrs...)...)
	http.Error(w, reason, code)
}

func streamToken(r *http.Request) string {
	if t := r.PathValue("token"); t != "" {
		return t
	}
	if t := r.URL.Query().Get("token"); t != "" {
		return t
	}
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

func (n *Node) handleStream(w http.ResponseWriter, r *http.Request) {
	tok := streamToken(r)
	if tok == "" {
		n.refuse(w, http.StatusUnauthorized, "missing stream token")
		return
	}
	var claims voice.StreamClaims
	if err := n.opts.Signer.Verify(tok, &claims); err != nil {
		if errors.Is(err, voice.ErrExpired) {
			n.refuse(w, http.StatusForbidden, "stream token expired")
			return
		}
		n.refuse(w, http.StatusUnauthorized, "bad stream token")
		return
	}
	if claims.LegID == "" || (claims.NodeID != "" && claims.NodeID != n.opts.NodeID) {
		n.refuse(w, http.StatusForbidden, "stream token is not for this node", slog.String("leg_id", claims.LegID))
		return
	}
	leg := claims.LegID
	attrs := []any{slog.String("leg_id", leg), slog.String("call_id", claims.CallID)}

	n.mu.Lock()
	s := n.sessions[leg]
	_, wasEnded := n.ended[leg]
	draining, active := n.draining, len(n.sessions)
	n.mu.Unlock()
	switch {
	case s != nil:
		if s.claims.CallID != claims.CallID || s.claims.TenantID != claims.TenantID {
			n.refuse(w, http.StatusForbidden, "stream token does not match the leg's call", attrs...)
			return
		}
		if !s.claimResume() {
			n.refuse(w, http.StatusConflict, "leg already has a live stream", attrs...)
			return
		}
	case wasEnded:
		n.refuse(w, http.StatusGone, "leg has ended", attrs...)
		return
	case draining:
		n.refuse(w, http.StatusServiceUnavailable, "node is draining", attrs...)
		return
	case active >= n.opts.Capacity:
		n.refuse(w, http.StatusServiceUnavailable, "node is at capacity", attrs...)
		return
	default:
		desc, code, err := n.fetchDescriptor(r.Context(), tok, claims)
		if err != nil {
			n.refuse(w, code, "session descriptor: "+err.Error(), attrs...)
			return
		}
		s = newSession(n, claims, desc)
		if !n.register(s) {
			n.refuse(w, http.StatusConflict, "leg already has a stream", attrs...)
			return
		}
	}
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		n.log.Warn("media stream upgrade failed", append(attrs, slog.Any("error", err))...)
		s.releaseResume(nil)
		return
	}
	conn.SetReadLimit(MaxEventBytes)
	s.serve(conn)
}

// register adds a new session, unless its leg got one meanwhile.
func (n *Node) register(s *session) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.sessions[s.leg]; ok {
		return false
	}
	if _, ok := n.ended[s.leg]; ok {
		return false
	}
	n.sessions[s.leg] = s
	return true
}

func (n *Node) unregister(s *session) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.sessions[s.leg] == s {
		delete(n.sessions, s.leg)
	}
	remember(n.ended, s.leg)
	if n.draining && len(n.sessions) == 0 {
		select {
		case <-n.idle:
		default:
			close(n.idle)
		}
	}
}

// fetchDescriptor asks the API what to do with the leg (voiceplan point 3)
// and verifies the signed answer. The status code is what to refuse with.
func (n *Node) fetchDescriptor(ctx context.Context, tok string, c voice.StreamClaims) (voice.SessionDescriptor, int, error) {
	var d voice.SessionDescriptor
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, n.opts.APIURL+"/media/v1/legs/"+url.PathEscape(c.LegID)+"/descriptor", nil)
	if err != nil {
		return d, http.StatusBadGateway, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	status, body, err := voice.Exchange(n.hc, req)
	if err != nil {
		return d, http.StatusBadGateway, fmt.Errorf("fetch: %w", err)
	}
	switch status {
	case http.StatusOK:
	case http.StatusNotFound, http.StatusUnauthorized, http.StatusForbidden, http.StatusGone:
		return d, http.StatusForbidden, fmt.Errorf("API refused the leg (%d)", status)
	default:
		return d, http.StatusBadGateway, fmt.Errorf("API answered %d", status)
	}
	if err := n.opts.Signer.Verify(string(bytes.TrimSpace(body)), &d); err != nil {
		return d, http.StatusBadGateway, fmt.Errorf("verify: %w", err)
	}
	if d.LegID != c.LegID || d.CallID != c.CallID || d.TenantID != c.TenantID {
		return d, http.StatusForbidden, errors.New("descriptor is for another leg")
	}
	if d.Role != voice.RoleAgent && d.Role != voice.RoleCustomer {
		return d, http.StatusBadGateway, fmt.Errorf("descriptor role %q", d.Role)
	}
	if d.Record && d.RecordingKey == "" {
		return d, http.StatusBadGateway, errors.New("descriptor asks to record without a recording key")
	}
	return d, http.StatusOK, nil
}

// report sends one CallMediaEvent about s's leg.
func (n *Node) report(d voice.SessionDescriptor, event string, fill func(*jobargs.CallMediaEvent)) {
	ev := jobargs.CallMediaEvent{Event: event, At: time.Now().UTC().Format(time.RFC3339Nano), NodeID: n.opts.NodeID}
	var err1, err2, err3 error
	ev.TenantID, err1 = uuid.Parse(d.TenantID)
	ev.CallID, err2 = uuid.Parse(d.CallID)
	ev.LegID, err3 = uuid.Parse(d.LegID)
	if err := errors.Join(err1, err2, err3); err != nil {
		n.log.Error("media report not sent: descriptor ids are not UUIDs", slog.Any("error", err), slog.String("event", event))
		return
	}
	if fill != nil {
		fill(&ev)
	}
	n.opts.Reporter.Report(ev)
}

// joinBridge puts s into its bridge; false when the bridge is over (the
// other leg already ended) and s should hang up.
func (n *Node) joinBridge(s *session) (*bridge, bool) {
	key := s.desc.BridgeKey
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, over := n.closed[key]; over {
		return nil, false
	}
	b := n.bridges[key]
	if b == nil {
		b = &bridge{n: n, key: key}
		n.bridges[key] = b
	}
	return b, b.add(s)
}

func (n *Node) bridgeOver(b *bridge) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.bridges[b.key] == b {
		delete(n.bridges, b.key)
	}
	remember(n.closed, b.key)
}

// remember marks key as over in m (ended legs, closed bridges), forgetting
// what has been over for more than 10 minutes. The caller holds n.mu.
func remember(m map[string]time.Time, key string) {
	now := time.Now()
	m[key] = now
	for k, at := range m {
		if now.Sub(at) > 10*time.Minute {
			delete(m, k)
		}
	}
}
