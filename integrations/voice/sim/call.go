package sim

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/coder/websocket"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
	"github.com/switchboard/switchboard/integrations/voice/ivrbridge"
)

const (
	frameDur = 20 * time.Millisecond
	// maxQueued bounds the audio a handset buffers to play: a node sending
	// faster than real time is trimmed rather than growing memory.
	maxQueued   = 60 * audio.Rate
	maxReadSize = 1 << 20
	writeWait   = 5 * time.Second
	busyRing    = 300 * time.Millisecond
	failDelay   = 100 * time.Millisecond
	maxCatchUp  = 50
	// toneAmplitude is the peak of a handset's tones: 0.3 of full scale,
	// loud enough to detect, with headroom for the mix.
	toneAmplitude = 0.3 * math.MaxInt16
)

type call struct {
	s         *Server
	sid       string
	streamSID string
	req       ivrbridge.CallRequest
	h         *handset
	script    Script
	log       *slog.Logger

	decision chan bool
	keys     chan string
	hangup   chan string
	cbq      chan ivrbridge.Callback
	seq      int64
	chunk    int64
	sidJSON  []byte
}

func (c *call) requestHangup(reason string) {
	select {
	case c.hangup <- reason:
	default: // a hangup is already pending
	}
}

// start registers and runs a call; it returns the call's sid.
func (s *Server) start(req ivrbridge.CallRequest) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx.Err() != nil {
		return "", errors.New("network shutting down")
	}
	h := s.handsetLocked(req.CallTo)
	c := &call{
		s: s, sid: newID("call_"), streamSID: newID("st_"), req: req, h: h, script: h.script,
		decision: make(chan bool, 1), keys: make(chan string, 64), hangup: make(chan string, 1),
		cbq: make(chan ivrbridge.Callback, 16),
	}
	c.log = s.log.With(slog.String("call_sid", c.sid), slog.String("to", req.CallTo))
	s.calls[c.sid] = c
	busyLine := h.call != nil
	if !busyLine {
		h.call = c
		h.state = StateRinging
		h.heard.reset()
		h.inputSet = false
		h.info = HandsetInfo{Number: h.number, Script: h.script, CallSID: c.sid, StreamSID: c.streamSID, From: req.From}
	}
	s.notifyLocked()
	s.cbWG.Add(1)
	go func() {
		defer s.cbWG.Done()
		c.deliverCallbacks()
	}()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(c.cbq)
		if busyLine {
			// The handset is on another call: this one is busy, and must
			// not disturb the handset's state.
			c.post(voice.StatusInitiated, 0, "")
			c.post(voice.StatusBusy, 0, "handset on another call")
			s.forget(c, false)
			return
		}
		c.run()
	}()
	return c.sid, nil
}

// forget removes an ended call; owner says whether it held its handset.
func (s *Server) forget(c *call, owner bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.calls, c.sid)
	if owner && c.h.call == c {
		c.h.call = nil
		c.h.state = StateIdle
	}
	s.notifyLocked()
}

func (c *call) setState(st State, status voice.Status) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if st != "" {
		c.h.state = st
	}
	if status != "" {
		c.h.info.LastStatus = status
	}
	c.s.notifyLocked()
}

// post queues a status callback (and records the status on the handset).
func (c *call) post(st voice.Status, duration time.Duration, reason string) {
	c.setOwnStatus(st)
	cb := ivrbridge.Callback{
		Event:     ivrbridge.EventName(st),
		CallSID:   c.sid,
		Timestamp: time.Now().UTC().Format(time.RFC3339Nano),
		Reason:    reason,
		EventID:   newID("evt_"),
	}
	if st == voice.StatusCompleted {
		cb.Duration = int64(duration.Round(time.Second) / time.Second)
	}
	c.log.Debug("call status", slog.String("status", string(st)), slog.String("reason", reason))
	c.cbq <- cb
	if c.script.DuplicateCallbacks {
		c.cbq <- cb
	}
}

