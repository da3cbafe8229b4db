package sms_test

import (
	"crypto/hmac"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/sms"
	"github.com/switchboard/switchboard/integrations/sms/smstest"
)

const (
	fuzzToken = "f00dfeedf00dfeedf00dfeedf00dfeed"
	fuzzURL   = "https://hooks.switchboard.example/twilio/sms?tenant=t1"
	// fuzzURLPort is fuzzURL with the default port Twilio sometimes signs.
	fuzzURLPort = "https://hooks.switchboard.example:443/twilio/sms?tenant=t1"
	fuzzLimit   = 8 << 10
)

// fuzzSeeds are realistic and awkward bodies: what Twilio sends, and what
// an attacker might.
func fuzzSeeds() []string {
	fake := smstest.New(testAccount, fuzzToken)
	mms := fake.InboundForm(smstest.InboundParams{
		From: "+14155550100", To: "+15005550006", Body: "see pic",
		Media: []sms.Media{{URL: "https://api.twilio.com/m/ME1", ContentType: "image/jpeg"}},
	})
	return []string{
		fake.InboundForm(smstest.InboundParams{From: "+14155550100", To: "+15005550006", Body: "hello é 😀"}).Encode(),
		mms.Encode(),
		vectorParams().Encode(),
		statusForm("delivered").Encode(),
		"",
		"=",
		"&&&",
		"a=1&a=1&a=2",
		"Body=%zz",
		"Body=%",
		"From=whatsapp%3A%2B14155550100&MessageSid=SM0123456789abcdef0123456789abcdef",
		"NumMedia=10&MediaUrl9=https://x.example/",
		"NumMedia=99999999999999999999",
		"MediaUrl-1=x&NumMedia=0",
		"Body=\xff\xfe",
		"a;b=c",
		strings.Repeat("x", fuzzLimit+1),
	}
}

// FuzzVerifyRequest feeds arbitrary bodies and signature headers to
// VerifyRequest. When sign is set the harness signs the body correctly
// (when it can be parsed), so the accepting path is explored too.
//
// Properties: no panic; values are returned only with a signature that
// matches them under the configured URL; a correctly signed, parseable
// body within the limit is always accepted, with exactly its parameters.
func FuzzVerifyRequest(f *testing.F) {
	for _, body := range fuzzSeeds() {
		f.Add([]byte(body), "", false)
		f.Add([]byte(body), "", true)
		f.Add([]byte(body), vectorSig, false)
	}
	f.Add([]byte(vectorParams().Encode()), "not base64!", false)

	f.Fuzz(func(t *testing.T, body []byte, sig string, sign bool) {
		parsed, parseErr := url.ParseQuery(string(body))
		if sign && parseErr == nil {
			sig = sms.Sign(fuzzToken, fuzzURL, parsed)
		}
		r := httptest.NewRequest(http.MethodPost, "http://internal/twilio/sms", strings.NewReader(string(body)))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if sig != "" {
			r.Header[sms.SignatureHeader] = []string{sig}
		}

		got, err := sms.VerifyRequest(r, fuzzToken, fuzzURL, fuzzLimit)
		if err != nil {
			require.Nil(t, got, "values returned with an error")
			if sign && parseErr == nil && len(body) <= fuzzLimit {
				t.Fatalf("correctly signed body rejected: %v", err)
			}
			return
		}

		// Accepted: the header must be a real signature of these values.
		mac, decErr := base64.StdEncoding.DecodeString(strings.TrimSpace(sig))
		require.NoError(t, decErr)
		want1, _ := base64.StdEncoding.DecodeString(sms.Sign(fuzzToken, fuzzURL, got))
		want2, _ := base64.StdEncoding.DecodeString(sms.Sign(fuzzToken, fuzzURLPort, got))
		require.True(t, hmac.Equal(mac, want1) || hmac.Equal(mac, want2), "accepted an invalid signature")
		require.LessOrEqual(t, len(body), fuzzLimit)
		require.NoError(t, parseErr)
		require.Equal(t, parsed, got)

		// Whatever was signed, interpreting it must not panic.
		_, _ = sms.ParseInbound(got)
		_, _ = sms.ParseStatusCallback(got)
	})
}

// FuzzParseInbound drives arbitrary bodies through the whole inbound path,
// VerifyRequest then ParseInbound and ParseStatusCallback, signed or not.
//
// Properties: no panic; nothing unsigned is ever parsed into a message;
// whatever is accepted satisfies the documented invariants.
func FuzzParseInbound(f *testing.F) {
	for _, body := range fuzzSeeds() {
		f.Add(body, true)
		f.Add(body, false)
	}

	f.Fuzz(func(t *testing.T, body string, sign bool) {
		sig := "AAAAAAAAAAAAAAAAAAAAAAAAAAA="
		if parsed, err := url.ParseQuery(body); sign && err == nil {
			sig = sms.Sign(fuzzToken, fuzzURL, parsed)
		}
		r := httptest.NewRequest(http.MethodPost, "http://internal/twilio/sms", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set(sms.SignatureHeader, sig)

		form, err := sms.VerifyRequest(r, fuzzToken, fuzzURL, fuzzLimit)
		if err != nil {
			return
		}
		require.True(t, sign, "unsigned body accepted")

		if m, err := sms.ParseInbound(form); err == nil {
			checkSID(t, m.MessageSID, "SM", "MM")
			checkSID(t, m.AccountSID, "AC")
			if m.MessagingServiceSID != "" {
				checkSID(t, m.MessagingServiceSID, "MG")
			}
			checkAddress(t, m.From)
			checkAddress(t, m.To)
			require.True(t, utf8.ValidString(m.Body))
			require.LessOrEqual(t, len(m.Media), sms.MaxMedia)
			numMedia := 0
			if s := form.Get("NumMedia"); s != "" {
				numMedia, err = strconv.Atoi(s)
				require.NoError(t, err)
			}
			require.Len(t, m.Media, numMedia)
			for _, md := range m.Media {
				u, err := url.Parse(md.URL)
				require.NoError(t, err)
				require.Contains(t, []string{"http", "https"}, u.Scheme)
				require.NotEmpty(t, md.ContentType)
			}
			require.GreaterOrEqual(t, m.NumSegments, 0)
		} else {
			require.ErrorIs(t, err, sms.ErrMalformed)
		}

		if c, err := sms.ParseStatusCallback(form); err == nil {
			checkSID(t, c.MessageSID, "SM", "MM")
			require.True(t, c.Status.Valid())
			require.GreaterOrEqual(t, c.ErrorCode, 0)
			if c.From != "" {
				checkAddress(t, c.From)
			}
			if c.To != "" {
				checkAddress(t, c.To)
			}
		} else {
			require.ErrorIs(t, err, sms.ErrMalformed)
		}
	})
}

func checkSID(t *testing.T, sid string, prefixes ...string) {
	t.Helper()
	require.Len(t, sid, 34)
	require.Contains(t, prefixes, sid[:2])
}

// checkAddress: an accepted address is never a channel address, and a
// number is in canonical E.164.
func checkAddress(t *testing.T, a string) {
	t.Helper()
	require.NotEmpty(t, a)
	require.NotContains(t, a, ":")
	if strings.HasPrefix(a, "+") {
		n, ok := sms.NormalizeE164(a)
		require.True(t, ok, a)
		require.Equal(t, n, a)
	}
}
