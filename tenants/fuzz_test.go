package tenants

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// FuzzParseAPIKey: any string a client sends as a key either parses to the id
// it embeds or is refused; it never panics.
func FuzzParseAPIKey(f *testing.F) {
	key, _ := NewAPIKey(uuid.New())
	for _, seed := range []string{key, "", "sbk_", "sbk_" + strings.Repeat("0", 32) + "_", "sbk_zz_yy", key + "x", "Bearer " + key} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := ParseAPIKey(s)
		if !ok {
			return
		}
		if !strings.HasPrefix(s, APIKeyPrefix) || !strings.Contains(s, strings.ReplaceAll(id.String(), "-", "")) {
			t.Fatalf("parsed %q to %s", s, id)
		}
	})
}

// FuzzVerifyToken: no string authenticates without our signature.
func FuzzVerifyToken(f *testing.F) {
	tok, err := NewTokens(TokenConfig{Secret: []byte("0123456789abcdef0123456789abcdef"), Issuer: "i", Audience: "a", TTL: 60e9})
	if err != nil {
		f.Fatal(err)
	}
	other, _ := NewTokens(TokenConfig{Secret: []byte("another-secret-another-secret-xx"), Issuer: "i", Audience: "a", TTL: 60e9})
	forged, _, _ := other.Issue(uuid.New(), uuid.New(), RoleOwner)
	for _, seed := range []string{forged, "", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", strings.Repeat("A", 500)} {
		f.Add(seed)
	}
	v := &Verifier{Tokens: tok}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := v.Authenticate(context.Background(), s); err == nil {
			t.Fatalf("authenticated %q", s)
		}
	})
}
