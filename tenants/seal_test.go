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

func TestResealMovesEveryValueToTheCurrentKey(t *testing.T) {
	t.Parallel()
	oldKey, newKey := bytes.Repeat([]byte{1}, SealKeySize), bytes.Repeat([]byte{2}, SealKeySize)
	old, err := NewSealer(oldKey)
	require.NoError(t, err)
	s, err := NewSealer(newKey, oldKey)
	require.NoError(t, err)
	onlyNew, err := NewSealer(newKey)
	require.NoError(t, err)
	sealedOld, err := old.Seal([]byte("auth-token"), "channels:a")
	require.NoError(t, err)

	for name, stored := range map[string]string{"plain": "auth-token", "old key": sealedOld} {
		resealed, changed, err := s.Reseal(stored, "channels:a")
		require.NoError(t, err, name)
		require.True(t, changed, name)
		got, err := onlyNew.Open(resealed, "channels:a")
		require.NoError(t, err, "%s: the current key alone opens it", name)
		require.Equal(t, "auth-token", string(got))

		same, changed, err := s.Reseal(resealed, "channels:a")
		require.NoError(t, err)
		require.False(t, changed, "%s: already under the current key", name)
		require.Equal(t, resealed, same)
	}

	_, _, err = s.Reseal(sealedOld, "channels:b")
	require.ErrorIs(t, err, ErrUnsealable, "a value moved to another row is not re-sealed there")
	_, _, err = onlyNew.Reseal(sealedOld, "channels:a")
	require.ErrorIs(t, err, ErrUnsealable, "a key that was dropped too early")
	var none *Sealer
	kept, changed, err := none.Reseal("auth-token", "channels:a")
	require.NoError(t, err)
	require.False(t, changed)
	require.Equal(t, "auth-token", kept)
}
