package sms

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // Twilio's webhook signature is defined as HMAC-SHA1; we must compute exactly that.
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// SignatureHeader is the header in which Twilio sends a webhook's signature.
const SignatureHeader = "X-Twilio-Signature"

// Sign returns the X-Twilio-Signature value Twilio would send for a POST of
// params to url, signed with authToken:
//
//	base64(HMAC-SHA1(authToken, url + name1 + value1 + name2 + value2 ...))
//
// url is used byte for byte, including its query string. Names are sorted
// bytewise; a name with several values contributes each distinct value in
// sorted order. Dropping exact duplicates is what every official Twilio SDK
// validator does (PHP array_unique, Node new Set, Python set), so we match
// them rather than guess differently.
func Sign(authToken, url string, params url.Values) string {
	return base64.StdEncoding.EncodeToString(signatureMAC(authToken, url, params))
}

func signatureMAC(authToken, rawURL string, params url.Values) []byte {
	mac := hmac.New(newSHA1, []byte(authToken))
	_, _ = io.WriteString(mac, rawURL)
	for _, name := range slices.Sorted(maps.Keys(params)) {
		values := slices.Clone(params[name])
		slices.Sort(values)
		for _, v := range slices.Compact(values) {
			_, _ = io.WriteString(mac, name)
			_, _ = io.WriteString(mac, v)
		}
	}
	return mac.Sum(nil)
}

func newSHA1() hash.Hash {
	return sha1.New() //nolint:gosec // Twilio's signature algorithm; not our choice of hash.
}

// VerifyRequest authenticates a Twilio webhook (an inbound message or a
// status callback) and returns its form parameters.
//
// publicURL is the exact URL configured in Twilio for this webhook,
// including any query string. It comes from configuration, never from the
// request: behind a proxy r.Host and r.URL describe our side of the hop, and
// trusting them would let whoever controls a Host header choose what was
// signed.
//
// At most maxBody bytes are read; a larger body fails with ErrTooLarge. The
// request must be a POST of application/x-www-form-urlencoded, otherwise
// ErrMalformed. The signature is checked before the parameters are used for
// anything: a missing or wrong signature fails with ErrBadSignature, and no
// values are ever returned without a valid one. A body that is not valid
// form encoding fails with ErrMalformed.
//
// Twilio signs some webhooks with the default port (":443" or ":80") in the
// URL and some without (the SDKs say so and accept both), so both spellings
// of publicURL's default port are accepted; a non-default port must match.
//
// VerifyRequest consumes r.Body: do not call r.ParseForm before it.
func VerifyRequest(r *http.Request, authToken, publicURL string, maxBody int64) (url.Values, error) {
	// Configuration errors are plain errors, not ErrBadSignature: they are our
	// fault, and a handler should answer 500 rather than blame Twilio.
	if authToken == "" {
		return nil, errors.New("verify request: empty auth token")
	}
	if maxBody <= 0 {
		return nil, fmt.Errorf("verify request: maxBody %d must be positive", maxBody)
	}
	candidates, err := signedURLVariants(publicURL)
	if err != nil {
		return nil, fmt.Errorf("verify request: %w", err)
	}

	if r.Method != http.MethodPost {
		return nil, fmt.Errorf("verify request: method %s is not POST: %w", r.Method, ErrMalformed)
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		return nil, fmt.Errorf("verify request: content type %q is not a form: %w", r.Header.Get("Content-Type"), ErrMalformed)
	}
	if r.ContentLength > maxBody {
		return nil, fmt.Errorf("verify request: content length %d over %d bytes: %w", r.ContentLength, maxBody, ErrTooLarge)
	}
	if r.Body == nil {
		return nil, fmt.Errorf("verify request: no body: %w", ErrMalformed)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		// The caller may have wrapped the body in http.MaxBytesReader with a
		// smaller limit than ours; that is still "too large".
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, fmt.Errorf("verify request: read body: %w", ErrTooLarge)
		}
		return nil, fmt.Errorf("verify request: read body: %w", err)
	}
	if int64(len(body)) > maxBody {
		return nil, fmt.Errorf("verify request: body over %d bytes: %w", maxBody, ErrTooLarge)
	}

	// Exactly one signature header: with two, which one a proxy or framework
	// picks is anyone's guess, so neither is trusted.
	sigs := r.Header.Values(SignatureHeader)
	if len(sigs) != 1 || sigs[0] == "" {
		return nil, fmt.Errorf("verify request: %d %s headers: %w", len(sigs), SignatureHeader, ErrBadSignature)
	}
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(sigs[0]))
	if err != nil {
		return nil, fmt.Errorf("verify request: decode signature: %w", ErrBadSignature)
	}

	// The form must be decoded to compute the signature at all; nothing else
	// looks at it until the signature has matched.
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("verify request: parse form: %w", ErrMalformed)
	}

	ok := false
	for _, u := range candidates {
		if hmac.Equal(got, signatureMAC(authToken, u, form)) {
			ok = true
		}
	}
	if !ok {
		return nil, fmt.Errorf("verify request: signature mismatch: %w", ErrBadSignature)
	}
	return form, nil
}

// signedURLVariants returns publicURL and, when its port is absent or the
// scheme's default, the same URL with the default port toggled. It edits the
// string instead of round-tripping through url.URL.String, which may
// re-escape the path or query and so change what was signed.
func signedURLVariants(publicURL string) ([]string, error) {
	u, err := url.Parse(publicURL)
	if err != nil {
		return nil, fmt.Errorf("parse public URL: %w", err)
	}
	var defaultPort string
	switch u.Scheme {
	case "https":
		defaultPort = "443"
	case "http":
		defaultPort = "80"
	default:
		return nil, fmt.Errorf("public URL %q: scheme must be http or https", publicURL)
	}
	if u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("public URL %q: not an absolute URL", publicURL)
	}

	prefixLen := len(u.Scheme) + len("://")
	if len(publicURL) < prefixLen || !strings.EqualFold(publicURL[:prefixLen], u.Scheme+"://") {
		return []string{publicURL}, nil
	}
	rest := publicURL[prefixLen:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	head := publicURL[:prefixLen]

	switch u.Port() {
	case "":
		if strings.HasSuffix(authority, ":") {
			return []string{publicURL}, nil
		}
		return []string{publicURL, head + authority + ":" + defaultPort + tail}, nil
	case defaultPort:
		return []string{publicURL, head + strings.TrimSuffix(authority, ":"+defaultPort) + tail}, nil
	default:
		return []string{publicURL}, nil
	}
}
