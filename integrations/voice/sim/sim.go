package sim

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
	"github.com/switchboard/switchboard/integrations/voice/ivrbridge"
)

// Options configure a simulated network.
type Options struct {
	// Secret signs status callbacks (ivrbridge format); at least 32 bytes.
	Secret []byte
	// APIKey, when set, must come as "Authorization: Bearer …" on the bridge
	// API (POST /calls, hangup).
	APIKey string
	// Handsets are the scripted numbers.
	Handsets map[string]Script
	// Default is the script of numbers not in Handsets; nil means the zero
	// Script (answer at once, silent).
	Default *Script
	// RingTimeout ends an unanswered call with no-answer when the request
	// gives none; 0 means 30 s.
	RingTimeout time.Duration
	// CallbackAttempts (default 5) and CallbackBackoff (first retry delay,
	// doubled each time, default 250 ms) shape callback retries.
	CallbackAttempts int
	CallbackBackoff  time.Duration
	// HTTPClient posts callbacks and dials the media WebSockets; nil means a
	// client with a 10 s timeout.
	HTTPClient *http.Client
	// Speaker renders Say; nil means espeak-ng with its defaults.
	Speaker *audio.Speaker
	// HeardLimit bounds what is kept of what a handset heard (the latest
	// audio wins); 0 means 30 s, negative keeps nothing (for load tests).
	HeardLimit time.Duration
	Logger     *slog.Logger
}

// State is what a handset is doing.
type State string

// Handset states.
const (
	StateIdle    State = "idle"
	StateRinging State = "ringing"
	StateTalking State = "talking"
	// StateDropped: answered, but the stream is down (a scripted drop) and
	// the handset is about to reconnect.
	StateDropped State = "dropped"
)

// HandsetInfo describes a handset.
type HandsetInfo struct {
	Number    string `json:"number"`
	State     State  `json:"state"`
	Script    Script `json:"script"`
	CallSID   string `json:"call_sid,omitempty"`
	StreamSID string `json:"stream_sid,omitempty"`
	From      string `json:"from,omitempty"`
	// LastStatus is the status of the handset's current or last call.
	LastStatus voice.Status `json:"last_status,omitempty"`
	// Connects counts WebSocket connections of the current or last call
	// (more than one after a drop and reconnect).
	Connects int `json:"connects"`
	// Received counts media frames the handset got from the media node on
	// its current or last call.
	Received int `json:"received"`
}

// Server is a running simulated phone network.
type Server struct {
	opts    Options
	log     *slog.Logger
	speaker *audio.Speaker
	mux     *http.ServeMux

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup // calls and their streams
	// Callbacks outlive a Close by a grace period, so that the API learns
	// that the calls it hung up ended.
	cbCtx    context.Context
	cbCancel context.CancelFunc
	cbWG     sync.WaitGroup

	mu       sync.Mutex
	handsets map[string]*handset
	calls    map[string]*call
	changed  chan struct{} // closed and replaced on every state change
}

type handset struct {
	number string
	script Script
	call   *call // current call, nil when idle
	state  State
	info   HandsetInfo // of the current or last call

	heard     ring
	inputHz   float64 // console input: tone (>0) or silence
	inputSet  bool
	listeners map[chan []byte]struct{}
}

