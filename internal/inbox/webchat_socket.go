package inbox

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"

	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/tenants"
)

// A visitor may send a burst of this many frames, then this many per second.
const (
	visitorBurst     = 20
	visitorPerSecond = 2
	// visitorOpTimeout bounds the database work of one frame.
	visitorOpTimeout = 10 * time.Second
	// seenMessages is how many message ids a socket remembers so as not to
	// send one twice (the visitor's own answer, then its live event; an
	// outbound message queued, then sent).
	seenMessages = 512
)

// visitorConn is one visitor socket's outgoing side. Frames are queued
// without blocking; the writer goroutine sends them, each within the write
// timeout. A full queue closes the socket: a slow reader is never waited for.
type visitorConn struct {
	visitorID uuid.UUID
	out       chan []byte
	kill      chan websocket.CloseError
	killOnce  sync.Once

	mu    sync.Mutex
	ready bool           // hello is queued: pushes go straight out
	early []messageFrame // pushes that arrived before hello
	seen  map[uuid.UUID]struct{}
	ring  [seenMessages]uuid.UUID
	next  int
}

func newVisitorConn(visitorID uuid.UUID, queue int) *visitorConn {
	return &visitorConn{visitorID: visitorID, out: make(chan []byte, queue), kill: make(chan websocket.CloseError, 1),
		seen: make(map[uuid.UUID]struct{}, seenMessages)}
}

// close asks the writer to close the socket; the first reason wins.
func (v *visitorConn) close(code websocket.StatusCode, reason string) {
	v.killOnce.Do(func() { v.kill <- websocket.CloseError{Code: code, Reason: reason} })
}

func (v *visitorConn) enqueue(frame any) {
	b, err := json.Marshal(frame)
	if err != nil {
		return // our own frame types always encode
	}
	select {
	case v.out <- b:
	default:
		v.close(websocket.StatusPolicyViolation, "too slow to keep up with messages")
	}
}

// markSeenLocked records id and reports whether it is new.
func (v *visitorConn) markSeenLocked(id uuid.UUID) bool {
	if _, ok := v.seen[id]; ok {
		return false
	}
	if old := v.ring[v.next]; old != uuid.Nil {
		delete(v.seen, old)
	}
	v.ring[v.next] = id
	v.next = (v.next + 1) % seenMessages
	v.seen[id] = struct{}{}
	return true
}

// start queues hello, then what was pushed while it was being read, minus
// what its history already holds.
func (v *visitorConn) start(hello helloFrame) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.enqueue(hello)
	inHistory := make(map[uuid.UUID]bool, len(hello.History))
	for _, m := range hello.History {
		inHistory[m.ID] = true
		v.markSeenLocked(m.ID)
	}
	for _, f := range v.early {
		if !inHistory[f.ID] {
			v.enqueue(f)
		}
	}
	v.early, v.ready = nil, true
}

// push forwards a message of this visitor from the live bus.
func (v *visitorConn) push(m Message) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.markSeenLocked(m.ID) {
		return
	}
	if !v.ready {
		if len(v.early) >= cap(v.out) {
			v.close(websocket.StatusPolicyViolation, "too slow to keep up with messages")
			return
		}
		v.early = append(v.early, toMessageFrame(m))
		return
	}
	v.enqueue(toMessageFrame(m))
}

// answer confirms the visitor's own message, with its clientId, even when it
// was pushed already: the widget matches its pending copy by clientId.
func (v *visitorConn) answer(m Message, clientID string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.markSeenLocked(m.ID)
	f := toMessageFrame(m)
	f.ClientID = clientID
	v.enqueue(f)
}

