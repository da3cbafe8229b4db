package tenants

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSealerSealsOpensAndRefuses(t *testing.T) {
	t.Parallel()
	oldKey, newKey := bytes.Repeat([]byte{1}, SealKeySize), bytes.Repeat([]byte{2}, SealKeySize)
	old, err := NewSealer(oldKey)
	require.NoError(t, err)
	sealedOld, err := old.Seal([]byte("auth-token"), "channels:a")
	require.NoError(t, err)
	require.True(t, IsSealed(sealedOld))
	require.NotContains(t, sealedOld, "auth-token")

	s, err := NewSealer(newKey, oldKey)
	require.NoError(t, err)
	got, err := s.Open(sealedOld, "channels:a")
	require.NoError(t, err, "a previous key still opens")
	require.Equal(t, "auth-token", string(got))
	again, err := s.Seal([]byte("auth-token"), "channels:a")
	require.NoError(t, err)
	require.NotEqual(t, sealedOld, again, "sealed under the new key, with a fresh nonce")

	_, err = s.Open(sealedOld, "channels:b")
	require.ErrorIs(t, err, ErrUnsealable, "bound to its row")
	_, err = old.Open(again, "channels:a")
	require.ErrorIs(t, err, ErrUnsealable, "the old key alone cannot open the new value")
	tampered := again[:len(again)-3] + strings.Repeat("A", 3)
	_, err = s.Open(tampered, "channels:a")
	require.ErrorIs(t, err, ErrUnsealable)

	plain, err := s.Open("stored-before-sealing", "channels:a")
	require.NoError(t, err)
	require.Equal(t, "stored-before-sealing", string(plain))

	_, err = NewSealer([]byte("short"))
	require.Error(t, err)
}
