package webhookhttp

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Header names from the Standard Webhooks specification. HTTP header names
// are case-insensitive; [Headers] stores them in Go's canonical form
// ("Webhook-Id"), which is what net/http writes on HTTP/1.1.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// SecretPrefix marks a Standard Webhooks symmetric signing secret so that a
// human (or a secret scanner) can tell it apart from any other base64 string.
const SecretPrefix = "whsec_"

// Secret sizes in bytes. The specification asks for at least 24 random bytes
// and allows up to 64; we generate 32, the HMAC-SHA256 block-friendly size
// most providers use.
const (
	minSecretLen = 24
	maxSecretLen = 64
	newSecretLen = 32
)

// DefaultTolerance is the replay window [Verify] uses when given a tolerance
// of zero or less. Five minutes is what the reference libraries use: enough
// for clock skew and queueing, short enough that a captured request goes
// stale quickly.
const DefaultTolerance = 5 * time.Minute

// signatureVersion is the Standard Webhooks identifier of HMAC-SHA256
// signatures. Asymmetric ("v1a") signatures are not produced and are ignored
// when verifying.
const signatureVersion = "v1"

var (
	// ErrInvalidSecret is wrapped by [ParseSecret] errors.
	ErrInvalidSecret = errors.New("webhookhttp: invalid webhook secret")
	// ErrBadSignature is wrapped by every [Verify] error that means "this
	// request was not signed by a holder of the secret": missing or
	// malformed headers as well as signatures that do not match.
	ErrBadSignature = errors.New("webhookhttp: bad webhook signature")
	// ErrTimestamp is returned by [Verify] for a correctly signed request
	// whose timestamp is outside the tolerance window: a replay, or a clock
	// that is badly off on one side.
	ErrTimestamp = errors.New("webhookhttp: webhook timestamp outside tolerance")
)

// NewSecret returns a fresh signing secret in the Standard Webhooks format,
// "whsec_" followed by the standard base64 encoding of 32 random bytes. Store
// it as given and show it to the tenant once; [ParseSecret] turns it into the
// key that [Sign] needs.
func NewSecret() (string, error) {
	key := make([]byte, newSecretLen)
	if _, err := rand.Read(key); err != nil {
		return "", fmt.Errorf("read random secret: %w", err)
	}
	return SecretPrefix + base64.StdEncoding.EncodeToString(key), nil
}

// ParseSecret decodes a secret made by [NewSecret] (or by any other Standard
// Webhooks implementation) into the raw HMAC key. The "whsec_" prefix is
// optional, as in the reference libraries, because some tools display only
// the base64 part. The key must be 24 to 64 bytes long: a shorter key is
// weaker than the specification allows, and in particular an empty key would
// let anyone compute valid signatures.
func ParseSecret(s string) ([]byte, error) {
	b64 := strings.TrimPrefix(s, SecretPrefix)
	key, err := base64.StdEncoding.Strict().DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("decode secret: %w", errors.Join(ErrInvalidSecret, err))
	}
	if len(key) < minSecretLen || len(key) > maxSecretLen {
		return nil, fmt.Errorf("check secret length %d: %w", len(key), ErrInvalidSecret)
	}
	return key, nil
}

// Sign returns the Standard Webhooks signature "v1,<base64>" of body: the
// HMAC-SHA256, keyed with secret, of "{msgID}.{unix seconds of ts}.{body}".
//
// secret must come from [ParseSecret]; Sign cannot fail and does not check
// it. msgID must not contain "." (the specification's rule): the signed
// content is a dot-joined string, and a dot in the id could make two
// different (id, timestamp, body) triples sign the same bytes. [Verify]
// refuses such ids. The same msgID is used for every retry of a message, so
// receivers can use it to de-duplicate; ts is the time of this attempt.
func Sign(secret []byte, msgID string, ts time.Time, body []byte) string {
	return signatureVersion + "," + string(signature(secret, msgID, strconv.FormatInt(ts.Unix(), 10), body))
}

