package chatswitch

import (
	"errors"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/problem"
	"github.com/switchboard/switchboard/jobs/jobargs"
)

// Live-event topics of this package. Events carry ids only.
const (
	// TopicSwitch: a switch (subject) was requested or changed state.
	TopicSwitch = "chat_switch"
	// TopicPrompt: an agent asked a conversation's (subject) visitor to
	// switch (the visitor action command).
	TopicPrompt = "chat_switch_prompt"
)

// Defaults of Service's tunables.
const (
	DefaultRevertWindow = 10 * time.Second
	DefaultStaleAfter   = 2 * time.Minute
	DefaultLinkTTL      = 24 * time.Hour
	// MaxVisitorSwitchesPerHour bounds the welcome messages a visitor can
	// make us send for one conversation.
	MaxVisitorSwitchesPerHour = 5
	// PromptTTL is how long a visitor action command waits for the widget.
	PromptTTL = 10 * time.Minute
)

// Errors of the state machine. Each is one defined outcome of a race or a
// late click; graph presents them as bad input.
var (
	// ErrInProgress: another switch of the conversation is pending (a double
	// click, or two agents at once).
	ErrInProgress = problem.Input("conversationId", "a switch of this conversation is already in progress")
	// ErrRevertExpired: the revert came after the deadline.
	ErrRevertExpired = problem.Input("switchId", "the time to revert this switch has passed")
	// ErrNotRevertable: the switch is not active (failed, ended, or still pending).
	ErrNotRevertable = problem.Input("switchId", "only an active switch can be reverted")
	// ErrTooManySwitches: a visitor asked for MaxVisitorSwitchesPerHour
	// switches of one conversation within the hour.
	ErrTooManySwitches = problem.Input("phone", "too many attempts: try again later, or ask the agent")
	// ErrNotFound covers "does not exist" and "not yours to see".
	ErrNotFound = problem.ErrNotFound
)

// Service is the chat switch domain.
type Service struct {
	DB        *db.DB
	Inbox     *inbox.Service
	Jobs      jobargs.Inserter
	Live      live.Waker
	PublicURL string // where back-to-web links point
	Logger    *slog.Logger

	RevertWindow time.Duration    // default DefaultRevertWindow
	StaleAfter   time.Duration    // default DefaultStaleAfter
	LinkTTL      time.Duration    // default DefaultLinkTTL
	NowFunc      func() time.Time // default time.Now; tests move the clock

	// beforeActivate, in tests, runs between the welcome send and activation.
	beforeActivate func(sw Switch)
}

func (s *Service) now() time.Time {
	if s.NowFunc != nil {
		return s.NowFunc()
	}
	return time.Now()
}

func (s *Service) revertWindow() time.Duration {
	if s.RevertWindow > 0 {
		return s.RevertWindow
	}
	return DefaultRevertWindow
}

func (s *Service) staleAfter() time.Duration {
	if s.StaleAfter > 0 {
		return s.StaleAfter
	}
	return DefaultStaleAfter
}

func (s *Service) linkTTL() time.Duration {
	if s.LinkTTL > 0 {
		return s.LinkTTL
	}
	return DefaultLinkTTL
}

func (s *Service) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

func (s *Service) wake() {
	if s.Live != nil {
		s.Live.Wake()
	}
}

func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && (constraint == "" || pgErr.ConstraintName == constraint)
}

func inputErr(field, format string, args ...any) error { return problem.Input(field, format, args...) }

// Initiator says who started a switch.
type Initiator string

const (
	InitiatorVisitor   Initiator = "visitor"
	InitiatorOperator  Initiator = "operator"
	InitiatorReconnect Initiator = "reconnect"
)

// State of a switch.
type State string

const (
	StatePending  State = "pending"
	StateActive   State = "active"
	StateFailed   State = "failed"
	StateReverted State = "reverted"
	StateEnded    State = "ended"
)

// Switch is one move of a conversation between channels.
type Switch struct {
	ID               uuid.UUID
	ConversationID   uuid.UUID
	FromChannelID    uuid.UUID
	ToChannelID      uuid.UUID
	ToKind           inbox.Kind
	Initiator        Initiator
	InitiatedBy      *uuid.UUID
	Address          string
	State            State
	Failure          string
	WelcomeMessageID *uuid.UUID
	WelcomeStatus    string // queued, sent or failed: the send; later delivery is on the message
	CreatedAt        time.Time
	ActivatedAt      *time.Time
	RevertDeadline   *time.Time
	FinishedAt       *time.Time
}

// Revertable says whether a revert at now would be accepted.
func (sw Switch) Revertable(now time.Time) bool {
	return sw.State == StateActive && sw.RevertDeadline != nil && now.Before(*sw.RevertDeadline)
}

const switchColumns = `id, conversation_id, from_channel_id, to_channel_id, to_kind, initiator, initiated_by, coalesce(address, ''),
	state, coalesce(failure, ''), welcome_message_id, welcome_status, created_at, activated_at, revert_deadline, finished_at`

func scanSwitch(r pgx.Row) (Switch, error) {
	var sw Switch
	err := r.Scan(&sw.ID, &sw.ConversationID, &sw.FromChannelID, &sw.ToChannelID, &sw.ToKind, &sw.Initiator, &sw.InitiatedBy,
		&sw.Address, &sw.State, &sw.Failure, &sw.WelcomeMessageID, &sw.WelcomeStatus, &sw.CreatedAt, &sw.ActivatedAt,
		&sw.RevertDeadline, &sw.FinishedAt)
	return sw, err
}
