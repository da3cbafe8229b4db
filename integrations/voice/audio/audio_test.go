package audio_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/voice/audio"
)

func TestSlinRoundTripAndOddLength(t *testing.T) {
	t.Parallel()
	in := []int16{0, 1, -1, 32767, -32768, 0x1234}
	b := audio.EncodeSlin(nil, in)
	require.Equal(t, []byte{0, 0, 1, 0, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x80, 0x34, 0x12}, b)
	out, err := audio.DecodeSlin(nil, b)
	require.NoError(t, err)
	require.Equal(t, in, out)
	// The codecs append: what dst held stays.
	out, err = audio.DecodeSlin([]int16{7}, b[:2])
	require.NoError(t, err)
	require.Equal(t, []int16{7, 0}, out)
	_, err = audio.DecodeSlin(nil, b[:3])
	require.ErrorIs(t, err, audio.ErrOddLength)
}

// G.711 reference points (ITU-T G.711 tables): μ-law 0xFF and A-law 0xD5 are
// the smallest positive codes, μ-law 0x80 / A-law 0xAA the largest.
func TestG711ReferenceValuesAndRoundTrip(t *testing.T) {
	t.Parallel()
	require.Equal(t, []int16{0, 32124, -32124}, audio.DecodeUlaw(nil, []byte{0xff, 0x80, 0x00}))
	require.Equal(t, []byte{0xff, 0x80, 0x00}, audio.EncodeUlaw(nil, []int16{0, 32767, -32768}))
	require.Equal(t, []int16{8, 32256, -32256}, audio.DecodeAlaw(nil, []byte{0xd5, 0xaa, 0x2a}))
	require.Equal(t, []byte{0xd5, 0xaa, 0x2a}, audio.EncodeAlaw(nil, []int16{0, 32767, -32768}))

	// Every code decodes and re-encodes to itself (except μ-law's negative
	// zero 0x7F, which encodes as positive zero 0xFF).
	codes := make([]byte, 256)
	for c := range codes {
		codes[c] = byte(c)
	}
	ulaw := audio.EncodeUlaw(nil, audio.DecodeUlaw(nil, codes))
	require.Equal(t, byte(0xff), ulaw[0x7f])
	ulaw[0x7f] = 0x7f
	require.Equal(t, codes, ulaw)
	require.Equal(t, codes, audio.EncodeAlaw(nil, audio.DecodeAlaw(nil, codes)))

	// Quantisation error stays within each segment's step (relative < 7%).
	for v := -32000; v <= 32000; v += 37 {
		s := []int16{int16(v)}
		for _, got := range []int16{audio.DecodeUlaw(nil, audio.EncodeUlaw(nil, s))[0], audio.DecodeAlaw(nil, audio.EncodeAlaw(nil, s))[0]} {
			diff := float64(int(got) - v)
			require.LessOrEqual(t, diff*diff, max(64*64, 0.07*0.07*float64(v*v)), "v=%d got=%d", v, got)
		}
	}
	tone := audio.Tone(1000, 10000, 800)
	require.Greater(t, audio.Goertzel(audio.DecodeUlaw(nil, audio.EncodeUlaw(nil, tone)), audio.Rate, 1000), 0.9)
	require.Greater(t, audio.Goertzel(audio.DecodeAlaw(nil, audio.EncodeAlaw(nil, tone)), audio.Rate, 1000), 0.9)
}

func TestGoertzelTellsTonesApart(t *testing.T) {
	t.Parallel()
	a := audio.Tone(440, 8000, 800)
	b := audio.Tone(1000, 8000, 800)
	require.Greater(t, audio.Goertzel(a, audio.Rate, 440), 0.9)
	require.Less(t, audio.Goertzel(a, audio.Rate, 1000), 0.01)
	require.True(t, audio.HasTone(a, audio.Rate, 440))
	require.False(t, audio.HasTone(a, audio.Rate, 1000))
	require.True(t, audio.HasTone(b, audio.Rate, 1000))
	require.False(t, audio.HasTone(b, audio.Rate, 440))
	require.Zero(t, audio.Goertzel(make([]int16, 800), audio.Rate, 440))
	require.False(t, audio.HasTone(make([]int16, 800), audio.Rate, 440))
	mix := make([]int16, 800)
	for i := range mix {
		mix[i] = a[i]/2 + b[i]/2
	}
	require.InDelta(t, 0.5, audio.Goertzel(mix, audio.Rate, 440), 0.1)
	// Loudness does not matter.
	require.Greater(t, audio.Goertzel(audio.Tone(1000, 1600, 1600), audio.Rate, 1000), 0.9)
	// Nor does where the tone falls among the window's DFT bins: 697 Hz over
	// 4000 samples lies between two (2 Hz apart).
	require.True(t, audio.HasTone(audio.Tone(697, 8000, 4000), audio.Rate, 697))
}

