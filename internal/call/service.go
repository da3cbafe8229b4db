package call

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/integrations/blob"
	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/problem"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// TopicCall is the live-event topic of a call's changes; events carry the call id.
const TopicCall = "call"

// ErrNotFound covers "does not exist" and "not yours to see".
var ErrNotFound = problem.ErrNotFound

// InputError is a bad value in a request, naming its field.
type InputError = problem.InputError

// Service is the call domain.
type Service struct {
	DB   *db.DB
	Jobs jobargs.Inserter
	Live live.Waker
	// Signer holds the media secret shared with media nodes: stream tokens,
	// session descriptors, heartbeats, control commands, recording URLs.
	Signer *voice.Signer
	// Carrier places legs; CallerID is the number customers see.
	Carrier  voice.Carrier
	CallerID string
	// PublicURL is the base URL carriers and browsers reach the API at.
	PublicURL string
	// Recordings is where media nodes put recordings.
	Recordings blob.Store
	// Guard sends status callbacks to tenant-supplied URLs.
	Guard webhookhttp.Guard
	// HTTP reaches media nodes' control URLs; nil uses a 10 s client.
	HTTP *http.Client
	// CallbackRetryBase is the wait after a status callback's first failed
	// attempt, doubling with each further one; zero means 10 s.
	CallbackRetryBase time.Duration
	Logger            *slog.Logger
	now               func() time.Time

	callbackOnce   sync.Once
	callbackClient *http.Client
}

func (s *Service) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

func (s *Service) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

func (s *Service) wake() {
	if s.Live != nil {
		s.Live.Wake()
	}
}

func (s *Service) httpClient() *http.Client {
	if s.HTTP != nil {
		return s.HTTP
	}
	return defaultHTTP
}

var defaultHTTP = &http.Client{Timeout: 10 * time.Second}

func (s *Service) carrierName() string {
	if s.Carrier == nil {
		return ""
	}
	return s.Carrier.Name()
}

