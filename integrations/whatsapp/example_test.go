package whatsapp_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/switchboard/switchboard/integrations/whatsapp"
	"github.com/switchboard/switchboard/integrations/whatsapp/whatsapptest"
)

// webhookHandler is the shape of Switchboard's WhatsApp webhook: answer the
// GET handshake, and for a POST read, verify, parse and hand events on.
func webhookHandler(verifyToken, appSecret string, handle func(whatsapp.Event)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			challenge, err := whatsapp.VerifySubscription(r.URL.Query(), verifyToken)
			if err != nil {
				http.Error(w, "forbidden", http.StatusForbidden)
				return
			}
			w.Header().Set("Content-Type", "text/plain")
			// VerifySubscription lets through only [A-Za-z0-9._-], so
			// echoing the challenge cannot inject markup.
			_, _ = w.Write([]byte(challenge)) //nolint:gosec // see above
			return
		}
		body, err := whatsapp.ReadBody(r, whatsapp.DefaultMaxBody)
		if err != nil {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		if err := whatsapp.VerifySignature(appSecret, body, r.Header.Get(whatsapp.SignatureHeader)); err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		n, err := whatsapp.ParseNotification(body)
		if err != nil {
			// Signed by Meta but unreadable: a retry brings the same bytes.
			slog.WarnContext(r.Context(), "whatsapp notification unreadable", slog.String("error", err.Error()))
			return
		}
		for _, ev := range n.Events {
			handle(ev)
		}
	})
}

func Example() {
	wa := whatsapptest.New("token", "app-secret")
	graph := httptest.NewServer(wa)
	defer graph.Close()

	client := &whatsapp.Client{BaseURL: graph.URL, AccessToken: "token"}
	ctx := context.Background()

	var inbound []whatsapp.Event
	hook := httptest.NewServer(webhookHandler("verify-me", "app-secret", func(ev whatsapp.Event) {
		inbound = append(inbound, ev)
	}))
	defer hook.Close()

	// Nobody has written yet: free-form text is refused.
	_, err := client.SendText(ctx, "106540352242922", "447700900123", "Hello!", nil)
	fmt.Println("outside window:", errors.Is(err, whatsapp.ErrOutsideWindow))

	// A customer writes; the handler routes by phone number id.
	_, resp, err := wa.DeliverInbound(ctx, hook.URL, "106540352242922", "447700900123", "Ana", "Where is my order?")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	ev := inbound[0]
	fmt.Println(ev.PhoneNumberID, ev.Message.From, ev.Message.ProfileName+":", ev.Message.Text)

	// Now a reply goes through.
	id, err := client.SendText(ctx, ev.PhoneNumberID, ev.Message.From[1:], "Let me check.", &whatsapp.SendOpts{ReplyTo: ev.Message.ID})
	fmt.Println("sent:", err == nil && id != "")

	// Output:
	// outside window: true
	// 106540352242922 +447700900123 Ana: Where is my order?
	// sent: true
}
