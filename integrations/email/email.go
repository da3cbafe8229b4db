package email

import (
	"context"
	"errors"
	"fmt"
)

// MaxMessageSize caps the encoded message. 25 MiB is what the large hosted
// providers accept, so a bigger message would only bounce later and far from
// the code that built it.
const MaxMessageSize = 25 << 20

// ErrInvalidMessage is wrapped by every error caused by the message itself
// (as opposed to the server or the network). Retrying such a message cannot
// succeed, so a job should give up on it.
var ErrInvalidMessage = errors.New("email: invalid message")

// Attachment is a file attached to a [Message].
type Attachment struct {
	// Filename is shown to the recipient; it must not contain a path.
	Filename string
	// ContentType defaults to application/octet-stream.
	ContentType string
	Data        []byte
}

// Message is one e-mail. Addresses are RFC 5322 mailboxes such as
// "ana@example.com" or "Ana Díaz <ana@example.com>".
type Message struct {
	// From is optional: an empty From uses the sender's default From.
	From    string
	To      []string
	ReplyTo string
	Subject string
	// Text is the plain-text body and is required: it is what every client
	// can show and what spam filters expect next to HTML.
	Text string
	// HTML is an optional alternative rendering of Text.
	HTML        string
	Attachments []Attachment
	// Headers are extra header fields such as "X-Switchboard-Tenant". The
	// fields this package writes itself (From, To, Subject, Content-Type...)
	// cannot be overridden.
	Headers map[string]string
}

// Sender sends one message. Implementations must be safe for concurrent use.
type Sender interface {
	Send(ctx context.Context, msg Message) error
}

// PermanentError is a 5xx reply from the SMTP server: the server has said
// that repeating the same request will fail again, so the job should cancel
// instead of retrying. 4xx replies and network errors are returned as plain
// errors because they are expected to clear up.
type PermanentError struct {
	// Command is the SMTP step that was refused, e.g. "RCPT TO".
	Command string
	// Code is the SMTP reply code (5xx).
	Code int
	// EnhancedCode is the RFC 3463 status such as "5.1.1", or "" when the
	// server sent none.
	EnhancedCode string
	// Message is the server's reply text.
	Message string

	err error
}

func (e *PermanentError) Error() string {
	code := fmt.Sprint(e.Code)
	if e.EnhancedCode != "" {
		code += " " + e.EnhancedCode
	}
	return fmt.Sprintf("email: %s refused permanently: %s %s", e.Command, code, e.Message)
}

// Unwrap exposes the underlying go-smtp error for callers that want it.
func (e *PermanentError) Unwrap() error { return e.err }
