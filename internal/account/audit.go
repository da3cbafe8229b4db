package account

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/tenants"
)

// TopicAudit is the live-event topic of audit events.
const TopicAudit = "audit"

// AuditEvent is one entry of a tenant's activity.
type AuditEvent struct {
	ID        uuid.UUID
	Action    string
	Summary   string
	ActorUser uuid.UUID // uuid.Nil when an API key or a job acted
	SubjectID uuid.UUID
	CreatedAt time.Time
}

// audit records what the actor on ctx did, and publishes it live, in tx.
func audit(ctx context.Context, tx pgx.Tx, action string, subject uuid.UUID, summary string) error {
	a, _ := tenants.FromContext(ctx)
	id := uuid.New()
	var user, key *uuid.UUID
	if a.UserID != uuid.Nil {
		user = &a.UserID
	}
	if a.APIKeyID != uuid.Nil {
		key = &a.APIKeyID
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_events (id, tenant_id, actor_user, actor_key, action, subject_id, summary)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, a.TenantID, user, key, action, subject, summary)
	if err != nil {
		return err
	}
	return live.Publish(ctx, tx, TopicAudit, id)
}

const auditColumns = `id, action, summary, coalesce(actor_user, '00000000-0000-0000-0000-000000000000'), coalesce(subject_id, '00000000-0000-0000-0000-000000000000'), created_at`

func scanAudit(r pgx.Row) (AuditEvent, error) {
	var e AuditEvent
	err := r.Scan(&e.ID, &e.Action, &e.Summary, &e.ActorUser, &e.SubjectID, &e.CreatedAt)
	return e, err
}

// GetAuditEvent returns one event of the tenant on ctx.
func (s *Service) GetAuditEvent(ctx context.Context, id uuid.UUID) (AuditEvent, error) {
	var e AuditEvent
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		e, err = scanAudit(tx.QueryRow(ctx, `SELECT `+auditColumns+` FROM audit_events WHERE id = $1`, id))
		return err
	})
	return e, notFound(err)
}

// AuditEvents lists the tenant's events, newest first.
func (s *Service) AuditEvents(ctx context.Context, limit int, after *db.Cursor) ([]AuditEvent, error) {
	var out []AuditEvent
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+auditColumns+` FROM audit_events
			WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2))
			ORDER BY created_at DESC, id DESC LIMIT $3`, after.TimeOrNil(), after.IDOrNil(), limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (AuditEvent, error) { return scanAudit(r) })
		return err
	})
	return out, err
}
