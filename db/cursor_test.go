package db_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/db"
)

func TestCursorRoundTrip(t *testing.T) {
	t.Parallel()
	c := db.Cursor{Time: time.Date(2026, 11, 22, 3, 4, 5, 678900000, time.UTC), ID: uuid.New()}
	got, err := db.DecodeCursor(c.Encode())
	require.NoError(t, err)
	require.Equal(t, c.ID, got.ID)
	require.True(t, c.Time.Equal(got.Time))
	none, err := db.DecodeCursor("")
	require.NoError(t, err)
	require.Nil(t, none)
	for _, bad := range []string{"!", "Zm9v", "MjAyNnx4"} {
		_, err := db.DecodeCursor(bad)
		require.ErrorIs(t, err, db.ErrBadCursor, bad)
	}
}

// FuzzDecodeCursor: cursors come from clients; anything either decodes to a
// cursor that encodes back to an equivalent one, or is ErrBadCursor.
func FuzzDecodeCursor(f *testing.F) {
	f.Add(db.Cursor{Time: time.Now(), ID: uuid.New()}.Encode())
	f.Add("")
	f.Add("not base64 !")
	f.Add("MjAyNi0xMS0yMlQwMzowNDowNVp8eA")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := db.DecodeCursor(s)
		if err != nil {
			require.ErrorIs(t, err, db.ErrBadCursor)
			return
		}
		if c == nil {
			require.Empty(t, s)
			return
		}
		again, err := db.DecodeCursor(c.Encode())
		require.NoError(t, err)
		require.Equal(t, c.ID, again.ID)
		require.True(t, c.Time.Equal(again.Time))
	})
}
