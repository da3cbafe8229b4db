package graph

import (
	"github.com/switchboard/switchboard/internal/account"
	"github.com/switchboard/switchboard/internal/call"
	"github.com/switchboard/switchboard/internal/chatswitch"
	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/mail"
	"github.com/switchboard/switchboard/internal/webhook"
)

// Resolver holds the domain services the resolvers translate to.
type Resolver struct {
	Account  *account.Service
	Inbox    *inbox.Service
	Switches *chatswitch.Service
	Webhooks *webhook.Service
	Calls    *call.Service
	Outbox   mail.Outbox
	Live     *live.Bus
	Version  string
}
