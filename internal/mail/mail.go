package mail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/integrations/email"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// Status of an outbox row.
type Status string

const (
	StatusQueued   Status = "queued"
	StatusSent     Status = "sent"
	StatusCaptured Status = "captured"
	StatusFailed   Status = "failed"
)

// maxAttempts bounds retries of one e-mail (River's backoff spreads them over hours).
const maxAttempts = 10

// Attachment is stored with the e-mail until it is sent.
type Attachment struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"`
}

// QueueParams is one e-mail to send.
type QueueParams struct {
	To          []string
	Subject     string
	Text        string
	HTML        string
	Attachments []Attachment
}

// Queue records an e-mail in the outbox and enqueues its job, both in tx. The
// tenant comes from ctx.
func Queue(ctx context.Context, tx pgx.Tx, ins jobargs.Inserter, p QueueParams) (uuid.UUID, error) {
	tenantID, err := tenants.TenantFromContext(ctx)
	if err != nil {
		return uuid.Nil, err
	}
	if len(p.To) == 0 || strings.TrimSpace(p.Subject) == "" || strings.TrimSpace(p.Text) == "" {
		return uuid.Nil, errors.New("queue e-mail: recipients, subject and text are required")
	}
	attachments, err := json.Marshal(nonNil(p.Attachments))
	if err != nil {
		return uuid.Nil, fmt.Errorf("queue e-mail: %w", err)
	}
	id := uuid.New()
	_, err = tx.Exec(ctx, `INSERT INTO email_outbox (id, tenant_id, to_addresses, subject, body_text, body_html, attachments)
		VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), $7)`, id, tenantID, p.To, p.Subject, p.Text, p.HTML, attachments)
	if err != nil {
		return uuid.Nil, fmt.Errorf("queue e-mail: %w", err)
	}
	_, err = ins.InsertTx(ctx, tx, jobargs.EmailSend{TenantID: tenantID, EmailID: id},
		&river.InsertOpts{Queue: jobargs.QueueEmail, MaxAttempts: maxAttempts})
	if err != nil {
		return uuid.Nil, fmt.Errorf("queue e-mail job: %w", err)
	}
	return id, nil
}

func nonNil(a []Attachment) []Attachment {
	if a == nil {
		return []Attachment{}
	}
	return a
}

// Email is an outbox row as the console shows it.
type Email struct {
	ID          uuid.UUID
	To          []string
	Subject     string
	Text        string
	HTML        string
	Attachments []Attachment
	Status      Status
	Error       string
	Attempts    int
	CreatedAt   time.Time
	SentAt      *time.Time
}

const emailColumns = `id, to_addresses, subject, body_text, coalesce(body_html, ''), attachments, status, coalesce(error, ''), attempts, created_at, sent_at`

func scanEmail(row pgx.Row) (Email, error) {
	var e Email
	var attachments []byte
	err := row.Scan(&e.ID, &e.To, &e.Subject, &e.Text, &e.HTML, &attachments, &e.Status, &e.Error, &e.Attempts, &e.CreatedAt, &e.SentAt)
	if err != nil {
		return e, err
	}
	if err := json.Unmarshal(attachments, &e.Attachments); err != nil {
		return e, fmt.Errorf("decode attachments: %w", err)
	}
	return e, nil
}

// Outbox reads the tenant's outbox.
type Outbox struct{ DB *db.DB }

// Get returns one e-mail of the tenant on ctx.
func (o Outbox) Get(ctx context.Context, id uuid.UUID) (Email, error) {
	var e Email
	err := o.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		e, err = scanEmail(tx.QueryRow(ctx, `SELECT `+emailColumns+` FROM email_outbox WHERE id = $1`, id))
		return err
	})
	return e, err
}

