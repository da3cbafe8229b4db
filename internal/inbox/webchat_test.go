package inbox

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/webhook"
	"github.com/switchboard/switchboard/tenants"
)

// webChatBundle is a testBundle with a running live bus, a webchat channel of
// tenant A and the web chat endpoints on their own server.
type webChatBundle struct {
	*testBundle
	bus *live.Bus
	srv *httptest.Server
	ch  Channel
	key string
}

func setupWebChat(t *testing.T) *webChatBundle {
	t.Helper()
	tb := setup(t)
	bus := live.New(tb.db.DB, live.Opts{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bus.Run(ctx) }()
	t.Cleanup(func() { cancel(); require.NoError(t, <-done) })
	select {
	case <-bus.Started():
	case <-time.After(10 * time.Second):
		t.Fatal("bus did not start")
	}
	tb.inbox.Live = bus // before any request: the servers read it only from now on
	b := &webChatBundle{testBundle: tb, bus: bus}
	b.ch, b.key = b.webChatChannel(t, tb.admin)
	b.srv = httptest.NewServer(tb.inbox.WebChat(bus, nil))
	t.Cleanup(b.srv.Close)
	return b
}

func (b *webChatBundle) webChatChannel(t *testing.T, ctx context.Context) (Channel, string) {
	t.Helper()
	ch, err := b.inbox.CreateChannel(ctx, CreateChannelParams{Kind: KindWebChat, Name: "Acme support"})
	require.NoError(t, err)
	setup, err := b.inbox.WebChatSetup(ctx, ch.ID)
	require.NoError(t, err)
	require.Regexp(t, `^pk_[0-9a-f]{32}$`, setup.PublicKey)
	return ch, setup.PublicKey
}

// resolved is what the server knows of a key, visitor key included.
func (b *webChatBundle) resolved(t *testing.T, key string) webChatChannel {
	t.Helper()
	_, wc, err := b.inbox.webChatChannelByKey(context.Background(), key)
	require.NoError(t, err)
	return wc
}

type sessionResult struct {
	status int
	header http.Header
	body   sessionResponse
}

func (b *webChatBundle) session(t *testing.T, key, token, origin string) sessionResult {
	t.Helper()
	body := "{}"
	if token != "" {
		body = `{"token":"` + token + `"}`
	}
	req, err := http.NewRequest(http.MethodPost, b.srv.URL+"/webchat/"+key+"/session", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "text/plain")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	raw := drain(t, resp)
	out := sessionResult{status: resp.StatusCode, header: resp.Header}
	if resp.StatusCode == http.StatusOK {
		require.NoError(t, json.Unmarshal([]byte(raw), &out.body), raw)
	}
	return out
}

func (b *webChatBundle) newSession(t *testing.T, key string) string {
	t.Helper()
	s := b.session(t, key, "", "")
	require.Equal(t, http.StatusOK, s.status)
	return s.body.Token
}

// frame is any server frame.
type frame struct {
	Type           string     `json:"type"`
	ID             uuid.UUID  `json:"id"`
	ConversationID *uuid.UUID `json:"conversationId"`
	Direction      string     `json:"direction"`
	Body           string     `json:"body"`
	At             time.Time  `json:"at"`
	ClientID       string     `json:"clientId"`
	ChannelName    string     `json:"channelName"`
	AgentsOnline   bool       `json:"agentsOnline"`
	LeadCaptured   bool       `json:"leadCaptured"`
	History        []frame    `json:"history"`
	Saved          bool       `json:"saved"`
	Code           string     `json:"code"`
	Field          string     `json:"field"`
	Message        string     `json:"message"`
}

type visitorClient struct {
	conn *websocket.Conn
}

func (b *webChatBundle) dialWith(t *testing.T, key, token, origin string) (*visitorClient, *http.Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	opts := &websocket.DialOptions{}
	if origin != "" {
		opts.HTTPHeader = http.Header{"Origin": {origin}}
	}
	conn, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(b.srv.URL, "http")+"/webchat/"+key+"/ws?token="+token, opts)
	if err != nil {
		return nil, resp, err
	}
	t.Cleanup(func() { _ = conn.CloseNow() })
	return &visitorClient{conn: conn}, resp, nil
}

// dial connects and reads hello.
func (b *webChatBundle) dial(t *testing.T, key, token string) (*visitorClient, frame) {
	t.Helper()
	c, _, err := b.dialWith(t, key, token, "https://shop.example.com")
	require.NoError(t, err)
	hello := c.read(t)
	require.Equal(t, "hello", hello.Type)
	return c, hello
}

