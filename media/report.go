package media

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/switchboard/switchboard/jobs/jobargs"
)

// Inserter is the part of an insert-only River client the node uses.
type Inserter interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// Reporter takes the node's reports about legs. Report never blocks the
// media path.
type Reporter interface {
	Report(ev jobargs.CallMediaEvent)
}

// RiverReporter inserts each report as a jobargs.CallMediaEvent job on the
// calls queue, from one goroutine, in order, retrying while PostgreSQL is
// unreachable. Its queue is bounded: when the database is down for long,
// the oldest reports are dropped (and logged) rather than the node's memory
// growing without end.
type RiverReporter struct {
	ins    Inserter
	log    *slog.Logger
	ch     chan jobargs.CallMediaEvent
	done   chan struct{}
	mu     sync.RWMutex
	closed bool
}

// NewRiverReporter starts a reporter over ins; Close drains it.
func NewRiverReporter(ins Inserter, log *slog.Logger) *RiverReporter {
	r := &RiverReporter{ins: ins, log: log, ch: make(chan jobargs.CallMediaEvent, 4096), done: make(chan struct{})}
	go r.run()
	return r
}

// Report queues ev for insertion.
func (r *RiverReporter) Report(ev jobargs.CallMediaEvent) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.closed {
		r.log.Error("media report after Close: dropped", slog.String("call_id", ev.CallID.String()), slog.String("event", ev.Event))
		return
	}
	for {
		select {
		case r.ch <- ev:
			return
		default:
		}
		select {
		case old := <-r.ch:
			r.log.Error("media report queue full: dropping the oldest report", slog.String("call_id", old.CallID.String()),
				slog.String("leg_id", old.LegID.String()), slog.String("event", old.Event))
		default:
		}
	}
}

func (r *RiverReporter) run() {
	defer close(r.done)
	for ev := range r.ch {
		for attempt := 0; ; attempt++ {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			_, err := r.ins.Insert(ctx, ev, &river.InsertOpts{Queue: jobargs.QueueCalls})
			cancel()
			if err == nil {
				break
			}
			if attempt >= 20 {
				r.log.Error("media report lost after retries", slog.Any("error", err),
					slog.String("call_id", ev.CallID.String()), slog.String("event", ev.Event))
				break
			}
			r.log.Warn("media report insert failed; retrying", slog.Any("error", err), slog.Int("attempt", attempt+1))
			time.Sleep(min(time.Duration(attempt+1)*250*time.Millisecond, 3*time.Second))
		}
	}
}

// Close inserts what is queued and stops.
func (r *RiverReporter) Close() {
	r.mu.Lock()
	if !r.closed {
		r.closed = true
		close(r.ch)
	}
	r.mu.Unlock()
	<-r.done
}