// Call is a call as the API shows it.
type Call struct {
	ID               uuid.UUID
	Direction        string
	Status           voice.Status
	ContactID        *uuid.UUID
	ContactName      string
	ContactPhone     string
	ConversationID   *uuid.UUID
	AgentID          *uuid.UUID
	AgentNumber      string
	CustomerNumber   string
	CallerID         string
	Carrier          string
	NodeID           string
	CallbackURL      string
	EndReason        string
	HangupRequested  *time.Time
	AnsweredAt       *time.Time
	EndedAt          *time.Time
	DurationSeconds  *int
	BillableSeconds  *int
	RecordingKey     string
	RecordingSeconds *float64
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Leg is one phone leg of a call.
type Leg struct {
	ID            uuid.UUID
	CallID        uuid.UUID
	Role          string // voice.RoleAgent or voice.RoleCustomer
	Number        string
	Status        voice.Status
	Carrier       string
	CarrierCallID string
	NodeID        string
	AnsweredAt    *time.Time
	EndedAt       *time.Time
	EndReason     string
	CreatedAt     time.Time
	// dialed: the dial job has started placing it, or the carrier has it.
	dialed bool
}

// Event is one entry of a call's timeline.
type Event struct {
	ID     uuid.UUID
	CallID uuid.UUID
	LegID  *uuid.UUID
	Role   string // the leg's role, when the event concerns a leg
	Kind   string
	Status string
	Detail string
	At     time.Time
}

// Timeline event kinds.
const (
	EventKindCallStatus    = "call_status"
	EventKindLegStatus     = "leg_status"
	EventKindBridged       = "bridged"
	EventKindDTMF          = "dtmf"
	EventKindStreamDropped = "stream_dropped"
	EventKindStreamEnded   = "stream_ended"
	EventKindRecording     = "recording_ready"
	EventKindHangup        = "hangup_requested"
	EventKindNoNode        = "no_media_node"
)

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// StartParams are the inputs of a click-to-call: whom to call (a contact, or
// a conversation's contact) and, optionally, where to report its status.
type StartParams struct {
	ContactID      *uuid.UUID
	ConversationID *uuid.UUID
	// CallbackURL receives every status change, signed with CallbackSecret
	// (Standard Webhooks).
	CallbackURL string
}

// Started is a new call and, when it has a callback URL, the secret its
// callbacks are signed with (shown once).
type Started struct {
	Call           Call
	CallbackSecret string
}

// Start places a click-to-call for the agent on ctx: their own phone rings
// first, then the contact's. The call is stored initiated with its agent leg
// and the leg's dial job in one transaction.
func (s *Service) Start(ctx context.Context, p StartParams) (Started, error) {
	actor, ok := tenants.FromContext(ctx)
	if !ok {
		return Started{}, tenants.ErrNoTenant
	}
	if actor.UserID == uuid.Nil {
		return Started{}, problem.Input("agent", "click-to-call rings the signed-in agent's phone; an API key has none")
	}
	if (p.ContactID == nil) == (p.ConversationID == nil) {
		return Started{}, problem.Input("contactId", "give exactly one of contactId and conversationId")
	}
	if s.Carrier == nil || s.Signer == nil {
		return Started{}, problem.Input("contactId", "voice calls are not configured on this server")
	}
	var secret string
	if p.CallbackURL != "" {
		if _, err := s.Guard.CheckURL(p.CallbackURL); err != nil {
			return Started{}, problem.Input("statusCallbackUrl", "%v", err)
		}
		var err error
		if secret, err = webhookhttp.NewSecret(); err != nil {
			return Started{}, err
		}
	}
	callID, legID := uuid.New(), uuid.New()
	var out Call
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		contactID, convID := p.ContactID, p.ConversationID
		if convID != nil {
			var c uuid.UUID
			err := tx.QueryRow(ctx, `SELECT contact_id FROM conversations WHERE id = $1`, *convID).Scan(&c)
			if errors.Is(err, pgx.ErrNoRows) {
				return ErrNotFound
			}
			if err != nil {
				return err
			}
			contactID = &c
		}
		var phone *string
		err := tx.QueryRow(ctx, `SELECT phone FROM contacts WHERE id = $1`, *contactID).Scan(&phone)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if phone == nil || !e164.MatchString(*phone) {
			return problem.Input("contactId", "the contact has no phone number")
		}
		var agentPhone *string
		if err := tx.QueryRow(ctx, `SELECT phone FROM users WHERE id = $1`, actor.UserID).Scan(&agentPhone); err != nil {
			return fmt.Errorf("read agent phone: %w", err)
		}
		if agentPhone == nil || *agentPhone == "" {
			return problem.Input("agent", "set your phone number in your profile first: click-to-call rings it")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO calls (id, tenant_id, contact_id, conversation_id, agent_id, agent_number,
			customer_number, caller_id, carrier, callback_url, callback_secret)
			VALUES ($1, current_setting('app.tenant_id')::uuid, $2, $3, $4, $5, $6, $7, $8, NULLIF($9, ''), NULLIF($10, ''))`,
			callID, contactID, convID, actor.UserID, *agentPhone, *phone, s.CallerID, s.carrierName(), p.CallbackURL, secret); err != nil {
			return fmt.Errorf("insert call: %w", err)
		}
		if err := addEvent(ctx, tx, callID, nil, EventKindCallStatus, string(voice.StatusInitiated), "", "", s.clock()); err != nil {
			return err
		}
		if err := s.newLeg(ctx, tx, callID, legID, voice.RoleAgent, *agentPhone); err != nil {
			return err
		}
		c, err := loadCall(ctx, tx, callID, false)
		if err != nil {
			return err
		}
		if err := s.announce(ctx, tx, c, ""); err != nil {
			return err
		}
		out = c
		return live.Publish(ctx, tx, TopicCall, callID)
	})
	if err != nil {
		return Started{}, err
	}
	s.wake()
	return Started{Call: out, CallbackSecret: secret}, nil
}

// newLeg stores a leg, initiated, with its dial job.
func (s *Service) newLeg(ctx context.Context, tx pgx.Tx, callID, legID uuid.UUID, role, number string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO call_legs (id, tenant_id, call_id, role, number, carrier)
		VALUES ($1, current_setting('app.tenant_id')::uuid, $2, $3, $4, $5)`, legID, callID, role, number, s.carrierName()); err != nil {
		return fmt.Errorf("insert %s leg: %w", role, err)
	}
	if err := addEvent(ctx, tx, callID, &legID, EventKindLegStatus, string(voice.StatusInitiated), "", "", s.clock()); err != nil {
		return err
	}
	tenantID, err := tenants.TenantFromContext(ctx)
	if err != nil {
		return err
	}
	_, err = s.Jobs.InsertTx(ctx, tx, jobargs.CallLegDial{TenantID: tenantID, CallID: callID, LegID: legID},
		&river.InsertOpts{Queue: jobargs.QueueCalls, MaxAttempts: dialMaxAttempts})
	if err != nil {
		return fmt.Errorf("enqueue dial: %w", err)
	}
	return nil
}

// HangUp ends a call from the console or the API: legs not yet dialed are
// canceled, the others are hung up through the carrier. Hanging up an ended
// call changes nothing.
func (s *Service) HangUp(ctx context.Context, id uuid.UUID) (Call, error) {
	var out Call
	changed := false
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		c, err := loadCall(ctx, tx, id, true)
		if err != nil {
			return err
		}
		legs, err := loadLegs(ctx, tx, id)
		if err != nil {
			return err
		}
		up := false
		for _, l := range legs {
			up = up || !l.Status.Final()
		}
		if c.EndedAt != nil || !up {
			out = c
			return nil
		}
		changed = true
		now := s.clock()
		if _, err := tx.Exec(ctx, `UPDATE calls SET hangup_requested_at = coalesce(hangup_requested_at, $2), updated_at = now() WHERE id = $1`, id, now); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, id, nil, EventKindHangup, "", "", "", now); err != nil {
			return err
		}
		for _, l := range legs {
			switch {
			case l.Status.Final():
			case l.CarrierCallID == "":
				// Not dialed yet: its dial job will find it canceled.
				if err := s.applyLeg(ctx, tx, legReport{LegID: l.ID, Status: voice.StatusCanceled, Reason: "hung up before dialing", At: now}); err != nil {
					return err
				}
			default:
				if err := s.enqueueHangup(ctx, tx, id, l.ID); err != nil {
					return err
				}
			}
		}
		if err := live.Publish(ctx, tx, TopicCall, id); err != nil {
			return err
		}
		out, err = loadCall(ctx, tx, id, false)
		return err
	})
	if err == nil && changed {
		s.wake()
	}
	return out, err
}

