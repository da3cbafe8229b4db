package email_test

import (
	"context"
	"crypto/rand"
	"mime"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/email"
	"github.com/switchboard/switchboard/integrations/email/emailtest"
)

const (
	testUser     = "mailer"
	testPassword = "s3cret"
	waitTimeout  = 5 * time.Second
)

// newSender points an SMTPSender at srv with the right credentials and trust.
func newSender(t *testing.T, srv *emailtest.Server, mutate ...func(*email.SMTPConfig)) *email.SMTPSender {
	t.Helper()
	cfg := email.SMTPConfig{
		Host:      srv.Host(),
		Port:      srv.Port(),
		Username:  testUser,
		Password:  testPassword,
		From:      "Switchboard <noreply@switchboard.example>",
		TLSConfig: srv.TLSConfig(),
		Timeout:   10 * time.Second,
		HelloName: "worker.switchboard.example",
	}
	for _, m := range mutate {
		m(&cfg)
	}
	s, err := email.NewSMTPSender(cfg)
	require.NoError(t, err)
	return s
}

func TestSendTextDelivered(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t, emailtest.WithAuth(testUser, testPassword))
	sender := newSender(t, srv)

	err := sender.Send(t.Context(), email.Message{
		To:      []string{"Ana <ana@example.com>", "bo@example.com", "ANA@example.com"},
		ReplyTo: "support@switchboard.example",
		Subject: "Ticket #42 updated",
		Text:    "Hello Ana.\n",
		Headers: map[string]string{"X-Switchboard-Tenant": "tenant-1"},
	})
	require.NoError(t, err)

	got := srv.WaitFor(t, 1, waitTimeout)
	require.Len(t, got, 1)
	r := got[0]
	require.Equal(t, "noreply@switchboard.example", r.From, "envelope sender falls back to the config's From")
	require.Equal(t, []string{"ana@example.com", "bo@example.com"}, r.To, "recipients are bare and de-duplicated")
	require.True(t, r.TLS)
	require.Equal(t, testUser, r.Username)

	m := r.Message(t)
	require.Equal(t, `"Switchboard" <noreply@switchboard.example>`, m.Header.Get("From"))
	require.Equal(t, `"Ana" <ana@example.com>, <bo@example.com>, <ANA@example.com>`, m.Header.Get("To"))
	require.Equal(t, "<support@switchboard.example>", m.Header.Get("Reply-To"))
	require.Equal(t, "Ticket #42 updated", m.Header.Get("Subject"))
	require.Equal(t, "tenant-1", m.Header.Get("X-Switchboard-Tenant"))
	require.Equal(t, "1.0", m.Header.Get("MIME-Version"))
	require.Regexp(t, `@switchboard\.example>$`, m.Header.Get("Message-ID"))
	date, err := m.Header.Date()
	require.NoError(t, err)
	require.WithinDuration(t, time.Now(), date, time.Minute)
	require.Empty(t, m.Header.Get("Bcc"))
}

func TestSendHTMLAndAttachmentsRoundTrip(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t, emailtest.WithAuth(testUser, testPassword))
	sender := newSender(t, srv)

	recording := make([]byte, 64<<10)
	_, _ = rand.Read(recording)
	// A line that is just "." would end DATA early without dot-stuffing.
	transcript := []byte("caller: hi\r\n.\r\n..\r\nagent: bye\r\n")
	msg := email.Message{
		From:    "Agent Desk <desk@acme.example>",
		To:      []string{"ana@example.com"},
		Subject: "Your call recording",
		Text:    "See attached.\n.\nBye\n",
		HTML:    "<p>See <b>attached</b>.</p>",
		Attachments: []email.Attachment{
			{Filename: "call.wav", ContentType: "audio/wav", Data: recording},
			{Filename: "transcript.txt", ContentType: "text/plain; charset=utf-8", Data: transcript},
		},
	}
	require.NoError(t, sender.Send(t.Context(), msg))

	r := srv.WaitFor(t, 1, waitTimeout)[0]
	require.Equal(t, "desk@acme.example", r.From)
	requireWellFormed(t, r.Data)

	root := readMultipart(t, r.Message(t))
	require.Equal(t, "multipart/mixed", root.mediaType)
	require.Len(t, root.children, 3)

	alt := root.children[0]
	require.Equal(t, "multipart/alternative", alt.mediaType)
	require.Len(t, alt.children, 2)
	require.Equal(t, "text/plain", alt.children[0].mediaType)
	require.Equal(t, "See attached.\r\n.\r\nBye\r\n", string(alt.children[0].body))
	require.Equal(t, "text/html", alt.children[1].mediaType)
	require.Equal(t, msg.HTML, string(alt.children[1].body))

	wav, txt := root.children[1], root.children[2]
	require.Equal(t, "audio/wav", wav.mediaType)
	require.Equal(t, "call.wav", wav.filename)
	require.Equal(t, recording, wav.body)
	require.Equal(t, "text/plain", txt.mediaType)
	require.Equal(t, "transcript.txt", txt.filename)
	require.Equal(t, transcript, txt.body)
}