func (c *visitorClient) send(t *testing.T, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	c.sendRaw(t, websocket.MessageText, b)
}

func (c *visitorClient) sendRaw(t *testing.T, typ websocket.MessageType, b []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, c.conn.Write(ctx, typ, b))
}

func (c *visitorClient) readErr(wait time.Duration) (frame, error) {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	_, data, err := c.conn.Read(ctx)
	if err != nil {
		return frame{}, err
	}
	var f frame
	err = json.Unmarshal(data, &f)
	return f, err
}

func (c *visitorClient) read(t *testing.T) frame {
	t.Helper()
	f, err := c.readErr(10 * time.Second)
	require.NoError(t, err)
	return f
}

// until reads frames until one matches, skipping the rest.
func (c *visitorClient) until(t *testing.T, match func(frame) bool) frame {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if f := c.read(t); match(f) {
			return f
		}
	}
	t.Fatal("no matching frame within 10s")
	return frame{}
}

// nothing checks that no frame of the given kind arrives for a while. Reading
// with a deadline closes a coder/websocket connection, so it is the last read.
func (c *visitorClient) nothing(t *testing.T, wait time.Duration, what func(frame) bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return
		}
		f, err := c.readErr(left)
		if err != nil {
			require.ErrorIs(t, err, context.DeadlineExceeded)
			return
		}
		require.False(t, what(f), "unexpected frame %+v", f)
	}
}

func (c *visitorClient) message(t *testing.T, clientID, body string) frame {
	t.Helper()
	c.send(t, map[string]string{"type": "message", "clientId": clientID, "body": body})
	return c.until(t, func(f frame) bool { return f.ClientID == clientID })
}

func isMessage(id uuid.UUID) func(frame) bool {
	return func(f frame) bool { return f.Type == "message" && f.ID == id }
}

func anyMessage(f frame) bool { return f.Type == "message" }

func agentOf(tenantID uuid.UUID) context.Context {
	return tenants.ForMember(context.Background(), tenantID, uuid.Nil, tenants.RoleAgent)
}

func TestWebChatSessionIssueAndResume(t *testing.T) {
	t.Parallel()
	b := setupWebChat(t)
	wc := b.resolved(t, b.key)
	now := time.Now()

	first := b.session(t, b.key, "", "https://shop.example.com")
	require.Equal(t, http.StatusOK, first.status)
	require.Equal(t, "*", first.header.Get("Access-Control-Allow-Origin"))
	require.Empty(t, first.header.Get("Access-Control-Allow-Credentials"))
	require.Equal(t, "no-store", first.header.Get("Cache-Control"))
	require.Nil(t, first.body.ConversationID, "a new visitor has no conversation")
	require.True(t, first.body.AgentsOnline)
	require.Equal(t, "Acme support", first.body.ChannelName)
	require.WithinDuration(t, now.Add(VisitorTokenTTL), first.body.ExpiresAt, time.Minute)
	tok, err := parseVisitorToken(wc.VisitorKey, b.ch.ID, first.body.Token, now)
	require.NoError(t, err)

	resumed := b.session(t, b.key, first.body.Token, "")
	require.Equal(t, http.StatusOK, resumed.status)
	again, err := parseVisitorToken(wc.VisitorKey, b.ch.ID, resumed.body.Token, now)
	require.NoError(t, err)
	require.Equal(t, tok.VisitorID, again.VisitorID, "the same visitor")

	other := b.session(t, b.key, "", "")
	otherTok, err := parseVisitorToken(wc.VisitorKey, b.ch.ID, other.body.Token, now)
	require.NoError(t, err)
	require.NotEqual(t, tok.VisitorID, otherTok.VisitorID, "no token, a new visitor")

	// Forged: the MAC's last character changed, a payload of another visitor
	// under the old MAC, a token signed with another key.
	good := first.body.Token
	payload, mac, _ := strings.Cut(good, ".")
	flipped := flip(good, len(payload)+10)
	otherPayload, _, _ := strings.Cut(otherTok2(t, wc, b.ch.ID), ".")
	for name, forged := range map[string]string{
		"flipped mac":       flipped,
		"swapped payload":   otherPayload + "." + mac,
		"other key":         signVisitorToken(bytes.Repeat([]byte{7}, 32), visitorToken{ChannelID: b.ch.ID, VisitorID: tok.VisitorID, ExpiresAt: now.Add(time.Hour)}),
		"expired":           signVisitorToken(wc.VisitorKey, visitorToken{ChannelID: b.ch.ID, VisitorID: tok.VisitorID, ExpiresAt: now.Add(-time.Second)}),
		"another channel":   signVisitorToken(wc.VisitorKey, visitorToken{ChannelID: uuid.New(), VisitorID: tok.VisitorID, ExpiresAt: now.Add(time.Hour)}),
		"too far in future": signVisitorToken(wc.VisitorKey, visitorToken{ChannelID: b.ch.ID, VisitorID: tok.VisitorID, ExpiresAt: now.Add(3 * VisitorTokenTTL)}),
		"truncated":         payload,
		"garbage":           "not-a-token",
	} {
		s := b.session(t, b.key, forged, "")
		require.Equal(t, http.StatusUnauthorized, s.status, name)
		_, resp, err := b.dialWith(t, b.key, forged, "")
		require.Error(t, err, name)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode, name)
	}

	require.Equal(t, http.StatusNotFound, b.session(t, "pk_"+strings.Repeat("0", 32), "", "").status, "unknown key")
	require.Equal(t, http.StatusNotFound, b.session(t, "pk_junk", "", "").status, "malformed key")
	req, err := http.NewRequest(http.MethodPost, b.srv.URL+"/webchat/"+b.key+"/session", strings.NewReader(`{"token":`))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	drain(t, resp)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	big := `{"token":"` + strings.Repeat("x", maxSessionBody) + `"}`
	resp, err = http.Post(b.srv.URL+"/webchat/"+b.key+"/session", "application/json", strings.NewReader(big))
	require.NoError(t, err)
	drain(t, resp)
	require.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)

	// A disabled channel's key stops working.
	require.NoError(t, b.db.InTenantTx(b.admin, func(tx pgx.Tx) error {
		_, err := tx.Exec(b.admin, `UPDATE channels SET enabled = false WHERE id = $1`, b.ch.ID)
		return err
	}))
	require.Equal(t, http.StatusNotFound, b.session(t, b.key, good, "").status)
}

