package webhook

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/db"
)

const deliveryColumns = `id, endpoint_id, message_id, event_type, payload::text, status, attempts, coalesce(last_status_code, 0),
	coalesce(last_response, ''), coalesce(last_error, ''), last_attempt_at, next_attempt_at, coalesce(duration_ms, 0),
	created_at, delivered_at`

func scanDelivery(r pgx.Row) (Delivery, error) {
	var d Delivery
	var payload string
	err := r.Scan(&d.ID, &d.EndpointID, &d.MessageID, &d.EventType, &payload, &d.Status, &d.Attempts, &d.LastStatusCode,
		&d.LastResponse, &d.LastError, &d.LastAttemptAt, &d.NextAttemptAt, &d.DurationMS, &d.CreatedAt, &d.DeliveredAt)
	d.Payload = []byte(payload)
	return d, err
}

// Deliveries lists an endpoint's deliveries, newest first, continuing after
// the cursor (created_at, id) of the previous page's last one.
func (s *Service) Deliveries(ctx context.Context, endpointID uuid.UUID, limit int, after *db.Cursor) ([]Delivery, error) {
	a, ok := admin(ctx)
	if !ok {
		return nil, ErrNotFound
	}
	limit = min(max(limit, 1), maxListLimit)
	var out []Delivery
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = $1)`, endpointID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return ErrNotFound
		}
		rows, err := tx.Query(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries
			WHERE tenant_id = $1 AND endpoint_id = $2
			  AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))
			ORDER BY created_at DESC, id DESC LIMIT $5`, a.TenantID, endpointID, after.TimeOrNil(), after.IDOrNil(), limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Delivery, error) { return scanDelivery(r) })
		return err
	})
	return out, err
}

// GetDelivery returns one delivery of the tenant on ctx.
func (s *Service) GetDelivery(ctx context.Context, id uuid.UUID) (Delivery, error) {
	if _, ok := admin(ctx); !ok {
		return Delivery{}, ErrNotFound
	}
	var d Delivery
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		d, err = scanDelivery(tx.QueryRow(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE id = $1`, id))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return Delivery{}, ErrNotFound
	}
	return d, err
}

// Replay sends a delivery again (admins only): the same message id and the
// same bytes, so a receiver that already processed it can tell. It becomes
// pending with a new job of [MaxAttempts] attempts; its attempt count goes
// on from where it was. A pending delivery is already on its way and is not
// replayed, and neither is one whose endpoint is disabled (enable it first).
func (s *Service) Replay(ctx context.Context, deliveryID uuid.UUID) (Delivery, error) {
	a, ok := admin(ctx)
	if !ok {
		return Delivery{}, ErrNotFound
	}
	var d Delivery
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var status Status
		var enabled bool
		err := tx.QueryRow(ctx, `SELECT d.status, e.enabled FROM webhook_deliveries d
			JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1 FOR UPDATE OF d`, deliveryID).Scan(&status, &enabled)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if status == StatusPending {
			return inputErr("id", "the delivery is still pending: it is retried automatically")
		}
		if !enabled {
			return inputErr("id", "the endpoint is disabled: enable it before replaying its deliveries")
		}
		d, err = scanDelivery(tx.QueryRow(ctx, `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now()
			WHERE id = $1 RETURNING `+deliveryColumns, deliveryID))
		if err != nil {
			return err
		}
		return enqueue(ctx, tx, s.Jobs, a.TenantID, deliveryID)
	})
	return d, err
}
