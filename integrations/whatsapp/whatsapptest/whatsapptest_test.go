package whatsapptest_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // checking the fake's legacy header, as Meta sends it
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/whatsapp"
	"github.com/switchboard/switchboard/integrations/whatsapp/whatsapptest"
)

const (
	token    = "EAAtest"
	secret   = "fake-app-secret"
	phoneID  = "106540352242922"
	phoneID2 = "206540352242922"
	customer = "447700900123"
)

// hookBundle is a webhook endpoint under test: it does what Switchboard's
// handler must (read, verify, parse) and keeps what it got.
type hookBundle struct {
	url string
	mu  sync.Mutex
	got []whatsapp.Event
	raw []*http.Request
}

func (h *hookBundle) events() []whatsapp.Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]whatsapp.Event(nil), h.got...)
}

func setup(t *testing.T) (*whatsapptest.Server, *hookBundle) {
	t.Helper()
	wa := whatsapptest.NewServer(t, token, secret)
	h := &hookBundle{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := whatsapp.ReadBody(r, 0)
		if err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		if err := whatsapp.VerifySignature(secret, body, r.Header.Get(whatsapp.SignatureHeader)); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		n, err := whatsapp.ParseNotification(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		h.mu.Lock()
		h.got = append(h.got, n.Events...)
		r.Body = io.NopCloser(bytes.NewReader(body))
		h.raw = append(h.raw, r)
		h.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	h.url = srv.URL
	return wa, h
}

func TestInboundIsSignedMetaPayload(t *testing.T) {
	t.Parallel()
	wa, hook := setup(t)
	wa.SetWABAID("987654321")
	wa.SetDisplayPhoneNumber(phoneID, "15550783881")

	resp := wa.Inbound(t, hook.url, phoneID, "+"+customer, "Ana Souza", "Olá, preciso de ajuda")
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)

	events := hook.events()
	require.Len(t, events, 1)
	ev := events[0]
	require.Equal(t, phoneID, ev.PhoneNumberID)
	require.Equal(t, "987654321", ev.WABAID)
	require.Equal(t, "15550783881", ev.DisplayPhoneNumber)
	msg := ev.Message
	require.NotNil(t, msg)
	require.Equal(t, "+"+customer, msg.From)
	require.Equal(t, "Ana Souza", msg.ProfileName)
	require.Equal(t, whatsapp.TypeText, msg.Type)
	require.Equal(t, "Olá, preciso de ajuda", msg.Text)
	require.WithinDuration(t, time.Now(), msg.Timestamp, 5*time.Second)

	// The wamid has Meta's shape: base64 of a record holding the number.
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(msg.ID, "wamid."))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(msg.ID, "wamid.HBg"))
	require.Contains(t, string(raw), customer)

	// The exact payload and headers Meta sends.
	ds := wa.Deliveries()
	require.Len(t, ds, 1)
	require.Equal(t, "message", ds[0].Kind)
	require.Equal(t, msg.ID, ds[0].MessageID)
	require.Equal(t, http.StatusOK, ds[0].StatusCode)
	require.JSONEq(t, fmt.Sprintf(`{
		"object": "whatsapp_business_account",
		"entry": [{
			"id": "987654321",
			"changes": [{
				"field": "messages",
				"value": {
					"messaging_product": "whatsapp",
					"metadata": {"display_phone_number": "15550783881", "phone_number_id": %q},
					"contacts": [{"profile": {"name": "Ana Souza"}, "wa_id": %q}],
					"messages": [{"from": %q, "id": %q, "timestamp": %q, "text": {"body": "Olá, preciso de ajuda"}, "type": "text"}]
				}
			}]
		}]
	}`, phoneID, customer, customer, msg.ID, fmt.Sprint(msg.Timestamp.Unix())), string(ds[0].Body))

	// Meta signs its own encoding: non-ASCII and '/' escaped.
	require.Contains(t, string(ds[0].Body), `"Ol\u00e1, preciso de ajuda"`)

	hook.mu.Lock()
	req := hook.raw[0]
	hook.mu.Unlock()
	require.Equal(t, "application/json", req.Header.Get("Content-Type"))
	require.Equal(t, whatsapp.Sign(secret, ds[0].Body), req.Header.Get("X-Hub-Signature-256"))
	legacy := hmac.New(sha1.New, []byte(secret))
	legacy.Write(ds[0].Body)
	require.Equal(t, "sha1="+hex.EncodeToString(legacy.Sum(nil)), req.Header.Get("X-Hub-Signature"))
}