// otherTok2 signs a token for a fresh visitor of the channel.
func otherTok2(t *testing.T, wc webChatChannel, channelID uuid.UUID) string {
	t.Helper()
	return signVisitorToken(wc.VisitorKey, visitorToken{ChannelID: channelID, VisitorID: uuid.New(), ExpiresAt: time.Now().Add(time.Hour)})
}

func TestWebChatPreflightAndWidget(t *testing.T) {
	t.Parallel()
	b := setupWebChat(t)
	req, err := http.NewRequest(http.MethodOptions, b.srv.URL+"/webchat/"+b.key+"/session", nil)
	require.NoError(t, err)
	req.Header.Set("Origin", "https://shop.example.com")
	req.Header.Set("Access-Control-Request-Method", "POST")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	drain(t, resp)
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	require.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
	require.Equal(t, "POST", resp.Header.Get("Access-Control-Allow-Methods"))
	require.Equal(t, "Content-Type", resp.Header.Get("Access-Control-Allow-Headers"))

	resp, err = http.Get(b.srv.URL + "/webchat/widget.js")
	require.NoError(t, err)
	js := drain(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "application/javascript; charset=utf-8", resp.Header.Get("Content-Type"))
	require.Contains(t, resp.Header.Get("Cache-Control"), "public")
	require.Equal(t, "cross-origin", resp.Header.Get("Cross-Origin-Resource-Policy"))
	require.Contains(t, js, "data-key")
	require.Contains(t, js, "localStorage")
	require.NotContains(t, js, "innerHTML", "what people write is never parsed as HTML")
	etag := resp.Header.Get("ETag")
	require.NotEmpty(t, etag)
	req, err = http.NewRequest(http.MethodGet, b.srv.URL+"/webchat/widget.js", nil)
	require.NoError(t, err)
	req.Header.Set("If-None-Match", etag)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	drain(t, resp)
	require.Equal(t, http.StatusNotModified, resp.StatusCode)
}

