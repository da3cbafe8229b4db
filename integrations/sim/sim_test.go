package sim

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/sms"
	"github.com/switchboard/switchboard/integrations/whatsapp"
)

// receiver stands in for Switchboard's hooks: it verifies every webhook the
// simulator sends exactly as the real handlers do.
type receiver struct {
	mu       sync.Mutex
	inbound  []string
	statuses []string
}

func TestSimulatorSpeaksTheProvidersWireFormats(t *testing.T) {
	t.Parallel()
	const token, appSecret = "sim-auth-token", "sim-app-secret"
	var rec receiver
	var hooks *httptest.Server
	hooks = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		switch {
		case strings.HasPrefix(r.URL.Path, "/hooks/sms"):
			form, err := sms.VerifyRequest(r, token, hooks.URL+r.URL.Path, 1<<20)
			if err != nil {
				http.Error(w, err.Error(), http.StatusForbidden)
				return
			}
			if form.Has("MessageStatus") {
				rec.statuses = append(rec.statuses, "sms:"+form.Get("MessageStatus"))
			} else {
				rec.inbound = append(rec.inbound, "sms:"+form.Get("Body"))
			}
		case strings.HasPrefix(r.URL.Path, "/hooks/whatsapp"):
			body, _ := io.ReadAll(r.Body)
			if err := whatsapp.VerifySignature(appSecret, body, r.Header.Get("X-Hub-Signature-256")); err != nil {
				http.Error(w, err.Error(), http.StatusForbidden)
				return
			}
			note, err := whatsapp.ParseNotification(body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			for _, ev := range note.Events {
				if ev.Message != nil {
					rec.inbound = append(rec.inbound, "whatsapp:"+ev.Message.Text)
				}
				if ev.Status != nil {
					rec.statuses = append(rec.statuses, "whatsapp:"+string(ev.Status.Status))
				}
			}
		}
	}))
	defer hooks.Close()

	s := New(Config{SMSAccountSID: "AC" + strings.Repeat("0", 32), SMSAuthToken: token,
		SMSHooks:            map[string]string{"+14155550100": hooks.URL + "/hooks/sms/1"},
		WhatsAppAccessToken: "wa-token", WhatsAppAppSecret: appSecret,
		WhatsAppHooks: map[string]string{"106540352242922": hooks.URL + "/hooks/whatsapp/1"},
		DeliveryDelay: 20 * time.Millisecond})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	defer func() { cancel(); <-done }()

	post := func(path, body string) int {
		resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
		require.NoError(t, err)
		defer resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, http.StatusOK, post("/sim/sms/inbound", `{"from":"+14155550123","to":"+14155550100","body":"sms in"}`))
	require.Equal(t, http.StatusOK, post("/sim/whatsapp/inbound", `{"from":"4915112345678","name":"Ana","to":"106540352242922","text":"wa in"}`))
	require.Equal(t, http.StatusNotFound, post("/sim/sms/inbound", `{"from":"+1","to":"+19999999999","body":"x"}`))

	// Switchboard's send worker talks to the provider APIs under /sim/.
	smsClient := &sms.Client{BaseURL: srv.URL + "/sim/sms", AccountSID: "AC" + strings.Repeat("0", 32), AuthToken: token}
	_, err := smsClient.Send(ctx, sms.SendParams{From: "+14155550100", To: "+14155550123", Body: "sms out", StatusCallback: hooks.URL + "/hooks/sms/1"})
	require.NoError(t, err)
	waClient := &whatsapp.Client{BaseURL: srv.URL + "/sim/whatsapp", AccessToken: "wa-token"}
	_, err = waClient.SendText(ctx, "106540352242922", "4915112345678", "wa out", nil)
	require.NoError(t, err)
	bad := &sms.Client{BaseURL: srv.URL + "/sim/sms", AccountSID: "AC" + strings.Repeat("0", 32), AuthToken: "wrong"}
	_, err = bad.Send(ctx, sms.SendParams{From: "+14155550100", To: "+14155550123", Body: "x"})
	require.Error(t, err, "the simulator checks the channel's credentials")

	require.Eventually(t, func() bool {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return len(rec.statuses) == 2
	}, 5*time.Second, 20*time.Millisecond)
	rec.mu.Lock()
	require.ElementsMatch(t, []string{"sms:sms in", "whatsapp:wa in"}, rec.inbound)
	require.ElementsMatch(t, []string{"sms:delivered", "whatsapp:delivered"}, rec.statuses)
	rec.mu.Unlock()

	received := s.Received()
	require.Len(t, received, 2)
	for _, m := range received {
		require.Equal(t, "delivered", m.Status, m.Provider)
	}
}
