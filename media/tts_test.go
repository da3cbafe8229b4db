package media

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/media/audio"
)

func TestEspeakRendersOnceAndResamples(t *testing.T) {
	t.Parallel()
	es, err := NewEspeak()
	if err != nil {
		t.Skip(err.Error())
	}
	ctx := context.Background()
	// Concurrent first calls share one render.
	var wg sync.WaitGroup
	res := make([][]int16, 4)
	for i := range res {
		wg.Go(func() {
			pcm, err := es.Speak(ctx, "The customer did not answer.")
			require.NoError(t, err)
			res[i] = pcm
		})
	}
	wg.Wait()
	for _, r := range res[1:] {
		require.Same(t, &res[0][0], &r[0], "one render, shared")
	}
	pcm := res[0]
	// About 1.5 s of speech at 160 words a minute, at 8 kHz.
	require.Greater(t, len(pcm), audio.Rate/2)
	require.Less(t, len(pcm), 5*audio.Rate)
	require.Greater(t, audio.RMS(pcm), 300.0)

	// A sentence that looks like an option is spoken, not parsed.
	dash, err := es.Speak(ctx, "-v is not a voice")
	require.NoError(t, err)
	require.Greater(t, len(dash), audio.Rate/4)

	_, err = es.Speak(ctx, "")
	require.Error(t, err)
	_, err = es.Speak(ctx, strings.Repeat("a", MaxSayLen+1))
	require.Error(t, err)
}
