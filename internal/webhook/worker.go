package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// RetrySchedule is how long a delivery waits after each failed attempt
// before the next one: after attempt n it waits RetrySchedule[n-1]. It
// follows the Standard Webhooks (Svix) schedule: an immediate first attempt,
// then 5 seconds, 5 minutes, 30 minutes, 2 hours, 5 hours, 10 hours and
// 10 hours, about 27.6 hours from first to last attempt. After the last
// attempt ([MaxAttempts]) the delivery is failed; Replay starts it again.
// It is a variable so that the API and console can show it; do not change
// it at run time.
var RetrySchedule = []time.Duration{
	5 * time.Second,
	5 * time.Minute,
	30 * time.Minute,
	2 * time.Hour,
	5 * time.Hour,
	10 * time.Hour,
	10 * time.Hour,
}

// MaxAttempts is the number of attempts of one delivery job: the first and
// one per entry of [RetrySchedule].
const MaxAttempts = 8

// RetryDelay is the wait after failed attempt number attempt (1-based), from
// [RetrySchedule]; past its end it stays at the last entry.
func RetryDelay(attempt int) time.Duration {
	i := min(max(attempt, 1), len(RetrySchedule)) - 1
	return RetrySchedule[i]
}

// Timing of one attempt.
const (
	// sendTimeout bounds one request, reading the answer included.
	sendTimeout = 10 * time.Second
	// jobTimeout leaves room around the request for the two short transactions.
	jobTimeout = 30 * time.Second
)

const userAgent = "Switchboard-Webhooks/1.0"

// Worker makes delivery attempts. River runs it on the webhooks queue with the
// tenant of the job's args on the context.
type Worker struct {
	river.WorkerDefaults[jobargs.WebhookDeliver]
	Webhooks *Service
}

// Timeout bounds one attempt.
func (w *Worker) Timeout(*river.Job[jobargs.WebhookDeliver]) time.Duration { return jobTimeout }

// NextRetry is River's per-worker retry hook: it replaces River's default
// backoff with [RetrySchedule]. job.Attempt is the attempt that just failed.
func (w *Worker) NextRetry(job *river.Job[jobargs.WebhookDeliver]) time.Time {
	return w.Webhooks.now().Add(RetryDelay(job.Attempt))
}

// target is what one attempt needs, read under the tenant's scope.
type target struct {
	deliveryID    uuid.UUID
	endpointID    uuid.UUID
	status        Status
	messageID     string
	body          []byte
	url           string
	enabled       bool
	secret        string
	previous      *string
	previousUntil *time.Time
}

// attempt is the result of one request.
type attempt struct {
	statusCode int    // 0: no response
	response   string // cleaned and capped; meaningful when statusCode != 0
	err        error  // the request's error, or a read error after the status
	duration   time.Duration
}

// Work makes one attempt at a delivery. The request is made outside any
// transaction; the outcome is recorded in a short one afterwards:
//
//   - 2xx: delivered.
//   - 410: the delivery is gone and the endpoint is disabled; the job is
//     cancelled.
//   - other 4xx, unfollowed 3xx, a URL or address the guard refuses: failed,
//     and the job is cancelled (sending the same thing again will not help).
//   - 5xx, 408, 409, 425, 429, network errors and timeouts: the attempt is
//     recorded, the delivery stays pending and Work returns an error so River
//     retries it on [RetrySchedule]; after the last attempt it is failed.
//
// A delivery that is no longer pending was settled earlier (or by a replay's
// other job) and is not sent again. Errors returned to River name the
// delivery and the status code only: River's tables are global, and URLs and
// answers belong to the tenant. The details are on the delivery.
func (w *Worker) Work(ctx context.Context, job *river.Job[jobargs.WebhookDeliver]) error {
	s := w.Webhooks
	id := job.Args.DeliveryID
	t, err := s.loadTarget(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return river.JobCancel(fmt.Errorf("delivery %s: not found", id))
	}
	if err != nil {
		return fmt.Errorf("delivery %s: load: %w", id, err)
	}
	if t.status != StatusPending {
		return nil
	}
	if !t.enabled {
		// Failed rather than left pending, so the console shows it and an
		// admin can replay it once the endpoint is enabled again.
		return s.settle(ctx, t, "the endpoint was disabled before this delivery was sent")
	}
	now := s.now()
	keys, err := s.signingKeys(t.endpointID, t.secret, t.previous, t.previousUntil, now)
	if errors.Is(err, tenants.ErrUnsealable) {
		// The server's sealing key is missing or wrong: a configuration
		// problem, not the endpoint's. Retried until it is mended.
		return fmt.Errorf("delivery %s: %w", id, err)
	}
	if err != nil {
		if err := s.settle(ctx, t, "the endpoint's signing secret is invalid: rotate it"); err != nil {
			return err
		}
		return river.JobCancel(fmt.Errorf("delivery %s: endpoint secret invalid", id))
	}

	a := s.post(ctx, t, keys, now)

	outcome := webhookhttp.Classify(a.statusCode)
	if a.statusCode == 0 {
		outcome = webhookhttp.ClassifyError(a.err)
	}
	switch outcome {
	case webhookhttp.Delivered:
		return s.record(ctx, t, StatusDelivered, a, nil, false)
	case webhookhttp.Gone:
		if err := s.record(ctx, t, StatusGone, a, nil, true); err != nil {
			return err
		}
		s.logger().LogAttrs(ctx, slog.LevelWarn, "webhook endpoint disabled: it answered 410 Gone",
			slog.String("endpoint_id", t.endpointID.String()), slog.String("delivery_id", id.String()))
		return river.JobCancel(fmt.Errorf("delivery %s: endpoint answered 410, endpoint disabled", id))
	case webhookhttp.Failed:
		if err := s.record(ctx, t, StatusFailed, a, nil, false); err != nil {
			return err
		}
		return river.JobCancel(fmt.Errorf("delivery %s: %s, not retried", id, describe(a)))
	default: // Retry
		if job.Attempt >= job.MaxAttempts {
			if err := s.record(ctx, t, StatusFailed, a, nil, false); err != nil {
				return err
			}
			return fmt.Errorf("delivery %s: %s, out of attempts", id, describe(a))
		}
		next := now.Add(RetryDelay(job.Attempt))
		if err := s.record(ctx, t, StatusPending, a, &next, false); err != nil {
			return err
		}
		return fmt.Errorf("delivery %s: %s, will retry", id, describe(a))
	}
}