func TestOscillatorIsContinuousAcrossFrames(t *testing.T) {
	t.Parallel()
	o := audio.Oscillator{Hz: 440, Amplitude: 16000}
	var framed []int16
	for range 10 {
		f := make([]int16, audio.FrameSamples)
		o.Fill(f)
		framed = append(framed, f...)
	}
	whole := audio.Tone(440, 16000, len(framed))
	for i := range whole {
		require.InDelta(t, whole[i], framed[i], 2, "sample %d", i)
	}
	require.InDelta(t, 16000/1.4142, audio.RMS(whole), 100)
}

// tone returns n samples at rate of a sine at hz with peak amplitude 8000.
func tone(hz float64, rate, n int) []int16 {
	o := audio.Oscillator{Hz: hz, Amplitude: 8000, SampleRate: rate}
	out := make([]int16, n)
	o.Fill(out)
	return out
}

func TestResampleKeepsInBandToneAndDropsAliases(t *testing.T) {
	t.Parallel()
	for _, from := range []int{22050, 16000} {
		out := audio.Resample(tone(440, from, from/2), from, audio.Rate) // half a second
		require.Len(t, out, audio.Rate/2)
		mid := out[100 : len(out)-100]
		require.True(t, audio.HasTone(mid, audio.Rate, 440), "from %d", from)
		require.InDelta(t, 8000/1.4142, audio.RMS(mid), 300)
		// 6 kHz is above the 4 kHz Nyquist limit of 8 kHz: it must be
		// filtered out, not folded down to 2 kHz. 4.2 kHz, just above the
		// limit, must be too (it would fold to 3.8 kHz).
		for _, hz := range []float64{6000, 4200} {
			hi := audio.Resample(tone(hz, from, from/2), from, audio.Rate)
			require.Less(t, audio.RMS(hi[100:len(hi)-100]), 100.0, "%v Hz from %d", hz, from)
		}
	}
	up := audio.Resample(audio.Tone(440, 8000, 800), audio.Rate, 16000)
	require.Len(t, up, 1600)
	require.True(t, audio.HasTone(up[100:1500], 16000, 440))
	same := audio.Tone(440, 8000, 10)
	require.Equal(t, same, audio.Resample(same, audio.Rate, audio.Rate))
}

func TestStereoWAVInterleavesAndPatchesHeader(t *testing.T) {
	t.Parallel()
	f, err := os.Create(filepath.Join(t.TempDir(), "r.wav"))
	require.NoError(t, err)
	defer f.Close()
	w, err := audio.NewStereoWAV(f, audio.Rate)
	require.NoError(t, err)
	left := audio.Tone(440, 8000, 1600)
	right := audio.Tone(1000, 8000, 1280)
	for i := 0; i < 1600; i += 160 {
		w.Append(0, left[i:i+160])
		if i < 1280 {
			w.Append(1, right[i:i+160])
		}
	}
	require.NoError(t, w.Close())
	require.InDelta(t, 0.2, w.Seconds(), 1e-9)
	b, err := os.ReadFile(f.Name())
	require.NoError(t, err)
	require.Len(t, b, 44+1600*4)
	got, err := audio.ReadWAV(b)
	require.NoError(t, err)
	require.Equal(t, 2, got.Channels)
	require.Equal(t, audio.Rate, got.SampleRate)
	require.Equal(t, left, got.Channel(0))
	require.Equal(t, right, got.Channel(1)[:1280])
	require.Equal(t, make([]int16, 320), got.Channel(1)[1280:])
	mono := got.Mono()
	require.Len(t, mono, 1600)
	require.InDelta(t, (float64(left[1])+float64(right[1]))/2, mono[1], 1, "the mean of left and right")
}