func TestWebChatRoundTrip(t *testing.T) {
	t.Parallel()
	b := setupWebChat(t)
	hooks := &webhook.Service{DB: b.db.DB, Jobs: b.inbox.Jobs, Guard: webhookhttp.Guard{AllowLoopback: true}}
	_, _, err := hooks.CreateEndpoint(b.admin, webhook.CreateEndpointParams{URL: "http://127.0.0.1:9/crm"})
	require.NoError(t, err)
	token := b.newSession(t, b.key)

	tab1, hello := b.dial(t, b.key, token)
	require.Nil(t, hello.ConversationID)
	require.Empty(t, hello.History)
	require.True(t, hello.AgentsOnline)
	require.Equal(t, "Acme support", hello.ChannelName)
	tab2, _ := b.dial(t, b.key, token) // the same visitor in a second tab

	// The visitor writes: stored as an inbound message of a new webchat
	// conversation with a phoneless "Web visitor", and answered with its clientId.
	sent := tab1.message(t, "c-1", "  Hello, do you ship to Norway?  ")
	require.Equal(t, "message", sent.Type)
	require.Equal(t, "inbound", sent.Direction)
	require.Equal(t, "Hello, do you ship to Norway?", sent.Body)
	require.NotNil(t, sent.ConversationID)
	convID := *sent.ConversationID
	conv, err := b.inbox.GetConversation(b.admin, convID)
	require.NoError(t, err)
	require.Equal(t, KindWebChat, conv.ChannelKind)
	require.Equal(t, b.ch.ID, conv.ChannelID)
	require.Equal(t, "Web visitor", conv.Contact.Name)
	require.Empty(t, conv.Contact.Phone)
	require.Equal(t, "open", conv.Status)
	require.Equal(t, 1, conv.UnreadCount)
	stored, err := b.inbox.GetMessage(b.admin, sent.ID)
	require.NoError(t, err)
	require.Equal(t, "inbound", stored.Direction)
	require.Equal(t, "received", stored.Status)
	require.Equal(t, b.ch.ID, stored.ChannelID)
	require.Equal(t, sent.ID, tab2.until(t, anyMessage).ID, "the other tab sees it live")

	// A resend of the same clientId (after a reconnect) is stored once.
	again := tab1.message(t, "c-1", "Hello, do you ship to Norway?")
	require.Equal(t, sent.ID, again.ID)
	require.Equal(t, 1, b.count(t, b.admin, "messages"))
	require.Equal(t, 1, b.count(t, b.admin, "contacts"))
	require.Equal(t, 1, b.count(t, b.admin, "webchat_visitors"))

	// An agent replies: the visitor's sockets get it live, before any worker.
	reply, err := b.inbox.SendMessage(agentOf(b.tenant), convID, "We do! Delivery takes 3 days.")
	require.NoError(t, err)
	got := tab1.until(t, isMessage(reply.ID))
	require.Equal(t, "outbound", got.Direction)
	require.Equal(t, "We do! Delivery takes 3 days.", got.Body)
	require.Equal(t, convID, *got.ConversationID)
	tab2.until(t, isMessage(reply.ID))
	// The worker's "sent" reaches the bus again: the socket does not repeat it.
	require.NoError(t, b.inbox.markSent(tenants.ForJob(context.Background(), b.tenant), reply.ID, webChatProviderID(reply.ID)))
	tab1.nothing(t, 500*time.Millisecond, isMessage(reply.ID))

	// A reload: a new socket with the same token gets the conversation back.
	_, hello = b.dial(t, b.key, token)
	require.Equal(t, convID, *hello.ConversationID)
	require.Len(t, hello.History, 2)
	require.Equal(t, []string{"inbound", "outbound"}, []string{hello.History[0].Direction, hello.History[1].Direction}, "oldest first")
	require.Equal(t, reply.ID, hello.History[1].ID)
	s := b.session(t, b.key, token, "")
	require.Equal(t, convID, *s.body.ConversationID)

	// The CRM hears about the contact, the conversation and both messages.
	var types []string
	require.NoError(t, b.db.InTenantTx(b.admin, func(tx pgx.Tx) error {
		rows, err := tx.Query(b.admin, `SELECT event_type FROM webhook_deliveries`)
		if err != nil {
			return err
		}
		types, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	}))
	require.ElementsMatch(t, []string{"contact.created", "conversation.created", "message.created", "message.created", "message.status_changed"}, types)
}

// TestWebChatReplyIsMarkedSentByTheWorker needs the SendWorker to treat web
// chat as delivered (see webChatProviderID); until that change it skips.
func TestWebChatReplyIsMarkedSentByTheWorker(t *testing.T) {
	t.Parallel()
	b := setupWebChat(t)
	c, _ := b.dial(t, b.key, b.newSession(t, b.key))
	sent := c.message(t, "c-1", "hi")
	reply, err := b.inbox.SendMessage(agentOf(b.tenant), *sent.ConversationID, "hello")
	require.NoError(t, err)
	c.until(t, isMessage(reply.ID))
	require.NoError(t, b.runSend(t, context.Background(), reply.ID, 1))
	got, err := b.inbox.GetMessage(b.admin, reply.ID)
	require.NoError(t, err)
	require.Equal(t, "sent", got.Status)
	require.Equal(t, webChatProviderID(reply.ID), got.ProviderMessageID)
}