// New builds a simulated network. Close it to end its calls.
func New(o Options) (*Server, error) {
	if len(o.Secret) < 32 {
		return nil, errors.New("sim: carrier secret must be at least 32 bytes")
	}
	if o.Default != nil {
		if err := o.Default.Validate(); err != nil {
			return nil, fmt.Errorf("sim: default %w", err)
		}
	}
	if o.RingTimeout <= 0 {
		o.RingTimeout = 30 * time.Second
	}
	if o.CallbackAttempts <= 0 {
		o.CallbackAttempts = 5
	}
	if o.CallbackBackoff <= 0 {
		o.CallbackBackoff = 250 * time.Millisecond
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if o.HeardLimit == 0 {
		o.HeardLimit = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	s := &Server{
		opts: o, log: o.Logger.With(slog.String("component", "voice_sim")), speaker: o.Speaker,
		handsets: map[string]*handset{}, calls: map[string]*call{}, changed: make(chan struct{}),
	}
	if s.speaker == nil {
		s.speaker = &audio.Speaker{}
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.cbCtx, s.cbCancel = context.WithCancel(context.Background())
	for n, sc := range o.Handsets {
		if err := s.SetHandset(n, sc); err != nil {
			return nil, err
		}
	}
	s.routes()
	return s, nil
}

// Handler serves the bridge API and the console API (see the package doc).
func (s *Server) Handler() http.Handler { return s.mux }

// Carrier returns the voice.Carrier that drives this network: an ivrbridge
// client named "sim" pointed at baseURL (where Handler is served).
func (s *Server) Carrier(baseURL string) *ivrbridge.Client {
	return &ivrbridge.Client{BaseURL: baseURL, APIKey: s.opts.APIKey, Secret: s.opts.Secret, CarrierName: "sim"}
}

// Close hangs up every call, gives their last callbacks up to
// CloseGrace to be delivered, and waits for the network's goroutines.
func (s *Server) Close() {
	s.cancel()
	s.wg.Wait()
	t := time.AfterFunc(CloseGrace, s.cbCancel)
	s.cbWG.Wait()
	t.Stop()
	s.cbCancel()
}

// CloseGrace is how long Close waits for undelivered callbacks.
const CloseGrace = 2 * time.Second

// SetHandset adds a number or replaces its script; a call in progress keeps
// the script it started with.
func (s *Server) SetHandset(number string, sc Script) error {
	if number == "" || len(number) > 32 {
		return errors.New("sim: handset number must be 1 to 32 characters")
	}
	if err := sc.Validate(); err != nil {
		return fmt.Errorf("sim: handset %s: %w", number, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.handsetLocked(number)
	h.script = sc
	h.info.Script = sc
	s.notifyLocked()
	return nil
}

// handsetLocked returns the handset for number, creating it with the
// default script.
func (s *Server) handsetLocked(number string) *handset {
	h, ok := s.handsets[number]
	if !ok {
		var sc Script
		if s.opts.Default != nil {
			sc = *s.opts.Default
		}
		h = &handset{number: number, script: sc, state: StateIdle, listeners: map[chan []byte]struct{}{}}
		if s.opts.HeardLimit > 0 {
			h.heard.buf = make([]int16, 0, int(s.opts.HeardLimit/time.Second)*audio.Rate)
		}
		h.info = HandsetInfo{Number: number, State: StateIdle, Script: sc}
		s.handsets[number] = h
	}
	return h
}

// Handsets lists the known handsets by number.
func (s *Server) Handsets() []HandsetInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]HandsetInfo, 0, len(s.handsets))
	for _, h := range s.handsets {
		out = append(out, h.snapshot())
	}
	slices.SortFunc(out, func(a, b HandsetInfo) int {
		if a.Number < b.Number {
			return -1
		}
		if a.Number > b.Number {
			return 1
		}
		return 0
	})
	return out
}

// Handset describes one handset.
func (s *Server) Handset(number string) (HandsetInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.handsets[number]
	if !ok {
		return HandsetInfo{}, false
	}
	return h.snapshot(), true
}

func (h *handset) snapshot() HandsetInfo {
	i := h.info
	i.State = h.state
	return i
}

// Heard returns what the handset has heard on its current or last call: the
// PCM16 8 kHz it played, 20 ms per frame, silence included.
func (s *Server) Heard(number string) []int16 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h, ok := s.handsets[number]; ok {
		return h.heard.samples()
	}
	return nil
}

// WaitFor waits until cond holds for the handset's info (the handset may
// not exist yet; cond then sees a zero HandsetInfo with its Number set).
func (s *Server) WaitFor(ctx context.Context, number string, cond func(HandsetInfo) bool) (HandsetInfo, error) {
	for {
		s.mu.Lock()
		info := HandsetInfo{Number: number}
		if h, ok := s.handsets[number]; ok {
			info = h.snapshot()
		}
		ch := s.changed
		s.mu.Unlock()
		if cond(info) {
			return info, nil
		}
		// Counters (frames received) change without a notification, so
		// poll as well.
		t := time.NewTimer(20 * time.Millisecond)
		select {
		case <-ch:
			t.Stop()
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return info, fmt.Errorf("wait for handset %s (now %s, last %s): %w", number, info.State, info.LastStatus, ctx.Err())
		}
	}
}

// WaitState waits until the handset is in state.
func (s *Server) WaitState(ctx context.Context, number string, state State) (HandsetInfo, error) {
	return s.WaitFor(ctx, number, func(i HandsetInfo) bool { return i.State == state })
}

// WaitStatus waits until the handset's current or last call has status st.
func (s *Server) WaitStatus(ctx context.Context, number string, st voice.Status) (HandsetInfo, error) {
	return s.WaitFor(ctx, number, func(i HandsetInfo) bool { return i.LastStatus == st })
}

func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// ErrNoCall: the handset has no call in the state the action needs.
var ErrNoCall = errors.New("sim: no such call")

// Answer answers a ringing handset (a person picking up).
func (s *Server) Answer(number string) error { return s.decide(number, true) }

// Decline rejects a ringing handset; the call ends busy.
func (s *Server) Decline(number string) error { return s.decide(number, false) }

func (s *Server) decide(number string, answer bool) error {
	c := s.currentCallIn(number, StateRinging)
	if c == nil {
		return ErrNoCall
	}
	select {
	case c.decision <- answer:
		return nil
	default:
		return ErrNoCall
	}
}

// Press sends DTMF digits from the handset on its live call.
func (s *Server) Press(number, digits string) error {
	if !validDigits(digits) || len(digits) > 32 {
		return fmt.Errorf("sim: digits %q are not 0-9*#A-D", digits)
	}
	c := s.currentCallIn(number, StateTalking, StateDropped)
	if c == nil {
		return ErrNoCall
	}
	for _, d := range digits {
		select {
		case c.keys <- string(d):
		default:
			return errors.New("sim: too many keys pressed at once")
		}
	}
	return nil
}

// HangupHandset hangs up the handset's call, ringing or live.
func (s *Server) HangupHandset(number string) error {
	c := s.currentCall(number)
	if c == nil {
		return ErrNoCall
	}
	c.requestHangup("handset hung up")
	return nil
}

// SetInput sets what the handset's microphone picks up on the console's
// behalf: a tone at hz, or silence when hz is 0. It replaces the script's
// audio until the call ends.
func (s *Server) SetInput(number string, hz float64) error {
	if hz < 0 || hz >= 4000 {
		return fmt.Errorf("sim: tone %g Hz out of range", hz)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.handsets[number]
	if !ok {
		return ErrNoCall
	}
	h.inputHz, h.inputSet = hz, true
	return nil
}

// currentCallIn returns the handset's call when the handset is in one of
// states.
func (s *Server) currentCallIn(number string, states ...State) *call {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h, ok := s.handsets[number]; ok && slices.Contains(states, h.state) {
		return h.call
	}
	return nil
}

func (s *Server) currentCall(number string) *call {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h, ok := s.handsets[number]; ok {
		return h.call
	}
	return nil
}

// listen subscribes to what a handset hears, frame by frame.
func (s *Server) listen(number string) (chan []byte, func()) {
	ch := make(chan []byte, 50)
	s.mu.Lock()
	h := s.handsetLocked(number)
	h.listeners[ch] = struct{}{}
	s.mu.Unlock()
	return ch, func() {
		s.mu.Lock()
		delete(h.listeners, ch)
		s.mu.Unlock()
	}
}

func newID(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s%d_%s", prefix, time.Now().UnixMilli(), hex.EncodeToString(b))
}

// ring keeps the latest cap(buf) samples: appending a frame costs the frame,
// whatever the length kept.
type ring struct {
	buf  []int16
	next int // where the next sample goes once buf is full
}

func (r *ring) reset() {
	r.buf = r.buf[:0]
	r.next = 0
}

func (r *ring) write(p []int16) {
	c := cap(r.buf)
	if c == 0 {
		return
	}
	for len(p) > 0 {
		if len(r.buf) < c {
			n := min(len(p), c-len(r.buf))
			r.buf = append(r.buf, p[:n]...)
			p = p[n:]
			continue
		}
		n := copy(r.buf[r.next:], p)
		r.next = (r.next + n) % c
		p = p[n:]
	}
}

func (r *ring) samples() []int16 {
	out := make([]int16, 0, len(r.buf))
	if len(r.buf) < cap(r.buf) {
		return append(out, r.buf...)
	}
	return append(append(out, r.buf[r.next:]...), r.buf[:r.next]...)
}