// serve runs one visitor socket until it ends.
func (h *webChatHandler) serve(ctx context.Context, conn *websocket.Conn, ch webChatChannel, v *visitorConn) {
	log := h.opts.Logger.With(slog.String("tenant_id", ch.TenantID.String()), slog.String("channel_id", ch.ID.String()))
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	wg.Go(func() { h.write(ctx, conn, v) })
	wg.Go(func() { h.ping(ctx, conn) })

	// Join before reading the history, so that nothing committed in between
	// is missed; start drops what the history already has.
	joined := true
	if err := h.hub.join(ch, v); err != nil {
		log.ErrorContext(ctx, "web chat: subscribe to live events", slog.Any("error", err))
		joined = false
	} else {
		defer h.hub.leave(ch.ID, v)
	}
	st, err := h.s.visitorState(ctx, ch, v.visitorID, true)
	if err != nil {
		log.ErrorContext(ctx, "web chat: read visitor state", slog.Any("error", err))
	}
	if err != nil || !joined {
		v.close(websocket.StatusInternalError, "internal error")
	} else {
		hello := helloFrame{Type: typeHello, ChannelName: ch.Name, ConversationID: st.ConversationID,
			AgentsOnline: h.agentsOnline(ctx, ch), LeadCaptured: st.LeadCaptured, History: make([]messageFrame, 0, len(st.History))}
		for _, m := range st.History {
			hello.History = append(hello.History, toMessageFrame(m))
		}
		if ext := h.opts.Extension; ext != nil { // chat switch state: see webchat_ext.go
			if hello.Switch, err = ext.Hello(ctx, VisitorRef{TenantID: ch.TenantID, ChannelID: ch.ID, VisitorID: v.visitorID}); err != nil {
				log.WarnContext(ctx, "web chat: read extension state", slog.Any("error", err))
			}
		}
		v.start(hello)
	}
	h.read(ctx, conn, ch, v, log)
}

// read handles the visitor's frames one at a time until the connection ends.
// A frame's database work happens here, so a visitor cannot have more than
// one write in flight.
func (h *webChatHandler) read(ctx context.Context, conn *websocket.Conn, ch webChatChannel, v *visitorConn, log *slog.Logger) {
	tokens, last := float64(visitorBurst), time.Now()
	for {
		typ, data, err := conn.Read(ctx)
		if err != nil {
			return // closed by the visitor, by the writer, or over the read limit (1009)
		}
		// Decoding is cheap and names the clientId a refusal is about; the
		// limit guards the database and the error frames alike.
		f, ferr := decodeVisitorFrame(data)
		if typ != websocket.MessageText {
			ferr = &frameError{Code: codeBadFrame, Message: "frames are JSON text"}
		}
		now := time.Now()
		tokens = min(visitorBurst, tokens+now.Sub(last).Seconds()*visitorPerSecond)
		last = now
		if tokens < 1 {
			v.enqueue(errorFrame{Type: typeError, Code: codeRateLimited, Message: "too many frames: slow down", ClientID: f.ClientID})
			continue
		}
		tokens--
		if ferr != nil && ferr.Code == codeUnknownType && h.opts.Extension != nil { // chat switch frames: see webchat_ext.go
			opCtx, cancel := context.WithTimeout(ctx, visitorOpTimeout)
			reply, handled := h.opts.Extension.Frame(opCtx, VisitorRef{TenantID: ch.TenantID, ChannelID: ch.ID, VisitorID: v.visitorID}, data)
			cancel()
			if handled {
				if reply != nil {
					v.enqueue(reply)
				}
				continue
			}
		}
		if ferr != nil {
			v.enqueue(toErrorFrame(ferr))
			continue
		}
		opCtx, cancel := context.WithTimeout(ctx, visitorOpTimeout)
		switch f.Type {
		case typeMessage:
			m, _, err := h.s.recordVisitorMessage(opCtx, ch, v.visitorID, f.ClientID, f.Body)
			if err != nil {
				log.ErrorContext(ctx, "web chat: store visitor message", slog.Any("error", err))
				v.enqueue(toErrorFrame(&frameError{Code: codeInternal, Message: "the message was not saved: send it again", ClientID: f.ClientID}))
				break
			}
			v.answer(m, f.ClientID)
		case typeLead:
			convID, err := h.s.recordVisitorLead(opCtx, ch, v.visitorID, f.Lead)
			if err != nil {
				log.ErrorContext(ctx, "web chat: store lead", slog.Any("error", err))
				v.enqueue(toErrorFrame(&frameError{Code: codeInternal, Message: "the details were not saved: send them again"}))
				break
			}
			v.enqueue(leadFrame{Type: typeLead, Saved: true, ConversationID: convID})
		case typeTyping:
			// Reserved: agents do not see typing yet.
		}
		cancel()
	}
}

// write sends queued frames, each within the write timeout, and closes the
// socket when asked to.
func (h *webChatHandler) write(ctx context.Context, conn *websocket.Conn, v *visitorConn) {
	for {
		select {
		case <-ctx.Done():
			return
		case ce := <-v.kill:
			_ = conn.Close(ce.Code, ce.Reason)
			return
		case b := <-v.out:
			wctx, cancel := context.WithTimeout(ctx, h.opts.WriteTimeout)
			err := conn.Write(wctx, websocket.MessageText, b)
			cancel()
			if err != nil {
				_ = conn.CloseNow()
				return
			}
		}
	}
}

