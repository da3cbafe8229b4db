package media

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
	"github.com/switchboard/switchboard/jobs/jobargs"
)

// Session states.
const (
	stConnecting int32 = iota // upgraded, no start yet
	stLive
	stDropped // WebSocket lost without stop: waiting for a resume
	stEnded
)

const (
	frameDur = 20 * time.Millisecond
	// paceSlack lets a frame leave this much before its slot, so that a
	// carrier's own 20 ms clock, a little ahead of ours, does not make every
	// frame wait a whole tick.
	paceSlack = 2 * time.Millisecond
	// maxPeerQueue is the jitter buffer's depth, in frames: beyond it the
	// oldest bridged frame is dropped (the leg's carrier is not reading).
	maxPeerQueue = 25
	// maxCatchUp is how far behind its 20 ms schedule a sender may run and
	// still send the frames it owes closer together.
	maxCatchUp = 100 * time.Millisecond
	// minPeerGap keeps bridged frames this far apart at least. Zero: the
	// peer's carrier paces its audio already, and re-pacing a burst it sends
	// after a stall on its side only turns the burst into latency (measured
	// with BenchmarkBridgedCalls on a loaded machine: p50 0.5 s at 5 ms).
	minPeerGap = 0
	// startTimeout is how long a new connection may take to send its start.
	startTimeout = 10 * time.Second
	// writeTimeout bounds one frame's write to a carrier.
	writeTimeout = 5 * time.Second
	// Hold tone: 500 Hz, 0.8 s on, 0.2 s off; apart from any test tone.
	HoldToneHz   = 500.0
	holdOnFrames = 40
	holdFrames   = 50
)

type outItem struct {
	pcm    []int16 // one frame of audio, or nil
	local  bool    // spoken by the node (Say), not bridged from the peer
	mark   string  // echo this mark once everything before it is sent
	hangup bool    // hang up once everything before it is sent
}

// session runs one leg: its WebSocket (replaced on resume), its outgoing
// queue and pacer, its place in a bridge.
type session struct {
	n      *Node
	leg    string
	claims voice.StreamClaims
	desc   voice.SessionDescriptor
	log    *slog.Logger

	state   atomic.Int32
	channel atomic.Int32 // recording channel: 0 left (agent), 1 right
	bridge  atomic.Pointer[bridge]
	wake    chan struct{}
	done    chan struct{}

	mu           sync.Mutex
	conn         *websocket.Conn // the started connection, nil while dropped
	pending      *websocket.Conn // a connection before its start
	resuming     bool
	sid          string
	sidJSON      []byte // sid as a JSON string, for Twilio's media messages
	dialect      Dialect
	q            []outItem
	localQueued  int
	hangupReason string
	dropTimer    *time.Timer
	badLogged    int
	lastSend     time.Time // when the last audio frame went out
	sending      bool      // a frame is being written (by the sender or a peer's reader)

	inbuf []int16 // reader goroutine only

	writing    atomic.Pointer[websocket.Conn] // the connection an audio write is blocked on
	writeWatch *time.Timer                    // closes it after writeTimeout
}

func newSession(n *Node, c voice.StreamClaims, d voice.SessionDescriptor) *session {
	s := &session{n: n, leg: c.LegID, claims: c, desc: d, wake: make(chan struct{}, 1), done: make(chan struct{}),
		log: n.log.With(slog.String("tenant_id", d.TenantID), slog.String("call_id", d.CallID), slog.String("leg_id", d.LegID))}
	if d.Role == voice.RoleCustomer {
		s.channel.Store(1)
	}
	s.writeWatch = time.AfterFunc(time.Hour, func() {
		if c := s.writing.Load(); c != nil {
			s.log.Warn("media write timed out: closing the stream", slog.Duration("timeout", writeTimeout))
			c.CloseNow()
		}
	})
	s.writeWatch.Stop()
	go s.sendLoop()
	return s
}

func (s *session) kick() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// claimResume reserves a dropped session for a reconnecting carrier.
func (s *session) claimResume() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.Load() != stDropped || s.resuming {
		return false
	}
	s.resuming = true
	return true
}

func (s *session) releaseResume(conn *websocket.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resuming = false
	if conn != nil && s.pending == conn {
		s.pending = nil
	}
}