// SetAgentPhone sets the signed-in user's own phone (E.164, or empty to
// clear it): click-to-call rings it.
func (s *Service) SetAgentPhone(ctx context.Context, phone string) error {
	actor, ok := tenants.FromContext(ctx)
	if !ok || actor.UserID == uuid.Nil {
		return tenants.ErrNoTenant
	}
	phone = strings.TrimSpace(phone)
	if phone != "" && !e164.MatchString(phone) {
		return problem.Input("phone", "must be in E.164 form, e.g. +14155550123")
	}
	return s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE users SET phone = NULLIF($2, '') WHERE id = $1`, actor.UserID, phone)
		return err
	})
}

// Filter narrows a list of calls.
type Filter struct {
	Status    voice.Status
	ContactID *uuid.UUID
	Since     *time.Time
	Until     *time.Time
}

const callColumns = `id, direction, status, contact_id, conversation_id, agent_id, agent_number, customer_number, caller_id,
	carrier, coalesce(node_id, ''), coalesce(callback_url, ''), coalesce(end_reason, ''), hangup_requested_at, answered_at, ended_at,
	duration_seconds, billable_seconds, coalesce(recording_key, ''), recording_seconds, created_at, updated_at,
	coalesce((SELECT name FROM contacts WHERE contacts.id = calls.contact_id), ''),
	coalesce((SELECT phone FROM contacts WHERE contacts.id = calls.contact_id), '')`

func scanCall(row pgx.Row) (Call, error) {
	var c Call
	var status string
	err := row.Scan(&c.ID, &c.Direction, &status, &c.ContactID, &c.ConversationID, &c.AgentID, &c.AgentNumber, &c.CustomerNumber,
		&c.CallerID, &c.Carrier, &c.NodeID, &c.CallbackURL, &c.EndReason, &c.HangupRequested, &c.AnsweredAt, &c.EndedAt, &c.DurationSeconds,
		&c.BillableSeconds, &c.RecordingKey, &c.RecordingSeconds, &c.CreatedAt, &c.UpdatedAt, &c.ContactName, &c.ContactPhone)
	c.Status = voice.Status(status)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

func loadCall(ctx context.Context, tx pgx.Tx, id uuid.UUID, lock bool) (Call, error) {
	q := `SELECT ` + callColumns + ` FROM calls WHERE id = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	return scanCall(tx.QueryRow(ctx, q, id))
}

const legColumns = `id, call_id, role, number, status, carrier, coalesce(carrier_call_id, ''), coalesce(node_id, ''),
	answered_at, ended_at, coalesce(end_reason, ''), created_at, dialed_at IS NOT NULL OR carrier_call_id IS NOT NULL`

