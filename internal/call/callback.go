package call

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/jobs/jobargs"
)

// CallbackMaxAttempts bounds the attempts at one status callback.
const CallbackMaxAttempts = 5

// CallbackDelay is the wait after failed attempt number attempt (1-based):
// base, then doubling (10 s, 20 s, 40 s, 80 s with the default base).
func CallbackDelay(base time.Duration, attempt int) time.Duration {
	if base <= 0 {
		base = 10 * time.Second
	}
	return base << min(max(attempt-1, 0), 10)
}

// Callback is one status-callback delivery as the API shows it.
type Callback struct {
	ID             uuid.UUID
	CallID         uuid.UUID
	EventType      string
	Status         string // pending, delivered or failed
	Attempts       int
	LastStatusCode *int
	LastError      string
	CreatedAt      time.Time
	DeliveredAt    *time.Time
}

// Callbacks returns a call's status-callback deliveries, oldest first.
func (s *Service) Callbacks(ctx context.Context, callID uuid.UUID) ([]Callback, error) {
	var out []Callback
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, call_id, event_type, status, attempts, last_status_code, coalesce(last_error, ''),
			created_at, delivered_at FROM call_callbacks WHERE call_id = $1 ORDER BY created_at, id`, callID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Callback, error) {
			var c Callback
			err := r.Scan(&c.ID, &c.CallID, &c.EventType, &c.Status, &c.Attempts, &c.LastStatusCode, &c.LastError, &c.CreatedAt, &c.DeliveredAt)
			return c, err
		})
		return err
	})
	return out, err
}

// CallbackWorker makes one attempt at a status callback. A 2xx delivers it;
// 5xx, 408, 429 and network errors are retried by River after
// [CallbackDelay], up to [CallbackMaxAttempts] attempts; other answers and
// refused URLs fail it at once.
type CallbackWorker struct {
	river.WorkerDefaults[jobargs.CallCallbackDeliver]
	Calls *Service
}

// Timeout bounds one attempt.
func (w *CallbackWorker) Timeout(*river.Job[jobargs.CallCallbackDeliver]) time.Duration {
	return 30 * time.Second
}

// NextRetry doubles the wait after each failed attempt.
func (w *CallbackWorker) NextRetry(job *river.Job[jobargs.CallCallbackDeliver]) time.Time {
	return w.Calls.clock().Add(CallbackDelay(w.Calls.CallbackRetryBase, job.Attempt))
}

// Work is one attempt. Errors given to River name ids and codes only.
func (w *CallbackWorker) Work(ctx context.Context, job *river.Job[jobargs.CallCallbackDeliver]) error {
	s := w.Calls
	id := job.Args.CallbackID
	var status, msgID, url, secret string
	var body []byte
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT cb.status, cb.message_id, cb.payload::text, coalesce(c.callback_url, ''), coalesce(c.callback_secret, '')
			FROM call_callbacks cb JOIN calls c ON c.id = cb.call_id WHERE cb.id = $1`, id).Scan(&status, &msgID, &body, &url, &secret)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return river.JobCancel(fmt.Errorf("status callback %s: not found", id))
	}
	if err != nil {
		return fmt.Errorf("status callback %s: load: %w", id, err)
	}
	if status != "pending" {
		return nil
	}
	key, err := webhookhttp.ParseSecret(secret)
	if err != nil {
		return s.settleCallback(ctx, id, "failed", 0, "the call's signing secret is invalid")
	}
	code, sendErr := s.sendCallback(ctx, url, key, msgID, body)
	outcome := webhookhttp.Classify(code)
	if sendErr != nil {
		outcome = webhookhttp.ClassifyError(sendErr)
	}
	detail := ""
	if sendErr != nil {
		detail = sendErr.Error()
	}
	switch {
	case outcome == webhookhttp.Delivered:
		return s.settleCallback(ctx, id, "delivered", code, "")
	case outcome == webhookhttp.Retry && job.Attempt < CallbackMaxAttempts:
		if err := s.settleCallback(ctx, id, "pending", code, detail); err != nil {
			return err
		}
		return fmt.Errorf("status callback %s: attempt %d: status %d", id, job.Attempt, code)
	default:
		if err := s.settleCallback(ctx, id, "failed", code, detail); err != nil {
			return err
		}
		return river.JobCancel(fmt.Errorf("status callback %s: failed with status %d", id, code))
	}
}

func (s *Service) sendCallback(ctx context.Context, url string, key []byte, msgID string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	for k, v := range webhookhttp.Headers(key, msgID, s.clock(), body) {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Switchboard-Calls/1.0")
	// One guarded client for all attempts, so connections are reused.
	s.callbackOnce.Do(func() { s.callbackClient = s.Guard.Client(10 * time.Second) })
	resp, err := s.callbackClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = webhookhttp.ReadCapped(resp, 2048)
	return resp.StatusCode, nil
}

func (s *Service) settleCallback(ctx context.Context, id uuid.UUID, status string, code int, detail string) error {
	var codePtr *int
	if code != 0 {
		codePtr = &code
	}
	return s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE call_callbacks SET status = $2, attempts = attempts + 1, last_status_code = $3,
			last_error = NULLIF(left($4, 500), ''), last_attempt_at = now(),
			delivered_at = CASE WHEN $2 = 'delivered' THEN now() END WHERE id = $1`, id, status, codePtr, detail)
		return err
	})
}
