package sms

import (
	"fmt"
	"strings"
)

// NormalizeE164 returns s as an E.164 number ("+" then 7 to 15 digits, the
// first not 0) if s is already one, give or take the separators people type
// (spaces, "-", ".", "(", ")"). It does no country guessing: "0044…" or a
// national number is not E.164 and reports false.
func NormalizeE164(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "+") {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteByte('+')
	digits := 0
	for _, r := range s[1:] {
		switch {
		case '0' <= r && r <= '9':
			if digits == 0 && r == '0' {
				return "", false
			}
			b.WriteRune(r)
			digits++
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", false
		}
	}
	if digits < 7 || digits > 15 {
		return "", false
	}
	return b.String(), true
}

// NormalizeAddress prepares a From/To address from Twilio for storage: an
// E.164-looking number is normalised, a short code or alphanumeric sender ID
// is kept as sent. A channel-prefixed address ("whatsapp:+1…") fails with
// ErrUnsupportedChannel, and a "+" number that is not E.164 with
// ErrMalformed.
func NormalizeAddress(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", fmt.Errorf("empty address: %w", ErrMalformed)
	case strings.Contains(s, ":"):
		// ErrMalformed too, so a handler that only knows ErrMalformed still
		// rejects the request rather than storing a WhatsApp id as a phone.
		return "", fmt.Errorf("address %q: %w: %w", s, ErrUnsupportedChannel, ErrMalformed)
	case strings.HasPrefix(s, "+"):
		n, ok := NormalizeE164(s)
		if !ok {
			return "", fmt.Errorf("address %q is not E.164: %w", s, ErrMalformed)
		}
		return n, nil
	case isShortCode(s) || isAlphanumericSender(s):
		return s, nil
	default:
		return "", fmt.Errorf("address %q is not a phone number, short code or sender ID: %w", s, ErrMalformed)
	}
}

// isShortCode reports 3 to 8 digits: short codes are 5 or 6 digits in North
// America but shorter or longer elsewhere.
func isShortCode(s string) bool {
	if len(s) < 3 || len(s) > 8 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isAlphanumericSender reports an alphanumeric sender ID as Twilio allows
// it: 1 to 11 of A-Z, a-z, 0-9 and space, with at least one letter.
func isAlphanumericSender(s string) bool {
	if len(s) == 0 || len(s) > 11 {
		return false
	}
	letter := false
	for i := range len(s) {
		c := s[i]
		switch {
		case ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z'):
			letter = true
		case ('0' <= c && c <= '9') || c == ' ':
		default:
			return false
		}
	}
	return letter
}
