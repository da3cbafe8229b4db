package telemetry

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/switchboard/switchboard/tenants"
)

type requestIDKey struct{}

// RequestID returns the request id on ctx, if any.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// NewLogger returns a JSON (or text) logger whose records carry tenant_id and
// request_id from the context they are logged with.
func NewLogger(w io.Writer, level slog.Level, text bool) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewJSONHandler(w, opts)
	if text {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(contextHandler{h})
}

type contextHandler struct{ slog.Handler }

func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	if a, ok := tenants.FromContext(ctx); ok && a.HasTenant() {
		r.AddAttrs(slog.String("tenant_id", a.TenantID.String()))
	}
	return h.Handler.Handle(ctx, r)
}

func (h contextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return contextHandler{h.Handler.WithAttrs(attrs)}
}

func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{h.Handler.WithGroup(name)}
}

// HTTP wraps a handler with a request id (kept from X-Request-Id when it is
// sane, else new), an access log line and request metrics. route names the
// handler in metrics, so that ids in paths cannot explode label cardinality.
type HTTP struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	logger   *slog.Logger
}

// NewHTTP registers the HTTP metrics.
func NewHTTP(reg prometheus.Registerer, logger *slog.Logger) *HTTP {
	h := &HTTP{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "switchboard_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "switchboard_http_request_seconds", Help: "HTTP request latency by route.", Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		logger: logger,
	}
	reg.MustRegister(h.requests, h.latency)
	return h
}

// Wrap instruments next under the route name.
func (h *HTTP) Wrap(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if len(id) == 0 || len(id) > 64 || !printable(id) {
			id = newID()
		}
		w.Header().Set("X-Request-Id", id)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(ctx))
		elapsed := time.Since(start)
		h.requests.WithLabelValues(route, strconv.Itoa(rec.status)).Inc()
		h.latency.WithLabelValues(route).Observe(elapsed.Seconds())
		if route != "health" && route != "metrics" {
			h.logger.InfoContext(ctx, "http request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", rec.status), slog.Duration("duration", elapsed))
		}
	})
}

func printable(s string) bool {
	for _, c := range s {
		if c < 0x21 || c > 0x7e {
			return false
		}
	}
	return true
}

func newID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the writer (WebSocket hijacking, flushing).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// RegisterPool exports a pgx pool's statistics under pool="name".
func RegisterPool(reg prometheus.Registerer, name string, pool *pgxpool.Pool) {
	labels := prometheus.Labels{"pool": name}
	gauge := func(metric, help string, f func(*pgxpool.Stat) float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: metric, Help: help, ConstLabels: labels},
			func() float64 { return f(pool.Stat()) })
	}
	counter := func(metric, help string, f func(*pgxpool.Stat) float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: metric, Help: help, ConstLabels: labels},
			func() float64 { return f(pool.Stat()) })
	}
	reg.MustRegister(
		gauge("switchboard_db_pool_connections_total", "Open connections.", func(s *pgxpool.Stat) float64 { return float64(s.TotalConns()) }),
		gauge("switchboard_db_pool_connections_acquired", "Connections in use.", func(s *pgxpool.Stat) float64 { return float64(s.AcquiredConns()) }),
		gauge("switchboard_db_pool_connections_idle", "Idle connections.", func(s *pgxpool.Stat) float64 { return float64(s.IdleConns()) }),
		gauge("switchboard_db_pool_connections_max", "Pool size limit.", func(s *pgxpool.Stat) float64 { return float64(s.MaxConns()) }),
		counter("switchboard_db_pool_acquires_total", "Connection acquisitions.", func(s *pgxpool.Stat) float64 { return float64(s.AcquireCount()) }),
		counter("switchboard_db_pool_acquire_seconds_total", "Time spent waiting for connections.", func(s *pgxpool.Stat) float64 { return s.AcquireDuration().Seconds() }),
		counter("switchboard_db_pool_empty_acquires_total", "Acquisitions that had to wait.", func(s *pgxpool.Stat) float64 { return float64(s.EmptyAcquireCount()) }),
	)
}

// River counts finished jobs by kind, queue and outcome, and their run time.
type River struct {
	jobs     *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewRiver registers the River metrics.
func NewRiver(reg prometheus.Registerer) *River {
	r := &River{
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "switchboard_river_jobs_total", Help: "Finished River job attempts by kind, queue and outcome.",
		}, []string{"job_kind", "queue", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "switchboard_river_job_seconds", Help: "River job run time by kind.", Buckets: prometheus.DefBuckets,
		}, []string{"job_kind"}),
	}
	reg.MustRegister(r.jobs, r.duration)
	return r
}

// Run records events from a started client until ctx ends.
func (r *River) Run(ctx context.Context, client *river.Client[pgx.Tx]) {
	events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled, river.EventKindJobSnoozed)
	defer cancel()
	for {
		select {
		case <-ctx.Done():
			return
		case e, ok := <-events:
			if !ok {
				return
			}
			r.observe(e)
		}
	}
}

func (r *River) observe(e *river.Event) {
	if e.Job == nil {
		return
	}
	outcome := string(e.Kind)
	if e.Kind == river.EventKindJobFailed && e.Job.State == rivertype.JobStateRetryable {
		outcome = "retryable"
	}
	r.jobs.WithLabelValues(e.Job.Kind, e.Job.Queue, outcome).Inc()
	if e.JobStats != nil {
		r.duration.WithLabelValues(e.Job.Kind).Observe(e.JobStats.RunDuration.Seconds())
	}
}
