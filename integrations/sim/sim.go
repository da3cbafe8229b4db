// Package sim is the simulated SMS and WhatsApp provider that `switchboard
// dev` runs, so that a developer can play a customer's phone without any real
// provider account.
//
// It wraps the same fakes the tests use (integrations/sms/smstest and
// integrations/whatsapp/whatsapptest), which speak the providers' real wire
// formats with real signatures: Switchboard's handlers and send worker cannot
// tell the simulator from Twilio or Meta. On top of them it adds a small JSON
// API for the console's phone-simulator page:
//
//	GET  /sim/                    the simulated numbers
//	POST /sim/sms/inbound         {from, to, body}: the phone sends an SMS (signed like Twilio)
//	POST /sim/whatsapp/inbound    {from, name, to, text}: the phone sends a WhatsApp message (signed like Meta)
//	GET  /sim/messages            what the phones received, newest first
//	/sim/sms/...  /sim/whatsapp/...  the providers' own REST APIs, which the channels point at
//
// Every accepted send is reported delivered by a signed status callback a
// moment later, as a handset would.
package sim

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/switchboard/switchboard/integrations/sms"
	"github.com/switchboard/switchboard/integrations/sms/smstest"
	"github.com/switchboard/switchboard/integrations/whatsapp/whatsapptest"
)

// Config names the simulated accounts and where each number's webhooks go.
type Config struct {
	SMSAccountSID, SMSAuthToken string
	SMSHooks                    map[string]string // E.164 number -> Switchboard's webhook URL for it
	WhatsAppAccessToken         string
	WhatsAppAppSecret           string
	WhatsAppHooks               map[string]string // phone_number_id -> webhook URL
	DeliveryDelay               time.Duration     // default 300 ms
	Logger                      *slog.Logger
}

// Sim is a running simulator.
type Sim struct {
	cfg  Config
	sms  *smstest.Server
	wa   *whatsapptest.Server
	log  *slog.Logger
	mux  *http.ServeMux
	sent chan string // SMS sids to report delivered

	mu          sync.Mutex
	waDelivered map[string]bool
}

// New builds a simulator; call Run to make it report deliveries.
func New(cfg Config) *Sim {
	if cfg.DeliveryDelay <= 0 {
		cfg.DeliveryDelay = 300 * time.Millisecond
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Sim{cfg: cfg, sms: smstest.New(cfg.SMSAccountSID, cfg.SMSAuthToken), wa: whatsapptest.New(cfg.WhatsAppAccessToken, cfg.WhatsAppAppSecret),
		log: cfg.Logger, sent: make(chan string, 1024), waDelivered: map[string]bool{}}
	s.sms.OnSendFunc = func(m smstest.SentMessage) {
		select {
		case s.sent <- m.SID:
		default: // a burst beyond the buffer goes unreported, like a lost receipt
		}
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /sim/{$}", s.info)
	s.mux.HandleFunc("POST /sim/sms/inbound", s.smsInbound)
	s.mux.HandleFunc("POST /sim/whatsapp/inbound", s.whatsappInbound)
	s.mux.HandleFunc("GET /sim/messages", s.messages)
	s.mux.Handle("/sim/sms/", http.StripPrefix("/sim/sms", s.sms))
	s.mux.Handle("/sim/whatsapp/", http.StripPrefix("/sim/whatsapp", s.wa))
	return s
}

// Handler serves /sim/.
func (s *Sim) Handler() http.Handler { return s.mux }

// Run reports accepted sends as delivered until ctx ends.
func (s *Sim) Run(ctx context.Context) {
	tick := time.NewTicker(s.cfg.DeliveryDelay)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case sid := <-s.sent:
			time.Sleep(s.cfg.DeliveryDelay)
			s.report(ctx, "sms", sid, func() (*http.Response, error) { return s.sms.PostStatus(ctx, sid, sms.StatusDelivered, 0) })
		case <-tick.C:
			for _, m := range s.wa.Sent() {
				s.mu.Lock()
				done := s.waDelivered[m.ID] || m.FailedCode != 0
				s.waDelivered[m.ID] = true
				s.mu.Unlock()
				hook, ok := s.cfg.WhatsAppHooks[m.PhoneNumberID]
				if done || !ok {
					continue
				}
				s.report(ctx, "whatsapp", m.ID, func() (*http.Response, error) {
					return s.wa.DeliverStatus(ctx, hook, m.PhoneNumberID, m.ID, "delivered")
				})
			}
		}
	}
}