func TestInboundEscapesLikeMeta(t *testing.T) {
	t.Parallel()
	wa, hook := setup(t)

	resp := wa.Inbound(t, hook.url, phoneID, customer, "Zoë", "👍 see https://example.com/a")
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)

	body := string(wa.Deliveries()[0].Body)
	require.Contains(t, body, `"Zo\u00eb"`)
	require.Contains(t, body, `"\ud83d\udc4d see https:\/\/example.com\/a"`)
	msg := hook.events()[0].Message
	require.Equal(t, "Zoë", msg.ProfileName)
	require.Equal(t, "👍 see https://example.com/a", msg.Text)
}

func TestInboundOpensWindowPerBusinessNumber(t *testing.T) {
	t.Parallel()
	wa, hook := setup(t)
	client := wa.Client()

	_, err := client.SendText(t.Context(), phoneID, customer, "hello", nil)
	require.ErrorIs(t, err, whatsapp.ErrOutsideWindow)

	resp := wa.Inbound(t, hook.url, phoneID, customer, "Ana", "hi")
	defer resp.Body.Close()
	inboundID := hook.events()[0].Message.ID

	id, err := client.SendText(t.Context(), phoneID, customer, "hello Ana", &whatsapp.SendOpts{ReplyTo: inboundID})
	require.NoError(t, err)
	sent := wa.WaitFor(t, 1, 5*time.Second)
	require.Equal(t, id, sent[0].ID)
	require.Equal(t, inboundID, sent[0].ReplyTo)

	// The window belongs to the (business number, user) pair.
	_, err = client.SendText(t.Context(), phoneID2, customer, "hello from another number", nil)
	require.ErrorIs(t, err, whatsapp.ErrOutsideWindow)

	// 24 hours later it has closed.
	wa.Advance(whatsapptest.Window + time.Second)
	_, err = client.SendText(t.Context(), phoneID, customer, "still there?", nil)
	require.ErrorIs(t, err, whatsapp.ErrOutsideWindow)

	// OpenWindow opens it for every business number.
	wa.OpenWindow("+" + customer)
	_, err = client.SendText(t.Context(), phoneID2, customer, "back again", nil)
	require.NoError(t, err)

	wa.SetWindowPolicy(whatsapptest.WindowIgnore)
	_, err = client.SendText(t.Context(), phoneID2, "447700900999", "anyone", nil)
	require.NoError(t, err)
	require.Len(t, wa.Sent(), 3)
}

func TestStatusWebhooks(t *testing.T) {
	t.Parallel()
	wa, hook := setup(t)
	client := wa.Client()
	wa.OpenWindow(customer)

	textID, err := client.SendText(t.Context(), phoneID, customer, "hi", nil)
	require.NoError(t, err)
	tmplID, err := client.SendTemplate(t.Context(), phoneID, customer, whatsapp.Template{Name: "order_update", Language: "en_US"})
	require.NoError(t, err)

	for _, st := range []string{"sent", "delivered", "read"} {
		resp := wa.Status(t, hook.url, phoneID, textID, st)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		resp.Body.Close()
	}
	resp := wa.Status(t, hook.url, phoneID, tmplID, "sent")
	resp.Body.Close()
	resp = wa.Status(t, hook.url, phoneID, tmplID, "failed")
	resp.Body.Close()

	events := hook.events()
	require.Len(t, events, 5)
	sent := events[0].Status
	require.Equal(t, textID, sent.MessageID)
	require.Equal(t, whatsapp.StatusSent, sent.Status)
	require.Equal(t, customer, sent.RecipientID)
	require.Equal(t, "service", sent.ConversationOrigin)
	require.NotEmpty(t, sent.ConversationID)
	require.WithinDuration(t, time.Now().Add(24*time.Hour), sent.ConversationExpiry, 5*time.Second)
	require.Equal(t, &whatsapp.Pricing{Billable: false, Model: "PMP", Category: "service", Type: "free_customer_service"}, sent.Pricing)

	delivered := events[1].Status
	require.Equal(t, whatsapp.StatusDelivered, delivered.Status)
	require.Equal(t, sent.ConversationID, delivered.ConversationID)
	require.True(t, delivered.ConversationExpiry.IsZero())

	read := events[2].Status
	require.Equal(t, whatsapp.StatusRead, read.Status)
	require.Nil(t, read.Pricing)
	require.NoError(t, read.Err())

	require.Equal(t, &whatsapp.Pricing{Billable: true, Model: "PMP", Category: "utility", Type: "regular"}, events[3].Status.Pricing)

	failed := events[4].Status
	require.Equal(t, whatsapp.StatusFailed, failed.Status)
	require.Equal(t, whatsapp.CodeUndeliverable, failed.Errors[0].Code)
	require.NotErrorIs(t, failed.Err(), whatsapp.ErrOutsideWindow)

	resp, err = wa.DeliverStatus(t.Context(), hook.url, phoneID, "wamid.unknown", "sent")
	closeBody(resp)
	require.ErrorContains(t, err, "no message")
	resp, err = wa.DeliverStatus(t.Context(), hook.url, phoneID, textID, "bounced")
	closeBody(resp)
	require.ErrorContains(t, err, "unknown status")
}

