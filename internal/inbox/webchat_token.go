package inbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"
)

// VisitorTokenTTL is how long a visitor token is good for. Every session call
// issues a fresh one, so a visitor who comes back within the period keeps
// their conversation indefinitely.
const VisitorTokenTTL = 30 * 24 * time.Hour

// ErrBadVisitorToken covers a token that is malformed, forged, for another
// channel or expired: the visitor must start a new session.
var ErrBadVisitorToken = errors.New("invalid or expired visitor token")

// A visitor token is base64url(payload) "." base64url(HMAC-SHA256(key, label ||
// payload)), unpadded, where payload is
//
//	version (1 byte, 1) | channel id (16) | visitor id (16) | expiry (8, Unix seconds, big-endian)
//
// and key is the channel's visitor_key. The payload is fixed-size binary, so
// there is exactly one encoding of each token and nothing to parse loosely.
const (
	visitorTokenVersion    = 1
	visitorTokenPayloadLen = 1 + 16 + 16 + 8
	visitorTokenLen        = 55 + 1 + 43 // base64 of 41 bytes, ".", base64 of 32 bytes
	visitorTokenLabel      = "switchboard webchat visitor token v1\x00"
)

var b64 = base64.RawURLEncoding.Strict()

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."

// visitorToken is what a verified token says.
type visitorToken struct {
	ChannelID uuid.UUID
	VisitorID uuid.UUID
	ExpiresAt time.Time
}

func visitorTokenMAC(key, payload []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(visitorTokenLabel))
	m.Write(payload)
	return m.Sum(nil)
}

// signVisitorToken issues a token; expiresAt is truncated to the second.
func signVisitorToken(key []byte, t visitorToken) string {
	payload := make([]byte, 0, visitorTokenPayloadLen)
	payload = append(payload, visitorTokenVersion)
	payload = append(payload, t.ChannelID[:]...)
	payload = append(payload, t.VisitorID[:]...)
	payload = binary.BigEndian.AppendUint64(payload, uint64(t.ExpiresAt.Unix())) //nolint:gosec // G115: expiries are after 1970
	return b64.EncodeToString(payload) + "." + b64.EncodeToString(visitorTokenMAC(key, payload))
}

// parseVisitorToken verifies a token for channelID with the channel's key at
// now. Every failure is ErrBadVisitorToken: a caller learns nothing about
// which check failed.
func parseVisitorToken(key []byte, channelID uuid.UUID, token string, now time.Time) (visitorToken, error) {
	if len(key) == 0 || len(token) != visitorTokenLen || strings.Trim(token, tokenAlphabet) != "" {
		return visitorToken{}, ErrBadVisitorToken // the decoder would skip CR and LF: refuse them first
	}
	encPayload, encMAC, ok := strings.Cut(token, ".")
	if !ok {
		return visitorToken{}, ErrBadVisitorToken
	}
	payload, err := b64.DecodeString(encPayload)
	if err != nil || len(payload) != visitorTokenPayloadLen {
		return visitorToken{}, ErrBadVisitorToken
	}
	mac, err := b64.DecodeString(encMAC)
	if err != nil || !hmac.Equal(mac, visitorTokenMAC(key, payload)) {
		return visitorToken{}, ErrBadVisitorToken
	}
	if payload[0] != visitorTokenVersion {
		return visitorToken{}, ErrBadVisitorToken
	}
	var t visitorToken
	copy(t.ChannelID[:], payload[1:17])
	copy(t.VisitorID[:], payload[17:33])
	exp := binary.BigEndian.Uint64(payload[33:])
	if exp > uint64(now.Add(2*VisitorTokenTTL).Unix()) { //nolint:gosec // G115: now is after 1970
		return visitorToken{}, ErrBadVisitorToken // we never issue one this long
	}
	t.ExpiresAt = time.Unix(int64(exp), 0) //nolint:gosec // G115: bounded just above
	if t.ChannelID != channelID || t.VisitorID == uuid.Nil || !now.Before(t.ExpiresAt) {
		return visitorToken{}, ErrBadVisitorToken
	}
	return t, nil
}