func (c *call) setOwnStatus(st voice.Status) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if c.h.call == c {
		c.h.info.LastStatus = st
		c.s.notifyLocked()
	}
}

func (c *call) run() {
	ctx := c.s.ctx
	final := func(st voice.Status, d time.Duration, reason string) {
		c.post(st, d, reason)
		c.s.forget(c, true)
	}
	c.post(voice.StatusInitiated, 0, "")
	sc := c.script
	if sc.Fail {
		if !sleep(ctx, failDelay) {
			final(voice.StatusCanceled, 0, "network shutting down")
			return
		}
		final(voice.StatusFailed, 0, "number unreachable")
		return
	}
	c.post(voice.StatusRinging, 0, "")
	c.setState(StateRinging, "")

	// Render the sentence while the phone rings, so speech starts on time.
	var speech []int16
	if sc.Say != "" {
		pcm, err := c.s.speaker.Speak(ctx, sc.Say)
		if err != nil {
			c.log.Warn("handset cannot speak; it stays silent", slog.Any("error", err))
		}
		speech = pcm
	}

	ringTimeout := c.s.opts.RingTimeout
	if c.req.RingTimeout > 0 {
		ringTimeout = time.Duration(c.req.RingTimeout) * time.Second
	}
	ring := time.NewTimer(ringTimeout)
	defer ring.Stop()
	var answer <-chan time.Time
	switch {
	case sc.Busy:
		t := time.NewTimer(busyRing)
		defer t.Stop()
		select {
		case <-t.C:
			final(voice.StatusBusy, 0, "busy")
		case r := <-c.hangup:
			final(voice.StatusCanceled, 0, r)
		case <-ctx.Done():
			final(voice.StatusCanceled, 0, "network shutting down")
		}
		return
	case sc.NoAnswer, sc.Manual:
	default:
		t := time.NewTimer(sc.AnswerAfter)
		defer t.Stop()
		answer = t.C
	}
	select {
	case <-answer:
	case ok := <-c.decision:
		if !ok {
			final(voice.StatusBusy, 0, "declined")
			return
		}
	case <-ring.C:
		final(voice.StatusNoAnswer, 0, "no answer")
		return
	case r := <-c.hangup:
		final(voice.StatusCanceled, 0, r)
		return
	case <-ctx.Done():
		final(voice.StatusCanceled, 0, "network shutting down")
		return
	}

	conn, err := c.connect(ctx)
	if err != nil {
		c.log.Warn("cannot open the media stream", slog.Any("error", err))
		final(voice.StatusFailed, 0, "media stream unreachable")
		return
	}
	answered := time.Now()
	c.post(voice.StatusInProgress, 0, "")
	c.setState(StateTalking, "")
	reason := c.talk(ctx, conn, speech)
	final(voice.StatusCompleted, time.Since(answered), reason)
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// connect opens the media WebSocket and sends connected and start.
func (c *call) connect(ctx context.Context) (*websocket.Conn, error) {
	h := http.Header{}
	for k, v := range c.req.WSHeaders {
		h.Set(k, v)
	}
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, resp, err := websocket.Dial(dctx, c.req.WSURL, &websocket.DialOptions{HTTPHeader: h, HTTPClient: c.s.opts.HTTPClient})
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", redactQuery(c.req.WSURL), err)
	}
	conn.SetReadLimit(maxReadSize)
	c.s.mu.Lock()
	c.h.info.Connects++
	c.s.notifyLocked()
	c.s.mu.Unlock()
	if err := c.send(ctx, conn, voice.StreamEvent{Event: voice.EventConnected}); err != nil {
		conn.CloseNow()
		return nil, err
	}
	start := voice.StreamEvent{Event: voice.EventStart, Start: &voice.StreamStart{
		StreamSID: c.streamSID, CallSID: c.sid, From: c.req.From, To: c.req.CallTo,
		MediaFormat: voice.MediaFormat{Encoding: "raw/slin", SampleRate: audio.Rate},
	}}
	if err := c.send(ctx, conn, start); err != nil {
		conn.CloseNow()
		return nil, err
	}
	return conn, nil
}

