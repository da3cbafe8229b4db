package webhookhttp

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The Standard Webhooks test vector, published with the specification and
// used by every reference library's tests. A round trip through our own
// Verify would pass with the delimiter, the key decoding or the base64
// alphabet all wrong; matching this is what proves a tenant's library will
// accept what we send.
const (
	vectorSecret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vectorMsgID     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vectorTimestamp = 1614265330
	vectorBody      = `{"test": 2432232314}`
	vectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func vectorKey(t *testing.T) []byte {
	t.Helper()
	key, err := ParseSecret(vectorSecret)
	require.NoError(t, err)
	return key
}

func vectorHeaders() http.Header {
	h := http.Header{}
	h.Set(HeaderID, vectorMsgID)
	h.Set(HeaderTimestamp, strconv.Itoa(vectorTimestamp))
	h.Set(HeaderSignature, vectorSignature)
	return h
}

func TestSignStandardWebhooksVector(t *testing.T) {
	t.Parallel()

	key := vectorKey(t)
	require.Len(t, key, 24)
	got := Sign(key, vectorMsgID, time.Unix(vectorTimestamp, 0), []byte(vectorBody))
	require.Equal(t, vectorSignature, got)

	// Sub-second precision and time zones must not leak into the signature.
	ts := time.Unix(vectorTimestamp, 999_999_999).In(time.FixedZone("x", 5*3600))
	require.Equal(t, vectorSignature, Sign(key, vectorMsgID, ts, []byte(vectorBody)))
}

func TestVerifyStandardWebhooksVector(t *testing.T) {
	t.Parallel()

	key := vectorKey(t)
	now := time.Unix(vectorTimestamp, 0)
	require.NoError(t, Verify([][]byte{key}, vectorHeaders(), []byte(vectorBody), now, 0))

	// The reference libraries' own multi-signature case: unknown versions
	// and wrong v1 signatures around the right one.
	h := vectorHeaders()
	h.Set(HeaderSignature, strings.Join([]string{
		"v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
		"v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
		vectorSignature,
		"v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==",
	}, " "))
	require.NoError(t, Verify([][]byte{key}, h, []byte(vectorBody), now, 0))

	h.Set(HeaderSignature, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=")
	require.ErrorIs(t, Verify([][]byte{key}, h, []byte(vectorBody), now, 0), ErrBadSignature)
}

func TestHeaders(t *testing.T) {
	t.Parallel()

	key := vectorKey(t)
	h := Headers(key, vectorMsgID, time.Unix(vectorTimestamp, 0), []byte(vectorBody))
	require.Equal(t, vectorMsgID, h.Get("webhook-id"))
	require.Equal(t, "1614265330", h.Get("webhook-timestamp"))
	require.Equal(t, vectorSignature, h.Get("webhook-signature"))
	require.Equal(t, "application/json", h.Get("content-type"))
	require.Len(t, h, 4)
}

func TestNewSecret(t *testing.T) {
	t.Parallel()

	seen := map[string]bool{}
	for range 20 {
		s, err := NewSecret()
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(s, "whsec_"), s)
		require.False(t, seen[s], "secrets must not repeat")
		seen[s] = true

		key, err := ParseSecret(s)
		require.NoError(t, err)
		require.Len(t, key, 32)
	}
}

func TestParseSecret(t *testing.T) {
	t.Parallel()

	b64 := func(n int) string { return base64.StdEncoding.EncodeToString(make([]byte, n)) }
	tests := []struct {
		name   string
		secret string
		ok     bool
	}{
		{"vector", vectorSecret, true},
		{"without prefix", strings.TrimPrefix(vectorSecret, "whsec_"), true},
		{"24 bytes", "whsec_" + b64(24), true},
		{"64 bytes", "whsec_" + b64(64), true},
		{"23 bytes", "whsec_" + b64(23), false},
		{"65 bytes", "whsec_" + b64(65), false},
		{"empty", "", false},
		{"prefix only", "whsec_", false},
		{"not base64", "whsec_not base64 at all!!!!!!!!!!!", false},
		{"url alphabet", "whsec_" + base64.URLEncoding.EncodeToString([]byte{0xfb, 0xff, 0xfe, 0xfb, 0xff, 0xfe, 0xfb, 0xff, 0xfe, 0xfb, 0xff, 0xfe, 0xfb, 0xff, 0xfe, 0xfb, 0xff, 0xfe, 0xfb, 0xff, 0xfe, 0xfb, 0xff, 0xfe}), false},
		{"unpadded", "whsec_" + base64.RawStdEncoding.EncodeToString(make([]byte, 25)), false},
		{"non-canonical padding bits", "whsec_" + b64(25)[:34] + "B=", false},
		{"plain text", "whsec_correct horse battery staple", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			key, err := ParseSecret(tt.secret)
			if tt.ok {
				require.NoError(t, err)
				require.NotEmpty(t, key)
				return
			}
			require.ErrorIs(t, err, ErrInvalidSecret)
			require.Nil(t, key)
		})
	}
}