func TestWebChatRefusesBadFramesAndStaysUsable(t *testing.T) {
	t.Parallel()
	b := setupWebChat(t)
	c, _ := b.dial(t, b.key, b.newSession(t, b.key))

	for name, tc := range map[string]struct {
		raw         string
		code, field string
	}{
		"not json":         {`hello`, codeBadFrame, ""},
		"truncated":        {`{"type":"message"`, codeBadFrame, ""},
		"array":            {`[1,2]`, codeBadFrame, ""},
		"wrong type":       {`{"type":"message","clientId":"a","body":42}`, codeBadFrame, ""},
		"unknown type":     {`{"type":"subscribe","topic":"everything"}`, codeUnknownType, ""},
		"no type":          {`{}`, codeUnknownType, ""},
		"no client id":     {`{"type":"message","body":"hi"}`, codeInvalid, "clientId"},
		"bad client id":    {`{"type":"message","clientId":"a b","body":"hi"}`, codeInvalid, "clientId"},
		"empty body":       {`{"type":"message","clientId":"e","body":"   "}`, codeInvalid, "body"},
		"NUL in body":      {`{"type":"message","clientId":"n","body":"a\u0000b"}`, codeInvalid, "body"},
		"body over limit":  {`{"type":"message","clientId":"l","body":"` + strings.Repeat("é", MaxVisitorBody+1) + `"}`, codeInvalid, "body"},
		"lead without all": {`{"type":"lead","name":"Ana"}`, codeInvalid, "email"},
	} {
		c.sendRaw(t, websocket.MessageText, []byte(tc.raw))
		f := c.read(t)
		require.Equal(t, "error", f.Type, name)
		require.Equal(t, tc.code, f.Code, name)
		require.Equal(t, tc.field, f.Field, name)
	}
	c.sendRaw(t, websocket.MessageBinary, []byte(`{"type":"typing"}`))
	require.Equal(t, codeBadFrame, c.read(t).Code, "binary")
	f := c.message(t, "max", strings.Repeat("é", MaxVisitorBody))
	require.Equal(t, "message", f.Type, "exactly the limit is fine")
	require.Equal(t, 1, b.count(t, b.admin, "messages"), "only the valid message was stored")

	// A frame over the read limit closes the socket with 1009.
	c.sendRaw(t, websocket.MessageText, []byte(`{"type":"message","clientId":"big","body":"`+strings.Repeat("x", MaxVisitorFrame)+`"}`))
	_, err := c.readErr(10 * time.Second)
	require.Equal(t, websocket.StatusMessageTooBig, websocket.CloseStatus(err))
}

func TestWebChatRateLimit(t *testing.T) {
	t.Parallel()
	b := setupWebChat(t)
	c, _ := b.dial(t, b.key, b.newSession(t, b.key))
	for range visitorBurst + 5 {
		c.send(t, map[string]string{"type": "typing"})
	}
	f := c.read(t) // typing is answered with nothing: the first frame is the refusal
	require.Equal(t, codeRateLimited, f.Code)
}

