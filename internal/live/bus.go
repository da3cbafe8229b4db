package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/tenants"
)

// channel is the PostgreSQL notification channel that wakes every node.
const channel = "switchboard_live"

// ErrSlowConsumer closes a subscription whose buffer filled up.
var ErrSlowConsumer = errors.New("live: subscriber too slow, subscription closed")

// Event says that a subject changed in a tenant.
type Event struct {
	ID        int64
	TenantID  uuid.UUID
	Topic     string
	SubjectID uuid.UUID
	CreatedAt time.Time
}

// Publish records an event in the caller's tenant transaction. Call Bus.Wake
// after the transaction commits.
func Publish(ctx context.Context, tx pgx.Tx, topic string, subjectID uuid.UUID) error {
	tenantID, err := tenants.TenantFromContext(ctx)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO live_events (tenant_id, topic, subject_id) VALUES ($1, $2, $3)`, tenantID, topic, subjectID)
	if err != nil {
		return fmt.Errorf("publish live event: %w", err)
	}
	return nil
}

// Waker is what domain services hold to wake the bus after a commit that
// published events; *Bus implements it.
type Waker interface{ Wake() }

// Opts tunes a Bus; zero values take the defaults.
type Opts struct {
	Logger       *slog.Logger
	PollInterval time.Duration // fallback poll; default 1s
	GapGrace     time.Duration // how long a missing id may still commit; default 10s
	Retention    time.Duration // how long rows are kept; default 1h
	Buffer       int           // per-subscriber channel size; default 64
}

// Bus delivers live events to this node's subscribers.
type Bus struct {
	db   *db.DB
	opts Opts
	log  *slog.Logger

	wakeLocal  chan struct{}
	wakeRemote chan struct{}

	mu   sync.Mutex
	subs map[uuid.UUID]map[*Subscription]struct{}

	// tailer state, owned by the Run goroutine
	cursor  int64 // every id up to here was delivered or given up on
	highest int64 // the highest id delivered
	seen    map[int64]struct{}
	gapSeen map[int64]time.Time
	started chan struct{}
}

// New returns a bus; call Run to start it.
func New(d *db.DB, opts Opts) *Bus {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = time.Second
	}
	if opts.GapGrace <= 0 {
		opts.GapGrace = 10 * time.Second
	}
	if opts.Retention <= 0 {
		opts.Retention = time.Hour
	}
	if opts.Buffer <= 0 {
		// A subscriber re-reads each event under its tenant; bursts of
		// inbound messages queue here meanwhile.
		opts.Buffer = 1024
	}
	return &Bus{
		db: d, opts: opts, log: opts.Logger,
		wakeLocal:  make(chan struct{}, 1),
		wakeRemote: make(chan struct{}, 1),
		subs:       map[uuid.UUID]map[*Subscription]struct{}{},
		seen:       map[int64]struct{}{},
		gapSeen:    map[int64]time.Time{},
		started:    make(chan struct{}),
	}
}

// Wake tells this node and, through one coalesced NOTIFY, every other node that
// new events committed. It never blocks.
func (b *Bus) Wake() {
	select {
	case b.wakeLocal <- struct{}{}:
	default:
	}
	select {
	case b.wakeRemote <- struct{}{}:
	default:
	}
}

// Started is closed once Run has its starting cursor: events published after
// that are delivered.
func (b *Bus) Started() <-chan struct{} { return b.started }

// Run tails events until ctx ends.
func (b *Bus) Run(ctx context.Context) error {
	err := b.db.AsSystem(ctx, "live events are read across tenants to route them to each tenant's subscribers", func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM live_events`).Scan(&b.cursor)
	})
	if err != nil {
		return fmt.Errorf("live: read start cursor: %w", err)
	}
	close(b.started)

	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); b.listen(ctx) }()
	go func() { defer wg.Done(); b.notify(ctx) }()
	defer wg.Wait()

	poll := time.NewTicker(b.opts.PollInterval)
	defer poll.Stop()
	prune := time.NewTicker(10 * time.Minute)
	defer prune.Stop()
	for {
		select {
		case <-ctx.Done():
			b.closeAll()
			return nil
		case <-b.wakeLocal:
		case <-poll.C:
		case <-prune.C:
			b.prune(ctx)
			continue
		}
		if err := b.tail(ctx); err != nil && ctx.Err() == nil {
			b.log.WarnContext(ctx, "live: tail failed", slog.Any("error", err))
		}
	}
}

// listen holds one connection in LISTEN and turns notifications into local wakes.
func (b *Bus) listen(ctx context.Context) {
	for ctx.Err() == nil {
		err := b.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		b.log.WarnContext(ctx, "live: listener lost, retrying", slog.Any("error", err))
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (b *Bus) listenOnce(ctx context.Context) error {
	conn, err := b.db.SystemPool().Acquire(ctx)
	if err != nil {
		return err
	}
	// The connection leaves the pool: LISTEN state must not be handed to others.
	raw := conn.Hijack()
	defer raw.Close(context.WithoutCancel(ctx))
	if _, err := raw.Exec(ctx, "LISTEN "+channel); err != nil {
		return err
	}
	for {
		if _, err := raw.WaitForNotification(ctx); err != nil {
			return err
		}
		select {
		case b.wakeLocal <- struct{}{}:
		default:
		}
	}
}

// notify sends at most one NOTIFY at a time; wakes that arrive meanwhile fold
// into the next one.
func (b *Bus) notify(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-b.wakeRemote:
		}
		if _, err := b.db.SystemPool().Exec(ctx, `SELECT pg_notify($1, '')`, channel); err != nil && ctx.Err() == nil {
			b.log.WarnContext(ctx, "live: notify failed", slog.Any("error", err))
		}
	}
}