// signature returns the base64 HMAC; tsText is the timestamp exactly as it is
// (or will be) written in the webhook-timestamp header.
func signature(secret []byte, msgID, tsText string, body []byte) []byte {
	mac := hmac.New(sha256.New, secret)
	// hash.Hash.Write never returns an error; writing the parts one by one
	// saves copying a large body into a joined buffer.
	_, _ = mac.Write([]byte(msgID))
	_, _ = mac.Write([]byte{'.'})
	_, _ = mac.Write([]byte(tsText))
	_, _ = mac.Write([]byte{'.'})
	_, _ = mac.Write(body)
	sum := mac.Sum(nil)
	out := make([]byte, base64.StdEncoding.EncodedLen(len(sum)))
	base64.StdEncoding.Encode(out, sum)
	return out
}

// Headers returns the headers of one signed delivery attempt: webhook-id,
// webhook-timestamp, webhook-signature and Content-Type: application/json.
// The body sent must be byte-for-byte the body signed. Callers copy these
// onto their request (or use them as its Header).
func Headers(secret []byte, msgID string, ts time.Time, body []byte) http.Header {
	h := make(http.Header, 4)
	h.Set(HeaderID, msgID)
	h.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(HeaderSignature, Sign(secret, msgID, ts, body))
	h.Set("Content-Type", "application/json")
	return h
}

// Verify checks a received webhook the way a Standard Webhooks consumer
// does. It is for our own receivers and tests (and documents, in code, what
// tenants must do).
//
// secrets holds the raw keys (from [ParseSecret]) currently accepted; during
// a rotation it holds the old and the new key, and a request passes if any
// space-separated "v1,..." signature in the webhook-signature header matches
// any key. Other signature versions are ignored, and empty keys are skipped
// because an empty HMAC key is public knowledge.
//
// The signature is checked first, in constant time, and the timestamp second,
// so [ErrTimestamp] only ever describes an authentic request that is older
// (or newer) than tolerance relative to now. Everything else wraps
// [ErrBadSignature]. A tolerance of zero or less means [DefaultTolerance].
func Verify(secrets [][]byte, h http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	msgID := h.Get(HeaderID)
	tsText := h.Get(HeaderTimestamp)
	sigs := h.Get(HeaderSignature)
	if msgID == "" || tsText == "" || sigs == "" {
		return fmt.Errorf("read webhook headers: missing header: %w", ErrBadSignature)
	}
	if strings.Contains(msgID, ".") {
		return fmt.Errorf("read webhook id: contains '.': %w", ErrBadSignature)
	}
	ts, ok := parseTimestamp(tsText)
	if !ok {
		return fmt.Errorf("parse webhook timestamp %q: %w", truncate(tsText, 32), ErrBadSignature)
	}

	if !anySignatureMatches(secrets, msgID, tsText, body, sigs) {
		return fmt.Errorf("match webhook signature: %w", ErrBadSignature)
	}

	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	// time.Time.Sub saturates instead of overflowing, so absurd timestamps
	// land safely outside the window.
	if age := now.Sub(time.Unix(ts, 0)); age > tolerance || age < -tolerance {
		return fmt.Errorf("check webhook timestamp %d: %w", ts, ErrTimestamp)
	}
	return nil
}

func anySignatureMatches(secrets [][]byte, msgID, tsText string, body []byte, sigs string) bool {
	for _, secret := range secrets {
		if len(secret) == 0 {
			continue
		}
		want := signature(secret, msgID, tsText, body)
		for candidate := range strings.SplitSeq(sigs, " ") {
			version, b64, found := strings.Cut(candidate, ",")
			if !found || version != signatureVersion {
				continue
			}
			if hmac.Equal([]byte(b64), want) {
				return true
			}
		}
	}
	return false
}

// parseTimestamp accepts only the canonical decimal form a sender writes
// ("1614265330"): no sign, no leading zeros, no spaces. The signature covers
// the header text, so accepting other spellings of the same number would not
// let an attacker forge anything, but refusing them keeps "the text we
// verified" and "the number we checked" the same thing.
func parseTimestamp(s string) (int64, bool) {
	if s == "" || len(s) > 19 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

// truncate keeps attacker-supplied header text in error messages short.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
