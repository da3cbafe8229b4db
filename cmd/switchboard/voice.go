package main

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/integrations/blob"
	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/ivrbridge"
	"github.com/switchboard/switchboard/integrations/voice/twilio"
	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/internal/call"
)

// newCalls builds the call domain from configuration. Without a media
// secret voice is off: the service exists (its workers and reads work) but
// places no call, and its HTTP endpoints are not mounted.
func newCalls(cfg *config, d *db.DB, logger *slog.Logger) (*call.Service, error) {
	recordings, err := recordingStore(cfg.RecordingDir, cfg.RecordingS3)
	if err != nil {
		return nil, err
	}
	calls := &call.Service{DB: d, PublicURL: cfg.publicBase(), CallerID: cfg.VoiceCallerID,
		Recordings: recordings, Guard: webhookhttp.Guard{AllowLoopback: cfg.WebhookLoopback}, Logger: logger}
	if cfg.MediaSecret == "" {
		return calls, nil
	}
	signer, err := voice.NewSigner([]byte(cfg.MediaSecret))
	if err != nil {
		return nil, err
	}
	calls.Signer = signer
	if cfg.VoiceCarrier == "twilio" {
		calls.Carrier = &twilio.Client{BaseURL: strings.TrimRight(cfg.VoiceCarrierURL, "/"), AccountSID: cfg.TwilioAccountSID, AuthToken: cfg.TwilioAuthToken}
		return calls, nil
	}
	calls.Carrier = &ivrbridge.Client{BaseURL: strings.TrimRight(cfg.VoiceCarrierURL, "/"), APIKey: cfg.VoiceCarrierAPIKey,
		Secret: []byte(cfg.CarrierSecret), CarrierName: cfg.VoiceCarrier}
	return calls, nil
}

// recordingStore is where recordings live: an S3-compatible bucket when
// s3URL is set, else the directory (the API and every media node must be
// given the same one).
func recordingStore(dir, s3URL string) (blob.Store, error) {
	if s3URL == "" {
		return blob.Dir{Root: dir}, nil
	}
	opts, err := blob.ParseS3URL(s3URL)
	if err != nil {
		return nil, fmt.Errorf("recording-s3: %w", err)
	}
	return blob.NewS3(opts)
}
