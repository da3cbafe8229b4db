package inbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed" // the widget's source
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"

	"github.com/switchboard/switchboard/internal/live"
)

//go:embed webchat_widget.js
var widgetJS []byte

var widgetETag = func() string {
	sum := sha256.Sum256(widgetJS)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}()

// LiveSubscriber is the part of the live bus that web chat sockets use;
// *live.Bus implements it.
type LiveSubscriber interface {
	Subscribe(ctx context.Context, topics ...string) (*live.Subscription, error)
}

// WebChatOpts tune WebChat; nil or zero values take the defaults.
type WebChatOpts struct {
	// AgentsOnlineFunc says whether someone can answer the channel now. When
	// nil, agents count as online unless the channel's Offline setting is on.
	// The setting wins either way.
	AgentsOnlineFunc func(ctx context.Context, tenantID, channelID uuid.UUID) bool
	WriteTimeout     time.Duration // per frame to a visitor; default 10 s
	PingInterval     time.Duration // liveness pings; default 30 s
	QueueSize        int           // frames waiting for one visitor before it counts as too slow; default 32
	Logger           *slog.Logger  // default: the Service's
	// Extension adds the chat switch to the socket (webchat_ext.go); nil: none.
	Extension VisitorExtension
}

// Session requests are tiny: a token at most.
const maxSessionBody = 4 << 10