func TestWebChatOfflineLead(t *testing.T) {
	t.Parallel()
	b := setupWebChat(t)
	_, err := b.inbox.UpdateWebChatSettings(agentOf(b.tenant), b.ch.ID, WebChatSettings{Offline: true})
	require.ErrorIs(t, err, ErrNotFound, "agents do not change settings")
	setup, err := b.inbox.UpdateWebChatSettings(b.admin, b.ch.ID, WebChatSettings{Offline: true})
	require.NoError(t, err)
	require.True(t, setup.Settings.Offline)
	require.Equal(t, `<script src="`+b.inbox.PublicURL+`/webchat/widget.js" data-key="`+b.key+`" async></script>`, setup.Snippet)

	s := b.session(t, b.key, "", "")
	require.False(t, s.body.AgentsOnline)
	c, hello := b.dial(t, b.key, s.body.Token)
	require.False(t, hello.AgentsOnline)
	require.False(t, hello.LeadCaptured)

	lead := func(name, email, phone string) frame {
		c.send(t, map[string]string{"type": "lead", "name": name, "email": email, "phone": phone})
		return c.read(t)
	}
	f := lead("Ana", "ana@example.com", "12345")
	require.Equal(t, "error", f.Type)
	require.Equal(t, "phone", f.Field)
	f = lead("Ana", "Ana <ana@example.com>", "")
	require.Equal(t, "email", f.Field)
	f = lead("", "ana@example.com", "")
	require.Equal(t, "name", f.Field)
	require.Zero(t, b.count(t, b.admin, "contacts"), "nothing stored for a refused lead")

	f = lead("Ana Silva", "ana@example.com", "+351 912 345 678")
	require.Equal(t, "lead", f.Type)
	require.True(t, f.Saved)
	conv, err := b.inbox.GetConversation(b.admin, *f.ConversationID)
	require.NoError(t, err)
	require.Equal(t, "pending", conv.Status)
	require.Equal(t, KindWebChat, conv.ChannelKind)
	require.Equal(t, "Ana Silva", conv.Contact.Name)
	require.Equal(t, "ana@example.com", conv.Contact.Email)
	require.Equal(t, "+351912345678", conv.Contact.Phone, "normalised to E.164")

	// A message after the lead joins the same conversation, which stays pending.
	m := c.message(t, "after-lead", "I need a quote for 200 units")
	require.Equal(t, conv.ID, *m.ConversationID)
	conv, err = b.inbox.GetConversation(b.admin, conv.ID)
	require.NoError(t, err)
	require.Equal(t, "pending", conv.Status)
	_, hello = b.dial(t, b.key, s.body.Token)
	require.True(t, hello.LeadCaptured)

	// A number another contact already has stays with that contact; the lead
	// keeps it on the visitor row, and the visitor is not told.
	other := b.newSession(t, b.key)
	c2, _ := b.dial(t, b.key, other)
	c2.send(t, map[string]string{"type": "lead", "name": "Mallory", "email": "m@example.com", "phone": "+351912345678"})
	f = c2.read(t)
	require.True(t, f.Saved)
	conv2, err := b.inbox.GetConversation(b.admin, *f.ConversationID)
	require.NoError(t, err)
	require.NotEqual(t, conv.ID, conv2.ID)
	require.Empty(t, conv2.Contact.Phone)
	var leadPhone string
	require.NoError(t, b.db.InTenantTx(b.admin, func(tx pgx.Tx) error {
		return tx.QueryRow(b.admin, `SELECT lead_phone FROM webchat_visitors WHERE contact_id = $1`, conv2.Contact.ID).Scan(&leadPhone)
	}))
	require.Equal(t, "+351912345678", leadPhone)
}

func TestWebChatAgentsOnlineFunc(t *testing.T) {
	t.Parallel()
	b := setupWebChat(t)
	var online atomic.Bool
	srv := httptest.NewServer(b.inbox.WebChat(b.bus, &WebChatOpts{AgentsOnlineFunc: func(_ context.Context, tenantID, channelID uuid.UUID) bool {
		return online.Load() && tenantID == b.tenant && channelID == b.ch.ID
	}}))
	t.Cleanup(srv.Close)
	b.srv = srv
	require.False(t, b.session(t, b.key, "", "").body.AgentsOnline)
	online.Store(true)
	token := b.newSession(t, b.key)
	_, hello := b.dial(t, b.key, token)
	require.True(t, hello.AgentsOnline)
	_, err := b.inbox.UpdateWebChatSettings(b.admin, b.ch.ID, WebChatSettings{Offline: true})
	require.NoError(t, err)
	require.False(t, b.session(t, b.key, token, "").body.AgentsOnline, "the channel's setting wins")
}

func TestWebChatAllowedOrigins(t *testing.T) {
	t.Parallel()
	b := setupWebChat(t)
	_, err := b.inbox.UpdateWebChatSettings(b.admin, b.ch.ID, WebChatSettings{AllowedOrigins: []string{"https://shop.example.com/path"}})
	var inputErr *InputError
	require.ErrorAs(t, err, &inputErr)
	require.Equal(t, "allowedOrigins", inputErr.Field)
	setup, err := b.inbox.UpdateWebChatSettings(b.admin, b.ch.ID, WebChatSettings{AllowedOrigins: []string{"HTTPS://Shop.Example.com/"}})
	require.NoError(t, err)
	require.Equal(t, []string{"https://shop.example.com"}, setup.Settings.AllowedOrigins)

	ok := b.session(t, b.key, "", "https://shop.example.com")
	require.Equal(t, http.StatusOK, ok.status)
	require.Equal(t, "https://shop.example.com", ok.header.Get("Access-Control-Allow-Origin"))
	require.Contains(t, ok.header.Values("Vary"), "Origin")
	require.Equal(t, http.StatusForbidden, b.session(t, b.key, "", "https://evil.example.net").status)

	_, resp, err := b.dialWith(t, b.key, ok.body.Token, "https://evil.example.net")
	require.Error(t, err)
	require.Equal(t, http.StatusForbidden, resp.StatusCode)
	_, _, err = b.dialWith(t, b.key, ok.body.Token, "https://shop.example.com")
	require.NoError(t, err)
}

