package voice

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestSignerRoundTripAndRefusals(t *testing.T) {
	t.Parallel()
	s, err := NewSigner([]byte(strings.Repeat("k", 32)))
	require.NoError(t, err)
	now := time.Unix(1_800_000_000, 0)
	s.now = func() time.Time { return now }

	tok, err := s.Sign(StreamClaims{TenantID: "t", CallID: "c", LegID: "l", NodeID: "n"}, time.Minute)
	require.NoError(t, err)
	var got StreamClaims
	require.NoError(t, s.Verify(tok, &got))
	require.Equal(t, "l", got.LegID)

	tampered := tok[:len(tok)-2] + "AA"
	require.ErrorIs(t, s.Verify(tampered, &got), ErrBadSignature)
	require.ErrorIs(t, s.Verify("nodot", &got), ErrBadSignature)

	other, err := NewSigner([]byte(strings.Repeat("x", 32)))
	require.NoError(t, err)
	require.ErrorIs(t, other.Verify(tok, &got), ErrBadSignature)

	// A document of one kind is never accepted as another: a signed
	// descriptor carries a leg_id, and so does a control command.
	desc, err := s.Sign(&SessionDescriptor{LegID: "l", Say: "hello"}, time.Minute)
	require.NoError(t, err)
	var cmd ControlCommand
	require.ErrorIs(t, s.Verify(desc, &cmd), ErrBadSignature)
	var d SessionDescriptor
	require.NoError(t, s.Verify(desc, &d), "a pointer and a value are the same kind")

	now = now.Add(2 * time.Minute)
	require.ErrorIs(t, s.Verify(tok, &got), ErrExpired)

	_, err = NewSigner([]byte("short"))
	require.Error(t, err)
}

func TestStatusRankNeverMovesBackwards(t *testing.T) {
	t.Parallel()
	require.Less(t, StatusInitiated.Rank(), StatusRinging.Rank())
	require.Less(t, StatusRinging.Rank(), StatusInProgress.Rank())
	require.Less(t, StatusInProgress.Rank(), StatusCompleted.Rank())
	require.Equal(t, StatusBusy.Rank(), StatusNoAnswer.Rank())
	require.False(t, Status("bogus").Valid())
	require.True(t, StatusCanceled.Final())
	require.False(t, StatusRinging.Final())
}