// WebChat serves the web chat widget and its API under /webchat/:
//
//	GET     /webchat/widget.js        the embeddable script (cacheable, revalidated by ETag)
//	POST    /webchat/{key}/session    {"token"?} → {"token","expiresAt","conversationId"?,"agentsOnline","channelName"}
//	OPTIONS /webchat/{key}/session    CORS preflight
//	GET     /webchat/{key}/ws?token=  the visitor's WebSocket
//
// The API is called from the tenant's site, not ours: responses carry
// Access-Control-Allow-Origin (the caller's origin when the channel lists
// allowed origins, else "*") and never use cookies; the visitor token is the
// only credential. Unknown or disabled keys get 404, a bad, forged or expired
// token 401 (the widget then starts a new session), an origin the channel does
// not allow 403.
//
// Socket frames are JSON text. From the visitor:
//
//	{"type":"message","clientId":"…","body":"…"}   clientId: 1–64 of [A-Za-z0-9_-], unique per message; a resend is stored once
//	{"type":"lead","name":"…","email":"…","phone":"…"}   name and an e-mail address and/or an E.164 phone
//	{"type":"typing"}                               accepted and ignored for now
//
// From the server:
//
//	{"type":"hello","channelName","conversationId"|null,"agentsOnline","leadCaptured","history":[message…]}   first, once
//	{"type":"message","id","conversationId","direction":"inbound"|"outbound","body","at","clientId"?}
//	{"type":"lead","saved":true,"conversationId"}
//	{"type":"error","code","message","field"?,"clientId"?}   the connection stays usable
//
// Every message frame, pushed or answering the visitor's own, may arrive more
// than once (a reconnect, a second tab): the widget keys them by id. Frames
// over MaxVisitorFrame close the socket with 1009; a visitor that reads too
// slowly to keep up is closed with 1008; when this node's live subscription is
// lost the socket closes with 1013 and the widget reconnects and re-reads.
func (s *Service) WebChat(bus LiveSubscriber, opts *WebChatOpts) http.Handler {
	h := &webChatHandler{s: s}
	if opts != nil {
		h.opts = *opts
	}
	if h.opts.WriteTimeout <= 0 {
		h.opts.WriteTimeout = 10 * time.Second
	}
	if h.opts.PingInterval <= 0 {
		h.opts.PingInterval = 30 * time.Second
	}
	if h.opts.QueueSize <= 0 {
		h.opts.QueueSize = 32
	}
	if h.opts.Logger == nil {
		h.opts.Logger = s.logger()
	}
	h.hub = &webChatHub{s: s, bus: bus, log: h.opts.Logger, ext: h.opts.Extension, channels: map[uuid.UUID]*channelHub{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /webchat/widget.js", h.widget)
	mux.HandleFunc("POST /webchat/{key}/session", h.session)
	mux.HandleFunc("OPTIONS /webchat/{key}/session", h.preflight)
	mux.HandleFunc("GET /webchat/{key}/ws", h.socket)
	mux.HandleFunc("GET /webchat/{key}/continue", h.continuePage)
	return mux
}

type webChatHandler struct {
	s    *Service
	opts WebChatOpts
	hub  *webChatHub
}

func (h *webChatHandler) widget(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Type", "application/javascript; charset=utf-8")
	// Short-lived so that a fix reaches every site within minutes; the ETag
	// makes the revalidation cheap.
	hd.Set("Cache-Control", "public, max-age=300")
	hd.Set("ETag", widgetETag)
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Cross-Origin-Resource-Policy", "cross-origin")
	http.ServeContent(w, r, "widget.js", time.Time{}, bytes.NewReader(widgetJS))
}

// channel resolves the key of the request and applies CORS for it. It has
// answered the request when it returns false.
func (h *webChatHandler) channel(w http.ResponseWriter, r *http.Request) (context.Context, webChatChannel, bool) {
	ctx, ch, err := h.s.webChatChannelByKey(r.Context(), r.PathValue("key"))
	if err != nil {
		w.Header().Set("Access-Control-Allow-Origin", "*") // so that the widget can read the 404
		if errors.Is(err, ErrNotFound) {
			jsonError(w, http.StatusNotFound, "unknown web chat key")
			return nil, ch, false
		}
		h.internal(w, r, err)
		return nil, ch, false
	}
	origin := r.Header.Get("Origin")
	if !ch.Settings.allows(origin) {
		jsonError(w, http.StatusForbidden, "this site may not use this web chat key")
		return nil, ch, false
	}
	if len(ch.Settings.AllowedOrigins) == 0 {
		w.Header().Set("Access-Control-Allow-Origin", "*")
	} else if origin != "" {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Add("Vary", "Origin")
	}
	return ctx, ch, true
}

func (h *webChatHandler) preflight(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := h.channel(w, r); !ok {
		return
	}
	hd := w.Header()
	hd.Set("Access-Control-Allow-Methods", "POST")
	hd.Set("Access-Control-Allow-Headers", "Content-Type")
	hd.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

type sessionRequest struct {
	Token  string `json:"token"`
	Resume string `json:"resume"` // a back-to-the-web link's token (chat switch)
}

type sessionResponse struct {
	Token          string     `json:"token"`
	ExpiresAt      time.Time  `json:"expiresAt"`
	ConversationID *uuid.UUID `json:"conversationId,omitempty"`
	AgentsOnline   bool       `json:"agentsOnline"`
	ChannelName    string     `json:"channelName"`
}

// session issues a visitor token, for the same visitor when a valid token is
// presented. The body may be sent as text/plain, which spares the browser a
// preflight.
func (h *webChatHandler) session(w http.ResponseWriter, r *http.Request) {
	ctx, ch, ok := h.channel(w, r)
	if !ok {
		return
	}
	var req sessionRequest
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxSessionBody))
	if err != nil {
		jsonError(w, http.StatusRequestEntityTooLarge, "request body too large")
		return
	}
	if len(bytes.TrimSpace(body)) > 0 && json.Unmarshal(body, &req) != nil {
		jsonError(w, http.StatusBadRequest, `the body is {"token": "..."} or empty`)
		return
	}
	now := time.Now()
	tok := visitorToken{ChannelID: ch.ID, VisitorID: uuid.New()}
	returning := req.Token != ""
	if req.Token != "" {
		old, err := parseVisitorToken(ch.VisitorKey, ch.ID, req.Token, now)
		if err != nil {
			jsonError(w, http.StatusUnauthorized, err.Error())
			return
		}
		tok.VisitorID = old.VisitorID
	}
	if req.Resume != "" && h.opts.Extension != nil {
		visitorID, err := h.opts.Extension.Resume(ctx, ch.ID, ch.VisitorKey, req.Resume)
		if err != nil {
			if !errors.Is(err, ErrBadVisitorToken) {
				h.internal(w, r, err)
				return
			}
			jsonError(w, http.StatusUnauthorized, "this link has expired or is not valid")
			return
		}
		tok.VisitorID = visitorID
		returning = true
	}
	tok.ExpiresAt = now.Add(VisitorTokenTTL).Truncate(time.Second)
	resp := sessionResponse{Token: signVisitorToken(ch.VisitorKey, tok), ExpiresAt: tok.ExpiresAt,
		AgentsOnline: h.agentsOnline(ctx, ch), ChannelName: ch.Name}
	if returning {
		st, err := h.s.visitorState(ctx, ch, tok.VisitorID, false)
		if err != nil {
			h.internal(w, r, err)
			return
		}
		resp.ConversationID = st.ConversationID
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, resp)
}

func (h *webChatHandler) agentsOnline(ctx context.Context, ch webChatChannel) bool {
	if ch.Settings.Offline {
		return false
	}
	if h.opts.AgentsOnlineFunc != nil {
		return h.opts.AgentsOnlineFunc(ctx, ch.TenantID, ch.ID)
	}
	return true
}

// socket authenticates the visitor before upgrading: the token is the only
// credential, so any site may open the socket (OriginPatterns "*") unless the
// channel restricts origins, which channel has checked already.
func (h *webChatHandler) socket(w http.ResponseWriter, r *http.Request) {
	ctx, ch, ok := h.channel(w, r)
	if !ok {
		return
	}
	tok, err := parseVisitorToken(ch.VisitorKey, ch.ID, r.URL.Query().Get("token"), time.Now())
	if err != nil {
		jsonError(w, http.StatusUnauthorized, err.Error())
		return
	}
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: []string{"*"}})
	if err != nil {
		return // Accept has answered
	}
	defer conn.CloseNow()
	conn.SetReadLimit(MaxVisitorFrame)
	v := newVisitorConn(tok.VisitorID, h.opts.QueueSize)
	h.serve(ctx, conn, ch, v)
}

func (h *webChatHandler) internal(w http.ResponseWriter, r *http.Request, err error) {
	h.opts.Logger.ErrorContext(r.Context(), "web chat failed", slog.String("path", r.URL.Path), slog.Any("error", err))
	jsonError(w, http.StatusInternalServerError, "internal error")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func jsonError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, map[string]string{"error": msg})
}