func (s *Sim) report(ctx context.Context, provider, id string, post func() (*http.Response, error)) {
	resp, err := post()
	if err != nil {
		s.log.WarnContext(ctx, "sim: delivery report failed", slog.String("provider", provider), slog.String("id", id), slog.Any("error", err))
		return
	}
	_ = resp.Body.Close()
}

func (s *Sim) info(w http.ResponseWriter, _ *http.Request) {
	numbers := keys(s.cfg.SMSHooks)
	ids := keys(s.cfg.WhatsAppHooks)
	writeJSON(w, http.StatusOK, map[string]any{"sms": map[string]any{"numbers": numbers}, "whatsapp": map[string]any{"phoneNumberIds": ids}})
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid JSON: " + err.Error()})
		return false
	}
	return true
}

func (s *Sim) smsInbound(w http.ResponseWriter, r *http.Request) {
	var in struct{ From, To, Body string }
	if !decode(w, r, &in) {
		return
	}
	hook, ok := s.cfg.SMSHooks[in.To]
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no simulated SMS number " + in.To})
		return
	}
	p := smstest.InboundParams{From: in.From, To: in.To, Body: in.Body, MessageSID: smstest.NewSID("SM")}
	resp, err := s.sms.PostInbound(r.Context(), hook, hook, p)
	s.answer(w, err, resp, map[string]string{"sid": p.MessageSID})
}

func (s *Sim) whatsappInbound(w http.ResponseWriter, r *http.Request) {
	var in struct{ From, Name, To, Text string }
	if !decode(w, r, &in) {
		return
	}
	hook, ok := s.cfg.WhatsAppHooks[in.To]
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no simulated WhatsApp number " + in.To})
		return
	}
	id, resp, err := s.wa.DeliverInbound(r.Context(), hook, in.To, in.From, in.Name, in.Text)
	s.answer(w, err, resp, map[string]string{"id": id})
}

// answer relays Switchboard's verdict on the simulated webhook.
func (s *Sim) answer(w http.ResponseWriter, err error, resp *http.Response, ok any) {
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]string{"error": err.Error()})
		return
	}
	_ = resp.Body.Close()
	if resp.StatusCode >= 300 {
		writeJSON(w, http.StatusBadGateway, map[string]any{"error": "switchboard answered " + resp.Status})
		return
	}
	writeJSON(w, http.StatusOK, ok)
}

// Received is a message a simulated phone received.
type Received struct {
	Provider string    `json:"provider"`
	ID       string    `json:"id"`
	From     string    `json:"from"`
	To       string    `json:"to"`
	Body     string    `json:"body"`
	Status   string    `json:"status"`
	At       time.Time `json:"at"`
}

// Received lists what the simulated phones received, newest first.
func (s *Sim) Received() []Received {
	var out []Received
	for _, m := range s.sms.Sent() {
		status := string(m.Status)
		if msg, ok := s.sms.Message(m.SID); ok {
			status = string(msg.Status)
		}
		out = append(out, Received{Provider: "sms", ID: m.SID, From: m.From, To: m.To, Body: m.Body, Status: status, At: m.DateCreated})
	}
	for _, m := range s.wa.Sent() {
		status := "sent"
		s.mu.Lock()
		if s.waDelivered[m.ID] {
			status = "delivered"
		}
		s.mu.Unlock()
		if m.FailedCode != 0 {
			status = "failed"
		}
		out = append(out, Received{Provider: "whatsapp", ID: m.ID, From: m.PhoneNumberID, To: "+" + m.To, Body: m.Text, Status: status, At: m.At})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out
}

func (s *Sim) messages(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, nonNil(s.Received()))
}

func nonNil(r []Received) []Received {
	if r == nil {
		return []Received{}
	}
	return r
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