func redactQuery(u string) string {
	if i := bytes.IndexByte([]byte(u), '?'); i >= 0 {
		return u[:i] + "?…"
	}
	return u
}

// send writes one event, numbering it (connected carries no number).
func (c *call) send(ctx context.Context, conn *websocket.Conn, ev voice.StreamEvent) error {
	if ev.Event != voice.EventConnected {
		c.seq++
		ev.SequenceNumber = c.seq
		ev.StreamSID = c.streamSID
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	// Never the call's context itself: coder/websocket closes the connection
	// when a write's context ends, and a shutdown must still send stop.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeWait)
	defer cancel()
	return conn.Write(wctx, websocket.MessageText, b)
}

// inbound is what the media node sent, decoded by the reader goroutine.
type inbound struct {
	gen    int // connection generation, to ignore a dropped one's errors
	pcm    []int16
	clear  bool
	hangup bool
	mark   string
	err    error
}

type pendingMark struct {
	name string
	at   int64 // played-sample position at which it is reached
}

// talkState is a live call's streaming state, owned by talk's goroutine.
type talkState struct {
	conn       *websocket.Conn // nil while dropped
	gen        int
	start      time.Time
	queue      []int16 // to play
	queuedPos  int64   // samples ever queued
	playedPos  int64   // samples ever played
	marks      []pendingMark
	osc        audio.Oscillator
	consoleOsc audio.Oscillator
	speech     []int16
	speechPos  int
	digits     []Digit
	dropped    bool
	reconnect  time.Time
	in         chan inbound
	readCtx    context.Context
	buf, pcm   []byte // reused by sendMedia
}

// sendMedia writes one media event.
func (c *call) sendMedia(ctx context.Context, st *talkState, elapsed time.Duration, frame []int16) error {
	b := c.encodeMedia(st, elapsed, frame)
	// Never the call's context itself: coder/websocket closes the connection
	// when a write's context ends, and a shutdown must still send stop.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeWait)
	defer cancel()
	return st.conn.Write(wctx, websocket.MessageText, b)
}

// encodeMedia numbers and encodes one media event. It is built by hand into
// a reused buffer rather than with encoding/json: the network sends it fifty
// times a second per leg, and a benchmark drives a thousand legs from here.
// The bytes are exactly what json.Marshal of the voice.StreamEvent gives
// (TestEncodeMediaMatchesEncodingJSON).
func (c *call) encodeMedia(st *talkState, elapsed time.Duration, frame []int16) []byte {
	c.seq++
	c.chunk++
	if c.sidJSON == nil {
		c.sidJSON, _ = json.Marshal(c.streamSID)
	}
	st.pcm = st.pcm[:0]
	for _, v := range frame {
		st.pcm = append(st.pcm, byte(uint16(v)), byte(uint16(v)>>8)) //nolint:gosec // two's-complement bytes of PCM16LE
	}
	b := st.buf[:0]
	b = append(b, `{"event":"media","sequence_number":`...)
	b = strconv.AppendInt(b, c.seq, 10)
	b = append(b, `,"stream_sid":`...)
	b = append(b, c.sidJSON...)
	b = append(b, `,"media":{"chunk":`...)
	b = strconv.AppendInt(b, c.chunk, 10)
	b = append(b, `,"timestamp":"`...)
	b = strconv.AppendInt(b, elapsed.Milliseconds(), 10)
	b = append(b, `","payload":"`...)
	b = base64.StdEncoding.AppendEncode(b, st.pcm)
	b = append(b, `"}}`...)
	st.buf = b
	return b
}

// talk streams the answered call until it ends and returns the reason.
func (c *call) talk(ctx context.Context, conn *websocket.Conn, speech []int16) string {
	sc := c.script
	// Not derived from ctx: coder/websocket closes a connection whose Read
	// context ends, and on shutdown the stop event must go out first.
	readCtx, stopReading := context.WithCancel(context.WithoutCancel(ctx))
	defer stopReading()
	st := &talkState{
		conn: conn, start: time.Now(), in: make(chan inbound, 64), readCtx: readCtx,
		osc: audio.Oscillator{Hz: sc.ToneHz, Amplitude: toneAmplitude}, consoleOsc: audio.Oscillator{Amplitude: toneAmplitude},
		speech: speech, digits: slices.Clone(sc.Digits),
	}
	slices.SortFunc(st.digits, func(a, b Digit) int { return int(a.At - b.At) })
	c.startReader(st)
	defer func() {
		if st.conn != nil {
			st.conn.CloseNow()
		}
	}()
	ticker := time.NewTicker(frameDur)
	defer ticker.Stop()
	var frames int64
	for {
		select {
		case <-ctx.Done():
			return c.stop(ctx, st, "network shutting down")
		case r := <-c.hangup:
			return c.stop(ctx, st, r)
		case key := <-c.keys:
			c.sendDTMF(ctx, st, key)
		case m := <-st.in:
			if m.gen != st.gen {
				continue // from a connection we dropped on purpose
			}
			switch {
			case m.err != nil:
				// The node closed the stream without telling us to hang up:
				// a real carrier ends the call.
				c.log.Info("media stream closed by the node", slog.Any("error", m.err))
				st.conn = nil
				return "stream closed"
			case m.hangup:
				return c.stop(ctx, st, "hangup")
			case m.clear:
				st.queue = nil
				st.queuedPos = st.playedPos
				// Marks of flushed audio are reported at once, as Twilio does.
				c.sendMarks(ctx, st, math.MaxInt64)
			case m.mark != "":
				st.marks = append(st.marks, pendingMark{name: m.mark, at: st.queuedPos})
				c.sendMarks(ctx, st, st.playedPos)
			default:
				st.queue = append(st.queue, m.pcm...)
				st.queuedPos += int64(len(m.pcm))
				if over := len(st.queue) - maxQueued; over > 0 {
					st.queue = st.queue[over:]
				}
			}
		case now := <-ticker.C:
			// A ticker drops ticks when the machine is busy; counting frames
			// against the wall clock keeps the pace at 50 frames a second.
			// Missed frames are sent late rather than lost (the node's jitter
			// buffer absorbs that), up to a second: after a longer stall the
			// audio is gone, as on a real network.
			due := int64(now.Sub(st.start)/frameDur) + 1
			if due-frames > maxCatchUp {
				frames = due - maxCatchUp
			}
			for ; frames < due; frames++ {
				if reason, done := c.tick(ctx, st, time.Duration(frames)*frameDur); done {
					return reason
				}
			}
		}
	}
}

func (c *call) startReader(st *talkState) {
	conn, gen := st.conn, st.gen
	c.s.wg.Add(1)
	go func() {
		defer c.s.wg.Done()
		c.read(st.readCtx, conn, gen, st.in)
	}()
}

// stop ends the stream the way a carrier does when the call ends.
func (c *call) stop(ctx context.Context, st *talkState, reason string) string {
	// The stop is sent even when the network is shutting down (ctx done):
	// that is when the node most needs to hear it.
	ctx = context.WithoutCancel(ctx)
	if st.conn != nil {
		_ = c.send(ctx, st.conn, voice.StreamEvent{Event: voice.EventStop, Stop: &voice.StreamStop{CallSID: c.sid, Reason: reason}})
		if c.script.DuplicateStop {
			_ = c.send(ctx, st.conn, voice.StreamEvent{Event: voice.EventStop, Stop: &voice.StreamStop{CallSID: c.sid, Reason: reason}})
		}
		_ = st.conn.Close(websocket.StatusNormalClosure, reason)
		st.conn = nil
	}
	return reason
}

func (c *call) sendMarks(ctx context.Context, st *talkState, upTo int64) {
	for len(st.marks) > 0 && st.marks[0].at <= upTo {
		if st.conn != nil {
			_ = c.send(ctx, st.conn, voice.StreamEvent{Event: voice.EventMark, Mark: &voice.StreamMark{Name: st.marks[0].name}})
		}
		st.marks = st.marks[1:]
	}
}

func (c *call) sendDTMF(ctx context.Context, st *talkState, digit string) {
	if st.conn != nil {
		_ = c.send(ctx, st.conn, voice.StreamEvent{Event: voice.EventDTMF, DTMF: &voice.StreamDTMF{Digit: digit, Duration: "120"}})
	}
}

// tick is one 20 ms frame of a live call, elapsed after the answer: script
// events, one frame up to the node, one frame played to the handset. done
// reports that the call ended, with reason.
func (c *call) tick(ctx context.Context, st *talkState, elapsed time.Duration) (reason string, done bool) {
	sc := c.script
	if sc.HangupAfter > 0 && elapsed >= sc.HangupAfter {
		return c.stop(ctx, st, "callended"), true
	}
	if sc.DropAt > 0 && !st.dropped && elapsed >= sc.DropAt && st.conn != nil {
		// A network fault: no stop, no close handshake.
		c.log.Info("dropping the media stream as scripted")
		st.conn.CloseNow()
		st.conn = nil
		st.dropped = true
		st.gen++
		c.setState(StateDropped, "")
		if sc.ReconnectAfter > 0 {
			st.reconnect = time.Now().Add(sc.ReconnectAfter)
		}
	}
	if st.conn == nil && st.dropped && !st.reconnect.IsZero() && !time.Now().Before(st.reconnect) {
		st.reconnect = time.Time{}
		nc, err := c.connect(ctx)
		if err != nil {
			c.log.Warn("cannot reconnect the media stream", slog.Any("error", err))
			return "stream lost", true
		}
		st.conn = nc
		c.startReader(st)
		c.setState(StateTalking, "")
	}

	// Uplink: what the handset's microphone picks up.
	frame := make([]int16, audio.FrameSamples)
	c.s.mu.Lock()
	inputSet, inputHz := c.h.inputSet, c.h.inputHz
	c.s.mu.Unlock()
	switch {
	case inputSet:
		if inputHz > 0 {
			st.consoleOsc.Hz = inputHz
			st.consoleOsc.Fill(frame)
		}
	case st.speechPos < len(st.speech):
		if elapsed >= sc.SayAfter {
			st.speechPos += copy(frame, st.speech[st.speechPos:])
		}
	case sc.ToneHz > 0:
		st.osc.Fill(frame)
	}
	for len(st.digits) > 0 && elapsed >= st.digits[0].At {
		c.sendDTMF(ctx, st, st.digits[0].Digit)
		st.digits = st.digits[1:]
	}
	if st.conn != nil {
		if err := c.sendMedia(ctx, st, elapsed, frame); err != nil {
			c.log.Info("media stream write failed", slog.Any("error", err))
			st.conn.CloseNow()
			st.conn = nil
			return "stream closed", true
		}
	}

	// Downlink: play one frame of what the node sent.
	played := make([]int16, audio.FrameSamples)
	n := copy(played, st.queue)
	st.queue = st.queue[n:]
	st.playedPos += int64(n)
	c.sendMarks(ctx, st, st.playedPos)
	c.hear(played, n > 0)
	return "", false
}

// hear appends a played frame to the handset's heard buffer and to the
// console's listeners.
func (c *call) hear(frame []int16, fromNode bool) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	h := c.h
	h.heard.write(frame)
	if fromNode {
		h.info.Received++
	}
	if len(h.listeners) == 0 {
		return
	}
	b := audio.EncodeSlin(nil, frame)
	for ch := range h.listeners {
		select {
		case ch <- b:
		default: // a slow page misses a frame rather than stalling the call
		}
	}
}

