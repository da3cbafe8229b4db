package graph

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestGlobalIDRoundTrip(t *testing.T) {
	t.Parallel()
	id := uuid.New()
	got, err := idOf(typeAPIKey, globalID(typeAPIKey, id))
	require.NoError(t, err)
	require.Equal(t, id, got)
	_, err = idOf(typeInvitation, globalID(typeAPIKey, id))
	require.ErrorIs(t, err, errBadID, "an id of another type is refused")
}

// FuzzParseGlobalID: IDs come from clients; anything either parses to a type
// and uuid that re-encode to an equivalent ID, or is errBadID.
func FuzzParseGlobalID(f *testing.F) {
	f.Add(globalID(typeTenant, uuid.New()))
	f.Add("")
	f.Add("VGVuYW50Og")
	f.Add("====")
	f.Fuzz(func(t *testing.T, s string) {
		typ, id, err := parseGlobalID(s)
		if err != nil {
			require.ErrorIs(t, err, errBadID)
			return
		}
		typ2, id2, err := parseGlobalID(globalID(typ, id))
		require.NoError(t, err)
		require.Equal(t, typ, typ2)
		require.Equal(t, id, id2)
	})
}
