package call

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

const (
	// dialMaxAttempts bounds retries of a carrier that is down; a leg that
	// cannot be placed fails the call.
	dialMaxAttempts = 3
	// controlMaxAttempts bounds attempts at reaching a node's control URL
	// before the leg is hung up through the carrier instead.
	controlMaxAttempts = 3
	// streamTokenTTL covers ringing, the whole conversation, and a resume
	// after a dropped stream (the carrier reconnects with the same token).
	streamTokenTTL = 4 * time.Hour
	// nodeFreshness: a node whose last heartbeat is older is not live.
	nodeFreshness = 15 * time.Second
	// ringTimeout is how long a carrier rings a leg; legTimeoutGrace is
	// how much longer we wait for it to say so before ending the leg
	// ourselves (call_leg_timeout).
	ringTimeout     = 30 * time.Second
	legTimeoutGrace = 30 * time.Second
)

// node is a media node as the registry knows it.
type node struct {
	ID         string
	StreamURL  string
	ControlURL string
}

// pickNode takes the least-loaded live node, counting legs assigned since
// its last heartbeat, and counts this one.
func pickNode(ctx context.Context, tx pgx.Tx) (node, bool, error) {
	var n node
	err := tx.QueryRow(ctx, `UPDATE media_nodes SET assigned = assigned + 1 WHERE id = (
			SELECT id FROM media_nodes
			WHERE last_seen_at > now() - make_interval(secs => $1) AND NOT draining AND active + assigned < capacity
			ORDER BY (active + assigned)::float8 / capacity, last_seen_at DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING id, stream_url, control_url`, nodeFreshness.Seconds()).Scan(&n.ID, &n.StreamURL, &n.ControlURL)
	if errors.Is(err, pgx.ErrNoRows) {
		return n, false, nil
	}
	return n, err == nil, err
}

// nodeByID returns a node that is still live (draining or not: a draining
// node finishes its own calls).
func nodeByID(ctx context.Context, tx pgx.Tx, id string) (node, bool, error) {
	n := node{ID: id}
	err := tx.QueryRow(ctx, `UPDATE media_nodes SET assigned = assigned + 1
		WHERE id = $1 AND last_seen_at > now() - make_interval(secs => $2) RETURNING stream_url, control_url`,
		id, nodeFreshness.Seconds()).Scan(&n.StreamURL, &n.ControlURL)
	if errors.Is(err, pgx.ErrNoRows) {
		return n, false, nil
	}
	return n, err == nil, err
}

// nodeControlURL returns a node's control URL, fresh or not.
func nodeControlURL(ctx context.Context, tx pgx.Tx, id string) (string, error) {
	var u string
	err := tx.QueryRow(ctx, `SELECT control_url FROM media_nodes WHERE id = $1`, id).Scan(&u)
	return u, notFound(err)
}

// DialWorker places one leg through the carrier.
type DialWorker struct {
	river.WorkerDefaults[jobargs.CallLegDial]
	Calls *Service
}

// Timeout bounds one attempt.
func (w *DialWorker) Timeout(*river.Job[jobargs.CallLegDial]) time.Duration { return 30 * time.Second }

// NextRetry retries a carrier outage quickly: a ringing phone is waited on.
func (w *DialWorker) NextRetry(job *river.Job[jobargs.CallLegDial]) time.Time {
	return w.Calls.clock().Add(time.Duration(job.Attempt) * 2 * time.Second)
}

// noNodeWait is how long a new call waits for a live media node before it
// fails: long enough for a node that is starting to send its first heartbeat
// (every 5 s), short enough that the agent is not left waiting on nothing.
const noNodeWait = 12 * time.Second