func TestSendNonASCIISubjectRoundTrips(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t, emailtest.WithAuth(testUser, testPassword))
	sender := newSender(t, srv)

	subject := "Rückruf für Zoë — 予約の確認 ✅ (ticket #7)"
	require.NoError(t, sender.Send(t.Context(), email.Message{
		From:    "Zoë Ñúñez <zoe@example.org>",
		To:      []string{"ana@example.com"},
		Subject: subject,
		Text:    "ok",
	}))

	m := srv.WaitFor(t, 1, waitTimeout)[0].Message(t)
	require.NotEqual(t, subject, m.Header.Get("Subject"), "the raw header must be encoded")
	var dec mime.WordDecoder
	got, err := dec.DecodeHeader(m.Header.Get("Subject"))
	require.NoError(t, err)
	require.Equal(t, subject, got)
	from, err := m.Header.AddressList("From")
	require.NoError(t, err)
	require.Equal(t, "Zoë Ñúñez", from[0].Name)
}

func TestSendWrongPassword(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t, emailtest.WithAuth(testUser, testPassword))
	sender := newSender(t, srv, func(c *email.SMTPConfig) { c.Password = "wrong" })

	err := sender.Send(t.Context(), email.Message{To: []string{"ana@example.com"}, Subject: "x", Text: "x"})
	require.Error(t, err)
	var pe *email.PermanentError
	require.ErrorAs(t, err, &pe, "bad credentials will not fix themselves on retry")
	require.Equal(t, "AUTH", pe.Command)
	require.Equal(t, 535, pe.Code)
	require.Equal(t, "5.7.8", pe.EnhancedCode)
	require.Empty(t, srv.Messages())
}

func TestSendRefusesServerWithoutSTARTTLS(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t, emailtest.WithoutTLS(), emailtest.WithAuth(testUser, testPassword))
	sender := newSender(t, srv) // TLS defaults to starttls

	err := sender.Send(t.Context(), email.Message{To: []string{"ana@example.com"}, Subject: "x", Text: "x"})
	require.ErrorContains(t, err, "STARTTLS")
	require.Equal(t, 1, srv.Connections())
	require.Empty(t, srv.Messages())
}

func TestSendRejectsUntrustedCertificate(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t, emailtest.WithAuth(testUser, testPassword))
	sender := newSender(t, srv, func(c *email.SMTPConfig) { c.TLSConfig = nil })

	err := sender.Send(t.Context(), email.Message{To: []string{"ana@example.com"}, Subject: "x", Text: "x"})
	require.ErrorContains(t, err, "certificate")
	require.Empty(t, srv.Messages())
}

func TestSendHeaderInjectionNeverConnects(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t, emailtest.WithAuth(testUser, testPassword))
	sender := newSender(t, srv)

	err := sender.Send(t.Context(), email.Message{
		To:      []string{"ana@example.com"},
		Subject: "Hello\r\nBcc: everyone@example.com",
		Text:    "x",
	})
	require.ErrorIs(t, err, email.ErrInvalidMessage)
	var pe *email.PermanentError
	require.NotErrorAs(t, err, &pe)
	require.Zero(t, srv.Connections(), "an invalid message must fail before dialing")
	require.Empty(t, srv.Messages())
}

func TestSendMissingFromIsInvalid(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t)
	sender := newSender(t, srv, func(c *email.SMTPConfig) { c.From = "" })

	err := sender.Send(t.Context(), email.Message{To: []string{"ana@example.com"}, Text: "x"})
	require.ErrorIs(t, err, email.ErrInvalidMessage)
	require.Zero(t, srv.Connections())
}

func TestSendRcptReplyClassification(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code      int
		permanent bool
	}{
		{550, true},
		{553, true},
		{451, false},
		{452, false},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.code), func(t *testing.T) {
			t.Parallel()
			srv := emailtest.NewServer(t, emailtest.WithAuth(testUser, testPassword), emailtest.WithRcptError(tt.code, "nope"))
			sender := newSender(t, srv)

			err := sender.Send(t.Context(), email.Message{To: []string{"ana@example.com"}, Subject: "x", Text: "x"})
			require.Error(t, err)
			require.NotErrorIs(t, err, email.ErrInvalidMessage)
			var pe *email.PermanentError
			if tt.permanent {
				require.ErrorAs(t, err, &pe)
				require.Equal(t, "RCPT TO", pe.Command)
				require.Equal(t, tt.code, pe.Code)
				require.Contains(t, pe.Message, "nope")
			} else {
				require.NotErrorAs(t, err, &pe, "a %d must stay retryable: %v", tt.code, err)
				require.ErrorContains(t, err, "nope")
			}
			require.Empty(t, srv.Messages())
		})
	}
}

func TestSendImplicitTLS(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t, emailtest.WithImplicitTLS(), emailtest.WithAuth(testUser, testPassword))
	sender := newSender(t, srv, func(c *email.SMTPConfig) { c.TLS = email.TLSImplicit })

	require.NoError(t, sender.Send(t.Context(), email.Message{To: []string{"ana@example.com"}, Subject: "x", Text: "x"}))
	r := srv.WaitFor(t, 1, waitTimeout)[0]
	require.True(t, r.TLS)
	require.Equal(t, testUser, r.Username)
}