func TestWebChatVisitorsSeeOnlyTheirOwnConversation(t *testing.T) {
	t.Parallel()
	b := setupWebChat(t)
	// Tenant B, with its own webchat channel, and a second channel of tenant A.
	tenantB, adminB := newTenant(t, b.db)
	chB, keyB := b.webChatChannel(t, adminB)
	_, keyA2 := b.webChatChannel(t, b.admin)

	tokenA := b.newSession(t, b.key)
	visitorA, _ := b.dial(t, b.key, tokenA)
	sentA := visitorA.message(t, "a-1", "my order number is 1234")
	visitorA2, _ := b.dial(t, b.key, b.newSession(t, b.key)) // another visitor, same channel
	tokenB := b.newSession(t, keyB)
	visitorB, _ := b.dial(t, keyB, tokenB)
	sentB := visitorB.message(t, "b-1", "hello from B")
	require.Equal(t, 1, b.count(t, adminB, "messages"))
	require.Equal(t, 1, b.count(t, b.admin, "messages"))

	// A's token opens nothing on B's channel, nor on A's other channel.
	for _, key := range []string{keyB, keyA2} {
		require.Equal(t, http.StatusUnauthorized, b.session(t, key, tokenA, "").status)
		_, resp, err := b.dialWith(t, key, tokenA, "")
		require.Error(t, err)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	}

	// A's reply reaches visitor A only.
	reply, err := b.inbox.SendMessage(agentOf(b.tenant), *sentA.ConversationID, "Order 1234 ships tomorrow")
	require.NoError(t, err)
	visitorA.until(t, isMessage(reply.ID))
	replyB, err := b.inbox.SendMessage(agentOf(tenantB), *sentB.ConversationID, "Hi B")
	require.NoError(t, err)
	visitorB.until(t, isMessage(replyB.ID))
	visitorA2.nothing(t, time.Second, anyMessage)
	visitorB.nothing(t, 500*time.Millisecond, isMessage(reply.ID))
	_, hello := b.dial(t, keyB, tokenB)
	for _, m := range hello.History {
		require.NotEqual(t, reply.ID, m.ID)
		require.NotEqual(t, sentA.ID, m.ID)
	}

	// The channel's own history queries never cross: B's visitor state
	// under A's channel is empty, and B's channel under A's tenant unknown.
	wcA := b.resolved(t, b.key)
	vB, err := parseVisitorToken(b.resolved(t, keyB).VisitorKey, chB.ID, tokenB, time.Now())
	require.NoError(t, err)
	st, err := b.inbox.visitorState(tenants.ForJob(context.Background(), b.tenant), wcA, vB.VisitorID, true)
	require.NoError(t, err)
	require.Nil(t, st.ConversationID)
	require.Empty(t, st.History)
	_, err = b.inbox.WebChatSetup(b.admin, chB.ID)
	require.ErrorIs(t, err, ErrNotFound)
}

func TestVisitorConnClosesSlowConsumers(t *testing.T) {
	t.Parallel()
	v := newVisitorConn(uuid.New(), 2)
	v.push(Message{ID: uuid.New()})
	v.push(Message{ID: uuid.New()})
	v.push(Message{ID: uuid.New()}) // more than the queue before hello
	requireKilled(t, v, websocket.StatusPolicyViolation)

	v = newVisitorConn(uuid.New(), 2)
	seen := uuid.New()
	early := uuid.New()
	v.push(Message{ID: early})
	v.push(Message{ID: seen})
	v.start(helloFrame{Type: typeHello, History: []messageFrame{{ID: seen}}})
	require.Len(t, v.out, 2, "hello, then the early push the history lacks")
	v.push(Message{ID: seen})
	require.Len(t, v.out, 2, "a message is sent once")
	v.push(Message{ID: uuid.New()})
	requireKilled(t, v, websocket.StatusPolicyViolation)
}

func requireKilled(t *testing.T, v *visitorConn, code websocket.StatusCode) {
	t.Helper()
	select {
	case ce := <-v.kill:
		require.Equal(t, code, ce.Code)
	default:
		t.Fatal("the connection was not closed")
	}
}

func TestVisitorTokenRoundTrip(t *testing.T) {
	t.Parallel()
	key := bytes.Repeat([]byte{1}, 32)
	now := time.Now()
	in := visitorToken{ChannelID: uuid.New(), VisitorID: uuid.New(), ExpiresAt: now.Add(VisitorTokenTTL).Truncate(time.Second)}
	s := signVisitorToken(key, in)
	require.Len(t, s, channelTokenLen)
	out, err := parseVisitorToken(key, in.ChannelID, s, now)
	require.NoError(t, err)
	require.Equal(t, in.VisitorID, out.VisitorID)
	require.True(t, in.ExpiresAt.Equal(out.ExpiresAt))
	_, err = parseVisitorToken(key, in.ChannelID, s, in.ExpiresAt)
	require.ErrorIs(t, err, ErrBadVisitorToken, "expired at its expiry")
	_, err = parseVisitorToken(key, in.ChannelID, s[:20]+"\n"+s[21:], now)
	require.ErrorIs(t, err, ErrBadVisitorToken)
	_, err = parseVisitorToken(nil, in.ChannelID, s, now)
	require.ErrorIs(t, err, ErrBadVisitorToken)
}

