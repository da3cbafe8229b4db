package jobs_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/jobs"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// eventTimeout bounds the wait for one job to finish. River fetches on
// LISTEN/NOTIFY, so a healthy run takes milliseconds; the margin is for -race
// on a loaded machine.
const eventTimeout = 20 * time.Second

// echoArgs names its tenant the way every real args type does.
type echoArgs struct {
	TenantID uuid.UUID `json:"tenant_id"`
	Tag      string    `json:"tag"`
}

func (echoArgs) Kind() string { return "test_tenant_echo" }

// seen is what a worker observed on its context.
type seen struct {
	tag   string
	actor tenants.Actor
	ok    bool
}

// echoWorker reports the actor on its context, so a test sees exactly what
// the middleware handed down.
type echoWorker struct {
	river.WorkerDefaults[echoArgs]
	seen chan seen
}

func (w *echoWorker) Work(ctx context.Context, job *river.Job[echoArgs]) error {
	a, ok := tenants.FromContext(ctx)
	w.seen <- seen{tag: job.Args.Tag, actor: a, ok: ok}
	return nil
}

// untenantedArgs is a job kind someone forgot to give a tenant_id.
type untenantedArgs struct {
	Note string `json:"note"`
}

func (untenantedArgs) Kind() string { return "test_untenanted" }

type untenantedWorker struct {
	river.WorkerDefaults[untenantedArgs]
	ran chan struct{}
}

func (w *untenantedWorker) Work(context.Context, *river.Job[untenantedArgs]) error {
	w.ran <- struct{}{}
	return nil
}

type testBundle struct {
	db      *dbtest.TestDB
	client  *jobs.Client
	events  <-chan *river.Event
	pending map[int64]*river.Event // events that arrived before their waitFor
	seen    chan seen              // from echoWorker
	ran     chan struct{}          // from untenantedWorker
}

// setup starts a working client over a fresh database; it is stopped when t ends.
func setup(t *testing.T, opts jobs.Opts) *testBundle {
	t.Helper()
	b := &testBundle{
		db:      dbtest.New(t),
		pending: map[int64]*river.Event{},
		seen:    make(chan seen, 10),
		ran:     make(chan struct{}, 10),
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &echoWorker{seen: b.seen})
	river.AddWorker(workers, &untenantedWorker{ran: b.ran})
	opts.Workers = workers
	opts.Logger = quietLogger()
	var err error
	b.client, err = jobs.NewClient(b.db.Pool(), opts)
	require.NoError(t, err)

	events, cancel := b.client.Subscribe(river.EventKindJobCompleted, river.EventKindJobCancelled, river.EventKindJobFailed)
	t.Cleanup(cancel)
	b.events = events

	// Tenantless on purpose: a job must get its tenant from its args only.
	require.NoError(t, b.client.Start(context.Background()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		require.NoError(t, b.client.Stop(ctx))
	})
	return b
}

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// waitFor returns the finishing event of job id. Events of other jobs that
// arrive first are kept for their own waitFor.
func (b *testBundle) waitFor(t *testing.T, id int64) *river.Event {
	t.Helper()
	if ev, ok := b.pending[id]; ok {
		delete(b.pending, id)
		return ev
	}
	timer := time.NewTimer(eventTimeout)
	defer timer.Stop()
	for {
		select {
		case ev := <-b.events:
			if ev.Job.ID == id {
				return ev
			}
			b.pending[ev.Job.ID] = ev
		case <-timer.C:
			t.Fatalf("job %d did not finish within %s", id, eventTimeout)
			return nil
		}
	}
}

func insert(t *testing.T, client *jobs.Client, args river.JobArgs, opts *river.InsertOpts) int64 {
	t.Helper()
	res, err := client.Insert(context.Background(), args, opts)
	require.NoError(t, err)
	return res.Job.ID
}

func TestTenantMiddlewarePutsArgsTenantOnWorkerContext(t *testing.T) {
	t.Parallel()
	b := setup(t, jobs.Opts{})

	tenantA, tenantB := uuid.New(), uuid.New()
	idA := insert(t, b.client, echoArgs{TenantID: tenantA, Tag: "a"}, nil)
	idB := insert(t, b.client, echoArgs{TenantID: tenantB, Tag: "b"}, nil)
	require.Equal(t, river.EventKindJobCompleted, b.waitFor(t, idA).Kind)
	require.Equal(t, river.EventKindJobCompleted, b.waitFor(t, idB).Kind)

	got := map[string]seen{}
	for range 2 {
		select {
		case s := <-b.seen:
			got[s.tag] = s
		case <-time.After(eventTimeout):
			t.Fatal("worker did not run")
		}
	}
	for tag, want := range map[string]uuid.UUID{"a": tenantA, "b": tenantB} {
		s := got[tag]
		require.True(t, s.ok, "job %s: no actor on ctx", tag)
		require.Equal(t, tenants.ActorJob, s.actor.Kind)
		require.Equal(t, want, s.actor.TenantID, "job %s ran for the wrong tenant", tag)
		require.Equal(t, uuid.Nil, s.actor.UserID, "a job acts for no user")
		require.Equal(t, tenants.RoleAdmin, s.actor.Role)
	}
}

