package webhook

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/integrations/webhookhttp"
)

// CreateEndpointParams are the inputs of CreateEndpoint.
type CreateEndpointParams struct {
	URL         string
	Description string
	EventTypes  []string // empty: every event type, including ones added later
}

// UpdateEndpointParams change an endpoint; nil fields stay as they are.
type UpdateEndpointParams struct {
	URL         *string
	Description *string
	EventTypes  *[]string
	Enabled     *bool // true also clears the reason it was disabled
}

const endpointColumns = `id, url, description, event_types, enabled, coalesce(disabled_reason, ''), created_at, updated_at`

func scanEndpoint(r pgx.Row) (Endpoint, error) {
	var e Endpoint
	err := r.Scan(&e.ID, &e.URL, &e.Description, &e.EventTypes, &e.Enabled, &e.DisabledReason, &e.CreatedAt, &e.UpdatedAt)
	return e, err
}

// checkURL refuses what the delivery client would refuse, with a message a
// tenant can act on. Host names are not resolved here: the client checks the
// resolved address of every connection when it sends.
func (s *Service) checkURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", inputErr("url", "is required")
	}
	_, err := s.Guard.CheckURL(raw)
	switch {
	case errors.Is(err, webhookhttp.ErrForbiddenTarget):
		return "", inputErr("url", "must reach a public address: loopback, private, link-local and reserved addresses are refused")
	case err != nil:
		return "", inputErr("url", "must be an http or https URL with a host name, without a user name or password")
	}
	return raw, nil
}

func checkDescription(d string) (string, error) {
	d = strings.TrimSpace(d)
	if len([]rune(d)) > maxDescription {
		return "", inputErr("description", "is longer than %d characters", maxDescription)
	}
	return d, nil
}

// checkEventTypes returns the known, distinct event types in a stable order.
func checkEventTypes(types []string) ([]string, error) {
	out := []string{}
	for _, t := range types {
		t = strings.TrimSpace(t)
		if !KnownEventType(t) {
			return nil, inputErr("eventTypes", "%q is not an event type; known: %s", t, strings.Join(EventTypes, ", "))
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return slices.Index(EventTypes, a) - slices.Index(EventTypes, b) })
	return out, nil
}

