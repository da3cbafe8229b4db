package chatswitch

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/tenants"
)

// Settings are a tenant's chat switch options.
type Settings struct {
	// DefaultCountry (ISO 3166-1 alpha-2) is assumed for numbers typed
	// without a country code; empty requires international numbers.
	DefaultCountry string
	// WhatsAppTemplate and WhatsAppLanguage name the approved template that
	// welcomes a customer moved to WhatsApp outside the 24-hour window.
	WhatsAppTemplate string
	WhatsAppLanguage string
}

// settingsTx reads the tenant's settings in tx; no row is the defaults.
func settingsTx(ctx context.Context, tx pgx.Tx) (Settings, error) {
	var st Settings
	err := tx.QueryRow(ctx, `SELECT coalesce(default_country, ''), coalesce(whatsapp_template, ''), coalesce(whatsapp_language, '')
		FROM chat_switch_settings`).Scan(&st.DefaultCountry, &st.WhatsAppTemplate, &st.WhatsAppLanguage)
	if errors.Is(err, pgx.ErrNoRows) {
		return Settings{}, nil
	}
	return st, err
}

// Settings returns the tenant's chat switch settings (AGENT).
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	if a, ok := tenants.FromContext(ctx); !ok || !a.Can(tenants.RoleAgent) {
		return Settings{}, ErrNotFound
	}
	var st Settings
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		st, err = settingsTx(ctx, tx)
		return err
	})
	return st, err
}

// UpdateSettings replaces the tenant's chat switch settings (ADMIN).
func (s *Service) UpdateSettings(ctx context.Context, st Settings) (Settings, error) {
	if a, ok := tenants.FromContext(ctx); !ok || !a.Can(tenants.RoleAdmin) {
		return Settings{}, ErrNotFound
	}
	st.DefaultCountry = strings.ToUpper(strings.TrimSpace(st.DefaultCountry))
	st.WhatsAppTemplate, st.WhatsAppLanguage = strings.TrimSpace(st.WhatsAppTemplate), strings.TrimSpace(st.WhatsAppLanguage)
	if st.DefaultCountry != "" && !KnownCountry(st.DefaultCountry) {
		return Settings{}, inputErr("defaultCountry", "%q is not a country this server knows (ISO 3166-1 alpha-2, e.g. US)", st.DefaultCountry)
	}
	if (st.WhatsAppTemplate == "") != (st.WhatsAppLanguage == "") {
		return Settings{}, inputErr("whatsappLanguage", "a template needs its language (e.g. en_US), and a language its template")
	}
	if len(st.WhatsAppTemplate) > 512 {
		return Settings{}, inputErr("whatsappTemplate", "at most 512 characters")
	}
	if len(st.WhatsAppLanguage) > 16 || (st.WhatsAppLanguage != "" && len(st.WhatsAppLanguage) < 2) {
		return Settings{}, inputErr("whatsappLanguage", "is a language code such as en_US")
	}
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO chat_switch_settings (tenant_id, default_country, whatsapp_template, whatsapp_language)
			VALUES (current_setting('app.tenant_id')::uuid, NULLIF($1, ''), NULLIF($2, ''), NULLIF($3, ''))
			ON CONFLICT (tenant_id) DO UPDATE SET default_country = EXCLUDED.default_country,
				whatsapp_template = EXCLUDED.whatsapp_template, whatsapp_language = EXCLUDED.whatsapp_language, updated_at = now()`,
			st.DefaultCountry, st.WhatsAppTemplate, st.WhatsAppLanguage)
		return err
	})
	return st, err
}
