package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/switchboard/switchboard/internal/problem"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/integrations/sms"
	"github.com/switchboard/switchboard/tenants"
)

// Kind is a channel's medium.
type Kind string

const (
	KindSMS      Kind = "sms"
	KindWhatsApp Kind = "whatsapp"
	KindWebChat  Kind = "webchat"
)

// ErrNotFound covers "does not exist" and "not yours to see".
var ErrNotFound = problem.ErrNotFound

// InputError is a bad value in a request, naming its field.
type InputError = problem.InputError

func inputErr(field, format string, args ...any) error { return problem.Input(field, format, args...) }

// SMSConfig is an SMS channel's provider account (Twilio-compatible).
type SMSConfig struct {
	AccountSID          string `json:"account_sid"`
	MessagingServiceSID string `json:"messaging_service_sid,omitempty"`
	APIBaseURL          string `json:"api_base_url,omitempty"` // empty: the real provider
}

// WhatsAppConfig is a WhatsApp channel's Cloud API settings.
type WhatsAppConfig struct {
	WABAID             string `json:"waba_id,omitempty"`
	DisplayPhoneNumber string `json:"display_phone_number,omitempty"`
	APIBaseURL         string `json:"api_base_url,omitempty"`
	APIVersion         string `json:"api_version,omitempty"`
}

// Secrets are a channel's credentials. They are stored, used to verify and
// send, and never returned through the API.
type Secrets struct {
	AuthToken   string `json:"auth_token,omitempty"`   // SMS
	AccessToken string `json:"access_token,omitempty"` // WhatsApp
	AppSecret   string `json:"app_secret,omitempty"`   // WhatsApp webhook signatures
	VerifyToken string `json:"verify_token,omitempty"` // WhatsApp subscription handshake
}

// Channel is one provider number or account of a tenant.
type Channel struct {
	ID        uuid.UUID
	Kind      Kind
	Name      string
	Address   string // E.164 for SMS, phone_number_id for WhatsApp
	SMS       SMSConfig
	WhatsApp  WhatsAppConfig
	Secrets   Secrets
	Enabled   bool
	CreatedAt time.Time
}

// CreateChannelParams are the inputs of CreateChannel.
type CreateChannelParams struct {
	Kind     Kind
	Name     string
	Address  string
	SMS      SMSConfig
	WhatsApp WhatsAppConfig
	Secrets  Secrets
}

func (p *CreateChannelParams) validate() error {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" || len(p.Name) > 100 {
		return inputErr("name", "is required, at most 100 characters")
	}
	switch p.Kind {
	case KindSMS:
		number, ok := sms.NormalizeE164(p.Address)
		if !ok {
			return inputErr("address", "must be the channel's phone number in E.164, e.g. +14155550100")
		}
		p.Address = number
		if p.SMS.AccountSID == "" || p.Secrets.AuthToken == "" {
			return inputErr("sms", "account SID and auth token are required")
		}
		p.WhatsApp = WhatsAppConfig{}
	case KindWhatsApp:
		if p.Address == "" || strings.TrimFunc(p.Address, func(r rune) bool { return r >= '0' && r <= '9' }) != "" {
			return inputErr("address", "must be the WhatsApp phone_number_id (digits)")
		}
		if p.Secrets.AccessToken == "" || p.Secrets.AppSecret == "" || p.Secrets.VerifyToken == "" {
			return inputErr("whatsapp", "access token, app secret and verify token are required")
		}
		p.SMS = SMSConfig{}
	case KindWebChat:
		p.Address, p.SMS, p.WhatsApp, p.Secrets = "", SMSConfig{}, WhatsAppConfig{}, Secrets{}
	default:
		return inputErr("kind", "must be sms, whatsapp or webchat")
	}
	return nil
}

const channelColumns = `id, kind, name, coalesce(address, ''), config, secrets, enabled, created_at`

func (s *Service) scanChannel(r pgx.Row) (Channel, error) {
	var c Channel
	var config, secrets []byte
	if err := r.Scan(&c.ID, &c.Kind, &c.Name, &c.Address, &config, &secrets, &c.Enabled, &c.CreatedAt); err != nil {
		return c, err
	}
	var err error
	switch c.Kind {
	case KindSMS:
		err = json.Unmarshal(config, &c.SMS)
	case KindWhatsApp:
		err = json.Unmarshal(config, &c.WhatsApp)
	}
	if err != nil {
		return c, fmt.Errorf("decode channel config: %w", err)
	}
	if c.Secrets, err = s.openSecrets(c.ID, secrets); err != nil {
		return c, fmt.Errorf("decode channel secrets: %w", err)
	}
	return c, nil
}

