package email_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/email"
)

var buildTime = time.Date(2026, 3, 14, 15, 9, 26, 0, time.FixedZone("CET", 3600))

func validMessage() email.Message {
	return email.Message{
		From:    "Switchboard <noreply@switchboard.example>",
		To:      []string{"ana@example.com"},
		Subject: "Your ticket",
		Text:    "Hello Ana,\nyour ticket was updated.\n",
	}
}

func parse(t *testing.T, raw []byte) *mail.Message {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	require.NoError(t, err)
	return m
}

func TestBuildTextOnly(t *testing.T) {
	t.Parallel()
	msg := validMessage()
	msg.ReplyTo = "support@switchboard.example"
	msg.Headers = map[string]string{"x-switchboard-tenant": "t-42"}

	raw, err := email.Build(msg, buildTime)
	require.NoError(t, err)

	m := parse(t, raw)
	require.Equal(t, "Sat, 14 Mar 2026 15:09:26 +0100", m.Header.Get("Date"))
	require.Equal(t, `"Switchboard" <noreply@switchboard.example>`, m.Header.Get("From"))
	require.Equal(t, "<ana@example.com>", m.Header.Get("To"))
	require.Equal(t, "<support@switchboard.example>", m.Header.Get("Reply-To"))
	require.Equal(t, "Your ticket", m.Header.Get("Subject"))
	require.Equal(t, "1.0", m.Header.Get("MIME-Version"))
	require.Equal(t, "t-42", m.Header.Get("X-Switchboard-Tenant"))
	require.Regexp(t, `^<[A-Z2-7]{26}@switchboard\.example>$`, m.Header.Get("Message-ID"))
	require.Equal(t, "text/plain; charset=utf-8", m.Header.Get("Content-Type"))
	require.Equal(t, "quoted-printable", m.Header.Get("Content-Transfer-Encoding"))

	body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	require.NoError(t, err)
	require.Equal(t, "Hello Ana,\r\nyour ticket was updated.\r\n", string(body))
	requireWellFormed(t, raw)

	again, err := email.Build(msg, buildTime)
	require.NoError(t, err)
	require.NotEqual(t, m.Header.Get("Message-ID"), parse(t, again).Header.Get("Message-ID"), "Message-ID must be unique per build")
}

func TestBuildNonASCIIHeadersAndLongLines(t *testing.T) {
	t.Parallel()
	msg := validMessage()
	msg.From = "Zoë Ñúñez <zoe@example.org>"
	msg.Subject = strings.Repeat("Grüße aus Köln — ", 12) + "🎧"
	msg.Text = strings.Repeat("a very long line without a newline ", 40) + "über"
	msg.Headers = map[string]string{"X-Note": "naïve"}

	raw, err := email.Build(msg, buildTime)
	require.NoError(t, err)
	requireWellFormed(t, raw)

	m := parse(t, raw)
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
	require.NoError(t, err)
	require.Equal(t, msg.Subject, subject)
	note, err := dec.DecodeHeader(m.Header.Get("X-Note"))
	require.NoError(t, err)
	require.Equal(t, "naïve", note)

	from, err := mail.ParseAddress(m.Header.Get("From"))
	require.NoError(t, err)
	require.Equal(t, "Zoë Ñúñez", from.Name)
	require.Equal(t, "zoe@example.org", from.Address)

	body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	require.NoError(t, err)
	require.Equal(t, msg.Text+"\r\n", string(body), "Build ends a single-part body with CRLF")
}

func TestBuildHTMLAndAttachments(t *testing.T) {
	t.Parallel()
	pdf := make([]byte, 5000)
	_, _ = rand.Read(pdf)
	msg := validMessage()
	msg.HTML = "<p>Hello <b>Ana</b></p>"
	msg.Attachments = []email.Attachment{
		{Filename: "report.pdf", ContentType: "application/pdf", Data: pdf},
		{Filename: "notes – März.txt", ContentType: "text/plain; charset=utf-8", Data: []byte("line one\nline two\n")},
		{Filename: "empty.bin", Data: nil},
	}

	raw, err := email.Build(msg, buildTime)
	require.NoError(t, err)
	requireWellFormed(t, raw)

	parts := readMultipart(t, parse(t, raw))
	require.Equal(t, "multipart/mixed", parts.mediaType)
	require.Len(t, parts.children, 4)

	alt := parts.children[0]
	require.Equal(t, "multipart/alternative", alt.mediaType)
	require.Len(t, alt.children, 2)
	require.Equal(t, "text/plain", alt.children[0].mediaType)
	require.Equal(t, "Hello Ana,\r\nyour ticket was updated.\r\n", string(alt.children[0].body))
	require.Equal(t, "text/html", alt.children[1].mediaType)
	require.Equal(t, msg.HTML, string(alt.children[1].body))

	for i, want := range msg.Attachments {
		got := parts.children[i+1]
		require.Equal(t, want.Filename, got.filename)
		require.Equal(t, string(want.Data), string(got.body))
	}
	require.Equal(t, "application/octet-stream", parts.children[3].mediaType)
}

