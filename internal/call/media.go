package call

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// MediaEventWorker applies what a media node reports about a leg.
type MediaEventWorker struct {
	river.WorkerDefaults[jobargs.CallMediaEvent]
	Calls *Service
}

// Work applies one report in one tenant transaction. A report about an
// unknown leg, or a leg of another call, is cancelled: the node's args are
// signed by nobody, and River's tables are global.
func (w *MediaEventWorker) Work(ctx context.Context, job *river.Job[jobargs.CallMediaEvent]) error {
	s := w.Calls
	a := job.Args
	at, err := time.Parse(time.RFC3339Nano, a.At)
	if err != nil {
		at = s.clock()
	}
	// The job id identifies the report: a job run twice adds one event.
	source := "media:" + strconv.FormatInt(job.ID, 10)
	err = s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		leg, err := scanLeg(tx.QueryRow(ctx, `SELECT `+legColumns+` FROM call_legs WHERE id = $1 AND call_id = $2`, a.LegID, a.CallID))
		if err != nil {
			return err
		}
		// Lock the call first, as applyLeg does.
		if _, err := loadCall(ctx, tx, a.CallID, true); err != nil {
			return err
		}
		switch a.Event {
		case jobargs.MediaLegAnswered:
			return s.applyLeg(ctx, tx, legReport{LegID: leg.ID, Status: voice.StatusInProgress, At: at})
		case jobargs.MediaLegEnded:
			if err := addEvent(ctx, tx, a.CallID, &leg.ID, EventKindStreamEnded, "", a.Reason, source, at); err != nil {
				return ignoreDuplicate(err)
			}
			// A stream ends only after it started: the leg was answered.
			if leg.Status != voice.StatusInProgress {
				return nil
			}
			return s.applyLeg(ctx, tx, legReport{LegID: leg.ID, Status: voice.StatusCompleted, Reason: a.Reason, At: at})
		case jobargs.MediaLegBridged:
			return ignoreDuplicate(s.noteEvent(ctx, tx, a.CallID, &leg, EventKindBridged, "", source, at))
		case jobargs.MediaLegDTMF:
			if len(a.Digit) != 1 {
				return fmt.Errorf("dtmf: %w", errBadMediaEvent)
			}
			return ignoreDuplicate(s.noteEvent(ctx, tx, a.CallID, &leg, EventKindDTMF, a.Digit, source, at))
		case jobargs.MediaLegStreamDropped:
			return ignoreDuplicate(s.noteEvent(ctx, tx, a.CallID, &leg, EventKindStreamDropped, a.Reason, source, at))
		case jobargs.MediaRecordingReady:
			if !validRecordingKey(ctx, a.RecordingKey, a.CallID) {
				return fmt.Errorf("recording key: %w", errBadMediaEvent)
			}
			if err := s.noteEvent(ctx, tx, a.CallID, nil, EventKindRecording, strconv.FormatFloat(a.RecordingSeconds, 'f', 1, 64)+" s", source, at); err != nil {
				return ignoreDuplicate(err)
			}
			_, err := tx.Exec(ctx, `UPDATE calls SET recording_key = $2, recording_seconds = $3, updated_at = now() WHERE id = $1`,
				a.CallID, a.RecordingKey, a.RecordingSeconds)
			return err
		}
		return fmt.Errorf("event %q: %w", a.Event, errBadMediaEvent)
	})
	if errors.Is(err, ErrNotFound) || errors.Is(err, errBadMediaEvent) {
		return river.JobCancel(fmt.Errorf("media event for leg %s: %w", a.LegID, err))
	}
	if err != nil {
		return err
	}
	s.wake()
	return nil
}

var errBadMediaEvent = errors.New("malformed media event")

// noteEvent adds a timeline entry and wakes the call's subscribers.
func (s *Service) noteEvent(ctx context.Context, tx pgx.Tx, callID uuid.UUID, leg *Leg, kind, detail, source string, at time.Time) error {
	var legID *uuid.UUID
	if leg != nil {
		legID = &leg.ID
	}
	if err := addEvent(ctx, tx, callID, legID, kind, "", detail, source, at); err != nil {
		return err
	}
	return live.Publish(ctx, tx, TopicCall, callID)
}

func ignoreDuplicate(err error) error {
	if errors.Is(err, errDuplicate) {
		return nil
	}
	return err
}

// validRecordingKey accepts only the key the descriptor named for the call.
func validRecordingKey(ctx context.Context, key string, callID uuid.UUID) bool {
	tenantID, err := tenants.TenantFromContext(ctx)
	return err == nil && key == RecordingKey(tenantID, callID)
}
