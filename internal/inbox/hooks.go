package inbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/integrations/sms"
	"github.com/switchboard/switchboard/integrations/whatsapp"
)

// MaxWebhookBody caps what a provider may POST; real payloads are a few KiB.
const MaxWebhookBody = 256 << 10

// Hooks serves the providers' webhooks:
//
//	POST /hooks/sms/{channelID}        Twilio-style inbound messages and status callbacks
//	GET  /hooks/whatsapp/{channelID}   Meta's subscription handshake
//	POST /hooks/whatsapp/{channelID}   Meta's messages and statuses
//
// Bad signatures get 403 and store nothing, unknown channels 404, bodies over
// MaxWebhookBody 413, malformed payloads 400 (reason logged). The provider is
// answered only after the transaction commits, so a 200 means stored.
func (s *Service) Hooks() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /hooks/sms/{channel}", s.smsHook)
	mux.HandleFunc("GET /hooks/whatsapp/{channel}", s.whatsappVerify)
	mux.HandleFunc("POST /hooks/whatsapp/{channel}", s.whatsappHook)
	return mux
}

func (s *Service) hookChannel(w http.ResponseWriter, r *http.Request, kind Kind) (context.Context, Channel, bool) {
	id, err := uuid.Parse(r.PathValue("channel"))
	if err != nil {
		http.NotFound(w, r)
		return nil, Channel{}, false
	}
	ctx, ch, err := s.channelForHook(r.Context(), kind, id)
	if errors.Is(err, ErrNotFound) {
		http.NotFound(w, r)
		return nil, Channel{}, false
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, Channel{}, false
	}
	return ctx, ch, true
}

// refuse maps an adapter's verification or parsing error to its status.
func (s *Service) refuse(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusBadRequest
	switch {
	case errors.Is(err, sms.ErrBadSignature), errors.Is(err, whatsapp.ErrBadSignature), errors.Is(err, whatsapp.ErrBadSubscription):
		status = http.StatusForbidden
	case errors.Is(err, sms.ErrTooLarge), errors.Is(err, whatsapp.ErrTooLarge):
		status = http.StatusRequestEntityTooLarge
	}
	s.logger().WarnContext(r.Context(), "webhook refused", slog.String("path", r.URL.Path), slog.Int("status", status), slog.Any("error", err))
	http.Error(w, http.StatusText(status), status)
}

// fail answers 500 so that the provider retries; the event ledger makes the
// retry safe.
func (s *Service) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.logger().ErrorContext(r.Context(), "webhook failed", slog.String("path", r.URL.Path), slog.Any("error", err))
	http.Error(w, "internal error", http.StatusInternalServerError)
}

func (s *Service) hookURL(kind Kind, id uuid.UUID) string {
	return strings.TrimRight(s.PublicURL, "/") + "/hooks/" + string(kind) + "/" + id.String()
}

func (s *Service) smsHook(w http.ResponseWriter, r *http.Request) {
	ctx, ch, ok := s.hookChannel(w, r, KindSMS)
	if !ok {
		return
	}
	form, err := sms.VerifyRequest(r, ch.Secrets.AuthToken, s.hookURL(KindSMS, ch.ID), MaxWebhookBody)
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	if form.Has("MessageStatus") {
		cb, err := sms.ParseStatusCallback(form)
		if err != nil {
			s.refuse(w, r, err)
			return
		}
		status := string(cb.Status)
		if cb.Status == sms.StatusUndelivered {
			status = "failed"
		}
		reason := cb.ErrorMessage
		if reason == "" && cb.ErrorCode != 0 {
			reason = fmt.Sprintf("provider error %d", cb.ErrorCode)
		}
		if err := s.recordStatus(ctx, ch, cb.MessageSID+":"+string(cb.Status), cb.MessageSID, status, reason); err != nil {
			s.fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	in, err := sms.ParseInbound(form)
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	msg := inbound{EventID: in.MessageSID, MessageID: in.MessageSID, From: in.From, Body: in.Body, At: time.Now()}
	for _, m := range in.Media {
		msg.Attachments = append(msg.Attachments, Attachment{URL: m.URL, ContentType: m.ContentType})
	}
	if _, err := s.recordInbound(ctx, ch, msg); err != nil {
		s.fail(w, r, err)
		return
	}
	// An empty TwiML response: reply later, through the API.
	w.Header().Set("Content-Type", "text/xml")
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Response></Response>`))
}

func (s *Service) whatsappVerify(w http.ResponseWriter, r *http.Request) {
	_, ch, ok := s.hookChannel(w, r, KindWhatsApp)
	if !ok {
		return
	}
	challenge, err := whatsapp.VerifySubscription(r.URL.Query(), ch.Secrets.VerifyToken)
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	// Meta expects the challenge echoed as the body. It is served as plain
	// text with nosniff (set for every response), so it cannot run as a page.
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(challenge)) //nolint:gosec // G705: see above
}

func (s *Service) whatsappHook(w http.ResponseWriter, r *http.Request) {
	ctx, ch, ok := s.hookChannel(w, r, KindWhatsApp)
	if !ok {
		return
	}
	body, err := whatsapp.ReadBody(r, MaxWebhookBody)
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	if err := whatsapp.VerifySignature(ch.Secrets.AppSecret, body, r.Header.Get("X-Hub-Signature-256")); err != nil {
		s.refuse(w, r, err)
		return
	}
	note, err := whatsapp.ParseNotification(body)
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	for _, ev := range note.Events {
		if ev.PhoneNumberID != ch.Address {
			// One Meta app may serve several numbers; this URL is for one of them.
			s.logger().WarnContext(ctx, "whatsapp event for another number ignored", slog.String("phone_number_id", ev.PhoneNumberID))
			continue
		}
		switch {
		case ev.Message != nil && ev.Message.From == "":
			// A sender known only by a WhatsApp username carries no phone
			// number; contacts are keyed by number, so these wait for
			// username support rather than fail (and be retried) forever.
			s.logger().WarnContext(ctx, "whatsapp message without a phone number skipped", slog.String("message_id", ev.Message.ID))
		case ev.Message != nil:
			_, err = s.recordInbound(ctx, ch, whatsappInbound(ev.Message))
		case ev.Status != nil:
			st := ev.Status
			reason := ""
			if len(st.Errors) > 0 {
				reason = fmt.Sprintf("%d %s", st.Errors[0].Code, st.Errors[0].Title)
			}
			err = s.recordStatus(ctx, ch, st.MessageID+":"+string(st.Status), st.MessageID, string(st.Status), reason)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	w.WriteHeader(http.StatusOK)
}

func whatsappInbound(m *whatsapp.InboundMessage) inbound {
	in := inbound{EventID: m.ID, MessageID: m.ID, From: m.From, Name: m.ProfileName, Body: m.Text, At: m.Timestamp}
	if in.At.IsZero() {
		in.At = time.Now()
	}
	if m.Media != nil {
		in.Attachments = []Attachment{{ProviderID: m.Media.ID, ContentType: m.Media.MimeType, Caption: m.Media.Caption}}
		if in.Body == "" {
			in.Body = m.Media.Caption
		}
	}
	return in
}