// sealSecrets encodes a channel's credentials for channels.secrets: sealed
// (a JSON string) when the service has a Sealer, else a plain JSON object.
func (s *Service) sealSecrets(id uuid.UUID, sec Secrets) ([]byte, error) {
	raw, err := json.Marshal(sec) //nolint:gosec // G117: sealed below; no API field returns them
	if err != nil || s.Sealer == nil {
		return raw, err
	}
	sealed, err := s.Sealer.Seal(raw, "channels:"+id.String())
	if err != nil {
		return nil, err
	}
	return json.Marshal(sealed)
}

// sealedSecrets returns the sealed value channels.secrets holds: a JSON
// string is one; an object was stored in plain text (before sealing, or
// without a key).
func sealedSecrets(stored []byte) (string, bool) {
	var sealed string
	return sealed, json.Unmarshal(stored, &sealed) == nil
}

// openSecrets decodes channels.secrets, sealed or plain (sealedSecrets).
func (s *Service) openSecrets(id uuid.UUID, stored []byte) (Secrets, error) {
	var sec Secrets
	sealed, ok := sealedSecrets(stored)
	if !ok {
		err := json.Unmarshal(stored, &sec)
		return sec, err
	}
	raw, err := s.Sealer.Open(sealed, "channels:"+id.String())
	if err != nil {
		return sec, fmt.Errorf("channel %s: %w", id, err)
	}
	err = json.Unmarshal(raw, &sec)
	return sec, err
}

// CreateChannel adds a channel to the tenant on ctx.
func (s *Service) CreateChannel(ctx context.Context, p CreateChannelParams) (Channel, error) {
	a, ok := tenants.FromContext(ctx)
	if !ok || !a.Can(tenants.RoleAdmin) {
		return Channel{}, ErrNotFound
	}
	if err := p.validate(); err != nil {
		return Channel{}, err
	}
	var config any = struct{}{}
	switch p.Kind {
	case KindSMS:
		config = p.SMS
	case KindWhatsApp:
		config = p.WhatsApp
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return Channel{}, err
	}
	// Credentials are stored, sealed, so that webhooks can be verified and
	// messages sent; no API field returns them.
	id := uuid.New()
	secretsJSON, err := s.sealSecrets(id, p.Secrets)
	if err != nil {
		return Channel{}, err
	}
	var c Channel
	err = s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		c, err = s.scanChannel(tx.QueryRow(ctx, `INSERT INTO channels (id, tenant_id, kind, name, address, config, secrets)
			VALUES ($1, $2, $3, $4, NULLIF($5, ''), $6, $7) RETURNING `+channelColumns,
			id, a.TenantID, p.Kind, p.Name, p.Address, configJSON, secretsJSON))
		if isUniqueViolation(err) {
			return inputErr("address", "is already connected to a channel")
		}
		return err
	})
	return c, err
}

// Channels lists the tenant's channels, oldest first.
func (s *Service) Channels(ctx context.Context) ([]Channel, error) {
	var out []Channel
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+channelColumns+` FROM channels ORDER BY created_at, id`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Channel, error) { return s.scanChannel(r) })
		return err
	})
	return out, err
}

// GetChannel returns one channel of the tenant on ctx.
func (s *Service) GetChannel(ctx context.Context, id uuid.UUID) (Channel, error) {
	var c Channel
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		c, err = s.scanChannel(tx.QueryRow(ctx, `SELECT `+channelColumns+` FROM channels WHERE id = $1`, id))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// channelForHook opens the tenant of an enabled channel of kind, before
// anything from the request has been trusted: the id comes from the URL path.
func (s *Service) channelForHook(ctx context.Context, kind Kind, id uuid.UUID) (context.Context, Channel, error) {
	now := time.Now()
	if e, ok := s.hookChannels.get(id, now); ok && e.channel.Kind == kind {
		return tenants.ForJob(ctx, e.tenant), e.channel, nil
	}
	var tenantID *uuid.UUID
	if err := s.DB.Pool().QueryRow(ctx, `SELECT channel_tenant($1, $2)`, id, kind).Scan(&tenantID); err != nil {
		return ctx, Channel{}, fmt.Errorf("look up channel: %w", err)
	}
	if tenantID == nil {
		return ctx, Channel{}, ErrNotFound
	}
	scoped := tenants.ForJob(ctx, *tenantID)
	c, err := s.GetChannel(scoped, id)
	if err == nil {
		s.hookChannels.put(*tenantID, c, now)
	}
	return scoped, c, err
}

// WebhookURL is where the channel's provider must send messages and status
// callbacks; its signatures cover exactly this URL.
func (s *Service) WebhookURL(c Channel) string { return s.hookURL(c.Kind, c.ID) }
