package emailtest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/email/emailtest"
)

// The server is exercised here with go-smtp's own client so that it is
// tested independently of package email, which relies on it.

func TestServerReceivesOverSTARTTLSWithAuth(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t, emailtest.WithAuth("user", "secret"))

	c, err := smtp.DialStartTLS(srv.Addr(), srv.TLSConfig())
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.Auth(sasl.NewPlainClient("", "user", "secret")))
	body := "Subject: hi\r\n\r\nhello\r\n"
	require.NoError(t, c.SendMail("a@example.com", []string{"b@example.com", "c@example.com"}, strings.NewReader(body)))
	require.NoError(t, c.Quit())

	got := srv.WaitFor(t, 1, 5*time.Second)
	require.Len(t, got, 1)
	require.Equal(t, "a@example.com", got[0].From)
	require.Equal(t, []string{"b@example.com", "c@example.com"}, got[0].To)
	require.Equal(t, body, string(got[0].Data))
	require.True(t, got[0].TLS)
	require.Equal(t, "user", got[0].Username)
	require.Equal(t, "hi", got[0].Message(t).Header.Get("Subject"))
	require.Equal(t, 1, srv.Connections())
}

func TestServerRequiresAuthBeforeMail(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t, emailtest.WithAuth("user", "secret"))

	c, err := smtp.DialStartTLS(srv.Addr(), srv.TLSConfig())
	require.NoError(t, err)
	defer c.Close()

	var se *smtp.SMTPError
	require.ErrorAs(t, c.Auth(sasl.NewPlainClient("", "user", "wrong")), &se)
	require.Equal(t, 535, se.Code)
	require.ErrorAs(t, c.Mail("a@example.com", nil), &se)
	require.Equal(t, 530, se.Code)
	require.Empty(t, srv.Messages())
}

func TestServerRcptError(t *testing.T) {
	t.Parallel()
	srv := emailtest.NewServer(t, emailtest.WithRcptError(452, "mailbox full"))

	c, err := smtp.DialStartTLS(srv.Addr(), srv.TLSConfig())
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.Mail("a@example.com", nil))

	var se *smtp.SMTPError
	require.ErrorAs(t, c.Rcpt("b@example.com", nil), &se)
	require.Equal(t, 452, se.Code)
	require.Contains(t, se.Message, "mailbox full")
}

func TestServerImplicitTLSAndPlaintext(t *testing.T) {
	t.Parallel()

	tlsSrv := emailtest.NewServer(t, emailtest.WithImplicitTLS())
	c, err := smtp.DialTLS(tlsSrv.Addr(), tlsSrv.TLSConfig())
	require.NoError(t, err)
	require.NoError(t, c.SendMail("a@example.com", []string{"b@example.com"}, strings.NewReader("\r\nx\r\n")))
	require.NoError(t, c.Quit())
	require.True(t, tlsSrv.WaitFor(t, 1, 5*time.Second)[0].TLS)

	plainSrv := emailtest.NewServer(t, emailtest.WithoutTLS())
	c, err = smtp.Dial(plainSrv.Addr())
	require.NoError(t, err)
	ok, _ := c.Extension("STARTTLS")
	require.False(t, ok)
	require.NoError(t, c.SendMail("a@example.com", []string{"b@example.com"}, strings.NewReader("\r\nx\r\n")))
	require.NoError(t, c.Quit())
	require.False(t, plainSrv.WaitFor(t, 1, 5*time.Second)[0].TLS)
}
