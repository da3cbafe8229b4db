package webhook

import (
	"time"

	"github.com/google/uuid"
)

// ChatSwitchData is the data of the chat_switch.* events: a conversation
// moving from one channel to another (see internal/chatswitch).
type ChatSwitchData struct {
	ID               uuid.UUID  `json:"id"`
	ConversationID   uuid.UUID  `json:"conversation_id"`
	FromChannelID    uuid.UUID  `json:"from_channel_id"`
	ToChannelID      uuid.UUID  `json:"to_channel_id"`
	ToChannelKind    string     `json:"to_channel_kind"`
	Initiator        string     `json:"initiator"` // visitor, operator or reconnect
	Address          string     `json:"address,omitempty"`
	State            string     `json:"state"` // pending, active, failed, reverted
	Failure          string     `json:"failure,omitempty"`
	WelcomeMessageID *uuid.UUID `json:"welcome_message_id"`
	RevertDeadline   *time.Time `json:"revert_deadline,omitempty"`
	CreatedAt        time.Time  `json:"created_at"`
}
