package live

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/tenants"
)

// BenchmarkCommitWithLiveEvent compares three ways a business transaction can
// commit under concurrency, all measured in the same run:
//
//   - plain: the business write alone (the baseline);
//   - notify_in_tx: the write plus pg_notify inside the transaction, which takes
//     PostgreSQL's global notify lock at commit;
//   - event_row: the write plus a live_events row, and a coalesced wake-up after
//     commit (what Publish and Bus.Wake do).
//
// It prints each as a ratio of the baseline's throughput.
func BenchmarkCommitWithLiveEvent(b *testing.B) {
	d := dbtest.New(b)
	tenantID := uuid.New()
	ctx := tenants.ForJob(context.Background(), tenantID)
	if err := d.InTenantTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO tenants (id, name) VALUES ($1, 'bench')`, tenantID)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	bus := New(d.DB, Opts{PollInterval: time.Hour})
	runCtx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go bus.Run(runCtx) //nolint:errcheck // ends with the benchmark
	<-bus.Started()

	write := func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, 'bench')`, uuid.New(), tenantID)
		return err
	}
	variants := []struct {
		name string
		tx   func() error
	}{
		{"plain", func() error { return d.InTenantTx(ctx, write) }},
		{"notify_in_tx", func() error {
			return d.InTenantTx(ctx, func(tx pgx.Tx) error {
				if err := write(tx); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, `SELECT pg_notify('bench_live', $1)`, uuid.NewString())
				return err
			})
		}},
		{"event_row", func() error {
			err := d.InTenantTx(ctx, func(tx pgx.Tx) error {
				if err := write(tx); err != nil {
					return err
				}
				return Publish(ctx, tx, "bench", tenantID)
			})
			bus.Wake()
			return err
		}},
	}
	perOp := map[string]float64{}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			var failed atomic.Value
			b.SetParallelism(8)
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := v.tx(); err != nil {
						failed.Store(err)
					}
				}
			})
			if err, _ := failed.Load().(error); err != nil {
				b.Fatal(err)
			}
			perOp[v.name] = float64(time.Since(start)) / float64(b.N)
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "tx/s")
		})
	}
	if base := perOp["plain"]; base > 0 {
		for _, v := range variants[1:] {
			if perOp[v.name] > 0 {
				fmt.Printf("live: %s throughput = %.2fx of plain commits\n", v.name, base/perOp[v.name])
			}
		}
	}
}
