// Package email builds and sends one outgoing e-mail through an SMTP
// submission server.
//
// It is deliberately small and knows nothing about tenants, templates or the
// database: a River job renders a [Message] and hands it to a [Sender]; the job
// owns retries. Data moves in one direction:
//
//	Message --Build--> RFC 5322 bytes --SMTPSender.Send--> SMTP server
//
// [Build] validates everything before a single byte reaches the network, so a
// message that can never be sent (bad address, CR/LF smuggled into a header,
// over [MaxMessageSize]) fails with an error wrapping [ErrInvalidMessage] and
// no connection is opened. It produces a 7-bit clean message: quoted-printable
// text and HTML bodies, base64 attachments, RFC 2047 encoded words for
// non-ASCII subjects and display names, so any relay accepts it unchanged.
//
// [SMTPSender.Send] then opens one connection per message (mail volume is low
// and a pooled connection would outlive the job's context), negotiates TLS,
// authenticates with AUTH PLAIN, and submits. TLS is never optional by
// accident: the default mode requires STARTTLS and fails rather than falling
// back to plaintext, and a password is only ever sent in the clear to a
// loopback server in the explicit "none" mode.
//
// Errors are shaped for the job's retry decision:
//
//   - errors.Is(err, ErrInvalidMessage): the message itself is wrong; retrying
//     cannot help.
//   - errors.As(err, new(*PermanentError)): the server answered 5xx (unknown
//     recipient, bad credentials, content rejected); cancel the job.
//   - anything else (4xx replies, network failures, timeouts, a cancelled
//     context): temporary; let the job retry.
//
// Package emailtest runs a real in-process SMTP server for tests that need to
// receive what was sent.
package email