// describe says what happened without the URL, the answer or the error text:
// it goes to River.
func describe(a attempt) string {
	switch {
	case a.statusCode != 0:
		return fmt.Sprintf("endpoint answered %d", a.statusCode)
	case errors.Is(a.err, webhookhttp.ErrForbiddenTarget):
		return "target address refused"
	case errors.Is(a.err, webhookhttp.ErrRedirectRefused):
		return "redirect refused"
	case errors.Is(a.err, webhookhttp.ErrInvalidURL):
		return "invalid endpoint URL"
	case isTimeout(a.err):
		return "endpoint timed out"
	default:
		return "no response from endpoint"
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

func (s *Service) loadTarget(ctx context.Context, id uuid.UUID) (target, error) {
	t := target{deliveryID: id}
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var body string
		err := tx.QueryRow(ctx, `SELECT d.endpoint_id, d.status, d.message_id, d.payload::text,
				e.url, e.enabled, e.secret, e.previous_secret, e.previous_secret_expires_at
			FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1`, id).
			Scan(&t.endpointID, &t.status, &t.messageID, &body, &t.url, &t.enabled, &t.secret, &t.previous, &t.previousUntil)
		t.body = []byte(body)
		return err
	})
	return t, err
}

func (s *Service) httpClient() *http.Client {
	if s.HTTP != nil {
		return s.HTTP
	}
	s.clientOnce.Do(func() { s.client = s.Guard.Client(sendTimeout) })
	return s.client
}

// post sends the stored body, signed with every key, to the endpoint.
func (s *Service) post(ctx context.Context, t target, keys [][]byte, now time.Time) attempt {
	h := webhookhttp.Headers(keys[0], t.messageID, now, t.body)
	for _, k := range keys[1:] {
		h.Set(webhookhttp.HeaderSignature, h.Get(webhookhttp.HeaderSignature)+" "+webhookhttp.Sign(k, t.messageID, now, t.body))
	}
	h.Set("User-Agent", userAgent)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(t.body))
	if err != nil {
		return attempt{err: errors.Join(webhookhttp.ErrInvalidURL, err)}
	}
	req.Header = h
	start := time.Now()
	resp, err := s.httpClient().Do(req)
	if err != nil {
		return attempt{err: err, duration: time.Since(start)}
	}
	defer func() { _ = resp.Body.Close() }() // ReadCapped closes it; this is for bodyclose
	data, readErr := webhookhttp.ReadCapped(resp, maxResponse)
	return attempt{statusCode: resp.StatusCode, response: clean(data), err: readErr, duration: time.Since(start)}
}

// clean makes an answer storable as text: valid UTF-8, no NUL bytes, at most
// maxResponse bytes.
func clean(b []byte) string {
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	if len(s) <= maxResponse {
		return s
	}
	cut := maxResponse
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// errorText is the tenant-facing reason of an attempt, kept on the delivery.
func errorText(a attempt) string {
	if a.err == nil {
		return ""
	}
	err := a.err
	// *url.Error repeats the method and URL: the endpoint shows those already.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

// record writes the outcome of an attempt and, for a 410, disables the
// endpoint in the same transaction.
func (s *Service) record(ctx context.Context, t target, status Status, a attempt, next *time.Time, disable bool) error {
	var code *int
	var response *string
	if a.statusCode != 0 {
		code, response = &a.statusCode, &a.response
	}
	now := s.now()
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE webhook_deliveries SET status = $2, attempts = attempts + 1,
				last_status_code = $3, last_response = $4, last_error = NULLIF($5, ''), last_attempt_at = $6,
				next_attempt_at = $7, duration_ms = $8,
				delivered_at = CASE WHEN $2 = 'delivered' THEN $6 ELSE delivered_at END
			WHERE id = $1`, t.deliveryID, status, code, response, errorText(a), now, next, a.duration.Milliseconds())
		if err != nil || !disable {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, updated_at = now()
			WHERE id = $1 AND enabled`, t.endpointID,
			"the endpoint answered 410 Gone on "+now.UTC().Format(time.RFC3339)+"; enable it to receive events again")
		return err
	})
	if err != nil {
		return fmt.Errorf("delivery %s: record attempt: %w", t.deliveryID, err)
	}
	return nil
}

// settle fails a delivery without an attempt, for reason.
func (s *Service) settle(ctx context.Context, t target, reason string) error {
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE webhook_deliveries SET status = 'failed', last_error = $2, next_attempt_at = NULL
			WHERE id = $1`, t.deliveryID, reason)
		return err
	})
	if err != nil {
		return fmt.Errorf("delivery %s: record failure: %w", t.deliveryID, err)
	}
	return nil
}
