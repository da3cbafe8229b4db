package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/internal/webhook"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// startWorker starts a River client working the webhooks queue. It is built
// here rather than with jobs.NewClient because depguard keeps internal/**
// (tests included) from importing package jobs; its middleware does what
// jobs.TenantMiddleware does, which jobs' own tests cover.
func (tb *testBundle) startWorker(t *testing.T) <-chan *river.Event {
	t.Helper()
	workers := river.NewWorkers()
	river.AddWorker(workers, &webhook.Worker{Webhooks: tb.svc})
	client, err := river.NewClient(riverpgxv5.New(tb.db.Pool()), &river.Config{
		Logger:            quietLogger(),
		Workers:           workers,
		Queues:            map[string]river.QueueConfig{jobargs.QueueWebhooks: {MaxWorkers: 2}},
		Middleware:        []rivertype.Middleware{tenantFromArgs()},
		FetchPollInterval: 100 * time.Millisecond,
	})
	require.NoError(t, err)
	events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobCancelled, river.EventKindJobFailed)
	t.Cleanup(cancel)
	require.NoError(t, client.Start(context.Background()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		require.NoError(t, client.Stop(ctx))
	})
	return events
}

func tenantFromArgs() rivertype.WorkerMiddleware {
	return river.WorkerMiddlewareFunc(func(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
		var args struct {
			TenantID uuid.UUID `json:"tenant_id"`
		}
		if err := json.Unmarshal(job.EncodedArgs, &args); err != nil || args.TenantID == uuid.Nil {
			return river.JobCancel(errors.New("no tenant_id"))
		}
		return doInner(tenants.ForJob(ctx, args.TenantID))
	})
}

func nextEvent(t *testing.T, events <-chan *river.Event) *river.Event {
	t.Helper()
	select {
	case ev := <-events:
		return ev
	case <-time.After(20 * time.Second):
		t.Fatal("no job finished in 20 s")
		return nil
	}
}

// River works the job on the webhooks queue with the tenant from its args,
// and schedules a retry on RetrySchedule rather than its own backoff.
func TestRiverWorksDeliveries(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rcv := newReceiver(t)
	e := tb.endpoint(t, tb.admin, rcv)
	events := tb.startWorker(t)

	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	ev := nextEvent(t, events)
	require.Equal(t, river.EventKindJobCompleted, ev.Kind)
	require.Equal(t, webhook.StatusDelivered, tb.only(t, e.ID).Status)

	rcv.answer(answer{code: http.StatusServiceUnavailable})
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	ev = nextEvent(t, events)
	require.Equal(t, river.EventKindJobFailed, ev.Kind)
	require.WithinDuration(t, time.Now().Add(webhook.RetrySchedule[0]), ev.Job.ScheduledAt, 3*time.Second)
	retried := tb.deliveries(t, e.ID)[0]
	require.Equal(t, "delivery "+retried.ID.String()+": endpoint answered 503, will retry",
		ev.Job.Errors[0].Error, "River keeps ids and codes only")
	require.Equal(t, webhook.StatusPending, retried.Status)

	// Five seconds later the second attempt gets through.
	ev = nextEvent(t, events)
	require.Equal(t, river.EventKindJobCompleted, ev.Kind)
	require.GreaterOrEqual(t, time.Since(ev.Job.CreatedAt), webhook.RetrySchedule[0])
	retried = tb.get(t, retried.ID)
	require.Equal(t, webhook.StatusDelivered, retried.Status)
	require.Equal(t, 2, retried.Attempts)
}