func TestWindowFailStatusLikeProduction(t *testing.T) {
	t.Parallel()
	wa, hook := setup(t)
	wa.SetWindowPolicy(whatsapptest.WindowFailStatus)

	// Accepted at once, as the Cloud API does...
	id, err := wa.Client().SendText(t.Context(), phoneID, customer, "are you there?", nil)
	require.NoError(t, err)
	require.Equal(t, whatsapp.CodeReEngagement, wa.Sent()[0].FailedCode)

	// ...and reported failed afterwards.
	resp := wa.Status(t, hook.url, phoneID, id, "failed")
	defer resp.Body.Close()
	st := hook.events()[0].Status
	require.Equal(t, id, st.MessageID)
	err = st.Err()
	require.ErrorIs(t, err, whatsapp.ErrOutsideWindow)
	require.False(t, whatsapp.IsTemporary(err))
	require.Equal(t, []whatsapp.APIErrorDetail{{
		Code:    131047,
		Title:   "Re-engagement message",
		Message: "Re-engagement message",
		Details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
	}}, st.Errors)
}

func TestGraphErrorFormat(t *testing.T) {
	t.Parallel()
	wa, _ := setup(t)

	post := func(t *testing.T, method, path, auth, body string) (int, map[string]any) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), method, wa.URL()+path, strings.NewReader(body))
		require.NoError(t, err)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, "application/json; charset=UTF-8", resp.Header.Get("Content-Type"))
		var out map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		return resp.StatusCode, out
	}
	errOf := func(t *testing.T, out map[string]any) map[string]any {
		t.Helper()
		e, ok := out["error"].(map[string]any)
		require.True(t, ok, "%v", out)
		require.NotEmpty(t, e["fbtrace_id"])
		return e
	}
	path := "/v21.0/" + phoneID + "/messages"
	valid := `{"messaging_product":"whatsapp","to":"` + customer + `","type":"template","template":{"name":"x","language":{"code":"en"}}}`

	status, out := post(t, http.MethodPost, path, "Bearer nope", valid)
	require.Equal(t, http.StatusUnauthorized, status)
	e := errOf(t, out)
	require.InDelta(t, 190, e["code"], 0)
	require.Equal(t, "OAuthException", e["type"])

	status, out = post(t, http.MethodPost, path, "", valid)
	require.Equal(t, http.StatusUnauthorized, status)
	require.InDelta(t, 190, errOf(t, out)["code"], 0)

	for name, body := range map[string]string{
		"not json":          `{`,
		"no product":        `{"to":"` + customer + `","type":"text","text":{"body":"x"}}`,
		"bad to":            `{"messaging_product":"whatsapp","to":"abc","type":"text","text":{"body":"x"}}`,
		"empty text":        `{"messaging_product":"whatsapp","to":"` + customer + `","type":"text","text":{"body":""}}`,
		"no template name":  `{"messaging_product":"whatsapp","to":"` + customer + `","type":"template","template":{"language":{"code":"en"}}}`,
		"unsupported type":  `{"messaging_product":"whatsapp","to":"` + customer + `","type":"image","image":{"id":"1"}}`,
		"group recipient":   `{"messaging_product":"whatsapp","recipient_type":"group","to":"` + customer + `","type":"text","text":{"body":"x"}}`,
		"text over 4096":    `{"messaging_product":"whatsapp","to":"` + customer + `","type":"text","text":{"body":"` + strings.Repeat("a", 4097) + `"}}`,
		"no template lang":  `{"messaging_product":"whatsapp","to":"` + customer + `","type":"template","template":{"name":"x"}}`,
		"component unknown": `{"messaging_product":"whatsapp","to":"` + customer + `","type":"template","template":{"name":"x","language":{"code":"en"},"components":[{"type":"footer"}]}}`,
	} {
		status, out = post(t, http.MethodPost, path, "Bearer "+token, body)
		require.Equal(t, http.StatusBadRequest, status, name)
		require.InDelta(t, 100, errOf(t, out)["code"], 0, name)
	}

	status, out = post(t, http.MethodPost, path, "Bearer "+token,
		`{"messaging_product":"whatsapp","to":"`+customer+`","type":"template","template":{"name":"x","language":{"code":"en"},"components":[{"type":"body","parameters":[{"type":"text","text":"a\nb"}]}]}}`)
	require.Equal(t, http.StatusBadRequest, status)
	require.InDelta(t, 132018, errOf(t, out)["code"], 0)

	status, out = post(t, http.MethodGet, path, "Bearer "+token, "")
	require.Equal(t, http.StatusBadRequest, status)
	require.InDelta(t, 100, errOf(t, out)["code"], 0)

	status, out = post(t, http.MethodPost, "/v21.0/"+phoneID+"/media", "Bearer "+token, valid)
	require.Equal(t, http.StatusBadRequest, status)
	require.InDelta(t, 100, errOf(t, out)["code"], 0)

	// FailNext answers in order, then normal service resumes.
	wa.FailNext(2, http.StatusServiceUnavailable, 2, "Service temporarily unavailable")
	wa.FailNext(1, http.StatusBadRequest, 80007, "Rate limit issues")
	for _, want := range []struct{ status, code int }{{503, 2}, {503, 2}, {400, 80007}} {
		status, out = post(t, http.MethodPost, path, "Bearer "+token, valid)
		require.Equal(t, want.status, status)
		e := errOf(t, out)
		require.InDelta(t, want.code, e["code"], 0)
		require.Equal(t, fmt.Sprintf("(#%d) ", want.code), e["message"].(string)[:len(fmt.Sprintf("(#%d) ", want.code))])
	}
	status, out = post(t, http.MethodPost, path, "Bearer "+token, valid)
	require.Equal(t, http.StatusOK, status)
	msgs, ok := out["messages"].([]any)
	require.True(t, ok)
	require.Len(t, msgs, 1)
	require.Equal(t, "accepted", msgs[0].(map[string]any)["message_status"])
	require.Len(t, wa.Sent(), 1)
}

