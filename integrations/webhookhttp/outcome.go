package webhookhttp

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// Outcome is what a delivery attempt means for the delivery job.
type Outcome int

const (
	// Delivered: the endpoint answered 2xx. Done.
	Delivered Outcome = iota + 1
	// Retry: a temporary failure (network error, timeout, 5xx, 408, 409,
	// 425, 429). Try again later with backoff.
	Retry
	// Failed: the endpoint refused this message in a way that repeating it
	// unchanged will not fix (other 4xx, 3xx we did not follow, a URL or
	// address the guard refuses). Give up on the message.
	Failed
	// Gone: the endpoint answered 410, the Standard Webhooks way of saying
	// "stop sending". Disable the endpoint.
	Gone
)

func (o Outcome) String() string {
	switch o {
	case Delivered:
		return "delivered"
	case Retry:
		return "retry"
	case Failed:
		return "failed"
	case Gone:
		return "gone"
	default:
		return fmt.Sprintf("Outcome(%d)", int(o))
	}
}

// Classify maps the status code of a response to an [Outcome]. A status of
// 0 stands for "no response" (a network error or timeout) and is [Retry];
// for an error from [http.Client.Do], [ClassifyError] tells a permanent
// refusal apart from a transient failure.
func Classify(statusCode int) Outcome {
	switch {
	case statusCode == 0:
		return Retry
	case statusCode >= 200 && statusCode <= 299:
		return Delivered
	case statusCode == http.StatusGone:
		return Gone
	case statusCode == http.StatusRequestTimeout,
		statusCode == http.StatusConflict,
		statusCode == http.StatusTooEarly,
		statusCode == http.StatusTooManyRequests:
		return Retry
	case statusCode >= 500 && statusCode <= 599:
		return Retry
	default:
		// Other 4xx, plus 1xx/3xx final responses and nonsense codes: the
		// endpoint is misconfigured and will answer the same way again.
		return Failed
	}
}

// ClassifyError maps a non-nil error from a [Guard.Client] request to an
// [Outcome]: [Failed] when the guard refused the URL, an address or a
// redirect (the same URL will be refused again), [Retry] for everything else
// (DNS failures, refused connections, timeouts, TLS errors, a cancelled
// context), which may clear up. A nil error is [Retry] too: there is no
// response to call delivered.
func ClassifyError(err error) Outcome {
	if errors.Is(err, ErrForbiddenTarget) || errors.Is(err, ErrInvalidURL) || errors.Is(err, ErrRedirectRefused) {
		return Failed
	}
	return Retry
}

// drainLimit bounds how much of an unread body ReadCapped discards so the
// connection can go back to the pool; anything larger costs more than a new
// connection.
const drainLimit = 64 << 10

// ReadCapped reads at most n bytes of resp.Body and closes it. A longer body
// is silently truncated: the delivery job keeps the start of a response for
// the tenant's delivery log, and must not let an endpoint make it read (or
// store) an unbounded amount. The error is a read error, never "too long".
func ReadCapped(resp *http.Response, n int64) ([]byte, error) {
	if resp == nil || resp.Body == nil {
		return nil, nil
	}
	defer func() { _ = resp.Body.Close() }()
	if n < 0 {
		n = 0
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, n))
	if err != nil {
		return data, fmt.Errorf("read response body: %w", err)
	}
	// Best effort: errors here only cost connection reuse.
	_, _ = io.CopyN(io.Discard, resp.Body, drainLimit)
	return data, nil
}
