package whatsapp_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/whatsapp"
)

func TestSignKnownVectors(t *testing.T) {
	t.Parallel()
	// HMAC-SHA256 vectors computed independently with
	//   printf '%s' BODY | openssl dgst -sha256 -hmac SECRET
	// The first is the well-known RFC-style example from Wikipedia's HMAC page.
	cases := []struct {
		secret, body, want string
	}{
		{"key", "The quick brown fox jumps over the lazy dog", "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"},
		{"key", "", "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0"},
		{"my-app-secret", `{"object":"whatsapp_business_account","entry":[]}`, "6181ffb07e99b650e7cd9a132e3f66127ec8827e9bab6e8df0feba5a07ea4c64"},
	}
	for _, c := range cases {
		got := whatsapp.Sign(c.secret, []byte(c.body))
		require.Equal(t, "sha256="+c.want, got)
		require.NoError(t, whatsapp.VerifySignature(c.secret, []byte(c.body), got))
	}
}

func TestVerifySignatureMatchesHandComputedHMAC(t *testing.T) {
	t.Parallel()
	secret := "0123456789abcdef0123456789abcdef"
	body := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}]}` + "\n")

	// What openssl does: HMAC over the exact bytes, hex, lower case.
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	header := "sha256=" + hex.EncodeToString(mac.Sum(nil))

	require.NoError(t, whatsapp.VerifySignature(secret, body, header))
	require.Equal(t, header, whatsapp.Sign(secret, body))
	// Meta sends lower case; an upper-case digest is the same digest.
	require.NoError(t, whatsapp.VerifySignature(secret, body, "sha256="+strings.ToUpper(header[len("sha256="):])))
}

func TestVerifySignatureRejects(t *testing.T) {
	t.Parallel()
	secret := "app-secret"
	body := []byte(`{"object":"whatsapp_business_account","entry":[]}`)
	good := whatsapp.Sign(secret, body)

	tampered := append([]byte(nil), body...)
	tampered[len(tampered)-2] = '{'

	cases := map[string]struct {
		secret string
		body   []byte
		header string
	}{
		"tampered body":          {secret, tampered, good},
		"trailing newline added": {secret, append(append([]byte(nil), body...), '\n'), good},
		"wrong secret":           {"other-secret", body, good},
		"empty secret":           {"", body, whatsapp.Sign("", body)},
		"missing header":         {secret, body, ""},
		"no prefix":              {secret, body, strings.TrimPrefix(good, "sha256=")},
		"sha1 prefix":            {secret, body, "sha1=" + strings.TrimPrefix(good, "sha256=")},
		"prefix only":            {secret, body, "sha256="},
		"not hex":                {secret, body, "sha256=" + strings.Repeat("zz", 32)},
		"truncated digest":       {secret, body, good[:len(good)-2]},
		"digest with extra":      {secret, body, good + "00"},
		"space before digest":    {secret, body, "sha256= " + strings.TrimPrefix(good, "sha256=")},
	}
	for name, c := range cases {
		err := whatsapp.VerifySignature(c.secret, c.body, c.header)
		require.ErrorIs(t, err, whatsapp.ErrBadSignature, name)
	}
}

func TestVerifySignatureNeedsRawBytes(t *testing.T) {
	t.Parallel()
	// Meta signs its own encoding, with non-ASCII escaped in lower-case hex.
	raw := []byte(`{"text":{"body":"\u00e4\u00f6\u00e5 https:\/\/x.example"}}`)
	header := whatsapp.Sign(testSecret, raw)
	require.NoError(t, whatsapp.VerifySignature(testSecret, raw, header))

	// The same JSON decoded and re-encoded is different bytes.
	var v any
	require.NoError(t, json.Unmarshal(raw, &v))
	reencoded, err := json.Marshal(v)
	require.NoError(t, err)
	require.JSONEq(t, string(raw), string(reencoded))
	require.ErrorIs(t, whatsapp.VerifySignature(testSecret, reencoded, header), whatsapp.ErrBadSignature)
}

func TestVerifySubscription(t *testing.T) {
	t.Parallel()
	const token = "meatyhamhock"
	ok := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {token}, "hub.challenge": {"1158201444"}}

	challenge, err := whatsapp.VerifySubscription(ok, token)
	require.NoError(t, err)
	require.Equal(t, "1158201444", challenge)

	with := func(key, value string) url.Values {
		q := url.Values{}
		for k, v := range ok {
			q[k] = append([]string(nil), v...)
		}
		if value == "" {
			q.Del(key)
		} else {
			q.Set(key, value)
		}
		return q
	}
	bad := map[string]url.Values{
		"bad token":         with("hub.verify_token", "meatyhamhocks"),
		"token prefix":      with("hub.verify_token", "meaty"),
		"missing token":     with("hub.verify_token", ""),
		"bad mode":          with("hub.mode", "unsubscribe"),
		"missing mode":      with("hub.mode", ""),
		"missing challenge": with("hub.challenge", ""),
		"html challenge":    with("hub.challenge", "<script>alert(1)</script>"),
		"long challenge":    with("hub.challenge", strings.Repeat("1", 129)),
	}
	for name, q := range bad {
		_, err := whatsapp.VerifySubscription(q, token)
		require.ErrorIs(t, err, whatsapp.ErrBadSubscription, name)
	}

	// An unset verify token must not match a request that omits it.
	_, err = whatsapp.VerifySubscription(with("hub.verify_token", ""), "")
	require.ErrorIs(t, err, whatsapp.ErrBadSubscription)
}

func TestReadBody(t *testing.T) {
	t.Parallel()

	r := httptest.NewRequest(http.MethodPost, "/webhook", strings.NewReader("0123456789"))
	body, err := whatsapp.ReadBody(r, 10)
	require.NoError(t, err)
	require.Equal(t, "0123456789", string(body))

	// Declared too large: refused before reading.
	r = httptest.NewRequest(http.MethodPost, "/webhook", strings.NewReader("0123456789x"))
	_, err = whatsapp.ReadBody(r, 10)
	require.ErrorIs(t, err, whatsapp.ErrTooLarge)

	// Length unknown (chunked): refused after one byte too many.
	r = httptest.NewRequest(http.MethodPost, "/webhook", strings.NewReader("0123456789x"))
	r.ContentLength = -1
	_, err = whatsapp.ReadBody(r, 10)
	require.ErrorIs(t, err, whatsapp.ErrTooLarge)

	// A failing body is an error, not ErrTooLarge.
	r = httptest.NewRequest(http.MethodPost, "/webhook", iotest.ErrReader(iotest.ErrTimeout))
	r.ContentLength = -1
	_, err = whatsapp.ReadBody(r, 10)
	require.ErrorIs(t, err, iotest.ErrTimeout)
	require.NotErrorIs(t, err, whatsapp.ErrTooLarge)

	// A middleware's MaxBytesReader is reported as ErrTooLarge too.
	rec := httptest.NewRecorder()
	r = httptest.NewRequest(http.MethodPost, "/webhook", strings.NewReader(strings.Repeat("a", 100)))
	r.ContentLength = -1
	r.Body = http.MaxBytesReader(rec, r.Body, 5)
	_, err = whatsapp.ReadBody(r, 50)
	require.ErrorIs(t, err, whatsapp.ErrTooLarge)

	// The default limit applies when none is given.
	r = httptest.NewRequest(http.MethodPost, "/webhook", strings.NewReader(strings.Repeat("a", whatsapp.DefaultMaxBody+1)))
	_, err = whatsapp.ReadBody(r, 0)
	require.ErrorIs(t, err, whatsapp.ErrTooLarge)
}
