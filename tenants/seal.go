package tenants

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// SealKeySize is the size of a sealing key: AES-256.
const SealKeySize = 32

// sealedPrefix starts every sealed value: "sealed.v1.<key id>.<base64url of
// nonce and ciphertext>". Anything else read back is taken as a value stored
// before sealing existed, in plain text.
const sealedPrefix = "sealed.v1."

// ErrUnsealable is returned when a sealed value cannot be opened: its key is
// not configured, or it was altered or moved to another row.
var ErrUnsealable = errors.New("sealed value cannot be opened")

// Sealer encrypts the credentials tenants give us that we must use again in
// clear (provider tokens, webhook signing secrets) before they are stored:
// AES-256-GCM under a server key that the database never sees. Each value is
// bound to where it belongs (say "channels:<id>"), so a sealed value copied
// to another row does not open there. Old keys may be kept for opening
// while values are re-sealed under the current one.
type Sealer struct {
	current string // key id
	keys    map[string]cipher.AEAD
}

// NewSealer returns a Sealer that seals under current and opens under it
// and any of previous. Every key is SealKeySize random bytes.
func NewSealer(current []byte, previous ...[]byte) (*Sealer, error) {
	s := &Sealer{keys: map[string]cipher.AEAD{}}
	for i, key := range append([][]byte{current}, previous...) {
		if len(key) != SealKeySize {
			return nil, fmt.Errorf("sealing key %d: %d bytes, want %d", i, len(key), SealKeySize)
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, fmt.Errorf("sealing key %d: %w", i, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("sealing key %d: %w", i, err)
		}
		sum := sha256.Sum256(key)
		id := hex.EncodeToString(sum[:4])
		if i == 0 {
			s.current = id
		}
		s.keys[id] = aead
	}
	return s, nil
}

// Seal encrypts plaintext for the place named by bind. A nil Sealer returns
// plaintext as it is: services built without a key (tests) store plain text,
// and serve and dev refuse to start without one.
func (s *Sealer) Seal(plaintext []byte, bind string) (string, error) {
	if s == nil {
		return string(plaintext), nil
	}
	aead := s.keys[s.current]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("seal: %w", err)
	}
	sealed := aead.Seal(nonce, nonce, plaintext, []byte(bind))
	return sealedPrefix + s.current + "." + base64.RawURLEncoding.EncodeToString(sealed), nil
}

// Open decrypts a value sealed for bind. A value that is not sealed (stored
// before sealing existed) is returned as it is; a sealed one cannot be opened
// by a nil Sealer.
func (s *Sealer) Open(value, bind string) ([]byte, error) {
	rest, ok := strings.CutPrefix(value, sealedPrefix)
	if !ok {
		return []byte(value), nil
	}
	if s == nil {
		return nil, fmt.Errorf("open: no sealing key is configured: %w", ErrUnsealable)
	}
	id, data, ok := strings.Cut(rest, ".")
	aead := s.keys[id]
	if !ok || aead == nil {
		return nil, fmt.Errorf("open: key %q is not configured: %w", id, ErrUnsealable)
	}
	raw, err := base64.RawURLEncoding.DecodeString(data)
	if err != nil || len(raw) < aead.NonceSize() {
		return nil, fmt.Errorf("open: malformed: %w", ErrUnsealable)
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(bind))
	if err != nil {
		return nil, fmt.Errorf("open: %w", ErrUnsealable)
	}
	return plain, nil
}

// Reseal returns value sealed under the current key, and whether that
// changed anything: a plain value is sealed, one sealed under an old key is
// opened and sealed again, one already under the current key is left as it
// is. Re-sealing every stored value is what lets an old key be retired.
func (s *Sealer) Reseal(value, bind string) (string, bool, error) {
	if s == nil {
		return value, false, nil
	}
	if strings.HasPrefix(value, s.CurrentPrefix()) {
		return value, false, nil
	}
	plain, err := s.Open(value, bind)
	if err != nil {
		return "", false, err
	}
	sealed, err := s.Seal(plain, bind)
	return sealed, err == nil, err
}

// CurrentPrefix is how every value sealed under the current key starts, so
// that a query can find the values that still need Reseal. A nil Sealer
// seals nothing: its prefix is empty.
func (s *Sealer) CurrentPrefix() string {
	if s == nil {
		return ""
	}
	return sealedPrefix + s.current + "."
}

// IsSealed reports whether value was produced by Seal.
func IsSealed(value string) bool { return strings.HasPrefix(value, sealedPrefix) }