func TestSendPlaintextToLoopback(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t, emailtest.WithoutTLS(), emailtest.WithAuth(testUser, testPassword))
	sender := newSender(t, srv, func(c *email.SMTPConfig) { c.TLS = email.TLSNone; c.TLSConfig = nil })

	require.NoError(t, sender.Send(t.Context(), email.Message{To: []string{"ana@example.com"}, Subject: "x", Text: "x"}))
	r := srv.WaitFor(t, 1, waitTimeout)[0]
	require.False(t, r.TLS)
	require.Equal(t, testUser, r.Username)
}

// tarpit accepts connections and never answers, like a server that hangs
// before its greeting.
func tarpit(t *testing.T) (host string, port int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	go func() {
		defer close(done)
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	addr := ln.Addr().(*net.TCPAddr)
	return addr.IP.String(), addr.Port
}

func TestSendContextCancelledReturnsPromptly(t *testing.T) {
	t.Parallel()
	host, port := tarpit(t)
	sender, err := email.NewSMTPSender(email.SMTPConfig{Host: host, Port: port, From: "a@example.com", Timeout: time.Minute})
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	err = sender.Send(ctx, email.Message{To: []string{"b@example.com"}, Text: "x"})
	require.ErrorIs(t, err, context.Canceled)
	require.Less(t, time.Since(start), 2*time.Second)
}

func TestSendAlreadyCancelledContextDoesNotDial(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t)
	sender := newSender(t, srv)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := sender.Send(ctx, email.Message{To: []string{"b@example.com"}, Text: "x"})
	require.ErrorIs(t, err, context.Canceled)
	require.Zero(t, srv.Connections())
}

func TestSendTimeout(t *testing.T) {
	t.Parallel()
	host, port := tarpit(t)
	sender, err := email.NewSMTPSender(email.SMTPConfig{Host: host, Port: port, From: "a@example.com", Timeout: 200 * time.Millisecond})
	require.NoError(t, err)

	start := time.Now()
	err = sender.Send(t.Context(), email.Message{To: []string{"b@example.com"}, Text: "x"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Less(t, time.Since(start), 2*time.Second)
	var pe *email.PermanentError
	require.NotErrorAs(t, err, &pe)
}

func TestSMTPConfigValidate(t *testing.T) {
	t.Parallel()
	valid := email.SMTPConfig{Host: "smtp.example.com", Port: 587, Username: "u", Password: "p", From: "noreply@example.com"}
	require.NoError(t, valid.Validate())

	tests := map[string]struct {
		mutate func(*email.SMTPConfig)
		want   string
	}{
		"no host":             {func(c *email.SMTPConfig) { c.Host = "" }, "Host is required"},
		"host with port":      {func(c *email.SMTPConfig) { c.Host = "smtp.example.com:587" }, "must not include a port"},
		"host with space":     {func(c *email.SMTPConfig) { c.Host = "smtp example" }, "bare host name"},
		"port out of range":   {func(c *email.SMTPConfig) { c.Port = 70000 }, "Port 70000"},
		"negative port":       {func(c *email.SMTPConfig) { c.Port = -1 }, "Port -1"},
		"unknown TLS mode":    {func(c *email.SMTPConfig) { c.TLS = "ssl" }, `TLS "ssl"`},
		"password, no user":   {func(c *email.SMTPConfig) { c.Username = "" }, "Username is empty"},
		"user with newline":   {func(c *email.SMTPConfig) { c.Username = "u\r\n" }, "Username"},
		"cleartext password":  {func(c *email.SMTPConfig) { c.TLS = email.TLSNone }, "in the clear"},
		"bad from":            {func(c *email.SMTPConfig) { c.From = "nope" }, "From"},
		"from with injection": {func(c *email.SMTPConfig) { c.From = "a@example.com\r\nBcc: x@example.com" }, "From"},
		"negative timeout":    {func(c *email.SMTPConfig) { c.Timeout = -time.Second }, "Timeout"},
		"hello with space":    {func(c *email.SMTPConfig) { c.HelloName = "a b" }, "HelloName"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := valid
			tt.mutate(&cfg)
			require.ErrorContains(t, cfg.Validate(), tt.want)
			_, err := email.NewSMTPSender(cfg)
			require.Error(t, err)
		})
	}

	t.Run("one error per bad field", func(t *testing.T) {
		t.Parallel()
		err := email.SMTPConfig{Port: -1, TLS: "bogus", Password: "p", Timeout: -1}.Validate()
		var joined interface{ Unwrap() []error }
		require.ErrorAs(t, err, &joined)
		require.Len(t, joined.Unwrap(), 5)
	})

	t.Run("cleartext allowed to loopback and without credentials", func(t *testing.T) {
		t.Parallel()
		for _, host := range []string{"127.0.0.1", "::1", "localhost"} {
			require.NoError(t, email.SMTPConfig{Host: host, TLS: email.TLSNone, Username: "u", Password: "p"}.Validate(), host)
		}
		require.NoError(t, email.SMTPConfig{Host: "mailpit", TLS: email.TLSNone}.Validate())
	})
}