// readMessage reads one message into *buf, reusing it.
func readMessage(conn *websocket.Conn, buf *[]byte) (websocket.MessageType, []byte, error) {
	typ, r, err := conn.Reader(context.Background())
	if err != nil {
		return 0, nil, err
	}
	b := (*buf)[:0]
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		m, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if errors.Is(err, io.EOF) {
			*buf = b
			return typ, b, nil
		}
		if err != nil {
			return 0, nil, err
		}
	}
}

// serve reads the carrier's events until the connection ends.
func (s *session) serve(conn *websocket.Conn) {
	s.mu.Lock()
	s.pending = conn
	s.mu.Unlock()
	// A connection that never starts must not hold the leg (and a place in
	// the node's capacity) forever.
	startTimer := time.AfterFunc(startTimeout, func() {
		s.mu.Lock()
		idle := s.pending == conn
		s.mu.Unlock()
		if idle {
			s.log.Warn("media stream sent no start in time: closing it", slog.Duration("timeout", startTimeout))
			conn.CloseNow()
		}
	})
	defer startTimer.Stop()
	var st Stream
	buf := make([]byte, 0, 1024)
	for {
		typ, data, err := readMessage(conn, &buf)
		if err != nil {
			s.connLost(conn, err)
			return
		}
		if typ != websocket.MessageText {
			s.badEvent(errors.New("bad stream event: binary message"))
			continue
		}
		ev, err := st.Next(data)
		if err != nil {
			s.badEvent(err)
			continue
		}
		switch ev.Kind {
		case voice.EventStart:
			if !s.attach(conn, ev) {
				s.releaseResume(conn)
				conn.Close(websocket.StatusPolicyViolation, "stream_sid does not match this leg's stream")
				return
			}
		case voice.EventMedia:
			s.media(ev.PCM)
		case voice.EventDTMF:
			s.n.report(s.desc, jobargs.MediaLegDTMF, func(e *jobargs.CallMediaEvent) { e.Digit = ev.Digit })
		case voice.EventMark:
			if st.Dialect() == DialectSeed004 {
				s.enqueue(outItem{mark: ev.Mark})
			} // Twilio's marks acknowledge ours; the node sets none.
		case voice.EventClear:
			s.clear()
		case voice.EventStop:
			s.stopped(ev.Stop.Reason)
		}
	}
}

func (s *session) badEvent(err error) {
	s.n.stats.badEvents.Add(1)
	s.mu.Lock()
	s.badLogged++
	n := s.badLogged
	s.mu.Unlock()
	// Log the first few and then one in a hundred: a broken carrier must not
	// flood the log.
	if n <= 5 || n%100 == 0 {
		s.log.Warn("media stream event rejected", slog.String("reason", err.Error()), slog.Int("rejected", n))
	}
}

// attach makes conn the session's connection at its start: the first one,
// or a resume with the same stream_sid.
func (s *session) attach(conn *websocket.Conn, ev Event) bool {
	s.mu.Lock()
	if s.state.Load() == stEnded {
		s.mu.Unlock()
		return false
	}
	first := s.sid == ""
	if !first && ev.StreamSID != s.sid {
		s.mu.Unlock()
		s.log.Warn("media stream resume refused: stream_sid differs", slog.String("stream_sid", ev.StreamSID))
		return false
	}
	s.sid, s.dialect, s.conn, s.pending, s.resuming = ev.StreamSID, ev.Dialect, conn, nil, false
	if first {
		s.sidJSON, _ = json.Marshal(s.sid)
	}
	if s.dropTimer != nil {
		s.dropTimer.Stop()
		s.dropTimer = nil
	}
	s.state.Store(stLive)
	s.mu.Unlock()
	s.kick()
	if !first {
		s.log.Info("media stream resumed", slog.String("stream_sid", s.sid))
		if b := s.bridge.Load(); b != nil {
			b.check()
			b.kickOther(s)
		}
		return true
	}
	s.log.Info("media stream started", slog.String("stream_sid", s.sid))
	s.n.report(s.desc, jobargs.MediaLegAnswered, nil)
	if s.desc.Say != "" {
		go s.say(s.desc.Say)
	}
	if s.desc.BridgeKey != "" {
		b, ok := s.n.joinBridge(s)
		if !ok {
			s.log.Info("media bridge already over: hanging up the leg")
			go s.hangup("bridge_ended")
			return true
		}
		s.bridge.Store(b)
		s.kick() // the hold tone may be due
		b.check()
	}
	return true
}

