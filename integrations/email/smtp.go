package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// TLSMode says how the connection to the SMTP server is encrypted.
type TLSMode string

const (
	// TLSStartTLS connects in plaintext and upgrades with STARTTLS (port
	// 587). It is the default, and it fails if the server does not offer
	// STARTTLS: falling back to plaintext would let anyone on the path strip
	// the offer and read the mail and the password.
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit speaks TLS from the first byte (port 465).
	TLSImplicit TLSMode = "tls"
	// TLSNone sends everything in the clear. It exists for local mail
	// catchers (Mailpit, MailHog) in development and tests.
	TLSNone TLSMode = "none"
)

const defaultTimeout = time.Minute

// SMTPConfig configures an [SMTPSender].
type SMTPConfig struct {
	Host string
	// Port defaults by TLS mode: 587 for starttls, 465 for tls, 25 for none.
	Port int
	// Username enables AUTH PLAIN; leave empty for servers that relay
	// without authentication.
	Username string
	Password string
	// From is the default From of messages that do not set one.
	From string
	// TLS defaults to TLSStartTLS.
	TLS TLSMode
	// TLSConfig is used for both STARTTLS and implicit TLS. Its ServerName
	// defaults to Host. Nil means the system roots.
	TLSConfig *tls.Config
	// Timeout bounds one whole Send (connect, TLS, auth, submission) on top
	// of the context's own deadline. Defaults to one minute.
	Timeout time.Duration
	// HelloName is the name sent with EHLO once the connection is secure
	// (go-smtp always greets as "localhost" before STARTTLS). Defaults to
	// "localhost".
	HelloName string
}

// Validate reports every invalid field, one error each, joined.
func (c SMTPConfig) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("email: smtp config: "+format, args...))
	}

	switch {
	case c.Host == "":
		bad("Host is required")
	case strings.ContainsAny(c.Host, " \t\r\n/[]@"):
		bad("Host %q must be a bare host name or IP address", c.Host)
	case strings.Contains(c.Host, ":") && net.ParseIP(c.Host) == nil:
		bad("Host %q must not include a port; use Port", c.Host)
	}
	if c.Port < 0 || c.Port > 65535 {
		bad("Port %d is out of range", c.Port)
	}
	switch c.TLS {
	case "", TLSStartTLS, TLSImplicit, TLSNone:
	default:
		bad("TLS %q is not one of %q, %q, %q", c.TLS, TLSStartTLS, TLSImplicit, TLSNone)
	}
	if strings.ContainsAny(c.Username, "\x00\r\n") {
		bad("Username contains a NUL or line break")
	}
	if strings.ContainsAny(c.Password, "\x00\r\n") {
		bad("Password contains a NUL or line break")
	}
	if c.Password != "" && c.Username == "" {
		bad("Password is set but Username is empty")
	}
	if c.Username != "" && c.TLS == TLSNone && !isLoopback(c.Host) {
		bad("Username is set with TLS %q to non-loopback host %q: the password would cross the network in the clear", TLSNone, c.Host)
	}
	if c.From != "" {
		if _, err := parseAddress("From", c.From); err != nil {
			bad("From: %v", err)
		}
	}
	if c.Timeout < 0 {
		bad("Timeout %s is negative", c.Timeout)
	}
	if c.HelloName != "" && (strings.ContainsAny(c.HelloName, " \t\r\n") || len(c.HelloName) > 255) {
		bad("HelloName %q must be a single host name", c.HelloName)
	}
	return errors.Join(errs...)
}

func isLoopback(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// SMTPSender sends each message over its own SMTP connection. It is safe for
// concurrent use.
type SMTPSender struct {
	cfg  SMTPConfig
	addr string
}

var _ Sender = (*SMTPSender)(nil)

// NewSMTPSender validates cfg and fills in its defaults. It does not
// connect: a mail server being down at startup should not stop the process.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.TLS == "" {
		cfg.TLS = TLSStartTLS
	}
	if cfg.Port == 0 {
		cfg.Port = map[TLSMode]int{TLSStartTLS: 587, TLSImplicit: 465, TLSNone: 25}[cfg.TLS]
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = defaultTimeout
	}
	if cfg.HelloName == "" {
		cfg.HelloName = "localhost"
	}
	if cfg.TLS != TLSNone {
		// Clone so later changes by the caller cannot race with Send, and
		// so ServerName is set: go-smtp only fills it in for its own Dial
		// helpers, and without it certificate verification fails.
		if cfg.TLSConfig == nil {
			cfg.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		} else {
			cfg.TLSConfig = cfg.TLSConfig.Clone()
		}
		if cfg.TLSConfig.ServerName == "" {
			cfg.TLSConfig.ServerName = cfg.Host
		}
	}
	return &SMTPSender{cfg: cfg, addr: net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))}, nil
}

