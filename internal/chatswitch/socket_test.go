package chatswitch

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/live"
)

// The widget's side, through the inbox's real visitor socket and live bus.

type socketFrame struct {
	Type           string      `json:"type"`
	Code           string      `json:"code"`
	Field          string      `json:"field"`
	Message        string      `json:"message"`
	ConversationID *uuid.UUID  `json:"conversationId"`
	ClientID       string      `json:"clientId"`
	Targets        []string    `json:"targets"`
	Latest         *switchJSON `json:"latest"`
	Prompt         *promptJSON `json:"prompt"`
	Switch         *struct {
		Targets []string    `json:"targets"`
		Latest  *switchJSON `json:"latest"`
	} `json:"switch"`
}

func (tb *testBundle) webChatServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	bus := live.New(tb.db.DB, live.Opts{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bus.Run(ctx) }()
	t.Cleanup(func() { cancel(); require.NoError(t, <-done) })
	<-bus.Started()
	tb.inbox.Live, tb.sw.Live = bus, bus
	srv := httptest.NewServer(tb.inbox.WebChat(bus, &inbox.WebChatOpts{Extension: Widget{S: tb.sw}}))
	t.Cleanup(srv.Close)
	setup, err := tb.inbox.WebChatSetup(tb.admin, tb.web.ID)
	require.NoError(t, err)
	return srv, setup.PublicKey
}

func postSession(t *testing.T, srv *httptest.Server, key, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(srv.URL+"/webchat/"+key+"/session", "text/plain", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

type socket struct {
	t    *testing.T
	conn *websocket.Conn
}

func dialSocket(t *testing.T, srv *httptest.Server, key, token string) *socket {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/webchat/"+key+"/ws?token="+token, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.CloseNow() })
	return &socket{t: t, conn: conn}
}

func (s *socket) send(v any) {
	s.t.Helper()
	b, err := json.Marshal(v)
	require.NoError(s.t, err)
	require.NoError(s.t, s.conn.Write(context.Background(), websocket.MessageText, b))
}

// until reads frames until one matches.
func (s *socket) until(match func(socketFrame) bool) socketFrame {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for {
		_, b, err := s.conn.Read(ctx)
		require.NoError(s.t, err)
		var f socketFrame
		require.NoError(s.t, json.Unmarshal(b, &f), string(b))
		if match(f) {
			return f
		}
	}
}

func TestTheWidgetSwitchesOverItsSocket(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	srv, key := tb.webChatServer(t)
	status, sess := postSession(t, srv, key, "{}")
	require.Equal(t, http.StatusOK, status)
	token := sess["token"].(string)

	ws := dialSocket(t, srv, key, token)
	hello := ws.until(func(f socketFrame) bool { return f.Type == "hello" })
	require.NotNil(t, hello.Switch, "hello carries the switch state")
	require.Equal(t, []string{"sms"}, hello.Switch.Targets, "only configured channels")
	ws.send(map[string]string{"type": "message", "clientId": "m1", "body": "hi"})
	answer := ws.until(func(f socketFrame) bool { return f.Type == "message" && f.ClientID == "m1" })
	conv := *answer.ConversationID

	// The agent's visitor action command reaches the widget live, prefilled.
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		_, err := tx.Exec(tb.admin, `UPDATE contacts SET phone = '+14155550123' WHERE id = (SELECT contact_id FROM conversations WHERE id = $1)`, conv)
		return err
	}))
	require.NoError(t, tb.sw.SendVisitorAction(tb.agent, conv, inbox.KindSMS))
	prompt := ws.until(func(f socketFrame) bool { return f.Type == "switch" && f.Prompt != nil })
	require.Equal(t, inbox.KindSMS, prompt.Prompt.To)
	require.Equal(t, "+14155550123", prompt.Prompt.Phone)

	// Bad frames are answered, and the socket stays usable.
	ws.send(map[string]string{"type": "switch", "to": "sms", "phone": "call me"})
	bad := ws.until(func(f socketFrame) bool { return f.Type == "error" })
	require.Equal(t, "phone", bad.Field)
	ws.send(map[string]string{"type": "switch_dance"})
	require.Equal(t, "unknown_type", ws.until(func(f socketFrame) bool { return f.Type == "error" }).Code)

	ws.send(map[string]string{"type": "switch", "to": "sms", "phone": "+14155550123"})
	active := ws.until(func(f socketFrame) bool {
		return f.Type == "switch" && f.Latest != nil && f.Latest.State == StateActive
	})
	require.Nil(t, active.Prompt, "acting on the prompt clears it")
	require.Greater(t, active.Latest.RevertSeconds, 5.0)
	require.LessOrEqual(t, active.Latest.RevertSeconds, 10.0)
	ws.send(map[string]string{"type": "switch_revert", "switchId": active.Latest.ID.String()})
	ws.until(func(f socketFrame) bool {
		return f.Type == "switch" && f.Latest != nil && f.Latest.State == StateReverted
	})

	// Switch again, then back to the web by the signed link: the session it
	// opens is the same visitor's, in the same conversation.
	ws.send(map[string]string{"type": "switch", "to": "sms", "phone": "+14155550123"})
	ws.until(func(f socketFrame) bool {
		return f.Type == "switch" && f.Latest != nil && f.Latest.State == StateActive && f.Latest.ID != active.Latest.ID
	})
	_, err := tb.sw.Request(tb.agent, conv, inbox.KindWebChat, "")
	require.NoError(t, err)
	tb.runQueued(t)
	sent := tb.sms.Sent()
	u, err := url.Parse(regexp.MustCompile(`https?://\S+/continue\?sbresume=[^ ]+`).FindString(sent[len(sent)-1].Body))
	require.NoError(t, err)
	require.Equal(t, "/webchat/"+key+"/continue", u.Path, "the link opens our page with the widget")
	resp, err := http.Get(srv.URL + u.RequestURI())
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "no-referrer", resp.Header.Get("Referrer-Policy"))

	status, _ = postSession(t, srv, key, `{"resume":"`+u.Query().Get(ResumeParam)+`x"}`)
	require.Equal(t, http.StatusUnauthorized, status, "a forged link")
	status, resumed := postSession(t, srv, key, `{"resume":"`+u.Query().Get(ResumeParam)+`"}`)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, conv.String(), resumed["conversationId"])
	require.Equal(t, tb.web.ID, tb.conversation(t, conv).ChannelID)
	back := dialSocket(t, srv, key, resumed["token"].(string))
	h := back.until(func(f socketFrame) bool { return f.Type == "hello" })
	require.Equal(t, conv, *h.ConversationID)
	require.Equal(t, inbox.KindWebChat, h.Switch.Latest.To)
	require.Equal(t, StateActive, h.Switch.Latest.State)
}