// read decodes what the media node sends, until the connection ends.
func (c *call) read(ctx context.Context, conn *websocket.Conn, gen int, out chan<- inbound) {
	deliver := func(m inbound) bool {
		m.gen = gen
		select {
		case out <- m:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for {
		typ, b, err := conn.Read(ctx)
		if err != nil {
			deliver(inbound{err: err})
			return
		}
		m, err := decodeCommand(typ, b)
		if err != nil {
			// Bad input from the node is logged and dropped; the call goes on.
			c.log.Warn("command from the node dropped", slog.Any("error", err))
			continue
		}
		if m.pcm == nil && !m.clear && !m.hangup && m.mark == "" {
			continue // nothing for the handset to do (session.dtmf)
		}
		if !deliver(m) {
			return
		}
	}
}

// decodeCommand decodes one message from the media node: a binary frame of
// PCM16LE, or a JSON StreamCommand.
func decodeCommand(typ websocket.MessageType, b []byte) (inbound, error) {
	if typ == websocket.MessageBinary {
		pcm, err := audio.DecodeSlin(nil, b)
		if err != nil {
			return inbound{}, fmt.Errorf("binary audio of %d bytes: %w", len(b), err)
		}
		return inbound{pcm: pcm}, nil
	}
	var cmd voice.StreamCommand
	if err := json.Unmarshal(b, &cmd); err != nil {
		return inbound{}, fmt.Errorf("undecodable command: %w", err)
	}
	switch cmd.Type {
	case voice.CommandAudio:
		raw, err := base64.StdEncoding.DecodeString(cmd.Delta)
		if err != nil {
			return inbound{}, fmt.Errorf("audio delta: %w", err)
		}
		pcm, err := audio.DecodeSlin(nil, raw)
		if err != nil {
			return inbound{}, fmt.Errorf("audio delta of %d bytes: %w", len(raw), err)
		}
		return inbound{pcm: pcm}, nil
	case voice.CommandClear:
		return inbound{clear: true}, nil
	case voice.CommandHangup:
		return inbound{hangup: true}, nil
	case voice.CommandMark:
		if cmd.Mark == nil || cmd.Mark.Name == "" {
			return inbound{}, errors.New("mark without a name")
		}
		return inbound{mark: cmd.Mark.Name}, nil
	case voice.CommandDTMF:
		// The handset would hear the tones; nothing to track.
		return inbound{}, nil
	}
	return inbound{}, fmt.Errorf("unknown command %q", truncate(cmd.Type, 40))
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// deliverCallbacks posts the call's callbacks in order, each with retries.
func (c *call) deliverCallbacks() {
	for cb := range c.cbq {
		if c.req.StatusCallback == "" {
			continue
		}
		body, err := json.Marshal(cb)
		if err != nil {
			continue
		}
		backoff := c.s.opts.CallbackBackoff
		for attempt := 1; ; attempt++ {
			err := c.postCallback(body)
			if err == nil {
				break
			}
			if attempt >= c.s.opts.CallbackAttempts {
				c.log.Warn("status callback not delivered; giving up", slog.String("event", cb.Event), slog.Int("attempts", attempt), slog.Any("error", err))
				break
			}
			c.log.Info("status callback failed; retrying", slog.String("event", cb.Event), slog.Int("attempt", attempt), slog.Any("error", err))
			if !sleep(c.s.cbCtx, backoff) {
				// Closed: drain the queue so the call is not blocked.
				for range c.cbq {
				}
				return
			}
			backoff *= 2
		}
	}
}

func (c *call) postCallback(body []byte) error {
	ctx, cancel := context.WithTimeout(c.s.cbCtx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.req.StatusCallback, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "switchboard-sim/1")
	ivrbridge.SetSignature(req.Header, c.s.opts.Secret, time.Now(), body)
	resp, err := c.s.opts.HTTPClient.Do(req)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return nil
}
