package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// ResealSecrets rewrites every tenant's channel credentials that are stored
// in plain text or under an old sealing key, sealed under the current one,
// and returns how many it rewrote. A row it cannot open (its key is no longer
// configured) is left as it is and reported. Rows another transaction holds
// are skipped: whoever holds them is writing them sealed already.
func (s *Service) ResealSecrets(ctx context.Context) (int, error) {
	if s.Sealer == nil {
		return 0, nil
	}
	resealed := 0
	var problems []error
	err := s.DB.AsSystem(ctx, "channel credentials of every tenant are re-sealed under the current key", func(tx pgx.Tx) error {
		// Only rows not yet under the current key are read and locked: at
		// most starts, none.
		rows, err := tx.Query(ctx, `SELECT id, secrets FROM channels
			WHERE jsonb_typeof(secrets) <> 'string' OR NOT starts_with(secrets #>> '{}', $1)
			FOR UPDATE SKIP LOCKED`, s.Sealer.CurrentPrefix())
		if err != nil {
			return err
		}
		type stored struct {
			id    uuid.UUID
			value []byte
		}
		all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (stored, error) {
			var st stored
			return st, r.Scan(&st.id, &st.value)
		})
		if err != nil {
			return err
		}
		for _, st := range all {
			value := string(st.value)
			if sealed, ok := sealedSecrets(st.value); ok {
				value = sealed
			}
			next, changed, err := s.Sealer.Reseal(value, "channels:"+st.id.String())
			if err != nil {
				problems = append(problems, fmt.Errorf("channel %s: %w", st.id, err))
				continue
			}
			if !changed {
				continue
			}
			asJSON, err := json.Marshal(next)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE channels SET secrets = $2 WHERE id = $1`, st.id, asJSON); err != nil {
				return err
			}
			resealed++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("reseal channel credentials: %w", err)
	}
	return resealed, errors.Join(problems...)
}
