package inbox

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/tenants"
)

// WhatsAppTemplate is a template the tenant has had approved by Meta,
// registered on one WhatsApp channel so that agents can pick it when the
// 24-hour window is closed. Body is the approved text with {{1}}, {{2}}, …
// where the parameters go.
type WhatsAppTemplate struct {
	ID         uuid.UUID
	ChannelID  uuid.UUID
	Name       string
	Language   string
	Body       string
	Parameters int // how many {{n}} the body has
	CreatedAt  time.Time
}

// CreateWhatsAppTemplateParams registers an approved template.
type CreateWhatsAppTemplateParams struct {
	ChannelID uuid.UUID
	Name      string
	Language  string
	Body      string
}

var (
	templateName     = regexp.MustCompile(`^[a-z0-9_]+$`)
	templateLanguage = regexp.MustCompile(`^[a-z]{2,3}(_[A-Za-z]{2,4})?$`)
	placeholder      = regexp.MustCompile(`\{\{\s*(\d+)\s*\}\}`)
)

// templateParameters counts a body's parameters, which Meta numbers 1..n
// without gaps.
func templateParameters(body string) (int, error) {
	seen := map[int]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(body, -1) {
		n, err := strconv.Atoi(m[1])
		if err != nil || n < 1 || n > 20 {
			return 0, fmt.Errorf("parameter {{%s}} is out of range 1 to 20", m[1])
		}
		seen[n] = true
	}
	for i := 1; i <= len(seen); i++ {
		if !seen[i] {
			return 0, fmt.Errorf("parameters must be numbered {{1}} to {{%d}} without gaps", len(seen))
		}
	}
	return len(seen), nil
}

// renderTemplate fills a body's parameters, in order.
func renderTemplate(body string, params []string) string {
	return placeholder.ReplaceAllStringFunc(body, func(m string) string {
		n, _ := strconv.Atoi(placeholder.FindStringSubmatch(m)[1])
		if n >= 1 && n <= len(params) {
			return params[n-1]
		}
		return m
	})
}

func (p *CreateWhatsAppTemplateParams) validate() error {
	p.Name, p.Language, p.Body = strings.TrimSpace(p.Name), strings.TrimSpace(p.Language), strings.TrimSpace(p.Body)
	if !templateName.MatchString(p.Name) || len(p.Name) > 512 {
		return inputErr("name", "must be the approved template's name: lower-case letters, digits and underscores")
	}
	if !templateLanguage.MatchString(p.Language) {
		return inputErr("language", "must be a language code such as en or en_US")
	}
	if p.Body == "" || utf8.RuneCountInString(p.Body) > 1024 {
		return inputErr("body", "is required, at most 1024 characters: the approved text with {{1}}, {{2}}, … for parameters")
	}
	if _, err := templateParameters(p.Body); err != nil {
		return inputErr("body", "%s", err.Error())
	}
	return nil
}

const templateColumns = `id, channel_id, name, language, body, created_at`

func scanTemplate(r pgx.Row) (WhatsAppTemplate, error) {
	var t WhatsAppTemplate
	if err := r.Scan(&t.ID, &t.ChannelID, &t.Name, &t.Language, &t.Body, &t.CreatedAt); err != nil {
		return t, err
	}
	t.Parameters, _ = templateParameters(t.Body) // validated on the way in
	return t, nil
}

// CreateWhatsAppTemplate registers an approved template on a WhatsApp
// channel of the tenant on ctx (ADMIN).
func (s *Service) CreateWhatsAppTemplate(ctx context.Context, p CreateWhatsAppTemplateParams) (WhatsAppTemplate, error) {
	a, ok := tenants.FromContext(ctx)
	if !ok || !a.Can(tenants.RoleAdmin) {
		return WhatsAppTemplate{}, ErrNotFound
	}
	if err := p.validate(); err != nil {
		return WhatsAppTemplate{}, err
	}
	var t WhatsAppTemplate
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var kind Kind
		err := tx.QueryRow(ctx, `SELECT kind FROM channels WHERE id = $1`, p.ChannelID).Scan(&kind)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if kind != KindWhatsApp {
			return inputErr("channelId", "templates are for WhatsApp channels")
		}
		t, err = scanTemplate(tx.QueryRow(ctx, `INSERT INTO whatsapp_templates (id, tenant_id, channel_id, name, language, body)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING `+templateColumns,
			uuid.New(), a.TenantID, p.ChannelID, p.Name, p.Language, p.Body))
		if isUniqueViolation(err) {
			return inputErr("name", "%s in %s is already registered on this channel", p.Name, p.Language)
		}
		return err
	})
	return t, err
}

// WhatsAppTemplates lists a channel's registered templates by name (AGENT).
func (s *Service) WhatsAppTemplates(ctx context.Context, channelID uuid.UUID) ([]WhatsAppTemplate, error) {
	a, ok := tenants.FromContext(ctx)
	if !ok || !a.Can(tenants.RoleAgent) {
		return nil, ErrNotFound
	}
	var out []WhatsAppTemplate
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+templateColumns+` FROM whatsapp_templates WHERE channel_id = $1 ORDER BY name, language`, channelID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (WhatsAppTemplate, error) { return scanTemplate(r) })
		return err
	})
	return out, err
}

// DeleteWhatsAppTemplate removes a registered template (ADMIN). Messages
// already sent with it keep their text.
func (s *Service) DeleteWhatsAppTemplate(ctx context.Context, id uuid.UUID) error {
	a, ok := tenants.FromContext(ctx)
	if !ok || !a.Can(tenants.RoleAdmin) {
		return ErrNotFound
	}
	return s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM whatsapp_templates WHERE id = $1`, id)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
}

// registeredTemplateBody is the thread text of a template message: the
// registered body filled in, or (for a template sent by name only) its name
// and parameters. A registered template must get exactly its parameters.
func registeredTemplateBody(ctx context.Context, tx pgx.Tx, channelID uuid.UUID, t Template) (string, error) {
	var body string
	err := tx.QueryRow(ctx, `SELECT body FROM whatsapp_templates WHERE channel_id = $1 AND name = $2 AND language = $3`,
		channelID, t.Name, t.Language).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		text := "Template " + t.Name
		if len(t.BodyParameters) > 0 {
			text += ": " + strings.Join(t.BodyParameters, ", ")
		}
		return text, nil
	}
	if err != nil {
		return "", err
	}
	want, _ := templateParameters(body)
	if len(t.BodyParameters) != want {
		return "", inputErr("bodyParameters", "template %s takes %d parameters, got %d", t.Name, want, len(t.BodyParameters))
	}
	return renderTemplate(body, t.BodyParameters), nil
}