func (b *Bus) tail(ctx context.Context) error {
	for {
		// Read past the highest id already delivered, plus the ids still
		// missing below it (transactions that had not committed when they were
		// passed). Re-reading from the cursor instead would return the same
		// delivered rows again and again while a gap stays open.
		from := max(b.highest, b.cursor)
		missing := b.missing(from)
		var events []Event
		err := b.db.AsSystem(ctx, "live events are read across tenants to route them to each tenant's subscribers", func(tx pgx.Tx) error {
			rows, err := tx.Query(ctx, `SELECT id, tenant_id, topic, subject_id, created_at FROM live_events
				WHERE id > $1 OR id = ANY($2) ORDER BY id LIMIT 1000`, from, missing)
			if err != nil {
				return err
			}
			events, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Event, error) {
				var e Event
				err := r.Scan(&e.ID, &e.TenantID, &e.Topic, &e.SubjectID, &e.CreatedAt)
				return e, err
			})
			return err
		})
		if err != nil {
			return err
		}
		for _, e := range events {
			if _, ok := b.seen[e.ID]; ok || e.ID <= b.cursor {
				continue
			}
			b.seen[e.ID] = struct{}{}
			b.highest = max(b.highest, e.ID)
			b.dispatch(e)
		}
		b.advance(time.Now())
		if len(events) < 1000 {
			return nil
		}
	}
}

// missing lists the ids between the cursor and from that were not delivered.
func (b *Bus) missing(from int64) []int64 {
	var ids []int64
	for id := b.cursor + 1; id <= from; id++ {
		if _, ok := b.seen[id]; !ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// advance moves the cursor over every delivered id, and over a missing id once
// it has been missing longer than the grace (a rolled-back transaction, or one
// that held its id longer than any live consumer would wait).
func (b *Bus) advance(now time.Time) {
	for len(b.seen) > 0 {
		next := b.cursor + 1
		if _, ok := b.seen[next]; ok {
			delete(b.seen, next)
			delete(b.gapSeen, next)
			b.cursor = next
			continue
		}
		first, ok := b.gapSeen[next]
		if !ok {
			b.gapSeen[next] = now
			return
		}
		if now.Sub(first) < b.opts.GapGrace {
			return
		}
		delete(b.gapSeen, next)
		b.cursor = next
	}
}

func (b *Bus) dispatch(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs[e.TenantID] {
		if !s.wants(e.Topic) {
			continue
		}
		select {
		case s.ch <- e:
		default:
			b.removeLocked(s, ErrSlowConsumer)
		}
	}
}

func (b *Bus) prune(ctx context.Context) {
	err := b.db.AsSystem(ctx, "expired live events of every tenant are deleted together", func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM live_events WHERE created_at < now() - $1::interval`, b.opts.Retention.String())
		return err
	})
	if err != nil && ctx.Err() == nil {
		b.log.WarnContext(ctx, "live: prune failed", slog.Any("error", err))
	}
}

// Subscription receives the events of one tenant's chosen topics.
type Subscription struct {
	bus    *Bus
	tenant uuid.UUID
	topics map[string]bool
	ch     chan Event
	once   sync.Once
	err    error
}

// Events is closed when the subscription ends; Err then says why.
func (s *Subscription) Events() <-chan Event { return s.ch }

// Err is nil after a normal close, ErrSlowConsumer when it fell behind.
func (s *Subscription) Err() error {
	s.bus.mu.Lock()
	defer s.bus.mu.Unlock()
	return s.err
}

func (s *Subscription) wants(topic string) bool { return len(s.topics) == 0 || s.topics[topic] }

// Subscribe listens to the tenant on ctx; no topics means every topic. The
// subscription ends when ctx does.
func (b *Bus) Subscribe(ctx context.Context, topics ...string) (*Subscription, error) {
	tenantID, err := tenants.TenantFromContext(ctx)
	if err != nil {
		return nil, err
	}
	s := &Subscription{bus: b, tenant: tenantID, topics: map[string]bool{}, ch: make(chan Event, b.opts.Buffer)}
	for _, t := range topics {
		s.topics[t] = true
	}
	b.mu.Lock()
	if b.subs[tenantID] == nil {
		b.subs[tenantID] = map[*Subscription]struct{}{}
	}
	b.subs[tenantID][s] = struct{}{}
	b.mu.Unlock()
	go func() {
		<-ctx.Done()
		b.mu.Lock()
		b.removeLocked(s, nil)
		b.mu.Unlock()
	}()
	return s, nil
}

func (b *Bus) removeLocked(s *Subscription, reason error) {
	s.once.Do(func() {
		s.err = reason
		delete(b.subs[s.tenant], s)
		if len(b.subs[s.tenant]) == 0 {
			delete(b.subs, s.tenant)
		}
		close(s.ch)
	})
}

func (b *Bus) closeAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, set := range b.subs {
		for s := range set {
			b.removeLocked(s, nil)
		}
	}
}

// Subscribers counts this node's open subscriptions, for metrics.
func (b *Bus) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, set := range b.subs {
		n += len(set)
	}
	return n
}
