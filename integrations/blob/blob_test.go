package blob

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDirPutOpenAndRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := Dir{Root: t.TempDir()}
	require.NoError(t, d.Put(ctx, "recordings/t1/c1.wav", strings.NewReader("RIFF")))
	f, err := d.Open(ctx, "recordings/t1/c1.wav")
	require.NoError(t, err)
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	require.Equal(t, "RIFF", string(b))

	_, err = d.Open(ctx, "recordings/t1/none.wav")
	require.ErrorIs(t, err, ErrNotFound)
	for _, bad := range []string{"../x", "a/../../x", "/abs", "a//b", ".hidden", ""} {
		require.Error(t, d.Put(ctx, bad, strings.NewReader("x")), bad)
	}
}
