package email

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	// foldAt keeps header lines at the RFC 5322 recommended 78 characters
	// (76 plus the space that starts a continuation line leaves slack).
	foldAt = 76
	// maxLineLength is the RFC 5322 hard limit (998 plus CRLF).
	maxLineLength = 998
	// maxFilenameLength keeps the attachment part headers, which
	// mime/multipart writes unfolded, below maxLineLength even when every
	// byte of the name is percent-encoded.
	maxFilenameLength = 255
	base64LineLength  = 76
)

// reservedHeaders are written by Build itself; letting Message.Headers set
// them would allow duplicate or conflicting fields (two From lines, a
// Content-Type that does not match the body) or a hidden Bcc.
var reservedHeaders = map[string]bool{
	"Bcc": true, "Cc": true, "Content-Disposition": true, "Content-Transfer-Encoding": true,
	"Content-Type": true, "Date": true, "From": true, "Message-Id": true, "Mime-Version": true,
	"Received": true, "Reply-To": true, "Return-Path": true, "Sender": true, "Subject": true, "To": true,
}

// envelope is what the SMTP transaction needs besides the bytes: the bare
// addresses for MAIL FROM and RCPT TO.
type envelope struct {
	from string
	to   []string
}

// Build returns the RFC 5322 bytes of msg with now as its Date. It is what
// [SMTPSender.Send] transmits, exported so tests and the development outbox
// can see exactly what would be sent. msg.From is required here, since Build
// has no sender to take a default from. Errors wrap [ErrInvalidMessage].
func Build(msg Message, now time.Time) ([]byte, error) {
	data, _, err := build(msg, now)
	return data, err
}

func build(msg Message, now time.Time) ([]byte, envelope, error) {
	m, err := validate(msg)
	if err != nil {
		return nil, envelope{}, err
	}

	var buf bytes.Buffer
	h := headerWriter{buf: &buf}
	h.write("Date", now.Format(time.RFC1123Z))
	h.write("From", m.from.String())
	h.write("To", joinAddresses(m.to))
	if m.replyTo != nil {
		h.write("Reply-To", m.replyTo.String())
	}
	h.write("Subject", encodeUnstructured(msg.Subject))
	h.write("Message-ID", "<"+rand.Text()+"@"+domainOf(m.from.Address)+">")
	h.write("MIME-Version", "1.0")
	for _, k := range slices.Sorted(maps.Keys(m.headers)) {
		h.write(k, encodeUnstructured(m.headers[k]))
	}
	if h.err != nil {
		return nil, envelope{}, h.err
	}

	switch {
	case len(msg.Attachments) > 0:
		boundary := newBoundary()
		h.write("Content-Type", mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": boundary}))
		buf.WriteString("\r\n")
		mw := multipart.NewWriter(&buf)
		if err := mw.SetBoundary(boundary); err != nil {
			return nil, envelope{}, fmt.Errorf("email: boundary: %w", err)
		}
		if err := writeBodyPart(mw, msg.Text, msg.HTML); err != nil {
			return nil, envelope{}, err
		}
		for _, a := range m.attachments {
			if err := writeAttachment(mw, a); err != nil {
				return nil, envelope{}, err
			}
		}
		if err := mw.Close(); err != nil {
			return nil, envelope{}, err
		}
	case msg.HTML != "":
		boundary := newBoundary()
		h.write("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": boundary}))
		buf.WriteString("\r\n")
		if err := writeAlternative(&buf, boundary, msg.Text, msg.HTML); err != nil {
			return nil, envelope{}, err
		}
	default:
		h.write("Content-Type", "text/plain; charset=utf-8")
		h.write("Content-Transfer-Encoding", "quoted-printable")
		buf.WriteString("\r\n")
		if err := writeQP(&buf, msg.Text); err != nil {
			return nil, envelope{}, err
		}
		if !bytes.HasSuffix(buf.Bytes(), []byte("\r\n")) {
			buf.WriteString("\r\n")
		}
	}
	if h.err != nil {
		return nil, envelope{}, h.err
	}
	if buf.Len() > MaxMessageSize {
		return nil, envelope{}, invalid("encoded message is %d bytes, over the %d byte limit", buf.Len(), MaxMessageSize)
	}

	env := envelope{from: m.from.Address}
	for _, a := range m.to {
		if !slices.ContainsFunc(env.to, func(s string) bool { return strings.EqualFold(s, a.Address) }) {
			env.to = append(env.to, a.Address)
		}
	}
	return buf.Bytes(), env, nil
}

