package webhook

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// ResealSecrets rewrites every tenant's endpoint signing secrets (current and
// previous) that are stored in plain text or under an old sealing key, sealed
// under the current one, and returns how many endpoints it rewrote. An
// endpoint it cannot open is left as it is and reported; rows another
// transaction holds are skipped.
func (s *Service) ResealSecrets(ctx context.Context) (int, error) {
	if s.Sealer == nil {
		return 0, nil
	}
	resealed := 0
	var problems []error
	err := s.DB.AsSystem(ctx, "webhook signing secrets of every tenant are re-sealed under the current key", func(tx pgx.Tx) error {
		// Only rows not yet under the current key are read and locked: at
		// most starts, none.
		rows, err := tx.Query(ctx, `SELECT id, secret, previous_secret FROM webhook_endpoints
			WHERE NOT starts_with(secret, $1) OR NOT starts_with(coalesce(previous_secret, $1), $1)
			FOR UPDATE SKIP LOCKED`, s.Sealer.CurrentPrefix())
		if err != nil {
			return err
		}
		type stored struct {
			id               uuid.UUID
			secret, previous string
			hasPrevious      bool
		}
		all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (stored, error) {
			var st stored
			var previous *string
			err := r.Scan(&st.id, &st.secret, &previous)
			if previous != nil {
				st.previous, st.hasPrevious = *previous, true
			}
			return st, err
		})
		if err != nil {
			return err
		}
		for _, st := range all {
			bind := "webhook_endpoints:" + st.id.String()
			secret, changedSecret, err := s.Sealer.Reseal(st.secret, bind)
			if err != nil {
				problems = append(problems, fmt.Errorf("endpoint %s: secret: %w", st.id, err))
				continue
			}
			var previous *string
			changedPrevious := false
			if st.hasPrevious {
				p, changed, err := s.Sealer.Reseal(st.previous, bind)
				if err != nil {
					problems = append(problems, fmt.Errorf("endpoint %s: previous secret: %w", st.id, err))
					continue
				}
				previous, changedPrevious = &p, changed
			}
			if !changedSecret && !changedPrevious {
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE webhook_endpoints SET secret = $2, previous_secret = $3 WHERE id = $1`,
				st.id, secret, previous); err != nil {
				return err
			}
			resealed++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("reseal webhook secrets: %w", err)
	}
	return resealed, errors.Join(problems...)
}
