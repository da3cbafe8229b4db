package tenants

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// NewSecret returns a random opaque secret with a readable prefix and the hash
// to store. Secrets carry 256 bits of entropy, so a fast hash is the right one:
// a slow password hash would add nothing but latency to every request.
func NewSecret(prefix string) (plain string, hash []byte) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // the runtime treats this as fatal too
	}
	plain = prefix + base64.RawURLEncoding.EncodeToString(b[:])
	return plain, HashSecret(plain)
}

// HashSecret is the stored form of an opaque secret.
func HashSecret(plain string) []byte {
	sum := sha256.Sum256([]byte(plain))
	return sum[:]
}

// SecretMatches compares a presented secret with a stored hash in constant time.
func SecretMatches(plain string, hash []byte) bool {
	return subtle.ConstantTimeCompare(HashSecret(plain), hash) == 1
}

// APIKeyPrefix starts every API key, so that scanners and people recognise one.
const APIKeyPrefix = "sbk_"

// NewAPIKey returns a key "sbk_<key id hex>_<secret>" and the hash of the whole key.
// The key id lets the server find the tenant before it can check the secret.
func NewAPIKey(keyID uuid.UUID) (plain string, hash []byte) {
	return NewSecret(APIKeyPrefix + hex.EncodeToString(keyID[:]) + "_")
}

// ParseAPIKey splits an API key into its id; it does not check the secret.
func ParseAPIKey(plain string) (uuid.UUID, bool) {
	rest, ok := strings.CutPrefix(plain, APIKeyPrefix)
	if !ok {
		return uuid.Nil, false
	}
	idHex, secret, ok := strings.Cut(rest, "_")
	if !ok || len(idHex) != 32 || len(secret) != 43 {
		return uuid.Nil, false
	}
	raw, err := hex.DecodeString(idHex)
	if err != nil || hex.EncodeToString(raw) != idHex {
		return uuid.Nil, false // only the lower-case form we issue
	}
	id, err := uuid.FromBytes(raw)
	return id, err == nil
}
