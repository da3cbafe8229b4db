package tenants

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

var testSecret = []byte("0123456789abcdef0123456789abcdef")

func newTestTokens(t *testing.T) *Tokens {
	t.Helper()
	tok, err := NewTokens(TokenConfig{Secret: testSecret, Issuer: "switchboard", Audience: "switchboard-api", TTL: 10 * time.Minute})
	require.NoError(t, err)
	return tok
}

func sign(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	require.NoError(t, err)
	return s
}

func validClaims() jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"iss": "switchboard", "aud": "switchboard-api", "sub": uuid.NewString(),
		"tid": uuid.NewString(), "role": "ADMIN",
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
	}
}

func TestTokensRoundTrip(t *testing.T) {
	t.Parallel()
	tok := newTestTokens(t)
	user, tenant := uuid.New(), uuid.New()
	raw, expiry, err := tok.Issue(user, tenant, RoleAgent)
	require.NoError(t, err)
	require.WithinDuration(t, time.Now().Add(10*time.Minute), expiry, 5*time.Second)
	actor, err := tok.Verify(raw)
	require.NoError(t, err)
	require.True(t, actor.Expires.Equal(expiry.Truncate(time.Second)), "exp is carried, in whole seconds: %s vs %s", actor.Expires, expiry)
	actor.Expires = time.Time{}
	require.Equal(t, Actor{Kind: ActorUser, TenantID: tenant, UserID: user, Role: RoleAgent}, actor)

	// A hand-signed token with the same claims is accepted too, so the negatives
	// below fail for the one reason each names and not for a mistake in the fixture.
	_, err = tok.Verify(sign(t, jwt.SigningMethodHS256, testSecret, validClaims()))
	require.NoError(t, err)
}

func TestTokensRefused(t *testing.T) {
	t.Parallel()
	tok := newTestTokens(t)
	without := func(key string) jwt.MapClaims { c := validClaims(); delete(c, key); return c }
	with := func(key string, v any) jwt.MapClaims { c := validClaims(); c[key] = v; return c }

	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)

	good := sign(t, jwt.SigningMethodHS256, testSecret, validClaims())
	parts := strings.Split(good, ".")
	tamperedPayload := base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"switchboard","aud":"switchboard-api","sub":"` +
		uuid.NewString() + `","tid":"` + uuid.NewString() + `","role":"OWNER","exp":9999999999}`))
	noneHeader := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))

	cases := map[string]string{
		"no exp":          sign(t, jwt.SigningMethodHS256, testSecret, without("exp")),
		"expired":         sign(t, jwt.SigningMethodHS256, testSecret, with("exp", time.Now().Add(-time.Minute).Unix())),
		"wrong audience":  sign(t, jwt.SigningMethodHS256, testSecret, with("aud", "someone-else")),
		"no audience":     sign(t, jwt.SigningMethodHS256, testSecret, without("aud")),
		"wrong issuer":    sign(t, jwt.SigningMethodHS256, testSecret, with("iss", "evil")),
		"issued later":    sign(t, jwt.SigningMethodHS256, testSecret, with("iat", time.Now().Add(time.Hour).Unix())),
		"wrong secret":    sign(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), validClaims()),
		"HS512":           sign(t, jwt.SigningMethodHS512, testSecret, validClaims()),
		"RS256":           sign(t, jwt.SigningMethodRS256, rsaKey, validClaims()),
		"EdDSA":           sign(t, jwt.SigningMethodEdDSA, edKey, validClaims()),
		"alg none":        sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, validClaims()),
		"alg none forged": noneHeader + "." + parts[1] + ".",
		"tampered":        parts[0] + "." + tamperedPayload + "." + parts[2],
		"bad role":        sign(t, jwt.SigningMethodHS256, testSecret, with("role", "ROOT")),
		"no tenant":       sign(t, jwt.SigningMethodHS256, testSecret, without("tid")),
		"garbage":         "not.a.jwt",
		"empty":           "",
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := tok.Verify(raw)
			require.ErrorIs(t, err, ErrUnauthenticated)
		})
	}
}

func TestTokenConfigValidate(t *testing.T) {
	t.Parallel()
	_, err := NewTokens(TokenConfig{Secret: []byte("short"), Issuer: "i", Audience: "a", TTL: time.Minute})
	require.ErrorContains(t, err, "at least 32 bytes")
	_, err = NewTokens(TokenConfig{Secret: testSecret, Audience: "a", TTL: time.Minute})
	require.ErrorContains(t, err, "issuer")
	_, err = NewTokens(TokenConfig{Secret: testSecret, Issuer: "i", Audience: "a", TTL: 2 * time.Hour})
	require.ErrorContains(t, err, "ttl")
}