type validated struct {
	from        *mail.Address
	to          []*mail.Address
	replyTo     *mail.Address
	headers     map[string]string
	attachments []Attachment
}

func validate(msg Message) (validated, error) {
	var m validated
	var err error

	if msg.From == "" {
		return m, invalid("From is required")
	}
	if m.from, err = parseAddress("From", msg.From); err != nil {
		return m, err
	}
	if len(msg.To) == 0 {
		return m, invalid("at least one To address is required")
	}
	for _, s := range msg.To {
		a, err := parseAddress("To", s)
		if err != nil {
			return m, err
		}
		m.to = append(m.to, a)
	}
	if msg.ReplyTo != "" {
		if m.replyTo, err = parseAddress("Reply-To", msg.ReplyTo); err != nil {
			return m, err
		}
	}
	if err := checkHeaderValue("Subject", msg.Subject); err != nil {
		return m, err
	}
	if msg.Text == "" {
		return m, invalid("Text body is required")
	}
	if !utf8.ValidString(msg.Text) {
		return m, invalid("Text body is not valid UTF-8")
	}
	if !utf8.ValidString(msg.HTML) {
		return m, invalid("HTML body is not valid UTF-8")
	}

	m.headers = make(map[string]string, len(msg.Headers))
	for k, v := range msg.Headers {
		if !isFieldName(k) {
			return m, invalid("header name %q is not a valid field name", k)
		}
		ck := textproto.CanonicalMIMEHeaderKey(k)
		if reservedHeaders[ck] {
			return m, invalid("header %q is set by the package and cannot be overridden", k)
		}
		if _, dup := m.headers[ck]; dup {
			return m, invalid("header %q is given twice", k)
		}
		if err := checkHeaderValue(ck, v); err != nil {
			return m, err
		}
		m.headers[ck] = v
	}

	// Reject oversized messages before encoding them: the base64 copy of a
	// large attachment is the expensive part and its size is predictable.
	estimate := len(msg.Text) + len(msg.HTML)
	for _, a := range msg.Attachments {
		if err := checkFilename(a.Filename); err != nil {
			return m, err
		}
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			return m, invalid("attachment %q: content type %q: %v", a.Filename, a.ContentType, err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			return m, invalid("attachment %q: content type %q cannot be attached as a file", a.Filename, mt)
		}
		// The name parameter duplicates the Content-Disposition filename
		// because some clients only look at Content-Type.
		params["name"] = a.Filename
		ct = mime.FormatMediaType(mt, params)
		if ct == "" {
			return m, invalid("attachment %q: content type %q cannot be formatted", a.Filename, a.ContentType)
		}
		m.attachments = append(m.attachments, Attachment{Filename: a.Filename, ContentType: ct, Data: a.Data})
		estimate += base64.StdEncoding.EncodedLen(len(a.Data))
	}
	if estimate > MaxMessageSize {
		return m, invalid("message is about %d bytes once encoded, over the %d byte limit", estimate, MaxMessageSize)
	}
	return m, nil
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidMessage}, args...)...)
}

func parseAddress(field, s string) (*mail.Address, error) {
	if err := checkHeaderValue(field, s); err != nil {
		return nil, err
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, invalid("%s address %q: %v", field, s, err)
	}
	// Non-ASCII mailboxes need SMTPUTF8 end to end, which we cannot promise
	// across relays; failing here is clearer than a bounce later.
	for i := 0; i < len(a.Address); i++ {
		if a.Address[i] >= utf8.RuneSelf {
			return nil, invalid("%s address %q: non-ASCII addresses are not supported", field, s)
		}
	}
	return a, nil
}

// checkHeaderValue stops header injection: a CR or LF in a value would end
// the field and let the caller's data start new ones (an extra Bcc, a second
// body). Other control characters have no business in a header either.
func checkHeaderValue(field, v string) error {
	if strings.ContainsAny(v, "\r\n") {
		return invalid("%s contains a line break", field)
	}
	for _, r := range v {
		if (r < ' ' && r != '\t') || r == 0x7f {
			return invalid("%s contains control character %U", field, r)
		}
	}
	if !utf8.ValidString(v) {
		return invalid("%s is not valid UTF-8", field)
	}
	return nil
}