func scanLeg(row pgx.Row) (Leg, error) {
	var l Leg
	var status string
	err := row.Scan(&l.ID, &l.CallID, &l.Role, &l.Number, &status, &l.Carrier, &l.CarrierCallID, &l.NodeID,
		&l.AnsweredAt, &l.EndedAt, &l.EndReason, &l.CreatedAt, &l.dialed)
	l.Status = voice.Status(status)
	if errors.Is(err, pgx.ErrNoRows) {
		return l, ErrNotFound
	}
	return l, err
}

func loadLegs(ctx context.Context, tx pgx.Tx, callID uuid.UUID) ([]Leg, error) {
	rows, err := tx.Query(ctx, `SELECT `+legColumns+` FROM call_legs WHERE call_id = $1 ORDER BY created_at, role`, callID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Leg, error) { return scanLeg(r) })
}

// Get returns one call.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Call, error) {
	var c Call
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		c, err = loadCall(ctx, tx, id, false)
		return err
	})
	return c, err
}

// ByID returns the calls among ids that the caller may see.
func (s *Service) ByID(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]Call, error) {
	out := make(map[uuid.UUID]Call, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+callColumns+` FROM calls WHERE id = ANY($1)`, ids)
		if err != nil {
			return err
		}
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Call, error) { return scanCall(r) })
		for _, c := range list {
			out[c.ID] = c
		}
		return err
	})
	return out, err
}

// List returns a page of calls, newest first, after cursor.
func (s *Service) List(ctx context.Context, f Filter, limit int, cursor *db.Cursor) ([]Call, error) {
	var out []Call
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		q := `SELECT ` + callColumns + ` FROM calls WHERE true`
		args := []any{}
		arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
		if f.Status != "" {
			q += ` AND status = ` + arg(string(f.Status))
		}
		if f.ContactID != nil {
			q += ` AND contact_id = ` + arg(*f.ContactID)
		}
		if f.Since != nil {
			q += ` AND created_at >= ` + arg(*f.Since)
		}
		if f.Until != nil {
			q += ` AND created_at < ` + arg(*f.Until)
		}
		if cursor != nil {
			q += ` AND (created_at, id) < (` + arg(cursor.Time) + `, ` + arg(cursor.ID) + `)`
		}
		q += ` ORDER BY created_at DESC, id DESC LIMIT ` + arg(limit)
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Call, error) { return scanCall(r) })
		return err
	})
	return out, err
}

// Legs returns a call's legs, agent first.
func (s *Service) Legs(ctx context.Context, callID uuid.UUID) ([]Leg, error) {
	var out []Leg
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = loadLegs(ctx, tx, callID)
		return err
	})
	return out, err
}

// Timeline returns a call's events in order.
func (s *Service) Timeline(ctx context.Context, callID uuid.UUID) ([]Event, error) {
	var out []Event
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT e.id, e.call_id, e.leg_id, coalesce(l.role, ''), e.kind, coalesce(e.status, ''), e.detail, e.at
			FROM call_events e LEFT JOIN call_legs l ON l.id = e.leg_id
			WHERE e.call_id = $1 ORDER BY e.at, e.created_at, e.id`, callID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Event, error) {
			var e Event
			err := r.Scan(&e.ID, &e.CallID, &e.LegID, &e.Role, &e.Kind, &e.Status, &e.Detail, &e.At)
			return e, err
		})
		return err
	})
	return out, err
}

// addEvent appends to a call's timeline. With a sourceID, a second event of
// the same source is ignored and addEvent reports it by returning errDuplicate.
func addEvent(ctx context.Context, tx pgx.Tx, callID uuid.UUID, legID *uuid.UUID, kind, status, detail, sourceID string, at time.Time) error {
	// created_at is the statement's clock, not the transaction's: it orders
	// the events one report causes, which share their time "at".
	tag, err := tx.Exec(ctx, `INSERT INTO call_events (id, tenant_id, call_id, leg_id, kind, status, detail, source_id, at, created_at)
		VALUES ($1, current_setting('app.tenant_id')::uuid, $2, $3, $4, NULLIF($5, ''), left($6, 500), NULLIF($7, ''), $8, clock_timestamp())
		ON CONFLICT (call_id, source_id) WHERE source_id IS NOT NULL DO NOTHING`,
		uuid.New(), callID, legID, kind, status, detail, sourceID, at)
	if err != nil {
		return fmt.Errorf("add call event: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return errDuplicate
	}
	return nil
}

// errDuplicate: the event was reported before.
var errDuplicate = errors.New("call: duplicate event")