func TestJobWithoutTenantIsCancelledUnworked(t *testing.T) {
	t.Parallel()
	b := setup(t, jobs.Opts{})

	cases := map[string]int64{
		"args without tenant_id": insert(t, b.client, untenantedArgs{Note: "x"}, nil),
		"nil tenant_id":          insert(t, b.client, echoArgs{TenantID: uuid.Nil, Tag: "nil"}, nil),
	}
	for name, id := range cases {
		ev := b.waitFor(t, id)
		require.Equal(t, river.EventKindJobCancelled, ev.Kind, name)
		require.Equal(t, rivertype.JobStateCancelled, ev.Job.State, name)
		require.NotEmpty(t, ev.Job.Errors, name)
		require.Contains(t, ev.Job.Errors[len(ev.Job.Errors)-1].Error, jobs.ErrNoTenantInArgs.Error(), name)
	}
	// Both jobs are finished, so a worker that ran would already have reported.
	require.Empty(t, b.ran, "the untenanted worker ran")
	require.Empty(t, b.seen, "the echo worker ran with a nil tenant")
}

func TestMiddlewareFromOptsRunsInsideTenantScope(t *testing.T) {
	t.Parallel()
	inner := make(chan uuid.UUID, 1)
	b := setup(t, jobs.Opts{Middleware: []rivertype.Middleware{
		river.WorkerMiddlewareFunc(func(ctx context.Context, _ *rivertype.JobRow, doInner func(context.Context) error) error {
			id, _ := tenants.TenantFromContext(ctx)
			inner <- id
			return doInner(ctx)
		}),
	}})

	tenant := uuid.New()
	id := insert(t, b.client, echoArgs{TenantID: tenant}, nil)
	require.Equal(t, river.EventKindJobCompleted, b.waitFor(t, id).Kind)
	require.Equal(t, tenant, <-inner, "extra middleware must see the tenant the tenant middleware restored")
}

func TestEveryQueueIsWorked(t *testing.T) {
	t.Parallel()
	b := setup(t, jobs.Opts{})

	tenant := uuid.New()
	for _, queue := range []string{jobargs.QueueDefault, jobargs.QueueEmail, jobargs.QueueWebhooks, jobargs.QueueMessages} {
		id := insert(t, b.client, echoArgs{TenantID: tenant, Tag: queue}, &river.InsertOpts{Queue: queue})
		ev := b.waitFor(t, id)
		require.Equal(t, river.EventKindJobCompleted, ev.Kind, queue)
		require.Equal(t, queue, ev.Job.Queue)
	}
}

func TestInsertTxFollowsTheTenantTransaction(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	// Insert-only: nothing here works jobs, so nothing needs stopping.
	client, err := jobs.NewClient(d.Pool(), jobs.Opts{Logger: quietLogger()})
	require.NoError(t, err)
	ctx := tenants.ForJob(context.Background(), uuid.New())
	tenant, err := tenants.TenantFromContext(ctx)
	require.NoError(t, err)

	errRollback := errors.New("roll back")
	var rolledBack int64
	err = d.InTenantTx(ctx, func(tx pgx.Tx) error {
		res, err := client.InsertTx(ctx, tx, echoArgs{TenantID: tenant, Tag: "rolled back"}, nil)
		if err != nil {
			return err
		}
		rolledBack = res.Job.ID
		// Visible inside its own transaction...
		if _, err := client.JobGetTx(ctx, tx, rolledBack); err != nil {
			return err
		}
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)
	// ...and gone with it.
	_, err = client.JobGet(ctx, rolledBack)
	require.ErrorIs(t, err, rivertype.ErrNotFound)

	var committed int64
	err = d.InTenantTx(ctx, func(tx pgx.Tx) error {
		res, err := client.InsertTx(ctx, tx, echoArgs{TenantID: tenant, Tag: "committed"}, nil)
		if err != nil {
			return err
		}
		committed = res.Job.ID
		return nil
	})
	require.NoError(t, err)
	job, err := client.JobGet(ctx, committed)
	require.NoError(t, err)
	require.Equal(t, rivertype.JobStateAvailable, job.State)
	require.Equal(t, "test_tenant_echo", job.Kind)

	var n int
	require.NoError(t, d.Pool().QueryRow(ctx, `SELECT count(*) FROM river_job`).Scan(&n))
	require.Equal(t, 1, n, "only the committed job exists")
}