// Work prepares the leg in one transaction (node, stream token), dials
// outside any transaction, and records the carrier's id in another. A leg
// that was canceled or whose call ended meanwhile is not dialed, or is hung
// up at once if the carrier already has it.
func (w *DialWorker) Work(ctx context.Context, job *river.Job[jobargs.CallLegDial]) error {
	s := w.Calls
	a := job.Args
	var params voice.DialParams
	var skip, waitForNode bool
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		c, err := loadCall(ctx, tx, a.CallID, true)
		if err != nil {
			return err
		}
		leg, err := scanLeg(tx.QueryRow(ctx, `SELECT `+legColumns+` FROM call_legs WHERE id = $1 AND call_id = $2 FOR UPDATE`, a.LegID, a.CallID))
		if err != nil {
			return err
		}
		now := s.clock()
		switch {
		case leg.dialed || leg.Status.Final():
			skip = true
			return nil
		case c.Status.Final() || c.HangupRequested != nil:
			skip = true
			return s.applyLeg(ctx, tx, legReport{LegID: leg.ID, Status: voice.StatusCanceled, Reason: "the call ended before this leg was dialed", At: now})
		}
		var n node
		var ok bool
		if c.NodeID == "" {
			n, ok, err = pickNode(ctx, tx)
		} else {
			n, ok, err = nodeByID(ctx, tx, c.NodeID)
		}
		if err != nil {
			return fmt.Errorf("pick media node: %w", err)
		}
		if !ok && now.Sub(c.CreatedAt) < noNodeWait {
			// A node that just started (or restarted) has not reported yet:
			// wait for its first heartbeat rather than fail the call.
			waitForNode = true
			return nil
		}
		if !ok {
			skip = true
			if err := addEvent(ctx, tx, c.ID, &leg.ID, EventKindNoNode, "", "no live media node", "", now); err != nil {
				return err
			}
			return s.applyLeg(ctx, tx, legReport{LegID: leg.ID, Status: voice.StatusFailed, Reason: "no media node available", At: now})
		}
		tenantID, err := tenants.TenantFromContext(ctx)
		if err != nil {
			return err
		}
		token, err := s.Signer.Sign(voice.StreamClaims{TenantID: tenantID.String(), CallID: c.ID.String(), LegID: leg.ID.String(), NodeID: n.ID}, streamTokenTTL)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE calls SET node_id = $2, updated_at = now() WHERE id = $1 AND node_id IS NULL`, c.ID, n.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE call_legs SET node_id = $2, dialed_at = $3, stream_token_issued_at = $3, updated_at = now()
			WHERE id = $1`, leg.ID, n.ID, now); err != nil {
			return err
		}
		params = voice.DialParams{
			From:              c.CallerID,
			To:                leg.Number,
			StreamURL:         s.streamURL(n.StreamURL, token),
			StatusCallbackURL: s.statusCallbackURL(leg.ID),
			RingTimeout:       ringTimeout,
		}
		return nil
	})
	if errors.Is(err, ErrNotFound) {
		return river.JobCancel(fmt.Errorf("dial leg %s: not found", a.LegID))
	}
	if err == nil && waitForNode {
		return river.JobSnooze(time.Second)
	}
	if err != nil || skip {
		return err
	}

	placed, dialErr := s.Carrier.Dial(ctx, params)

	var hangup bool
	err = s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		c, err := loadCall(ctx, tx, a.CallID, true)
		if err != nil {
			return err
		}
		now := s.clock()
		if dialErr != nil {
			if errors.Is(dialErr, voice.ErrRejected) || job.Attempt >= dialMaxAttempts {
				return s.applyLeg(ctx, tx, legReport{LegID: a.LegID, Status: voice.StatusFailed, Reason: "carrier: " + dialErr.Error(), At: now})
			}
			// Let the retry dial again.
			_, err := tx.Exec(ctx, `UPDATE call_legs SET dialed_at = NULL WHERE id = $1 AND carrier_call_id IS NULL`, a.LegID)
			return err
		}
		leg, err := scanLeg(tx.QueryRow(ctx, `UPDATE call_legs SET carrier_call_id = coalesce(carrier_call_id, $2), updated_at = now()
			WHERE id = $1 RETURNING `+legColumns, a.LegID, placed.CarrierCallID))
		if err != nil {
			return fmt.Errorf("store carrier call id: %w", err)
		}
		if leg.CarrierCallID != placed.CarrierCallID {
			s.logger().WarnContext(ctx, "carrier call id differs from the one its callback named", slog.String("leg_id", a.LegID.String()))
		}
		if leg.Status.Final() || c.Status.Final() || c.HangupRequested != nil {
			hangup = !leg.Status.Final() || leg.Status == voice.StatusCanceled
			return nil
		}
		tenantID, err := tenants.TenantFromContext(ctx)
		if err != nil {
			return err
		}
		if _, err := s.Jobs.InsertTx(ctx, tx, jobargs.CallLegTimeout{TenantID: tenantID, CallID: a.CallID, LegID: a.LegID},
			&river.InsertOpts{Queue: jobargs.QueueCalls, ScheduledAt: now.Add(ringTimeout + legTimeoutGrace), MaxAttempts: 5}); err != nil {
			return fmt.Errorf("enqueue leg timeout: %w", err)
		}
		if placed.Status.Valid() {
			return s.applyLeg(ctx, tx, legReport{LegID: a.LegID, Status: placed.Status, At: now})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if dialErr != nil && !errors.Is(dialErr, voice.ErrRejected) && job.Attempt < dialMaxAttempts {
		return fmt.Errorf("dial leg %s: %w", a.LegID, dialErr)
	}
	if dialErr == nil {
		s.wake()
	}
	if hangup {
		if err := s.Carrier.Hangup(ctx, placed.CarrierCallID); err != nil {
			return fmt.Errorf("hang up leg %s: %w", a.LegID, err)
		}
	}
	return nil
}

// streamURL is where the carrier connects a leg's audio, the token in the
// query; Twilio's <Stream> takes no query string (it would turn it into
// custom parameters, after the upgrade), so it gets the token in the path,
// which the node accepts too.
func (s *Service) streamURL(nodeURL, token string) string {
	base := strings.TrimRight(nodeURL, "/") + "/v1/stream"
	if s.carrierName() == "twilio" {
		return base + "/" + url.PathEscape(token)
	}
	return base + "?token=" + url.QueryEscape(token)
}

func (s *Service) statusCallbackURL(legID uuid.UUID) string {
	return strings.TrimRight(s.PublicURL, "/") + "/hooks/voice/" + s.carrierName() + "?leg=" + legID.String()
}

