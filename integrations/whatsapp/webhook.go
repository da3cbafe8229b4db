package whatsapp

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// SignatureHeader is the header Meta signs webhook bodies in.
const SignatureHeader = "X-Hub-Signature-256"

// signaturePrefix precedes the hex digest in SignatureHeader.
const signaturePrefix = "sha256="

// DefaultMaxBody is the body limit [ReadBody] uses when given none. Meta
// batches up to 1000 updates into one notification, and a batch of long
// messages approaches a few megabytes.
const DefaultMaxBody = 3 << 20

// maxChallengeLen bounds hub.challenge: Meta sends a short number, and the
// value is echoed back verbatim, so anything long is not from Meta.
const maxChallengeLen = 128

// VerifySubscription checks the GET handshake Meta sends when a webhook is
// configured (hub.mode=subscribe, hub.verify_token, hub.challenge) and
// returns the challenge to echo as the plain-text 200 response body.
//
// It fails with ErrBadSubscription for any other mode, a wrong token, an
// empty configured token (which would otherwise match an empty parameter)
// or a challenge that is not a short token of letters, digits, '-', '_' or
// '.': the challenge is reflected into a response, so only what Meta
// actually sends is allowed through.
func VerifySubscription(q url.Values, verifyToken string) (string, error) {
	if verifyToken == "" {
		return "", fmt.Errorf("verify subscription: no verify token configured: %w", ErrBadSubscription)
	}
	if q.Get("hub.mode") != "subscribe" {
		return "", fmt.Errorf("verify subscription: hub.mode is not subscribe: %w", ErrBadSubscription)
	}
	// Constant time so the token cannot be guessed byte by byte. The
	// length still leaks, which is harmless for a random token.
	if subtle.ConstantTimeCompare([]byte(q.Get("hub.verify_token")), []byte(verifyToken)) != 1 {
		return "", fmt.Errorf("verify subscription: wrong hub.verify_token: %w", ErrBadSubscription)
	}
	challenge := q.Get("hub.challenge")
	if !validChallenge(challenge) {
		return "", fmt.Errorf("verify subscription: bad hub.challenge: %w", ErrBadSubscription)
	}
	return challenge, nil
}

func validChallenge(s string) bool {
	if s == "" || len(s) > maxChallengeLen {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '-', c == '_', c == '.':
		default:
			return false
		}
	}
	return true
}

// Sign returns the X-Hub-Signature-256 value Meta would send for body:
// "sha256=" followed by the lower-case hex HMAC-SHA256 of the raw bytes,
// keyed with the app secret.
func Sign(appSecret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	return signaturePrefix + hex.EncodeToString(mac.Sum(nil))
}

// VerifySignature checks header (the X-Hub-Signature-256 value) against the
// raw body bytes exactly as received. Meta signs its own encoding, which
// escapes non-ASCII characters (\u00e4) and slashes (\/), so JSON that was
// decoded and re-encoded no longer verifies. A missing, malformed or wrong signature,
// or an empty app secret, fails with ErrBadSignature.
func VerifySignature(appSecret string, body []byte, header string) error {
	if appSecret == "" {
		// Anyone can compute an HMAC keyed with "": fail closed.
		return fmt.Errorf("verify signature: no app secret configured: %w", ErrBadSignature)
	}
	hexSum, ok := strings.CutPrefix(header, signaturePrefix)
	if !ok {
		return fmt.Errorf("verify signature: header lacks %q: %w", signaturePrefix, ErrBadSignature)
	}
	if len(hexSum) != hex.EncodedLen(sha256.Size) {
		return fmt.Errorf("verify signature: digest has wrong length: %w", ErrBadSignature)
	}
	got, err := hex.DecodeString(hexSum)
	if err != nil {
		return fmt.Errorf("verify signature: digest is not hex: %w", ErrBadSignature)
	}
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return fmt.Errorf("verify signature: digest mismatch: %w", ErrBadSignature)
	}
	return nil
}

// ReadBody reads a webhook body whole, refusing more than maxBody bytes
// (DefaultMaxBody if maxBody <= 0) with ErrTooLarge. It never reads more
// than maxBody+1 bytes, so an oversized body costs no more than that.
func ReadBody(r *http.Request, maxBody int64) ([]byte, error) {
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	if r.Body == nil || r.Body == http.NoBody {
		return []byte{}, nil
	}
	if r.ContentLength > maxBody {
		return nil, fmt.Errorf("read body: content length %d over %d: %w", r.ContentLength, maxBody, ErrTooLarge)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			// An http.MaxBytesReader installed by a middleware.
			return nil, fmt.Errorf("read body: %w: %w", ErrTooLarge, err)
		}
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(body)) > maxBody {
		return nil, fmt.Errorf("read body: over %d bytes: %w", maxBody, ErrTooLarge)
	}
	return body, nil
}
