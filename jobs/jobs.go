package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// Client is the River client Switchboard uses.
type Client = river.Client[pgx.Tx]

// *Client is what domain packages receive as a jobargs.Inserter.
var _ jobargs.Inserter = (*Client)(nil)

// Opts configures NewClient.
type Opts struct {
	Logger  *slog.Logger
	Workers *river.Workers // nil: an insert-only client (no job is worked here)
	// Concurrency per queue; zero values take the defaults below.
	DefaultWorkers, EmailWorkers, WebhookWorkers, MessageWorkers, CallWorkers int
	Middleware                                                                []rivertype.Middleware
}

// NewClient returns a River client over pool (the app role's pool: River's
// tables are global). Start it with a tenantless context.
func NewClient(pool *pgxpool.Pool, opts Opts) (*Client, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	cfg := &river.Config{
		Logger:     logger,
		JobTimeout: 2 * time.Minute,
		Middleware: append([]rivertype.Middleware{TenantMiddleware()}, opts.Middleware...),
	}
	if opts.Workers != nil {
		cfg.Workers = opts.Workers
		cfg.Queues = map[string]river.QueueConfig{
			jobargs.QueueDefault:  {MaxWorkers: or(opts.DefaultWorkers, 20)},
			jobargs.QueueEmail:    {MaxWorkers: or(opts.EmailWorkers, 5)},
			jobargs.QueueWebhooks: {MaxWorkers: or(opts.WebhookWorkers, 20)},
			jobargs.QueueMessages: {MaxWorkers: or(opts.MessageWorkers, 20)},
			jobargs.QueueCalls:    {MaxWorkers: or(opts.CallWorkers, 20)},
		}
	}
	client, err := river.NewClient(riverpgxv5.New(pool), cfg)
	if err != nil {
		return nil, fmt.Errorf("new river client: %w", err)
	}
	return client, nil
}

func or(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// ErrNoTenantInArgs cancels a job whose args name no tenant.
var ErrNoTenantInArgs = errors.New("job args carry no tenant_id")

// TenantMiddleware scopes every job to the tenant named in its args.
func TenantMiddleware() rivertype.WorkerMiddleware {
	return river.WorkerMiddlewareFunc(func(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
		var args struct {
			TenantID uuid.UUID `json:"tenant_id"`
		}
		if err := json.Unmarshal(job.EncodedArgs, &args); err != nil || args.TenantID == uuid.Nil {
			return river.JobCancel(fmt.Errorf("%s job %d: %w", job.Kind, job.ID, ErrNoTenantInArgs))
		}
		return doInner(tenants.ForJob(ctx, args.TenantID))
	})
}

// Ensure every args type names its tenant at compile time.
var (
	_ jobargs.Tenanted = jobargs.EmailSend{}
	_ jobargs.Tenanted = jobargs.MessageSend{}
	_ jobargs.Tenanted = jobargs.WebhookDeliver{}
)
