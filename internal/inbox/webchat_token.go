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
// The format is a channel token (SignChannelToken) under visitorTokenLabel.
const visitorTokenLabel = "switchboard webchat visitor token v1\x00"

// A channel token: the visitor token's format with two ids of the caller's
// choosing, signed with a web chat channel's visitor_key under a label that
// says what it is, so that one kind can never pass for another.
const (
	channelTokenVersion    = 1
	channelTokenPayloadLen = 1 + 16 + 16 + 8
	channelTokenLen        = 55 + 1 + 43 // base64 of 41 bytes, ".", base64 of 32 bytes
)

var b64 = base64.RawURLEncoding.Strict()

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."

// visitorToken is what a verified token says.
type visitorToken struct {
	ChannelID uuid.UUID
	VisitorID uuid.UUID
	ExpiresAt time.Time
}

func channelTokenMAC(key []byte, label string, payload []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	m.Write(payload)
	return m.Sum(nil)
}

// SignChannelToken signs ids a and b, good until exp (whole seconds), with a
// web chat channel's visitor key under label.
func SignChannelToken(key []byte, label string, a, b uuid.UUID, exp time.Time) string {
	payload := make([]byte, 0, channelTokenPayloadLen)
	payload = append(payload, channelTokenVersion)
	payload = append(payload, a[:]...)
	payload = append(payload, b[:]...)
	payload = binary.BigEndian.AppendUint64(payload, uint64(exp.Unix())) //nolint:gosec // G115: expiries are after 1970
	return b64.EncodeToString(payload) + "." + b64.EncodeToString(channelTokenMAC(key, label, payload))
}

// OpenChannelToken verifies a SignChannelToken token with key under label and
// returns its ids and expiry (Unix seconds); the caller checks those. ok is
// false for anything malformed or forged, without saying which.
func OpenChannelToken(key []byte, label, token string) (a, b uuid.UUID, exp uint64, ok bool) {
	if len(key) == 0 || len(token) != channelTokenLen || strings.Trim(token, tokenAlphabet) != "" {
		return a, b, 0, false // the decoder would skip CR and LF: refuse them first
	}
	encPayload, encMAC, ok := strings.Cut(token, ".")
	if !ok {
		return a, b, 0, false
	}
	payload, err := b64.DecodeString(encPayload)
	if err != nil || len(payload) != channelTokenPayloadLen {
		return a, b, 0, false
	}
	mac, err := b64.DecodeString(encMAC)
	if err != nil || !hmac.Equal(mac, channelTokenMAC(key, label, payload)) {
		return a, b, 0, false
	}
	if payload[0] != channelTokenVersion {
		return a, b, 0, false
	}
	copy(a[:], payload[1:17])
	copy(b[:], payload[17:33])
	return a, b, binary.BigEndian.Uint64(payload[33:]), true
}

// signVisitorToken issues a token; expiresAt is truncated to the second.
func signVisitorToken(key []byte, t visitorToken) string {
	return SignChannelToken(key, visitorTokenLabel, t.ChannelID, t.VisitorID, t.ExpiresAt)
}

// parseVisitorToken verifies a token for channelID with the channel's key at
// now. Every failure is ErrBadVisitorToken: a caller learns nothing about
// which check failed.
func parseVisitorToken(key []byte, channelID uuid.UUID, token string, now time.Time) (visitorToken, error) {
	var t visitorToken
	var exp uint64
	var ok bool
	if t.ChannelID, t.VisitorID, exp, ok = OpenChannelToken(key, visitorTokenLabel, token); !ok {
		return visitorToken{}, ErrBadVisitorToken
	}
	if exp > uint64(now.Add(2*VisitorTokenTTL).Unix()) { //nolint:gosec // G115: now is after 1970
		return visitorToken{}, ErrBadVisitorToken // we never issue one this long
	}
	t.ExpiresAt = time.Unix(int64(exp), 0) //nolint:gosec // G115: bounded just above
	if t.ChannelID != channelID || t.VisitorID == uuid.Nil || !now.Before(t.ExpiresAt) {
		return visitorToken{}, ErrBadVisitorToken
	}
	return t, nil
}