// HangupWorker ends a leg through the carrier.
type HangupWorker struct {
	river.WorkerDefaults[jobargs.CallLegHangup]
	Calls *Service
}

// Work asks the carrier to end the leg; the carrier's callback then reports
// the leg completed or canceled.
func (w *HangupWorker) Work(ctx context.Context, job *river.Job[jobargs.CallLegHangup]) error {
	s := w.Calls
	var carrierID string
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		leg, err := scanLeg(tx.QueryRow(ctx, `SELECT `+legColumns+` FROM call_legs WHERE id = $1`, job.Args.LegID))
		if err != nil {
			return err
		}
		if leg.Status.Final() {
			return nil
		}
		if leg.CarrierCallID == "" {
			// The dial job hangs it up when it learns the carrier's id.
			return nil
		}
		carrierID = leg.CarrierCallID
		return nil
	})
	if errors.Is(err, ErrNotFound) {
		return river.JobCancel(err)
	}
	if err != nil || carrierID == "" {
		return err
	}
	if err := s.Carrier.Hangup(ctx, carrierID); err != nil {
		return fmt.Errorf("hang up leg %s: %w", job.Args.LegID, err)
	}
	return nil
}

// AnnounceWorker has the media node running a leg say a sentence and hang up.
type AnnounceWorker struct {
	river.WorkerDefaults[jobargs.CallLegAnnounce]
	Calls *Service
}

// Work POSTs a signed ControlCommand to the node. When the node cannot be
// reached after the last attempt, the leg is hung up through the carrier, so
// the agent is never left on an open line.
func (w *AnnounceWorker) Work(ctx context.Context, job *river.Job[jobargs.CallLegAnnounce]) error {
	s := w.Calls
	var controlURL, carrierID string
	var final bool
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		leg, err := scanLeg(tx.QueryRow(ctx, `SELECT `+legColumns+` FROM call_legs WHERE id = $1`, job.Args.LegID))
		if err != nil {
			return err
		}
		final, carrierID = leg.Status.Final(), leg.CarrierCallID
		if final || leg.NodeID == "" {
			return nil
		}
		controlURL, err = nodeControlURL(ctx, tx, leg.NodeID)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return river.JobCancel(err)
	}
	if err != nil || final {
		return err
	}
	sendErr := errors.New("the leg's media node is unknown")
	if controlURL != "" {
		sendErr = s.control(ctx, controlURL, voice.ControlCommand{LegID: job.Args.LegID.String(), Say: job.Args.Say, Hangup: true})
	}
	if sendErr == nil {
		return nil
	}
	if job.Attempt < controlMaxAttempts && controlURL != "" {
		return fmt.Errorf("announce to leg %s: %w", job.Args.LegID, sendErr)
	}
	s.logger().WarnContext(ctx, "media node unreachable; hanging the leg up through the carrier",
		slog.String("leg_id", job.Args.LegID.String()), slog.Any("error", sendErr))
	if carrierID == "" {
		return nil
	}
	if err := s.Carrier.Hangup(ctx, carrierID); err != nil {
		return fmt.Errorf("hang up leg %s: %w", job.Args.LegID, err)
	}
	return nil
}

// control sends one signed command to a node's control endpoint.
func (s *Service) control(ctx context.Context, controlURL string, cmd voice.ControlCommand) error {
	token, err := s.Signer.Sign(cmd, 30*time.Second)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(controlURL, "/")+"/v1/control", bytes.NewReader([]byte(token)))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "text/plain")
	resp, err := s.httpClient().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("node control answered %d", resp.StatusCode)
	}
	return nil
}

// TimeoutWorker ends a leg the carrier never reported answered or ended.
type TimeoutWorker struct {
	river.WorkerDefaults[jobargs.CallLegTimeout]
	Calls *Service
}

// Work hangs the leg up through the carrier (best effort: the carrier may
// be what is broken) and ends it no-answer. A leg that was answered or has
// ended is left alone.
func (w *TimeoutWorker) Work(ctx context.Context, job *river.Job[jobargs.CallLegTimeout]) error {
	s := w.Calls
	var leg Leg
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		leg, err = scanLeg(tx.QueryRow(ctx, `SELECT `+legColumns+` FROM call_legs WHERE id = $1 AND call_id = $2`, job.Args.LegID, job.Args.CallID))
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return river.JobCancel(err)
	}
	if err != nil {
		return err
	}
	if leg.Status.Rank() >= voice.StatusInProgress.Rank() {
		return nil
	}
	if leg.CarrierCallID != "" {
		if err := s.Carrier.Hangup(ctx, leg.CarrierCallID); err != nil {
			s.logger().WarnContext(ctx, "hang up of a silent leg failed", slog.String("leg_id", leg.ID.String()), slog.Any("error", err))
		}
	}
	err = s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		return s.applyLeg(ctx, tx, legReport{LegID: leg.ID, Status: voice.StatusNoAnswer,
			Reason: "the carrier reported no answer in time", At: s.clock()})
	})
	if err != nil {
		return err
	}
	s.wake()
	return nil
}
