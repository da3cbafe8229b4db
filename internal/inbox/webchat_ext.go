package inbox

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/internal/live"
)

// VisitorExtension adds to the visitor socket what another domain needs
// without the inbox importing it: internal/chatswitch's "continue on SMS"
// frames, its state in hello, its live pushes, and back-to-the-web links.
// WebChatOpts.Extension holds it; nil leaves the protocol as documented on
// WebChat.
type VisitorExtension interface {
	// Topics are the live topics whose events may concern visitors.
	Topics() []string
	// Hello is the hello frame's "switch" field for a visitor (nil omits it).
	Hello(ctx context.Context, v VisitorRef) (any, error)
	// Frame handles a frame whose type the inbox does not know; handled
	// false answers unknown_type. reply, when not nil, is sent back.
	Frame(ctx context.Context, v VisitorRef, data []byte) (reply any, handled bool)
	// Event says which visitors of a channel an event of Topics concerns
	// and the frame to push them.
	Event(ctx context.Context, channelID uuid.UUID, ev live.Event) (visitors []uuid.UUID, frame any, err error)
	// Resume redeems a signed link (the session body's "resume") for a
	// visitor of the channel, signed with its visitor key. A bad or dead
	// link is an error wrapping ErrBadVisitorToken.
	Resume(ctx context.Context, channelID uuid.UUID, visitorKey []byte, token string) (uuid.UUID, error)
}

// VisitorRef names a visitor socket's visitor.
type VisitorRef struct {
	TenantID  uuid.UUID
	ChannelID uuid.UUID
	VisitorID uuid.UUID
}

// hubTopics are the live topics a channel's hub subscribes to.
func (h *webChatHub) hubTopics() []string {
	topics := []string{TopicMessage}
	if h.ext != nil {
		topics = append(topics, h.ext.Topics()...)
	}
	return topics
}

// extEvent pushes an extension's event to the visitors it concerns on this
// node. Pushes before a socket's hello are dropped: hello carries the state.
func (h *webChatHub) extEvent(ctx context.Context, ch webChatChannel, c *channelHub, ev live.Event) {
	visitors, frame, err := h.ext.Event(ctx, ch.ID, ev)
	if err != nil {
		h.log.WarnContext(ctx, "web chat: read extension event", slog.String("tenant_id", ch.TenantID.String()),
			slog.String("topic", ev.Topic), slog.String("subject_id", ev.SubjectID.String()), slog.Any("error", err))
		return
	}
	if frame == nil {
		return
	}
	for _, v := range h.connsOf(c, visitors) {
		v.pushFrame(frame)
	}
}

// pushFrame queues an extension's frame once hello has gone out.
func (v *visitorConn) pushFrame(frame any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.ready {
		v.enqueue(frame)
	}
}

// continuePage is where a back-to-the-web link lands when the tenant's own
// site is not known: a page of ours with the widget, open, which reads the
// link's token from the address and resumes the conversation.
func (h *webChatHandler) continuePage(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if !validPublicKey(key) { // "pk_" and hex only: also what makes it safe to print below
		http.NotFound(w, r)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Referrer-Policy", "no-referrer") // the token is in the address
	hd.Set("Content-Security-Policy", "default-src 'self'; connect-src 'self' ws: wss:; style-src 'unsafe-inline'; script-src 'self'")
	//nolint:gosec // G705: key is "pk_" and 32 hex digits, checked above
	_, _ = fmt.Fprintf(w, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Continue your chat</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem">
<p>Your chat continues here.</p>
<script src="/webchat/widget.js" data-key="%s" data-open="true" async></script>
</body></html>
`, key)
}
