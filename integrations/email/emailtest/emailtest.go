// Package emailtest runs a real SMTP server inside a test, so code that sends
// mail can be tested end to end (TLS, AUTH, the exact bytes) instead of
// against a mock that would accept anything.
//
// The server listens on 127.0.0.1 with a throwaway self-signed certificate,
// offers STARTTLS, and keeps every accepted message in memory:
//
//	srv := emailtest.NewServer(t, emailtest.WithAuth("user", "secret"))
//	sender, _ := email.NewSMTPSender(email.SMTPConfig{
//		Host: srv.Host(), Port: srv.Port(), Username: "user", Password: "secret",
//		TLSConfig: srv.TLSConfig(),
//	})
//	... code under test sends ...
//	got := srv.WaitFor(t, 1, 5*time.Second)
//
// It is shut down by t.Cleanup.
package emailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/mail"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Received is one message the server accepted.
type Received struct {
	// From is the envelope sender (MAIL FROM).
	From string
	// To are the envelope recipients (RCPT TO), in order.
	To []string
	// Data is the message exactly as transmitted, dot-unstuffed.
	Data []byte
	// TLS reports whether the message arrived over an encrypted connection.
	TLS bool
	// Username is who authenticated, or "" without AUTH.
	Username string
}

// Message parses Data, failing the test if it is not a valid message.
func (r Received) Message(t testing.TB) *mail.Message {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatalf("emailtest: parse received message: %v", err)
	}
	return m
}

// Option configures a [Server].
type Option func(*options)

type options struct {
	username, password string
	rcptErr            *smtp.SMTPError
	plaintext          bool
	implicitTLS        bool
}

// WithAuth makes the server offer AUTH PLAIN and refuse MAIL FROM (530)
// until the client has authenticated with these credentials. A wrong
// password gets 535.
func WithAuth(username, password string) Option {
	return func(o *options) { o.username, o.password = username, password }
}

// WithRcptError makes every RCPT TO fail with code (e.g. 550 or 451) and
// message, so nothing is ever accepted.
func WithRcptError(code int, message string) Option {
	return func(o *options) {
		o.rcptErr = &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCodeNotSet, Message: message}
	}
}

// WithoutTLS serves plaintext only: STARTTLS is not offered, and AUTH (if
// configured) is offered in the clear, as a local mail catcher would.
func WithoutTLS() Option {
	return func(o *options) { o.plaintext = true }
}

// WithImplicitTLS speaks TLS from the first byte, like port 465.
func WithImplicitTLS() Option {
	return func(o *options) { o.implicitTLS = true }
}

// Server is an in-process SMTP server. Its methods are safe for concurrent
// use.
type Server struct {
	opts      options
	addr      *net.TCPAddr
	clientTLS *tls.Config
	conns     atomic.Int64

	mu       sync.Mutex
	messages []Received
	// changed is closed and replaced whenever a message arrives, so
	// WaitFor can block without polling.
	changed chan struct{}
}

// NewServer starts a server on 127.0.0.1 with a random port and stops it
// when the test ends.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{changed: make(chan struct{})}
	for _, o := range opts {
		o(&s.opts)
	}
	if s.opts.plaintext && s.opts.implicitTLS {
		t.Fatal("emailtest: WithoutTLS and WithImplicitTLS are mutually exclusive")
	}

	serverTLS, clientTLS, err := selfSignedTLS()
	if err != nil {
		t.Fatalf("emailtest: certificate: %v", err)
	}
	s.clientTLS = clientTLS

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("emailtest: listen: %v", err)
	}
	s.addr = ln.Addr().(*net.TCPAddr)
	var l net.Listener = &countingListener{Listener: ln, n: &s.conns}

	srv := smtp.NewServer(smtp.BackendFunc(s.newSession))
	srv.Domain = "emailtest.localhost"
	srv.MaxMessageBytes = 32 << 20
	srv.MaxRecipients = 100
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	logger := &testLogger{t: t}
	srv.ErrorLog = logger
	switch {
	case s.opts.plaintext:
		srv.AllowInsecureAuth = true
	case s.opts.implicitTLS:
		l = tls.NewListener(l, serverTLS)
	default:
		srv.TLSConfig = serverTLS
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(l); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			logger.Printf("emailtest: serve: %v", err)
		}
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		// srv.Close only closes listeners Serve has already registered; if
		// the test ended before the goroutine got that far, Serve would
		// block in Accept forever. Closing it here covers that race.
		_ = ln.Close()
		<-done
		logger.stop()
	})
	return s
}

