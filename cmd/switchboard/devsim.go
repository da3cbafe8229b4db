package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/integrations/sim"
	"github.com/switchboard/switchboard/internal/chatswitch"
	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/tenants"
)

// The demo tenant's simulated numbers. Fixed, so docs and e2e tests can use them.
const (
	demoSMSNumber        = "+14155550100"
	demoWhatsAppNumberID = "106540352242922"
)

// startSimulator gives the demo tenant an SMS and a WhatsApp channel on the
// simulated provider (creating them on the first start, with fresh
// credentials) and returns the simulator configured from those channels.
func startSimulator(ctx context.Context, a *app, demoTenant uuid.UUID, logger *slog.Logger) (*sim.Sim, error) {
	admin := tenants.ForMember(ctx, demoTenant, uuid.Nil, tenants.RoleAdmin)
	base := strings.TrimRight(a.cfg.PublicURL, "/") + "/sim"
	channels, err := a.inbox.Channels(admin)
	if err != nil {
		return nil, err
	}
	have := map[inbox.Kind]bool{}
	for _, c := range channels {
		have[c.Kind] = true
	}
	if !have[inbox.KindSMS] {
		_, err := a.inbox.CreateChannel(admin, inbox.CreateChannelParams{Kind: inbox.KindSMS, Name: "Demo SMS (simulated)", Address: demoSMSNumber,
			SMS: inbox.SMSConfig{AccountSID: "AC" + randomHex(16), APIBaseURL: base + "/sms"}, Secrets: inbox.Secrets{AuthToken: randomHex(16)}})
		if err != nil {
			return nil, fmt.Errorf("create demo sms channel: %w", err)
		}
	}
	if !have[inbox.KindWhatsApp] {
		_, err := a.inbox.CreateChannel(admin, inbox.CreateChannelParams{Kind: inbox.KindWhatsApp, Name: "Demo WhatsApp (simulated)",
			Address: demoWhatsAppNumberID, WhatsApp: inbox.WhatsAppConfig{APIBaseURL: base + "/whatsapp", DisplayPhoneNumber: "+1 415 555 0199"},
			Secrets: inbox.Secrets{AccessToken: randomHex(16), AppSecret: randomHex(16), VerifyToken: randomHex(8)}})
		if err != nil {
			return nil, fmt.Errorf("create demo whatsapp channel: %w", err)
		}
	}
	if !have[inbox.KindWebChat] {
		if _, err := a.inbox.CreateChannel(admin, inbox.CreateChannelParams{Kind: inbox.KindWebChat, Name: "Demo web chat"}); err != nil {
			return nil, fmt.Errorf("create demo web chat channel: %w", err)
		}
	}
	if channels, err = a.inbox.Channels(admin); err != nil {
		return nil, err
	}
	// Chat switch: US numbers may be typed without +1, and the simulated
	// WhatsApp takes any template name, so the demo has one configured.
	if st, err := a.switches.Settings(admin); err != nil {
		return nil, err
	} else if st == (chatswitch.Settings{}) {
		if _, err := a.switches.UpdateSettings(admin, chatswitch.Settings{DefaultCountry: "US", WhatsAppTemplate: "chat_continues", WhatsAppLanguage: "en_US"}); err != nil {
			return nil, fmt.Errorf("demo chat switch settings: %w", err)
		}
	}
	cfg := sim.Config{SMSHooks: map[string]string{}, WhatsAppHooks: map[string]string{}, Logger: logger}
	for _, c := range channels {
		switch {
		case c.Kind == inbox.KindSMS && strings.HasPrefix(c.SMS.APIBaseURL, base):
			cfg.SMSAccountSID, cfg.SMSAuthToken = c.SMS.AccountSID, c.Secrets.AuthToken
			cfg.SMSHooks[c.Address] = a.inbox.WebhookURL(c)
		case c.Kind == inbox.KindWhatsApp && strings.HasPrefix(c.WhatsApp.APIBaseURL, base):
			cfg.WhatsAppAccessToken, cfg.WhatsAppAppSecret = c.Secrets.AccessToken, c.Secrets.AppSecret
			cfg.WhatsAppHooks[c.Address] = a.inbox.WebhookURL(c)
		}
	}
	return sim.New(cfg), nil
}

// withSimulator serves /sim/ from the simulator and everything else as before.
func withSimulator(s *sim.Sim, next http.Handler) http.Handler {
	simHandler := s.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sim" || strings.HasPrefix(r.URL.Path, "/sim/") {
			simHandler.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