func TestConcurrentSends(t *testing.T) {
	t.Parallel()
	wa, _ := setup(t)
	wa.OpenWindow(customer)
	client := wa.Client()

	const n = 25
	ids := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			id, err := client.SendText(t.Context(), phoneID, customer, fmt.Sprintf("message %d", i), nil)
			if err != nil {
				t.Errorf("send %d: %v", i, err)
				return
			}
			ids <- id
		})
	}
	got := wa.WaitFor(t, n, 10*time.Second)
	wg.Wait()
	close(ids)

	unique := map[string]bool{}
	for id := range ids {
		unique[id] = true
	}
	require.Len(t, unique, n)
	require.Len(t, got, n)
}

func TestDeliverRawAndNewWithoutListener(t *testing.T) {
	t.Parallel()
	wa, hook := setup(t)

	body := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"` + phoneID + `"},"messages":[{"from":"` + customer + `","id":"wamid.img","timestamp":"1700000000","type":"image","image":{"id":"55","mime_type":"image/png","sha256":"x","caption":"look"}}]}}]}]}`)
	resp, err := wa.Deliver(t.Context(), hook.url, body)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	msg := hook.events()[0].Message
	require.Equal(t, "look", msg.Text)
	require.Equal(t, "55", msg.Media.ID)
	require.Equal(t, "raw", wa.Deliveries()[0].Kind)

	// New serves the same API as a plain handler, for a simulator.
	sim := whatsapptest.New(token, secret)
	require.Empty(t, sim.URL())
	require.Panics(t, func() { sim.Client() })
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	sim.OpenWindow(customer)
	c := &whatsapp.Client{BaseURL: srv.URL, AccessToken: token, HTTP: srv.Client()}
	_, err = c.SendText(t.Context(), phoneID, customer, "from the simulator", nil)
	require.NoError(t, err)
	require.Len(t, sim.Sent(), 1)

	// A webhook that refuses the signature shows up in the response.
	other := whatsapptest.New(token, "another-secret")
	_, resp, err = other.DeliverInbound(t.Context(), hook.url, phoneID, customer, "Ana", "hi")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	answer, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Contains(t, string(answer), "bad webhook signature")

	_, resp, err = other.DeliverInbound(t.Context(), hook.url, phoneID, "not-a-number", "Ana", "hi")
	closeBody(resp)
	require.Error(t, err)
	_, resp, err = other.DeliverInbound(t.Context(), "http://127.0.0.1:1/closed", phoneID, customer, "Ana", "hi")
	closeBody(resp)
	require.Error(t, err)
	require.NotErrorIs(t, err, whatsapp.ErrBadSignature)
}

// closeBody closes the body of a response that may be nil.
func closeBody(resp *http.Response) {
	if resp != nil {
		resp.Body.Close()
	}
}