func TestVerifyTolerance(t *testing.T) {
	t.Parallel()

	key := vectorKey(t)
	sent := time.Unix(1_700_000_000, 0)
	body := []byte(`{"type":"call.ended"}`)
	h := Headers(key, "msg_1", sent, body)

	tests := []struct {
		name      string
		now       time.Time
		tolerance time.Duration
		want      error
	}{
		{"same second", sent, time.Minute, nil},
		{"just inside, late", sent.Add(time.Minute), time.Minute, nil},
		{"just inside, early", sent.Add(-time.Minute), time.Minute, nil},
		{"too old", sent.Add(time.Minute + time.Second), time.Minute, ErrTimestamp},
		{"from the future", sent.Add(-time.Minute - time.Second), time.Minute, ErrTimestamp},
		{"default tolerance inside", sent.Add(DefaultTolerance), 0, nil},
		{"default tolerance outside", sent.Add(DefaultTolerance + time.Second), 0, ErrTimestamp},
		{"negative tolerance means default", sent.Add(-DefaultTolerance - time.Second), -time.Second, ErrTimestamp},
		{"far future now", time.Unix(1<<62, 0), time.Hour, ErrTimestamp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Verify([][]byte{key}, h, body, tt.now, tt.tolerance)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
		})
	}
}

func TestVerifyStaleForgeryIsBadSignatureNotTimestamp(t *testing.T) {
	t.Parallel()

	// A forged request must not learn anything from the timestamp check:
	// the signature is judged first.
	key := vectorKey(t)
	h := vectorHeaders()
	h.Set(HeaderSignature, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=")
	err := Verify([][]byte{key}, h, []byte(vectorBody), time.Unix(vectorTimestamp, 0).Add(time.Hour), time.Minute)
	require.ErrorIs(t, err, ErrBadSignature)
	require.NotErrorIs(t, err, ErrTimestamp)
}

func TestVerifyRotation(t *testing.T) {
	t.Parallel()

	oldKey := vectorKey(t)
	newSecret, err := NewSecret()
	require.NoError(t, err)
	newKey, err := ParseSecret(newSecret)
	require.NoError(t, err)
	otherSecret, err := NewSecret()
	require.NoError(t, err)
	otherKey, err := ParseSecret(otherSecret)
	require.NoError(t, err)

	now := time.Unix(1_700_000_000, 0)
	body := []byte(`{"type":"conversation.created"}`)
	signedWith := func(keys ...[]byte) http.Header {
		h := Headers(keys[0], "msg_rot", now, body)
		sigs := make([]string, 0, len(keys))
		for _, k := range keys {
			sigs = append(sigs, Sign(k, "msg_rot", now, body))
		}
		h.Set(HeaderSignature, strings.Join(sigs, " "))
		return h
	}

	tests := []struct {
		name      string
		signed    http.Header
		receivers [][]byte
		ok        bool
	}{
		{"sender old, receiver old+new", signedWith(oldKey), [][]byte{oldKey, newKey}, true},
		{"sender new, receiver old+new", signedWith(newKey), [][]byte{oldKey, newKey}, true},
		{"sender both, receiver old only", signedWith(newKey, oldKey), [][]byte{oldKey}, true},
		{"sender both, receiver new only", signedWith(oldKey, newKey), [][]byte{newKey}, true},
		{"sender both, receiver other", signedWith(oldKey, newKey), [][]byte{otherKey}, false},
		{"sender new, receiver old only", signedWith(newKey), [][]byte{oldKey}, false},
		{"no receiver keys", signedWith(oldKey), nil, false},
		{"empty receiver key skipped", signedWith(oldKey), [][]byte{{}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Verify(tt.receivers, tt.signed, body, now, time.Minute)
			if tt.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrBadSignature)
		})
	}
}

func TestVerifyEmptyKeyNeverAccepted(t *testing.T) {
	t.Parallel()

	// HMAC with an empty key is computable by anyone; a receiver that was
	// handed an unset secret must fail closed.
	now := time.Unix(1_700_000_000, 0)
	body := []byte(`{}`)
	h := Headers(nil, "msg_1", now, body)
	require.ErrorIs(t, Verify([][]byte{nil, {}}, h, body, now, time.Minute), ErrBadSignature)
}