// ping closes a socket whose peer stopped answering (a laptop lid closed, a
// network gone) so that its resources do not wait for TCP to notice.
func (h *webChatHandler) ping(ctx context.Context, conn *websocket.Conn) {
	t := time.NewTicker(h.opts.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, h.opts.PingInterval)
		err := conn.Ping(pctx)
		cancel()
		if err != nil {
			_ = conn.CloseNow()
			return
		}
	}
}

// webChatHub holds one live-bus subscription per web chat channel with
// sockets on this node, so that each message event is read once, not once per
// socket, and goes to the sockets of the one visitor it belongs to.
type webChatHub struct {
	s   *Service
	bus LiveSubscriber
	log *slog.Logger
	ext VisitorExtension // may be nil

	mu       sync.Mutex
	channels map[uuid.UUID]*channelHub
}

type channelHub struct {
	cancel   context.CancelFunc
	visitors map[uuid.UUID]map[*visitorConn]struct{}
	conns    int
}

func (h *webChatHub) join(ch webChatChannel, v *visitorConn) error {
	if h.bus == nil {
		return nil // no live bus: visitors see replies when they reconnect
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.channels[ch.ID]
	if c == nil {
		// The subscription belongs to the channel, not to the request that
		// happened to open it: it ends when the channel's last socket leaves.
		ctx, cancel := context.WithCancel(tenants.ForJob(context.Background(), ch.TenantID))
		sub, err := h.bus.Subscribe(ctx, h.hubTopics()...)
		if err != nil {
			cancel()
			return err
		}
		c = &channelHub{cancel: cancel, visitors: map[uuid.UUID]map[*visitorConn]struct{}{}}
		h.channels[ch.ID] = c
		go h.run(ctx, ch, c, sub)
	}
	if c.visitors[v.visitorID] == nil {
		c.visitors[v.visitorID] = map[*visitorConn]struct{}{}
	}
	c.visitors[v.visitorID][v] = struct{}{}
	c.conns++
	return nil
}

func (h *webChatHub) leave(channelID uuid.UUID, v *visitorConn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.channels[channelID]
	if c == nil {
		return
	}
	set := c.visitors[v.visitorID]
	if _, ok := set[v]; !ok {
		return // it was in a hub that has ended since
	}
	delete(set, v)
	if len(set) == 0 {
		delete(c.visitors, v.visitorID)
	}
	c.conns--
	if c.conns == 0 {
		c.cancel()
		delete(h.channels, channelID)
	}
}

func (h *webChatHub) run(ctx context.Context, ch webChatChannel, c *channelHub, sub *live.Subscription) {
	defer c.cancel()
	for ev := range sub.Events() {
		if ev.Topic != TopicMessage { // an extension's (chat switch): see webchat_ext.go
			qctx, cancel := context.WithTimeout(ctx, visitorOpTimeout)
			h.extEvent(qctx, ch, c, ev)
			cancel()
			continue
		}
		qctx, cancel := context.WithTimeout(ctx, visitorOpTimeout)
		visitors, msg, err := h.s.visitorMessages(qctx, ch.ID, ev.SubjectID)
		cancel()
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			h.log.WarnContext(ctx, "web chat: read message event", slog.String("tenant_id", ch.TenantID.String()),
				slog.String("message_id", ev.SubjectID.String()), slog.Any("error", err))
			continue
		}
		for _, v := range h.connsOf(c, visitors) {
			v.push(msg)
		}
	}
	if ctx.Err() != nil {
		return // the channel's last socket left
	}
	// The bus dropped this subscription (too slow) or is shutting down: events
	// may have been lost, so the sockets close, and their widgets reconnect
	// and read the history again.
	code, reason := websocket.StatusTryAgainLater, "live events were interrupted: reconnect"
	if sub.Err() == nil {
		code, reason = websocket.StatusGoingAway, "server shutting down"
	}
	var all []*visitorConn
	h.mu.Lock()
	if h.channels[ch.ID] == c {
		delete(h.channels, ch.ID)
	}
	for _, set := range c.visitors {
		for v := range set {
			all = append(all, v)
		}
	}
	h.mu.Unlock()
	for _, v := range all {
		v.close(code, reason)
	}
}

// connsOf lists the sockets on this node of the given visitors, so that
// pushes happen outside the hub's lock.
func (h *webChatHub) connsOf(c *channelHub, visitors []uuid.UUID) []*visitorConn {
	h.mu.Lock()
	defer h.mu.Unlock()
	var conns []*visitorConn
	for _, id := range visitors {
		for v := range c.visitors[id] {
			conns = append(conns, v)
		}
	}
	return conns
}