// CreateEndpoint adds a webhook endpoint to the tenant on ctx (admins only)
// and returns it with its signing secret, which is never shown again.
func (s *Service) CreateEndpoint(ctx context.Context, p CreateEndpointParams) (Endpoint, string, error) {
	a, ok := admin(ctx)
	if !ok {
		return Endpoint{}, "", ErrNotFound
	}
	url, err := s.checkURL(p.URL)
	if err != nil {
		return Endpoint{}, "", err
	}
	description, err := checkDescription(p.Description)
	if err != nil {
		return Endpoint{}, "", err
	}
	types, err := checkEventTypes(p.EventTypes)
	if err != nil {
		return Endpoint{}, "", err
	}
	secret, err := webhookhttp.NewSecret()
	if err != nil {
		return Endpoint{}, "", err
	}
	id := uuid.New()
	stored, err := s.sealSecret(id, secret)
	if err != nil {
		return Endpoint{}, "", err
	}
	var e Endpoint
	err = s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM webhook_endpoints`).Scan(&n); err != nil {
			return err
		}
		if n >= maxEndpoints {
			return inputErr("url", "a workspace can have at most %d webhook endpoints", maxEndpoints)
		}
		var err error
		e, err = scanEndpoint(tx.QueryRow(ctx, `INSERT INTO webhook_endpoints (id, tenant_id, url, description, event_types, secret)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING `+endpointColumns,
			id, a.TenantID, url, description, types, stored))
		return err
	})
	if err != nil {
		return Endpoint{}, "", err
	}
	return e, secret, nil
}

// UpdateEndpoint changes an endpoint of the tenant on ctx (admins only).
func (s *Service) UpdateEndpoint(ctx context.Context, id uuid.UUID, p UpdateEndpointParams) (Endpoint, error) {
	if _, ok := admin(ctx); !ok {
		return Endpoint{}, ErrNotFound
	}
	var url, description *string
	var types []string
	if p.URL != nil {
		u, err := s.checkURL(*p.URL)
		if err != nil {
			return Endpoint{}, err
		}
		url = &u
	}
	if p.Description != nil {
		d, err := checkDescription(*p.Description)
		if err != nil {
			return Endpoint{}, err
		}
		description = &d
	}
	if p.EventTypes != nil {
		var err error
		if types, err = checkEventTypes(*p.EventTypes); err != nil {
			return Endpoint{}, err
		}
	}
	var e Endpoint
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		// A manual disable names itself; enabling clears whatever reason
		// (a 410, say) the endpoint was disabled for.
		e, err = scanEndpoint(tx.QueryRow(ctx, `UPDATE webhook_endpoints SET
				url = coalesce($2, url),
				description = coalesce($3, description),
				event_types = coalesce($4, event_types),
				enabled = coalesce($5, enabled),
				disabled_reason = CASE
					WHEN $5 IS NULL THEN disabled_reason
					WHEN $5 THEN NULL
					WHEN enabled THEN 'disabled by an administrator'
					ELSE disabled_reason END,
				updated_at = now()
			WHERE id = $1 RETURNING `+endpointColumns, id, url, description, types, p.Enabled))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return Endpoint{}, ErrNotFound
	}
	return e, err
}

// RotateSecret gives an endpoint a new signing secret and returns it (shown
// once). For [RotationGrace] every delivery is signed with both the new and
// the previous secret, so the receiver can switch at its own pace.
func (s *Service) RotateSecret(ctx context.Context, id uuid.UUID) (string, error) {
	if _, ok := admin(ctx); !ok {
		return "", ErrNotFound
	}
	secret, err := webhookhttp.NewSecret()
	if err != nil {
		return "", err
	}
	stored, err := s.sealSecret(id, secret)
	if err != nil {
		return "", err
	}
	err = s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE webhook_endpoints SET previous_secret = secret, secret = $2,
			previous_secret_expires_at = $3, updated_at = now() WHERE id = $1`, id, stored, s.now().Add(RotationGrace))
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// DeleteEndpoint removes an endpoint and its delivery log. Jobs still queued
// for it find nothing and are cancelled.
func (s *Service) DeleteEndpoint(ctx context.Context, id uuid.UUID) error {
	if _, ok := admin(ctx); !ok {
		return ErrNotFound
	}
	return s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM webhook_endpoints WHERE id = $1`, id)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
}

// Endpoints lists the endpoints of the tenant on ctx, oldest first.
func (s *Service) Endpoints(ctx context.Context) ([]Endpoint, error) {
	if _, ok := admin(ctx); !ok {
		return nil, ErrNotFound
	}
	var out []Endpoint
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+endpointColumns+` FROM webhook_endpoints ORDER BY created_at, id`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Endpoint, error) { return scanEndpoint(r) })
		return err
	})
	return out, err
}

// GetEndpoint returns one endpoint of the tenant on ctx.
func (s *Service) GetEndpoint(ctx context.Context, id uuid.UUID) (Endpoint, error) {
	if _, ok := admin(ctx); !ok {
		return Endpoint{}, ErrNotFound
	}
	var e Endpoint
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		e, err = scanEndpoint(tx.QueryRow(ctx, `SELECT `+endpointColumns+` FROM webhook_endpoints WHERE id = $1`, id))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return Endpoint{}, ErrNotFound
	}
	return e, err
}

// sealSecret seals an endpoint's signing secret for storage, bound to the
// endpoint (a rotation moves it to previous_secret of the same row).
func (s *Service) sealSecret(endpointID uuid.UUID, secret string) (string, error) {
	return s.Sealer.Seal([]byte(secret), "webhook_endpoints:"+endpointID.String())
}

// openSecret reads a stored signing secret, sealed or (stored before
// sealing, or without a key) plain.
func (s *Service) openSecret(endpointID uuid.UUID, stored string) (string, error) {
	plain, err := s.Sealer.Open(stored, "webhook_endpoints:"+endpointID.String())
	if err != nil {
		return "", fmt.Errorf("endpoint %s: %w", endpointID, err)
	}
	return string(plain), nil
}

// signingKeys returns the keys that sign a delivery at now: the secret, and
// the previous one while its grace lasts.
func (s *Service) signingKeys(endpointID uuid.UUID, secret string, previous *string, previousUntil *time.Time, now time.Time) ([][]byte, error) {
	plain, err := s.openSecret(endpointID, secret)
	if err != nil {
		return nil, err
	}
	key, err := webhookhttp.ParseSecret(plain)
	if err != nil {
		return nil, fmt.Errorf("parse endpoint secret: %w", err)
	}
	keys := [][]byte{key}
	if previous != nil && previousUntil != nil && now.Before(*previousUntil) {
		if plain, err := s.openSecret(endpointID, *previous); err == nil {
			if old, err := webhookhttp.ParseSecret(plain); err == nil {
				keys = append(keys, old)
			}
		}
	}
	return keys, nil
}