func (s *session) say(text string) {
	if s.n.opts.Speaker == nil {
		s.log.Error("media say refused: no TTS engine configured")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pcm, err := s.n.opts.Speaker.Speak(ctx, text)
	if err != nil {
		s.log.Error("media say failed", slog.Any("error", err))
		return
	}
	s.enqueueAudio(pcm, true)
}

func (s *session) media(pcm []int16) {
	s.n.stats.framesIn.Add(1)
	s.inbuf = append(s.inbuf, pcm...)
	b := s.bridge.Load()
	for len(s.inbuf) >= audio.FrameSamples {
		if b != nil {
			// A copy: the frame lives on in the peer's queue and the recording.
			frame := make([]int16, audio.FrameSamples)
			copy(frame, s.inbuf)
			b.forward(s, frame)
		}
		s.inbuf = s.inbuf[:copy(s.inbuf, s.inbuf[audio.FrameSamples:])]
	}
}

// enqueueAudio splits pcm into frames (the last padded with silence).
func (s *session) enqueueAudio(pcm []int16, local bool) {
	s.mu.Lock()
	for i := 0; i < len(pcm); i += audio.FrameSamples {
		f := make([]int16, audio.FrameSamples)
		copy(f, pcm[i:min(i+audio.FrameSamples, len(pcm))])
		s.q = append(s.q, outItem{pcm: f, local: local})
		if local {
			s.localQueued++
		}
	}
	s.mu.Unlock()
	s.kick()
}

// enqueue adds a mark or hangup item (after everything queued so far).
func (s *session) enqueue(it outItem) {
	s.mu.Lock()
	s.q = append(s.q, it)
	s.mu.Unlock()
	s.kick()
}

// fromPeer takes one bridged frame from the peer's reader: the jitter
// buffer. When no write is in progress and nothing but bridged audio is
// queued, the queue and the frame are written at once from the peer's reader
// goroutine (no hand-off to the sender: on a loaded machine each hand-off
// waits its turn in the run queue); otherwise the frame is queued for the
// sender. Peer audio waits behind nothing spoken by the
// node: while a Say plays it is discarded.
func (s *session) fromPeer(frame []int16) {
	if s.state.Load() != stLive {
		return
	}
	now := time.Now()
	s.mu.Lock()
	if s.localQueued > 0 {
		s.mu.Unlock()
		return
	}
	if s.conn != nil && !s.sending && onlyPeerAudio(s.q) && !now.Before(s.lastSend.Add(minPeerGap)) {
		// Whatever bridged audio is queued (it waited for a write in
		// progress) goes first, from here too.
		batch := append(s.q, outItem{pcm: frame})
		s.q = nil
		s.sending, s.lastSend = true, now
		conn, dialect, sid := s.conn, s.dialect, s.sidJSON
		s.mu.Unlock()
		for _, it := range batch {
			s.writeAudio(conn, dialect, sid, it.pcm)
		}
		s.mu.Lock()
		s.sending = false
		more := len(s.q) > 0
		s.mu.Unlock()
		if more {
			s.kick()
		}
		return
	}
	if len(s.q) >= maxPeerQueue {
		for i, it := range s.q {
			if it.pcm != nil {
				s.q = append(s.q[:i], s.q[i+1:]...)
				s.n.stats.framesDropped.Add(1)
				break
			}
		}
	}
	s.q = append(s.q, outItem{pcm: frame})
	s.mu.Unlock()
	s.kick()
}

// onlyPeerAudio reports whether q holds nothing but bridged frames (no
// spoken audio, mark or hangup whose order the sender keeps).
func onlyPeerAudio(q []outItem) bool {
	for _, it := range q {
		if it.pcm == nil || it.local {
			return false
		}
	}
	return true
}

var writeBufs = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// writeAudio writes one frame, with a deadline: a carrier that stops reading
// loses its connection (and gets the resume window) instead of blocking the
// peer's reader. The deadline is one timer per session, re-armed per write
// (a context with a timeout per frame cost more than the frame's JSON). Only
// one audio write runs at a time (the sending flag).
func (s *session) writeAudio(conn *websocket.Conn, d Dialect, sidJSON []byte, pcm []int16) {
	bp := writeBufs.Get().(*[]byte)
	*bp = encodeAudio((*bp)[:0], d, sidJSON, pcm)
	s.writing.Store(conn)
	s.writeWatch.Reset(writeTimeout)
	err := conn.Write(context.Background(), websocket.MessageText, *bp)
	s.writeWatch.Stop()
	s.writing.Store(nil)
	writeBufs.Put(bp)
	if err != nil {
		conn.CloseNow() // the reader sees it and starts the resume window
		return
	}
	s.n.stats.framesOut.Add(1)
}

// clear flushes queued audio (barge-in). Marks in the flushed part are
// echoed at once, as a carrier expects of a clear.
func (s *session) clear() {
	s.mu.Lock()
	var marks []string
	kept := s.q[:0]
	for _, it := range s.q {
		switch {
		case it.mark != "":
			marks = append(marks, it.mark)
		case it.hangup:
			kept = append(kept, it)
		}
	}
	s.q, s.localQueued = kept, 0
	conn, dialect := s.conn, s.dialect
	s.mu.Unlock()
	for _, m := range marks {
		s.writeMark(conn, dialect, m)
	}
}

func (s *session) holdWanted() bool {
	if !s.desc.Hold {
		return false
	}
	b := s.bridge.Load()
	if b == nil {
		return false
	}
	peer := b.other(s)
	return peer == nil || peer.state.Load() != stLive
}

// sendLoop sends the session's queue to its carrier. Audio the node makes
// (Say, the hold tone) leaves on a strict 20 ms schedule. Bridged audio was
// already paced by the peer's carrier, so it leaves as it comes, only kept
// minPeerGap apart: holding it to a schedule of our own would lock onto the
// latest arrival and add that lateness to every later frame, and a queue
// paced at exactly the carrier's rate would never drain.
func (s *session) sendLoop() {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var next time.Time
	holdGen := audio.Oscillator{Hz: HoldToneHz, Amplitude: 4000}
	holdCount := 0
	silence := make([]int16, audio.FrameSamples)
	holdFrame := make([]int16, audio.FrameSamples)
	for {
		now := time.Now()
		s.mu.Lock()
		if s.state.Load() == stEnded {
			s.mu.Unlock()
			return
		}
		conn, dialect, sid := s.conn, s.dialect, s.sidJSON
		var it outItem
		have := conn != nil && len(s.q) > 0
		if have {
			it = s.q[0]
		}
		peerAudio := have && it.pcm != nil && !it.local
		var due time.Time
		switch {
		case have && it.pcm == nil: // a mark or a hangup: no pacing
		case peerAudio:
			due = s.lastSend.Add(minPeerGap)
		default: // local audio or the hold tone
			due = next.Add(-paceSlack)
		}
		early := now.Before(due)
		hold := !have && conn != nil && s.holdWanted()
		if s.sending || (!have && !hold) {
			// Nothing to send, or a peer's reader is writing a frame (it
			// kicks when done).
			holdCount = 0
			s.mu.Unlock()
			select {
			case <-s.wake:
			case <-s.done:
				return
			}
			continue
		}
		audioOut := !early && (hold || it.pcm != nil)
		if audioOut {
			s.sending, s.lastSend = true, now
		}
		if have && !early {
			s.q = s.q[1:]
			if it.local {
				s.localQueued--
			}
		}
		s.mu.Unlock()
		switch {
		case have && it.mark != "":
			s.writeMark(conn, dialect, it.mark)
			continue
		case have && it.hangup:
			s.hangup("hangup")
			continue
		}
		if early {
			timer.Reset(due.Sub(now))
			select {
			case <-timer.C:
			case <-s.done:
				timer.Stop()
				return
			}
			continue
		}
		pcm := it.pcm
		if !have {
			pcm = silence
			if holdCount%holdFrames < holdOnFrames {
				holdGen.Fill(holdFrame)
				pcm = holdFrame
			}
			holdCount++
		}
		s.writeAudio(conn, dialect, sid, pcm)
		s.mu.Lock()
		s.sending = false
		s.mu.Unlock()
		if peerAudio || next.IsZero() || now.Sub(next) > maxCatchUp {
			// The node's own audio starts a fresh schedule after bridged
			// audio or a long pause; within a run of its own frames it keeps
			// the schedule, catching up (frames closer together) after a
			// late wake-up instead of drifting behind real time.
			next = now
		}
		next = next.Add(frameDur)
	}
}

// encodeAudio appends the message playing pcm in dialect d; sidJSON is the
// stream's id as a JSON string (Twilio's messages name the stream).
func encodeAudio(dst []byte, d Dialect, sidJSON []byte, pcm []int16) []byte {
	var raw [audio.FrameBytes * 2]byte
	if d == DialectTwilio {
		p := audio.EncodeUlaw(raw[:0], pcm)
		dst = append(dst, `{"event":"media","streamSid":`...)
		dst = append(dst, sidJSON...)
		dst = append(dst, `,"media":{"payload":"`...)
		dst = base64.StdEncoding.AppendEncode(dst, p)
		return append(dst, `"}}`...)
	}
	p := audio.EncodeSlin(raw[:0], pcm)
	dst = append(dst, `{"type":"`+voice.CommandAudio+`","delta":"`...)
	dst = base64.StdEncoding.AppendEncode(dst, p)
	return append(dst, `"}`...)
}

func (s *session) writeMark(conn *websocket.Conn, d Dialect, name string) {
	if conn == nil {
		return
	}
	var msg []byte
	if d == DialectTwilio {
		return // the node sets no marks on Twilio streams
	}
	msg, _ = json.Marshal(voice.StreamCommand{Type: voice.CommandMark, Mark: &voice.StreamMark{Name: name}})
	if err := conn.Write(context.Background(), websocket.MessageText, msg); err != nil {
		conn.CloseNow()
	}
}

// hangup asks the carrier to end the leg and ends the session when its stop
// arrives, or after HangupGrace.
func (s *session) hangup(reason string) {
	s.mu.Lock()
	if s.state.Load() == stEnded || s.hangupReason != "" {
		s.mu.Unlock()
		return
	}
	s.hangupReason = reason
	conn, dialect := s.conn, s.dialect
	s.mu.Unlock()
	if conn == nil || dialect == DialectTwilio {
		// Dropped, never started, or Twilio (closing its stream ends the
		// <Connect>, which ends the call).
		s.end(reason)
		return
	}
	msg, _ := json.Marshal(voice.StreamCommand{Type: voice.CommandHangup})
	if err := conn.Write(context.Background(), websocket.MessageText, msg); err != nil {
		s.end(reason)
		return
	}
	time.AfterFunc(s.n.opts.HangupGrace, func() { s.end(reason) })
}

// stopped is the carrier's stop.
func (s *session) stopped(reason string) {
	s.mu.Lock()
	if s.hangupReason != "" {
		reason = s.hangupReason
	}
	s.mu.Unlock()
	if reason == "" {
		reason = "stop"
	}
	s.end(reason)
}

// connLost handles a connection that ended without (or after) stop.
func (s *session) connLost(conn *websocket.Conn, err error) {
	s.mu.Lock()
	if s.state.Load() == stEnded {
		s.mu.Unlock()
		return
	}
	if s.pending == conn {
		s.pending, s.resuming = nil, false
		if s.state.Load() != stConnecting {
			s.mu.Unlock()
			return // a resume attempt failed before its start; still waiting
		}
	} else if s.conn != conn {
		s.mu.Unlock()
		return
	}
	wasLive := s.state.Load() == stLive
	s.conn = nil
	s.state.Store(stDropped)
	s.dropTimer = time.AfterFunc(s.n.opts.ResumeWindow, func() { s.end("stream_lost") })
	s.mu.Unlock()
	conn.CloseNow()
	s.log.Warn("media stream dropped; waiting for a resume", slog.Any("error", err), slog.Duration("window", s.n.opts.ResumeWindow))
	if wasLive {
		s.n.report(s.desc, jobargs.MediaLegStreamDropped, nil)
	}
	if b := s.bridge.Load(); b != nil {
		b.kickOther(s)
	}
}

// end ends the leg once: reports it, closes its connection, and hangs up
// its bridge peer.
func (s *session) end(reason string) {
	s.mu.Lock()
	if s.state.Load() == stEnded {
		s.mu.Unlock()
		return
	}
	s.state.Store(stEnded)
	conn, pending := s.conn, s.pending
	s.conn, s.pending = nil, nil
	if s.dropTimer != nil {
		s.dropTimer.Stop()
	}
	close(s.done)
	s.mu.Unlock()
	for _, c := range []*websocket.Conn{conn, pending} {
		if c != nil {
			go c.Close(websocket.StatusNormalClosure, truncate(reason, 100))
		}
	}
	s.log.Info("media leg ended", slog.String("reason", reason))
	s.n.report(s.desc, jobargs.MediaLegEnded, func(e *jobargs.CallMediaEvent) { e.Reason = reason })
	s.n.unregister(s)
	if b := s.bridge.Load(); b != nil {
		b.legEnded(s)
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