func TestReadWAVTakesStreamingSizesAndRefusesGarbage(t *testing.T) {
	t.Parallel()
	samples := audio.Tone(440, 10000, 400)
	data := audio.EncodeSlin(nil, samples)
	require.Len(t, data, 800)
	w, err := audio.ReadWAV(append(audio.WAVHeader(audio.Rate, 1, 800), data...))
	require.NoError(t, err)
	require.Equal(t, audio.WAV{SampleRate: audio.Rate, Channels: 1, Samples: samples}, w)

	// Writers to a pipe cannot seek back to fill the sizes in: espeak-ng
	// --stdout writes 0x7ffff000, others 0xFFFFFFFF or 0. The samples then
	// run to the end.
	for _, size := range []uint32{0x7ffff000, 0xFFFFFFFF, 0} {
		w, err := audio.ReadWAV(append(audio.WAVHeader(22050, 1, size), data...))
		require.NoError(t, err, "size %#x", size)
		require.Equal(t, 22050, w.SampleRate)
		require.Equal(t, samples, w.Samples)
	}

	for _, b := range [][]byte{nil, []byte("RIFF"), []byte("not a wav at all"),
		[]byte("RIFF\x00\x00\x00\x00WAVEdata\x04\x00\x00\x00abcd"),            // data before fmt
		append(audio.WAVHeader(8000, 1, 4)[:36], "data\xff\xff\xff\x7f"...),   // no samples
		append(audio.WAVHeader(8000, 1, 4)[:36], "LIST\xff\x00\x00\x00ab"...), // chunk past the end
	} {
		_, err := audio.ReadWAV(b)
		require.ErrorIs(t, err, audio.ErrNotWAV, "%q", b)
	}
}

func FuzzReadWAV(f *testing.F) {
	f.Add(append(audio.WAVHeader(8000, 2, 8), 1, 2, 3, 4, 5, 6, 7, 8))
	f.Add(append(audio.WAVHeader(22050, 1, 0xFFFFFFFF), 1, 2, 3))
	f.Add([]byte("RIFF\x10\x00\x00\x00WAVELIST\x02\x00\x00\x00ab"))
	f.Add([]byte("RIFF"))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := audio.ReadWAV(b)
		if err != nil {
			return
		}
		require.Positive(t, w.SampleRate)
		require.Positive(t, w.Channels)
		require.Zero(t, len(w.Samples)%w.Channels, "whole frames only")
		require.LessOrEqual(t, 2*len(w.Samples), len(b), "no more samples than input bytes")
	})
}

func TestSpeakerRendersOnceAndResamples(t *testing.T) {
	t.Parallel()
	var s audio.Speaker
	require.NoError(t, s.Available(), "espeak-ng is needed: run scripts/ensure-espeak.sh (make setup-dev does)")
	ctx := t.Context()
	// Concurrent first calls share one render, and later calls the cache.
	var wg sync.WaitGroup
	res := make([][]int16, 4)
	for i := range res {
		wg.Go(func() {
			pcm, err := s.Speak(ctx, "The customer did not answer.")
			require.NoError(t, err)
			res[i] = pcm
		})
	}
	wg.Wait()
	again, err := s.Speak(ctx, "  The customer did not answer.\n")
	require.NoError(t, err)
	for _, r := range append(res[1:], again) {
		require.Same(t, &res[0][0], &r[0], "one render, shared")
	}
	pcm := res[0]
	// About 1.5 s of speech at 160 words a minute, at 8 kHz.
	require.Greater(t, len(pcm), audio.Rate/2)
	require.Less(t, len(pcm), 5*audio.Rate)
	require.Greater(t, audio.RMS(pcm), 300.0)

	// A sentence that looks like an option is spoken, not parsed.
	dash, err := s.Speak(ctx, "-v is not a voice")
	require.NoError(t, err)
	require.Greater(t, len(dash), audio.Rate/4)

	for _, text := range []string{"", "  ", strings.Repeat("a", audio.MaxSpeechBytes+1), "\xff\xfe"} {
		_, err = s.Speak(ctx, text)
		require.Error(t, err, "%q", text)
	}

	// A failure is not cached: once the engine is there, the text speaks.
	flaky := audio.Speaker{Command: "/nonexistent/espeak-ng"}
	require.Error(t, flaky.Available())
	_, err = flaky.Speak(ctx, "hello")
	require.Error(t, err)
	flaky.Command = ""
	pcm, err = flaky.Speak(ctx, "hello")
	require.NoError(t, err)
	require.NotEmpty(t, pcm)
}
