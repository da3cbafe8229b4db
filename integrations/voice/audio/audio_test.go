package audio_test

import (
	"bytes"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/voice/audio"
)

func TestGoertzelTellsTonesApart(t *testing.T) {
	t.Parallel()
	a := audio.Tone(440, 0.5, 1600)
	require.Greater(t, audio.Goertzel(a, audio.Rate, 440), 0.9)
	require.Less(t, audio.Goertzel(a, audio.Rate, 1000), 0.01)
	require.Zero(t, audio.Goertzel(make([]int16, 1600), audio.Rate, 440))
	// Loudness does not matter.
	require.Greater(t, audio.Goertzel(audio.Tone(1000, 0.05, 1600), audio.Rate, 1000), 0.9)
}

func TestOscillatorIsContinuousAcrossFrames(t *testing.T) {
	t.Parallel()
	o := audio.Oscillator{Hz: 440, Amplitude: 0.5}
	var framed []int16
	for range 10 {
		f := make([]int16, audio.FrameSamples)
		o.Fill(f)
		framed = append(framed, f...)
	}
	whole := audio.Tone(440, 0.5, len(framed))
	for i := range whole {
		require.InDelta(t, whole[i], framed[i], 2, "sample %d", i)
	}
}

func TestPCMRoundTripAndOddLength(t *testing.T) {
	t.Parallel()
	s := []int16{0, 1, -1, 32767, -32768, 1234}
	got, err := audio.PCMSamples(audio.PCMBytes(s))
	require.NoError(t, err)
	require.Equal(t, s, got)
	require.Equal(t, []byte{0x34, 0x12}, audio.PCMBytes([]int16{0x1234}))
	_, err = audio.PCMSamples([]byte{1, 2, 3})
	require.ErrorIs(t, err, audio.ErrOddLength)
}

func TestResampleKeepsToneAndDropsAliases(t *testing.T) {
	t.Parallel()
	// 1 kHz at 22050 Hz comes out as 1 kHz at 8 kHz.
	o := audio.Oscillator{Hz: 1000, Amplitude: 0.5, SampleHz: 22050}
	in := make([]int16, 22050)
	o.Fill(in)
	out := audio.Resample(in, 22050, audio.Rate)
	require.InDelta(t, audio.Rate, len(out), 1)
	mid := out[800:7200]
	require.Greater(t, audio.Goertzel(mid, audio.Rate, 1000), 0.9)
	require.InDelta(t, 0.5*32767/1.4142, audio.RMS(mid), 600)

	// 6 kHz is above the new Nyquist (4 kHz): it must be filtered out, not
	// folded back to 2 kHz.
	hi := audio.Oscillator{Hz: 6000, Amplitude: 0.5, SampleHz: 22050}
	in2 := make([]int16, 22050)
	hi.Fill(in2)
	out2 := audio.Resample(in2, 22050, audio.Rate)
	require.Less(t, audio.RMS(out2[800:7200]), 300.0)

	up := audio.Resample(audio.Tone(440, 0.5, 800), audio.Rate, 16000)
	require.Len(t, up, 1600)
	require.Greater(t, audio.Goertzel(up[100:1500], 16000, 440), 0.9)
}

func TestMulawRoundTrip(t *testing.T) {
	t.Parallel()
	// Known G.711 values: silence encodes to 0xFF, full negative to 0x00.
	require.Equal(t, []byte{0xFF}, audio.MulawEncode([]int16{0}))
	require.Equal(t, byte(0x00), audio.MulawEncode([]int16{-32768})[0])
	require.Equal(t, byte(0x80), audio.MulawEncode([]int16{32767})[0])
	tone := audio.Tone(440, 0.5, 1600)
	back := audio.MulawDecode(audio.MulawEncode(tone))
	for i := range tone {
		// μ-law keeps about 3% relative precision.
		require.InDelta(t, tone[i], back[i], 1+0.04*float64(abs(tone[i])), "sample %d", i)
	}
	require.Greater(t, audio.Goertzel(back, audio.Rate, 440), 0.9)
}

func abs(v int16) int {
	if v < 0 {
		return -int(v)
	}
	return int(v)
}

func TestWAVRoundTripAndStreamingSizes(t *testing.T) {
	t.Parallel()
	tone := audio.Tone(440, 0.3, 400)
	snd, err := audio.ReadWAV(bytes.NewReader(audio.WAV(tone, 8000)))
	require.NoError(t, err)
	require.Equal(t, 8000, snd.SampleRate)
	require.Equal(t, tone, snd.Samples)

	// espeak-ng --stdout writes placeholder sizes.
	w := audio.WAV(tone, 22050)
	copy(w[4:8], []byte{0x24, 0xf0, 0xff, 0x7f})
	copy(w[40:44], []byte{0x00, 0xf0, 0xff, 0x7f})
	snd, err = audio.ReadWAV(bytes.NewReader(w))
	require.NoError(t, err)
	require.Equal(t, 22050, snd.SampleRate)
	require.Equal(t, tone, snd.Samples)

	_, err = audio.ReadWAV(bytes.NewReader([]byte("RIFF\x00\x00\x00\x00WAVEdata")))
	require.ErrorIs(t, err, audio.ErrNotWAV)
	_, err = audio.ReadWAV(bytes.NewReader([]byte("not a wav at all")))
	require.ErrorIs(t, err, audio.ErrNotWAV)
}

func FuzzReadWAV(f *testing.F) {
	f.Add(audio.WAV(audio.Tone(440, 0.3, 40), 8000))
	f.Add([]byte("RIFF\xff\xff\xff\xffWAVEfmt \x10\x00\x00\x00\x01\x00\x02\x00\x40\x1f\x00\x00\x00\x7d\x00\x00\x04\x00\x10\x00data\xff\xff\xff\xff\x01\x02\x03"))
	f.Add([]byte("RIFF"))
	f.Fuzz(func(t *testing.T, b []byte) {
		snd, err := audio.ReadWAV(bytes.NewReader(b))
		if err != nil {
			return
		}
		require.Positive(t, snd.SampleRate)
		require.LessOrEqual(t, 2*len(snd.Samples), len(b))
	})
}

func TestSpeakerRendersSpeechWithEspeak(t *testing.T) {
	t.Parallel()
	_, err := exec.LookPath("espeak-ng")
	require.NoError(t, err, "espeak-ng is needed: run scripts/ensure-espeak.sh (make setup-dev does)")
	var s audio.Speaker
	pcm, err := s.Say(t.Context(), "The customer is busy.")
	require.NoError(t, err)
	// About a second of speech, clearly not silence.
	require.Greater(t, len(pcm), audio.Rate/2)
	require.Less(t, len(pcm), 5*audio.Rate)
	require.Greater(t, audio.RMS(pcm), 300.0)
	again, err := s.Say(t.Context(), "The customer is busy.")
	require.NoError(t, err)
	require.Equal(t, &pcm[0], &again[0], "second rendering comes from the cache")

	_, err = s.Say(t.Context(), "  ")
	require.Error(t, err)
	bad := audio.Speaker{Command: "/nonexistent/espeak-ng"}
	_, err = bad.Say(t.Context(), "hello")
	require.Error(t, err)
}