// Send builds msg (see [Build]) and submits it. All recipients share one
// transaction: if the server refuses any of them nothing is sent, so a retry
// never delivers twice to the ones that were accepted.
func (s *SMTPSender) Send(ctx context.Context, msg Message) error {
	if msg.From == "" {
		msg.From = s.cfg.From
	}
	data, env, err := build(msg, time.Now())
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("email: send to %s: %w", s.addr, err)
	}

	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()

	c, err := s.connect(ctx)
	if err != nil {
		return s.fail(ctx, "connect", err)
	}
	defer c.Close()

	if s.cfg.Username != "" {
		if !c.SupportsAuth(sasl.Plain) {
			return fmt.Errorf("email: %s does not offer AUTH PLAIN", s.addr)
		}
		if err := c.Auth(sasl.NewPlainClient("", s.cfg.Username, s.cfg.Password)); err != nil {
			return s.fail(ctx, "AUTH", err)
		}
	}
	if err := c.Mail(env.from, &smtp.MailOptions{Size: int64(len(data))}); err != nil {
		return s.fail(ctx, "MAIL FROM", err)
	}
	for _, to := range env.to {
		if err := c.Rcpt(to, nil); err != nil {
			return s.fail(ctx, "RCPT TO", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return s.fail(ctx, "DATA", err)
	}
	if _, err := w.Write(data); err != nil {
		return s.fail(ctx, "DATA", err)
	}
	if err := w.Close(); err != nil {
		return s.fail(ctx, "DATA", err)
	}
	// The server has accepted the message. A failing QUIT must not turn
	// into an error, or the job would retry and deliver a duplicate.
	_ = c.Quit()
	return nil
}

// connect dials, secures and greets, so the returned client is ready for
// AUTH or MAIL.
func (s *SMTPSender) connect(ctx context.Context) (*smtp.Client, error) {
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return nil, err
	}
	// go-smtp sets and then clears per-command deadlines on the connection,
	// which would erase a deadline set once up front. Clamping every
	// deadline it sets keeps ctx's deadline in force, and closing the
	// connection on cancel unblocks whatever read or write is in flight.
	deadline, _ := ctx.Deadline()
	var conn net.Conn = &deadlineConn{Conn: raw, limit: deadline}
	if err := conn.SetDeadline(deadline); err != nil {
		raw.Close()
		return nil, err
	}
	// Send cancels ctx when it returns, so this also runs then, harmlessly,
	// on a connection that is already closed.
	context.AfterFunc(ctx, func() { raw.Close() })
	ok := false
	defer func() {
		if !ok {
			raw.Close()
		}
	}()

	var c *smtp.Client
	switch s.cfg.TLS {
	case TLSImplicit:
		tc := tls.Client(conn, s.cfg.TLSConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, fmt.Errorf("TLS handshake: %w", err)
		}
		c = smtp.NewClient(tc)
	case TLSStartTLS:
		// NewClientStartTLS refuses a server that does not advertise
		// STARTTLS, which is exactly the no-downgrade rule we want.
		c, err = smtp.NewClientStartTLS(conn, s.cfg.TLSConfig)
		if err != nil {
			return nil, fmt.Errorf("STARTTLS: %w", err)
		}
	default:
		c = smtp.NewClient(conn)
	}
	c.CommandTimeout = s.cfg.Timeout
	c.SubmissionTimeout = s.cfg.Timeout
	// Hello also completes the TLS handshake after STARTTLS, so a bad
	// certificate fails here with a clear step name.
	if err := c.Hello(s.cfg.HelloName); err != nil {
		c.Close()
		return nil, fmt.Errorf("EHLO: %w", err)
	}
	ok = true
	return c, nil
}

// fail classifies err for the job: a cancelled or expired context wins (the
// failure is only a symptom of it), a 5xx reply becomes a PermanentError, and
// the rest stays a plain, retryable error.
func (s *SMTPSender) fail(ctx context.Context, step string, err error) error {
	ctxErr := ctx.Err()
	if ctxErr == nil && errors.Is(err, os.ErrDeadlineExceeded) {
		// The connection deadline is ctx's deadline and can fire a moment
		// before ctx notices; report it the same way.
		ctxErr = context.DeadlineExceeded
	}
	if ctxErr != nil {
		// Only the context error is wrapped: the SMTP error beside it must not
		// make a cancelled send look like a permanent refusal to errors.As.
		return fmt.Errorf("email: send to %s: %s: %w (%v)", s.addr, step, ctxErr, err) //nolint:errorlint // see above
	}
	var se *smtp.SMTPError
	if errors.As(err, &se) && se.Code >= 500 && se.Code < 600 {
		pe := &PermanentError{Command: step, Code: se.Code, Message: se.Message, err: err}
		if ec := se.EnhancedCode; ec != smtp.EnhancedCodeNotSet && ec != smtp.NoEnhancedCode {
			pe.EnhancedCode = fmt.Sprintf("%d.%d.%d", ec[0], ec[1], ec[2])
		}
		return pe
	}
	return fmt.Errorf("email: send to %s: %s: %w", s.addr, step, err)
}

// deadlineConn never lets a deadline move past limit or be cleared.
type deadlineConn struct {
	net.Conn
	limit time.Time
}

func (c *deadlineConn) clamp(t time.Time) time.Time {
	if t.IsZero() || t.After(c.limit) {
		return c.limit
	}
	return t
}

func (c *deadlineConn) SetDeadline(t time.Time) error { return c.Conn.SetDeadline(c.clamp(t)) }
func (c *deadlineConn) SetReadDeadline(t time.Time) error {
	return c.Conn.SetReadDeadline(c.clamp(t))
}
func (c *deadlineConn) SetWriteDeadline(t time.Time) error {
	return c.Conn.SetWriteDeadline(c.clamp(t))
}