func TestBuildHTMLWithoutAttachmentsIsAlternative(t *testing.T) {
	t.Parallel()
	msg := validMessage()
	msg.HTML = "<p>hi</p>"
	raw, err := email.Build(msg, buildTime)
	require.NoError(t, err)

	parts := readMultipart(t, parse(t, raw))
	require.Equal(t, "multipart/alternative", parts.mediaType)
	require.Len(t, parts.children, 2)
	require.Equal(t, "<p>hi</p>", string(parts.children[1].body))
}

func TestBuildBase64LinesAre76(t *testing.T) {
	t.Parallel()
	data := make([]byte, 10_000)
	_, _ = rand.Read(data)
	msg := validMessage()
	msg.Attachments = []email.Attachment{{Filename: "blob.bin", Data: data}}

	raw, err := email.Build(msg, buildTime)
	require.NoError(t, err)
	_, after, ok := bytes.Cut(raw, []byte("Content-Transfer-Encoding: base64\r\n"))
	require.True(t, ok)
	_, encoded, ok := bytes.Cut(after, []byte("\r\n\r\n"))
	require.True(t, ok)
	lines := strings.Split(string(encoded), "\r\n")
	// 10,000 bytes are 13,336 base64 characters: 175 full lines and a tail.
	for _, line := range lines[:175] {
		require.Len(t, line, 76)
	}
	require.Len(t, lines[175], 13336-175*76)
}

func TestBuildRejectsInvalidMessages(t *testing.T) {
	t.Parallel()
	tests := map[string]func(*email.Message){
		"subject CRLF":          func(m *email.Message) { m.Subject = "Hi\r\nBcc: victim@example.com" },
		"subject bare LF":       func(m *email.Message) { m.Subject = "Hi\nBcc: victim@example.com" },
		"subject bare CR":       func(m *email.Message) { m.Subject = "Hi\rthere" },
		"subject NUL":           func(m *email.Message) { m.Subject = "Hi\x00" },
		"subject invalid UTF-8": func(m *email.Message) { m.Subject = "Hi \xff" },
		"from CRLF":             func(m *email.Message) { m.From = "a@example.com\r\nBcc: victim@example.com" },
		"to CRLF":               func(m *email.Message) { m.To = []string{"a@example.com\r\nX: y"} },
		"reply-to LF":           func(m *email.Message) { m.ReplyTo = "a@example.com\nX: y" },
		"display name LF":       func(m *email.Message) { m.From = "\"Evil\nBcc: v@example.com\" <a@example.com>" },
		"header value CRLF":     func(m *email.Message) { m.Headers = map[string]string{"X-Tenant": "1\r\nBcc: v@example.com"} },
		"header name colon":     func(m *email.Message) { m.Headers = map[string]string{"X-A: b\r\nBcc": "v@example.com"} },
		"header name space":     func(m *email.Message) { m.Headers = map[string]string{"X A": "b"} },
		"header name empty":     func(m *email.Message) { m.Headers = map[string]string{"": "b"} },
		"reserved header Bcc":   func(m *email.Message) { m.Headers = map[string]string{"bcc": "v@example.com"} },
		"reserved header From":  func(m *email.Message) { m.Headers = map[string]string{"From": "x@example.com"} },
		"header given twice":    func(m *email.Message) { m.Headers = map[string]string{"X-A": "1", "x-a": "2"} },
		"no from":               func(m *email.Message) { m.From = "" },
		"no to":                 func(m *email.Message) { m.To = nil },
		"bad to":                func(m *email.Message) { m.To = []string{"not an address"} },
		"two addresses in one":  func(m *email.Message) { m.To = []string{"a@example.com, b@example.com"} },
		"non-ASCII mailbox":     func(m *email.Message) { m.To = []string{"josé@example.com"} },
		"no text":               func(m *email.Message) { m.Text = "" },
		"text invalid UTF-8":    func(m *email.Message) { m.Text = "\xff" },
		"attachment no name":    func(m *email.Message) { m.Attachments = []email.Attachment{{Data: []byte("x")}} },
		"attachment path":       func(m *email.Message) { m.Attachments = []email.Attachment{{Filename: "../../etc/passwd"}} },
		"attachment name CRLF":  func(m *email.Message) { m.Attachments = []email.Attachment{{Filename: "a\r\nb.txt"}} },
		"attachment bad type":   func(m *email.Message) { m.Attachments = []email.Attachment{{Filename: "a", ContentType: "not a type"}} },
		"attachment multipart": func(m *email.Message) {
			m.Attachments = []email.Attachment{{Filename: "a", ContentType: "multipart/mixed"}}
		},
		"attachment name too long": func(m *email.Message) {
			m.Attachments = []email.Attachment{{Filename: strings.Repeat("a", 300)}}
		},
		"word too long for a header line": func(m *email.Message) { m.Subject = strings.Repeat("x", 1000) },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			msg := validMessage()
			mutate(&msg)
			raw, err := email.Build(msg, buildTime)
			require.ErrorIs(t, err, email.ErrInvalidMessage)
			require.Nil(t, raw)
		})
	}
}

