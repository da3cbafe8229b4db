package live

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/tenants"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

type testBundle struct {
	db   *dbtest.TestDB
	a, b context.Context // two tenants
}

func setup(t *testing.T) *testBundle {
	t.Helper()
	d := dbtest.New(t)
	tb := &testBundle{db: d}
	tb.a = newTenantCtx(t, d)
	tb.b = newTenantCtx(t, d)
	return tb
}

func newTenantCtx(t *testing.T, d *dbtest.TestDB) context.Context {
	t.Helper()
	tenantID := uuid.New()
	ctx := tenants.ForJob(context.Background(), tenantID)
	require.NoError(t, d.InTenantTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO tenants (id, name) VALUES ($1, 't')`, tenantID)
		return err
	}))
	return ctx
}

// startBus runs a bus until the test ends. A long poll interval proves that a
// delivery came from the wake-up, not from polling.
func startBus(t *testing.T, tb *testBundle, poll time.Duration) *Bus {
	t.Helper()
	bus := New(tb.db.DB, Opts{PollInterval: poll})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bus.Run(ctx) }()
	t.Cleanup(func() { cancel(); require.NoError(t, <-done) })
	select {
	case <-bus.Started():
	case <-time.After(10 * time.Second):
		t.Fatal("bus did not start")
	}
	return bus
}

func publish(t *testing.T, tb *testBundle, bus *Bus, ctx context.Context, topic string) uuid.UUID {
	t.Helper()
	subject := uuid.New()
	require.NoError(t, tb.db.InTenantTx(ctx, func(tx pgx.Tx) error { return Publish(ctx, tx, topic, subject) }))
	bus.Wake()
	return subject
}

func receive(t *testing.T, s *Subscription) Event {
	t.Helper()
	select {
	case e, ok := <-s.Events():
		require.True(t, ok, "subscription closed: %v", s.Err())
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
	}
	return Event{}
}

func requireNothing(t *testing.T, s *Subscription, wait time.Duration) {
	t.Helper()
	select {
	case e := <-s.Events():
		t.Fatalf("unexpected event %+v", e)
	case <-time.After(wait):
	}
}

func TestDeliversAcrossNodesByWakeUp(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	// Two buses over one database stand for two `serve` processes.
	publisher := startBus(t, tb, time.Hour)
	subscriberNode := startBus(t, tb, time.Hour)

	subCtx, cancel := context.WithCancel(tb.a)
	defer cancel()
	sub, err := subscriberNode.Subscribe(subCtx, "audit")
	require.NoError(t, err)

	subject := publish(t, tb, publisher, tb.a, "audit")
	e := receive(t, sub)
	require.Equal(t, subject, e.SubjectID)
	require.Equal(t, "audit", e.Topic)
}

func TestTenantAndTopicFiltering(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	bus := startBus(t, tb, 50*time.Millisecond)
	ctxA, cancelA := context.WithCancel(tb.a)
	defer cancelA()
	ctxB, cancelB := context.WithCancel(tb.b)
	defer cancelB()
	subA, err := bus.Subscribe(ctxA, "audit")
	require.NoError(t, err)
	subB, err := bus.Subscribe(ctxB)
	require.NoError(t, err)

	publish(t, tb, bus, tb.a, "other-topic")
	want := publish(t, tb, bus, tb.a, "audit")
	require.Equal(t, want, receive(t, subA).SubjectID, "A gets its own audit event, not the other topic")
	requireNothing(t, subB, 300*time.Millisecond)

	wantB := publish(t, tb, bus, tb.b, "anything")
	require.Equal(t, wantB, receive(t, subB).SubjectID)
	requireNothing(t, subA, 200*time.Millisecond)
}

func TestRolledBackEventIsNotDelivered(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	bus := startBus(t, tb, 50*time.Millisecond)
	ctx, cancel := context.WithCancel(tb.a)
	defer cancel()
	sub, err := bus.Subscribe(ctx)
	require.NoError(t, err)
	err = tb.db.InTenantTx(tb.a, func(tx pgx.Tx) error {
		require.NoError(t, Publish(tb.a, tx, "audit", uuid.New()))
		return context.Canceled // roll back
	})
	require.ErrorIs(t, err, context.Canceled)
	bus.Wake()
	want := publish(t, tb, bus, tb.a, "audit")
	require.Equal(t, want, receive(t, sub).SubjectID)
}

func TestSlowConsumerIsClosed(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	bus := New(tb.db.DB, Opts{Buffer: 2})
	ctx, cancel := context.WithCancel(tb.a)
	defer cancel()
	sub, err := bus.Subscribe(ctx)
	require.NoError(t, err)
	tenantID, err := tenants.TenantFromContext(tb.a)
	require.NoError(t, err)
	for i := range 3 {
		bus.dispatch(Event{ID: int64(i + 1), TenantID: tenantID, Topic: "x"})
	}
	n := 0
	for range sub.Events() {
		n++
	}
	require.Equal(t, 2, n)
	require.ErrorIs(t, sub.Err(), ErrSlowConsumer)
	require.Zero(t, bus.Subscribers())
}

func TestSubscribeNeedsTenant(t *testing.T) {
	t.Parallel()
	bus := New(nil, Opts{})
	_, err := bus.Subscribe(context.Background())
	require.ErrorIs(t, err, tenants.ErrNoTenant)
}

func TestAdvanceWaitsForGapsThenSkips(t *testing.T) {
	t.Parallel()
	b := New(nil, Opts{GapGrace: 10 * time.Second})
	b.cursor = 10
	now := time.Now()
	b.seen[11] = struct{}{}
	b.seen[13] = struct{}{}
	b.advance(now)
	require.Equal(t, int64(11), b.cursor, "12 may still commit")
	b.advance(now.Add(5 * time.Second))
	require.Equal(t, int64(11), b.cursor)
	b.seen[12] = struct{}{} // it committed late and was delivered
	b.advance(now.Add(6 * time.Second))
	require.Equal(t, int64(13), b.cursor)

	b.seen[15] = struct{}{}
	b.advance(now)
	require.Equal(t, int64(13), b.cursor)
	b.advance(now.Add(11 * time.Second))
	require.Equal(t, int64(15), b.cursor, "14 never committed: skipped after the grace")
	require.Empty(t, b.seen)
	require.Empty(t, b.gapSeen)
}

// TestGapDoesNotStallDelivery: a rolled-back publish leaves a hole in the ids;
// more than a page of events after it must still be delivered at once, not
// after the gap's grace period.
func TestGapDoesNotStallDelivery(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	bus := startBus(t, tb, time.Hour)
	ctx, cancel := context.WithCancel(tb.a)
	defer cancel()
	sub, err := bus.Subscribe(ctx)
	require.NoError(t, err)
	err = tb.db.InTenantTx(tb.a, func(tx pgx.Tx) error {
		require.NoError(t, Publish(tb.a, tx, "audit", uuid.New()))
		return context.Canceled // roll back: its id is never used
	})
	require.ErrorIs(t, err, context.Canceled)
	const n = 1100
	require.NoError(t, tb.db.InTenantTx(tb.a, func(tx pgx.Tx) error {
		for range n {
			if err := Publish(tb.a, tx, "audit", uuid.New()); err != nil {
				return err
			}
		}
		return nil
	}))
	start := time.Now()
	bus.Wake()
	for range n {
		receive(t, sub)
	}
	require.Less(t, time.Since(start), 5*time.Second, "delivery must not wait for the 10 s gap grace")
}
