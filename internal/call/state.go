package call

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/webhook"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// What the agent hears when the customer's leg does not connect.
var announcements = map[voice.Status]string{
	voice.StatusBusy:     "The customer is busy. Please try again later.",
	voice.StatusNoAnswer: "The customer did not answer.",
	voice.StatusFailed:   "The call to the customer could not be connected.",
}

// legReport is one report about a leg's status, from the carrier's callback,
// the media node, or ourselves (a leg canceled before dialing).
type legReport struct {
	LegID  uuid.UUID
	Status voice.Status
	Reason string
	At     time.Time
}

// applyLeg moves a leg forward and draws the call's consequences, in tx. A
// report that does not move the leg forward (repeated, late, out of order)
// changes nothing. The call row is locked first, so two reports about the two
// legs of one call are applied one after the other.
func (s *Service) applyLeg(ctx context.Context, tx pgx.Tx, r legReport) error {
	if !r.Status.Valid() {
		return fmt.Errorf("apply leg status: unknown status %q", r.Status)
	}
	var callID uuid.UUID
	if err := tx.QueryRow(ctx, `SELECT call_id FROM call_legs WHERE id = $1`, r.LegID).Scan(&callID); err != nil {
		return fmt.Errorf("apply leg status: %w", notFound(err))
	}
	c, err := loadCall(ctx, tx, callID, true)
	if err != nil {
		return err
	}
	leg, err := scanLeg(tx.QueryRow(ctx, `SELECT `+legColumns+` FROM call_legs WHERE id = $1 FOR UPDATE`, r.LegID))
	if err != nil {
		return err
	}
	if r.Status.Rank() <= leg.Status.Rank() {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE call_legs SET status = $2,
		answered_at = CASE WHEN $2 = 'in-progress' THEN coalesce(answered_at, $3) ELSE answered_at END,
		ended_at = CASE WHEN $4 THEN $3 ELSE ended_at END,
		end_reason = CASE WHEN $4 THEN NULLIF(left($5, 500), '') ELSE end_reason END,
		updated_at = now() WHERE id = $1`, leg.ID, string(r.Status), r.At, r.Status.Final(), r.Reason); err != nil {
		return fmt.Errorf("update leg: %w", err)
	}
	if err := addEvent(ctx, tx, callID, &leg.ID, EventKindLegStatus, string(r.Status), r.Reason, "", r.At); err != nil {
		return err
	}
	// The one live event of the change: what follows (the call's status, its
	// end, the other leg) is in this transaction and read after it commits.
	if err := live.Publish(ctx, tx, TopicCall, callID); err != nil {
		return err
	}
	legs, err := loadLegs(ctx, tx, callID)
	if err != nil {
		return err
	}
	var other *Leg
	for i := range legs {
		if legs[i].ID != leg.ID {
			other = &legs[i]
		}
	}
	if leg.Role == voice.RoleAgent {
		err = s.agentLegMoved(ctx, tx, c, other, r)
	} else {
		err = s.customerLegMoved(ctx, tx, c, other, r)
	}
	if err != nil {
		return err
	}
	return s.maybeFinish(ctx, tx, callID, r.At)
}

func (s *Service) agentLegMoved(ctx context.Context, tx pgx.Tx, c Call, customer *Leg, r legReport) error {
	switch r.Status {
	case voice.StatusRinging:
		return s.setCallStatus(ctx, tx, c, voice.StatusRinging, "", r.At)
	case voice.StatusInProgress:
		// The agent picked up: ring the customer, on the same node. A carrier
		// that skipped "ringing" still leaves the call ringing meanwhile.
		if err := s.setCallStatus(ctx, tx, c, voice.StatusRinging, "", r.At); err != nil {
			return err
		}
		if c.Status.Final() || c.HangupRequested != nil || customer != nil {
			return nil
		}
		return s.newLeg(ctx, tx, c.ID, uuid.New(), voice.RoleCustomer, c.CustomerNumber)
	}
	// The agent's leg ended.
	to := r.Status
	switch {
	case c.Status == voice.StatusInProgress:
		to = voice.StatusCompleted
	case r.Status == voice.StatusCompleted || c.HangupRequested != nil:
		// The agent hung up before the customer answered.
		to = voice.StatusCanceled
	}
	if err := s.setCallStatus(ctx, tx, c, to, r.Reason, r.At); err != nil {
		return err
	}
	return s.endLeg(ctx, tx, c.ID, customer, "the agent's leg ended", r.At)
}

func (s *Service) customerLegMoved(ctx context.Context, tx pgx.Tx, c Call, agent *Leg, r legReport) error {
	switch r.Status {
	case voice.StatusRinging:
		return nil // the call has been ringing since the agent's phone rang
	case voice.StatusInProgress:
		return s.setCallStatus(ctx, tx, c, voice.StatusInProgress, "", r.At)
	}
	if c.Status == voice.StatusInProgress {
		if err := s.setCallStatus(ctx, tx, c, voice.StatusCompleted, r.Reason, r.At); err != nil {
			return err
		}
		return s.endLeg(ctx, tx, c.ID, agent, "the customer's leg ended", r.At)
	}
	if c.Status.Final() {
		return nil
	}
	// Busy, no answer, failed; or answered and gone before anyone reported
	// the answer (completed), or canceled.
	if err := s.setCallStatus(ctx, tx, c, r.Status, r.Reason, r.At); err != nil {
		return err
	}
	if say, ok := announcements[r.Status]; ok && agent != nil && !agent.Status.Final() {
		tenantID, err := tenants.TenantFromContext(ctx)
		if err != nil {
			return err
		}
		_, err = s.Jobs.InsertTx(ctx, tx, jobargs.CallLegAnnounce{TenantID: tenantID, CallID: c.ID, LegID: agent.ID, Say: say},
			&river.InsertOpts{Queue: jobargs.QueueCalls, MaxAttempts: controlMaxAttempts})
		if err != nil {
			return fmt.Errorf("enqueue announce: %w", err)
		}
		return nil
	}
	return s.endLeg(ctx, tx, c.ID, agent, "the customer's leg ended", r.At)
}

// endLeg ends the other leg of a call whose one leg ended: a leg not dialed
// yet is canceled here, a dialed one is hung up through the carrier.
func (s *Service) endLeg(ctx context.Context, tx pgx.Tx, callID uuid.UUID, l *Leg, reason string, at time.Time) error {
	if l == nil || l.Status.Final() {
		return nil
	}
	if !l.dialed {
		return s.applyLeg(ctx, tx, legReport{LegID: l.ID, Status: voice.StatusCanceled, Reason: reason, At: at})
	}
	return s.enqueueHangup(ctx, tx, callID, l.ID)
}

func (s *Service) enqueueHangup(ctx context.Context, tx pgx.Tx, callID, legID uuid.UUID) error {
	tenantID, err := tenants.TenantFromContext(ctx)
	if err != nil {
		return err
	}
	_, err = s.Jobs.InsertTx(ctx, tx, jobargs.CallLegHangup{TenantID: tenantID, CallID: callID, LegID: legID},
		&river.InsertOpts{Queue: jobargs.QueueCalls, MaxAttempts: 5})
	if err != nil {
		return fmt.Errorf("enqueue hangup: %w", err)
	}
	return nil
}

// setCallStatus moves the call forward (never back; the first final status
// stays). c is the call as it stands in tx: the callers (applyLeg's moves and
// maybeFinish) read it, locked, and have not changed it since. A non-final
// status is announced at once; a final one when the last leg has ended
// (maybeFinish), so that its callback carries the duration.
func (s *Service) setCallStatus(ctx context.Context, tx pgx.Tx, c Call, to voice.Status, reason string, at time.Time) error {
	if to.Rank() <= c.Status.Rank() {
		return nil
	}
	now, err := scanCall(tx.QueryRow(ctx, `UPDATE calls SET status = $2,
		answered_at = CASE WHEN $2 = 'in-progress' THEN coalesce(answered_at, $3) ELSE answered_at END,
		end_reason = CASE WHEN $4 THEN NULLIF(left($5, 500), '') ELSE end_reason END,
		updated_at = now() WHERE id = $1 RETURNING `+callColumns, c.ID, string(to), at, to.Final(), reason))
	if err != nil {
		return fmt.Errorf("update call status: %w", err)
	}
	if err := addEvent(ctx, tx, c.ID, nil, EventKindCallStatus, string(to), reason, "", at); err != nil {
		return err
	}
	if to.Final() {
		return nil
	}
	return s.announce(ctx, tx, now, string(c.Status))
}

// maybeFinish closes a call whose legs have all ended: end time, duration,
// billable seconds, then the final status's announcements.
func (s *Service) maybeFinish(ctx context.Context, tx pgx.Tx, callID uuid.UUID, at time.Time) error {
	c, err := loadCall(ctx, tx, callID, false)
	if err != nil || c.EndedAt != nil {
		return err
	}
	legs, err := loadLegs(ctx, tx, callID)
	if err != nil {
		return err
	}
	billable := 0
	for _, l := range legs {
		if !l.Status.Final() {
			return nil
		}
		if l.AnsweredAt != nil && l.EndedAt != nil {
			billable += ceilSeconds(l.EndedAt.Sub(*l.AnsweredAt))
		}
	}
	if !c.Status.Final() {
		// Every leg ended without a final call status: only possible when a
		// leg was canceled before it rang.
		if err := s.setCallStatus(ctx, tx, c, voice.StatusCanceled, "", at); err != nil {
			return err
		}
	}
	var duration *int
	if c.AnsweredAt != nil {
		d := ceilSeconds(at.Sub(*c.AnsweredAt))
		duration = &d
	}
	final, err := scanCall(tx.QueryRow(ctx, `UPDATE calls SET ended_at = $2, duration_seconds = $3, billable_seconds = $4, updated_at = now()
		WHERE id = $1 RETURNING `+callColumns, callID, at, duration, billable))
	if err != nil {
		return fmt.Errorf("finish call: %w", err)
	}
	previous := ""
	if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT status FROM call_events WHERE call_id = $1 AND kind = $2 AND status <> $3
		ORDER BY at DESC, created_at DESC LIMIT 1), '')`, callID, EventKindCallStatus, string(final.Status)).Scan(&previous); err != nil {
		return err
	}
	return s.announce(ctx, tx, final, previous)
}

func ceilSeconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int(math.Ceil(d.Seconds()))
}

func notFound(err error) error {
	if err == pgx.ErrNoRows { //nolint:errorlint // pgx returns the sentinel itself
		return ErrNotFound
	}
	return err
}

// announce tells the tenant's CRM webhooks and the call's own status callback
// URL that the call reached its current status, in tx.
func (s *Service) announce(ctx context.Context, tx pgx.Tx, c Call, previous string) error {
	data := callData(c, previous)
	eventType := "call." + string(c.Status)
	if err := webhook.Emit(ctx, tx, s.Jobs, eventType, data); err != nil {
		return err
	}
	if c.CallbackURL == "" {
		return nil
	}
	// The same envelope and data as the call.* CRM webhooks.
	body, err := webhook.Encode(eventType, s.clock(), data)
	if err != nil {
		return err
	}
	msgID, err := webhook.NewMessageID()
	if err != nil {
		return err
	}
	id := uuid.New()
	if _, err := tx.Exec(ctx, `INSERT INTO call_callbacks (id, tenant_id, call_id, message_id, event_type, payload)
		VALUES ($1, current_setting('app.tenant_id')::uuid, $2, $3, $4, $5)`, id, c.ID, msgID, eventType, body); err != nil {
		return fmt.Errorf("insert status callback: %w", err)
	}
	tenantID, err := tenants.TenantFromContext(ctx)
	if err != nil {
		return err
	}
	_, err = s.Jobs.InsertTx(ctx, tx, jobargs.CallCallbackDeliver{TenantID: tenantID, CallbackID: id},
		&river.InsertOpts{Queue: jobargs.QueueCalls, MaxAttempts: CallbackMaxAttempts})
	if err != nil {
		return fmt.Errorf("enqueue status callback: %w", err)
	}
	return nil
}

func callData(c Call, previous string) webhook.CallData {
	return webhook.CallData{ID: c.ID, Direction: c.Direction, Status: string(c.Status), PreviousStatus: previous,
		ContactID: c.ContactID, ConversationID: c.ConversationID, AgentID: c.AgentID, From: c.CallerID, To: c.CustomerNumber,
		Reason: c.EndReason, CreatedAt: c.CreatedAt, AnsweredAt: c.AnsweredAt, EndedAt: c.EndedAt,
		DurationSeconds: c.DurationSeconds, BillableSeconds: c.BillableSeconds}
}