// List returns up to limit e-mails older than the cursor (created_at, id), newest first.
func (o Outbox) List(ctx context.Context, limit int, before *db.Cursor) ([]Email, error) {
	var out []Email
	err := o.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+emailColumns+` FROM email_outbox
			WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2))
			ORDER BY created_at DESC, id DESC LIMIT $3`, before.TimeOrNil(), before.IDOrNil(), limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Email, error) { return scanEmail(r) })
		return err
	})
	return out, err
}

// Worker sends e-mails from the outbox.
type Worker struct {
	river.WorkerDefaults[jobargs.EmailSend]
	DB     *db.DB
	Sender email.Sender // nil: capture instead of sending (dev)
	From   string
}

// Timeout bounds one SMTP conversation.
func (w *Worker) Timeout(*river.Job[jobargs.EmailSend]) time.Duration { return time.Minute }

// Work sends one e-mail. A row no longer queued was handled by an earlier
// attempt and is not sent again. SMTP has no idempotency key, so delivery is
// at least once: a crash between the server's acceptance and the status update
// can send the same e-mail twice.
//
// Errors returned to River name the row and the SMTP code only: River's tables
// are global, and servers echo recipient addresses in their replies. The full
// reply is kept on the tenant's outbox row.
func (w *Worker) Work(ctx context.Context, job *river.Job[jobargs.EmailSend]) error {
	outbox := Outbox{DB: w.DB}
	e, err := outbox.Get(ctx, job.Args.EmailID)
	if errors.Is(err, pgx.ErrNoRows) {
		return river.JobCancel(fmt.Errorf("e-mail %s: not found", job.Args.EmailID))
	}
	if err != nil {
		return err
	}
	if e.Status != StatusQueued {
		return nil
	}
	if w.Sender == nil {
		return w.record(ctx, e.ID, StatusCaptured, "")
	}
	msg := email.Message{From: w.From, To: e.To, Subject: e.Subject, Text: e.Text, HTML: e.HTML}
	for _, a := range e.Attachments {
		msg.Attachments = append(msg.Attachments, email.Attachment{Filename: a.Filename, ContentType: a.ContentType, Data: a.Data})
	}
	sendErr := w.Sender.Send(ctx, msg)
	var permanent *email.PermanentError
	switch {
	case sendErr == nil:
		return w.record(ctx, e.ID, StatusSent, "")
	case errors.As(sendErr, &permanent) || errors.Is(sendErr, email.ErrInvalidMessage):
		if err := w.record(ctx, e.ID, StatusFailed, sendErr.Error()); err != nil {
			return err
		}
		return river.JobCancel(jobError(e.ID, "refused permanently", permanent))
	case job.Attempt >= job.MaxAttempts:
		if err := w.record(ctx, e.ID, StatusFailed, sendErr.Error()); err != nil {
			return err
		}
		return jobError(e.ID, "out of attempts", permanent)
	default:
		if err := w.noteAttempt(ctx, e.ID, sendErr.Error()); err != nil {
			return err
		}
		return jobError(e.ID, "temporary failure", permanent)
	}
}

// jobError is what River stores: no addresses, no server text.
func jobError(id uuid.UUID, what string, permanent *email.PermanentError) error {
	if permanent != nil {
		return fmt.Errorf("e-mail %s: %s (SMTP %d; details on the outbox row)", id, what, permanent.Code)
	}
	return fmt.Errorf("e-mail %s: %s (details on the outbox row)", id, what)
}

func (w *Worker) record(ctx context.Context, id uuid.UUID, status Status, reason string) error {
	return w.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE email_outbox SET status = $2, error = NULLIF($3, ''), attempts = attempts + 1,
			sent_at = CASE WHEN $2 IN ('sent', 'captured') THEN now() END WHERE id = $1`, id, status, reason)
		return err
	})
}

func (w *Worker) noteAttempt(ctx context.Context, id uuid.UUID, reason string) error {
	return w.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE email_outbox SET error = $2, attempts = attempts + 1 WHERE id = $1`, id, reason)
		return err
	})
}