func checkFilename(name string) error {
	if name == "" {
		return invalid("attachment filename is required")
	}
	if len(name) > maxFilenameLength {
		return invalid("attachment filename %q is longer than %d bytes", name, maxFilenameLength)
	}
	if err := checkHeaderValue("attachment filename", name); err != nil {
		return err
	}
	// A path in a filename is at best noise and at worst a traversal for a
	// careless receiving client.
	if strings.ContainsAny(name, `/\`) {
		return invalid("attachment filename %q must not contain a path", name)
	}
	return nil
}

// isFieldName reports whether s is an RFC 5322 field name: printable ASCII
// without space or colon.
func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c > '~' || c == ':' {
			return false
		}
	}
	return true
}

// encodeUnstructured turns non-ASCII text into RFC 2047 encoded words; the
// Q encoding keeps mostly-ASCII subjects readable in raw form.
func encodeUnstructured(s string) string {
	return mime.QEncoding.Encode("utf-8", s)
}

func joinAddresses(as []*mail.Address) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}

func domainOf(addr string) string {
	return addr[strings.LastIndexByte(addr, '@')+1:]
}

// newBoundary starts with "=_" because that sequence cannot occur in
// quoted-printable or base64 output, so the boundary can never collide with
// the content it separates.
func newBoundary() string {
	return "=_" + rand.Text()
}

// headerWriter folds long header lines at spaces and records the first
// error so the build sequence reads straight through.
type headerWriter struct {
	buf *bytes.Buffer
	err error
}

func (h *headerWriter) write(name, value string) {
	if h.err != nil {
		return
	}
	folded := fold(name + ": " + value)
	for line := range strings.SplitSeq(folded, "\r\n") {
		if len(line) > maxLineLength {
			h.err = invalid("%s header has a line longer than %d characters", name, maxLineLength)
			return
		}
	}
	h.buf.WriteString(folded)
	h.buf.WriteString("\r\n")
}

// fold inserts CRLF before spaces so lines stay near foldAt characters. A
// single word longer than that is left intact: RFC 5322 only forbids lines
// over 998 characters, which headerWriter checks.
func fold(line string) string {
	if len(line) <= foldAt {
		return line
	}
	var b strings.Builder
	n := 0
	for i, word := range strings.Split(line, " ") {
		if i > 0 {
			if n > 1 && n+1+len(word) > foldAt {
				b.WriteString("\r\n")
				n = 0
			}
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}

func writeQP(w io.Writer, s string) error {
	qp := quotedprintable.NewWriter(w)
	if _, err := io.WriteString(qp, s); err != nil {
		return err
	}
	return qp.Close()
}

func textHeader(mediaType string) textproto.MIMEHeader {
	return textproto.MIMEHeader{
		"Content-Type":              {mediaType + "; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	}
}

// writeBodyPart writes the readable body as one part of mw: plain text
// alone, or a nested multipart/alternative when there is HTML too.
func writeBodyPart(mw *multipart.Writer, text, html string) error {
	if html == "" {
		p, err := mw.CreatePart(textHeader("text/plain"))
		if err != nil {
			return err
		}
		return writeQP(p, text)
	}
	boundary := newBoundary()
	p, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type": {mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": boundary})},
	})
	if err != nil {
		return err
	}
	return writeAlternative(p, boundary, text, html)
}

// writeAlternative puts the plain text first: clients show the last
// alternative they understand, so HTML wins where it can be rendered.
func writeAlternative(w io.Writer, boundary, text, html string) error {
	mw := multipart.NewWriter(w)
	if err := mw.SetBoundary(boundary); err != nil {
		return fmt.Errorf("email: boundary: %w", err)
	}
	for _, part := range []struct{ mediaType, body string }{{"text/plain", text}, {"text/html", html}} {
		p, err := mw.CreatePart(textHeader(part.mediaType))
		if err != nil {
			return err
		}
		if err := writeQP(p, part.body); err != nil {
			return err
		}
	}
	return mw.Close()
}

func writeAttachment(mw *multipart.Writer, a Attachment) error {
	p, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {a.ContentType},
		"Content-Transfer-Encoding": {"base64"},
		"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename})},
	})
	if err != nil {
		return err
	}
	enc := base64.StdEncoding.EncodeToString(a.Data)
	for len(enc) > base64LineLength {
		if _, err := io.WriteString(p, enc[:base64LineLength]+"\r\n"); err != nil {
			return err
		}
		enc = enc[base64LineLength:]
	}
	_, err = io.WriteString(p, enc)
	return err
}