// Addr is the "127.0.0.1:port" the server listens on.
func (s *Server) Addr() string { return s.addr.String() }

// Host is always "127.0.0.1"; with Port it fills an SMTP client config.
func (s *Server) Host() string { return s.addr.IP.String() }

// Port is the server's random port.
func (s *Server) Port() int { return s.addr.Port }

// TLSConfig returns a client configuration that trusts only this server's
// certificate, which is valid for 127.0.0.1, ::1 and localhost.
func (s *Server) TLSConfig() *tls.Config { return s.clientTLS.Clone() }

// Connections counts accepted TCP connections, so a test can prove that an
// invalid message never reached the network.
func (s *Server) Connections() int { return int(s.conns.Load()) }

// Messages returns what has been accepted so far, oldest first.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneAll(s.messages)
}

// WaitFor waits until at least n messages have arrived and returns all of
// them, failing the test after timeout.
func (s *Server) WaitFor(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		if len(s.messages) >= n {
			msgs := cloneAll(s.messages)
			s.mu.Unlock()
			return msgs
		}
		changed, got := s.changed, len(s.messages)
		s.mu.Unlock()

		select {
		case <-changed:
		case <-timer.C:
			t.Fatalf("emailtest: got %d messages within %s, want %d", got, timeout, n)
			return nil
		}
	}
}

func (s *Server) deliver(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, r)
	close(s.changed)
	s.changed = make(chan struct{})
}

func cloneAll(msgs []Received) []Received {
	out := make([]Received, len(msgs))
	for i, m := range msgs {
		m.To = append([]string(nil), m.To...)
		m.Data = bytes.Clone(m.Data)
		out[i] = m
	}
	return out
}

func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{srv: s, conn: c}, nil
}

// session is one SMTP session; go-smtp starts a new one after STARTTLS, so
// the authentication state never leaks from plaintext into TLS.
type session struct {
	srv      *Server
	conn     *smtp.Conn
	username string
	from     string
	to       []string
}

var _ smtp.AuthSession = (*session)(nil)

func (ss *session) AuthMechanisms() []string {
	if ss.srv.opts.username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	if ss.srv.opts.username == "" || mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if identity != "" && identity != username {
			return smtp.ErrAuthFailed
		}
		if username != ss.srv.opts.username || password != ss.srv.opts.password {
			return smtp.ErrAuthFailed
		}
		ss.username = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.srv.opts.username != "" && ss.username == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if e := ss.srv.opts.rcptErr; e != nil {
		return e
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := ss.conn.TLSConnectionState()
	ss.srv.deliver(Received{From: ss.from, To: ss.to, Data: data, TLS: isTLS, Username: ss.username})
	ss.to = nil
	return nil
}

func (ss *session) Reset() {
	ss.from, ss.to = "", nil
}

func (ss *session) Logout() error { return nil }

// selfSignedTLS makes a certificate that is its own CA, so the client
// config can trust exactly it and nothing else.
func selfSignedTLS() (server, client *tls.Config, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return nil, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "emailtest"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}},
		MinVersion:   tls.VersionTLS12,
	}
	client = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return server, client, nil
}

type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// testLogger forwards go-smtp's internal errors to the test log, and drops
// them once the test is over, when t.Logf would panic.
type testLogger struct {
	mu      sync.Mutex
	t       testing.TB
	stopped bool
}

func (l *testLogger) Printf(format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.t.Logf(format, v...)
	}
}

func (l *testLogger) Println(v ...any) {
	l.Printf("%s", fmt.Sprintln(v...))
}

func (l *testLogger) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
}