func TestVerifyRejects(t *testing.T) {
	t.Parallel()

	key := vectorKey(t)
	now := time.Unix(vectorTimestamp, 0)
	body := []byte(vectorBody)

	tests := []struct {
		name   string
		mutate func(h http.Header) []byte
	}{
		{"missing id", func(h http.Header) []byte { h.Del(HeaderID); return body }},
		{"missing timestamp", func(h http.Header) []byte { h.Del(HeaderTimestamp); return body }},
		{"missing signature", func(h http.Header) []byte { h.Del(HeaderSignature); return body }},
		{"body changed", func(http.Header) []byte { return []byte(`{"test": 2432232315}`) }},
		{"body re-serialised", func(http.Header) []byte { return []byte(`{"test":2432232314}`) }},
		{"id changed", func(h http.Header) []byte { h.Set(HeaderID, vectorMsgID+"x"); return body }},
		{"timestamp changed", func(h http.Header) []byte { h.Set(HeaderTimestamp, "1614265331"); return body }},
		{"timestamp with plus", func(h http.Header) []byte { h.Set(HeaderTimestamp, "+1614265330"); return body }},
		{"timestamp with leading zero", func(h http.Header) []byte { h.Set(HeaderTimestamp, "01614265330"); return body }},
		{"timestamp with space", func(h http.Header) []byte { h.Set(HeaderTimestamp, " 1614265330"); return body }},
		{"timestamp negative", func(h http.Header) []byte { h.Set(HeaderTimestamp, "-1"); return body }},
		{"timestamp overflows", func(h http.Header) []byte { h.Set(HeaderTimestamp, "99999999999999999999"); return body }},
		{"timestamp in milliseconds", func(h http.Header) []byte { h.Set(HeaderTimestamp, "1614265330000"); return body }},
		{"version missing", func(h http.Header) []byte {
			h.Set(HeaderSignature, strings.TrimPrefix(vectorSignature, "v1,"))
			return body
		}},
		{"wrong version", func(h http.Header) []byte { h.Set(HeaderSignature, "v2"+vectorSignature[2:]); return body }},
		{"asymmetric version", func(h http.Header) []byte { h.Set(HeaderSignature, "v1a"+vectorSignature[2:]); return body }},
		{"unpadded signature", func(h http.Header) []byte {
			h.Set(HeaderSignature, strings.TrimSuffix(vectorSignature, "="))
			return body
		}},
		{"hex signature", func(h http.Header) []byte {
			h.Set(HeaderSignature, "v1,8348"+strings.Repeat("0", 60))
			return body
		}},
		{"signature prefix only", func(h http.Header) []byte { h.Set(HeaderSignature, vectorSignature[:20]); return body }},
		{"comma-joined signatures", func(h http.Header) []byte {
			h.Set(HeaderSignature, "v1,AAAA,"+strings.TrimPrefix(vectorSignature, "v1,"))
			return body
		}},
		{"id with dot", func(h http.Header) []byte { h.Set(HeaderID, "msg.1"); return body }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := vectorHeaders()
			b := tt.mutate(h)
			require.ErrorIs(t, Verify([][]byte{key}, h, b, now, time.Hour), ErrBadSignature)
		})
	}
}

func TestVerifyIDWithDotRefusedEvenWhenSigned(t *testing.T) {
	t.Parallel()

	// "a.1" + "2" + body and "a" + "1" + "2.body" sign the same bytes; the
	// specification forbids dots in ids for exactly this reason.
	key := vectorKey(t)
	now := time.Unix(2, 0)
	h := Headers(key, "a.1", now, []byte("x"))
	require.Equal(t, h.Get(HeaderSignature), Sign(key, "a", time.Unix(1, 0), []byte("2.x")))
	require.ErrorIs(t, Verify([][]byte{key}, h, []byte("x"), now, time.Hour), ErrBadSignature)
}

func TestSignRoundTrip(t *testing.T) {
	t.Parallel()

	secret, err := NewSecret()
	require.NoError(t, err)
	key, err := ParseSecret(secret)
	require.NoError(t, err)

	now := time.Now()
	for _, body := range [][]byte{nil, {}, []byte(`{}`), []byte("not json \x00\xff"), make([]byte, 1<<20)} {
		h := Headers(key, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", now, body)
		require.NoError(t, Verify([][]byte{key}, h, body, now.Add(3*time.Second), time.Minute))
	}
}