// FuzzVisitorMessage feeds the decoder of visitor frames: it never panics, and
// what it accepts obeys the protocol's limits.
func FuzzVisitorMessage(f *testing.F) {
	for _, seed := range []string{
		`{"type":"message","clientId":"c-1","body":"hello"}`,
		`{"type":"message","clientId":"c-1","body":"` + strings.Repeat("é", MaxVisitorBody) + `"}`,
		`{"type":"message","clientId":"c-1","body":"a\u0000b"}`,
		`{"type":"message","clientId":"c-1","body":"\ud800"}`,
		`{"type":"lead","name":"Ana","email":"ana@example.com","phone":"+351 912 345 678"}`,
		`{"type":"lead","name":"Ana","email":"\"a b\"@example.com"}`,
		`{"type":"typing"}`,
		`{"type":"subscribe"}`,
		`{"type":"message","type":"lead"}`,
		`{"type":null}`,
		`[]`, `null`, `{`, ``, "\xff\xfe",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, ferr := decodeVisitorFrame(data)
		if ferr != nil {
			require.NotEmpty(t, ferr.Code)
			require.NotEmpty(t, ferr.Message)
			_, err := json.Marshal(toErrorFrame(ferr))
			require.NoError(t, err)
			return
		}
		switch fr.Type {
		case typeMessage:
			require.True(t, validClientID(fr.ClientID))
			require.NotEmpty(t, fr.Body)
			require.Equal(t, strings.TrimSpace(fr.Body), fr.Body)
			require.LessOrEqual(t, len([]rune(fr.Body)), MaxVisitorBody)
			require.NotContains(t, fr.Body, "\x00")
		case typeLead:
			require.NotEmpty(t, fr.Lead.Name)
			require.False(t, fr.Lead.Email == "" && fr.Lead.Phone == "")
			if fr.Lead.Phone != "" {
				require.Regexp(t, `^\+[1-9][0-9]{6,14}$`, fr.Lead.Phone, "the contacts table's own check")
			}
			require.LessOrEqual(t, len(fr.Lead.Email), maxLeadEmail)
		case typeTyping:
		default:
			t.Fatalf("accepted type %q", fr.Type)
		}
	})
}

// FuzzVisitorToken: no input panics the parser, and only a token this key
// signed for this channel, unexpired, is accepted, in exactly its one encoding.
func FuzzVisitorToken(f *testing.F) {
	key := bytes.Repeat([]byte{9}, 32)
	channel := uuid.MustParse("0b9a3f3e-2f43-4a55-9f0e-5d1f8c2b7a10")
	now := time.Unix(1_800_000_000, 0)
	good := signVisitorToken(key, visitorToken{ChannelID: channel, VisitorID: uuid.New(), ExpiresAt: now.Add(time.Hour)})
	f.Add(good)
	f.Add(good[:len(good)-1] + "A")
	f.Add(strings.Replace(good, ".", "", 1))
	f.Add(good + "=")
	f.Add(signVisitorToken(key, visitorToken{ChannelID: uuid.New(), VisitorID: uuid.New(), ExpiresAt: now.Add(time.Hour)}))
	f.Add(signVisitorToken(key, visitorToken{ChannelID: channel, VisitorID: uuid.Nil, ExpiresAt: now.Add(time.Hour)}))
	f.Add("")
	f.Add("..")
	f.Fuzz(func(t *testing.T, token string) {
		tok, err := parseVisitorToken(key, channel, token, now)
		if err != nil {
			require.ErrorIs(t, err, ErrBadVisitorToken)
			return
		}
		require.Equal(t, channel, tok.ChannelID)
		require.NotEqual(t, uuid.Nil, tok.VisitorID)
		require.True(t, tok.ExpiresAt.After(now))
		require.Equal(t, token, signVisitorToken(key, tok), "one encoding per token")
	})
}

// flip changes the character at i to another of the base64url alphabet.
func flip(s string, i int) string {
	c := byte('A')
	if s[i] == 'A' {
		c = 'B'
	}
	return s[:i] + string(c) + s[i+1:]
}