func TestBuildSizeCap(t *testing.T) {
	t.Parallel()

	msg := validMessage()
	msg.Attachments = []email.Attachment{{Filename: "big.bin", Data: make([]byte, email.MaxMessageSize)}}
	_, err := email.Build(msg, buildTime)
	require.ErrorIs(t, err, email.ErrInvalidMessage)
	require.ErrorContains(t, err, "limit")

	// Just under the cap before encoding, but base64 (4/3) and line breaks
	// push it over: the check must be on the encoded size.
	msg.Attachments = []email.Attachment{{Filename: "big.bin", Data: make([]byte, email.MaxMessageSize*4/5)}}
	_, err = email.Build(msg, buildTime)
	require.ErrorIs(t, err, email.ErrInvalidMessage)

	msg.Attachments = []email.Attachment{{Filename: "ok.bin", Data: make([]byte, 10<<20)}}
	raw, err := email.Build(msg, buildTime)
	require.NoError(t, err)
	require.Less(t, len(raw), email.MaxMessageSize)
}

// requireWellFormed checks the transport-level rules every relay enforces:
// 7-bit, CRLF line endings only, and no line over 998 characters. Header
// lines are additionally kept to 78 where a space allows folding.
func requireWellFormed(t *testing.T, raw []byte) {
	t.Helper()
	inHeader := true
	for i, line := range strings.Split(string(raw), "\r\n") {
		require.NotContains(t, line, "\n", "bare LF on line %d", i)
		require.NotContains(t, line, "\r", "bare CR on line %d", i)
		require.LessOrEqual(t, len(line), 998, "line %d too long", i)
		require.Equal(t, -1, strings.IndexFunc(line, func(r rune) bool { return r >= 0x80 }), "non-ASCII on line %d: %q", i, line)
		if line == "" {
			inHeader = false
		}
		if inHeader && strings.Contains(line, " ") {
			require.LessOrEqual(t, len(line), 78, "header line %d not folded: %q", i, line)
		}
	}
}

type part struct {
	mediaType string
	filename  string
	body      []byte
	children  []part
}

// readMultipart walks a MIME tree the way a mail client would, decoding
// each leaf's Content-Transfer-Encoding.
func readMultipart(t *testing.T, m *mail.Message) part {
	t.Helper()
	return readPart(t, m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), "", m.Body)
}

func readPart(t *testing.T, contentType, cte, disposition string, r io.Reader) part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	require.NoError(t, err)
	p := part{mediaType: mt}
	if disposition != "" {
		_, dparams, err := mime.ParseMediaType(disposition)
		require.NoError(t, err)
		p.filename = dparams["filename"]
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(r, params["boundary"])
		for {
			child, err := mr.NextRawPart()
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			p.children = append(p.children, readPart(t,
				child.Header.Get("Content-Type"), child.Header.Get("Content-Transfer-Encoding"),
				child.Header.Get("Content-Disposition"), child))
		}
		return p
	}
	switch strings.ToLower(cte) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	default:
		t.Fatalf("unexpected Content-Transfer-Encoding %q for %s", cte, mt)
	}
	p.body, err = io.ReadAll(r)
	require.NoError(t, err)
	return p
}
