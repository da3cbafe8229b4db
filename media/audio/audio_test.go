package audio

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSlinRoundTripAndOddLength(t *testing.T) {
	t.Parallel()
	in := []int16{0, 1, -1, 32767, -32768, 1234}
	b := EncodeSlin(nil, in)
	require.Equal(t, []byte{0, 0, 1, 0, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x80, 0xd2, 0x04}, b)
	out, err := DecodeSlin(nil, b)
	require.NoError(t, err)
	require.Equal(t, in, out)
	_, err = DecodeSlin(nil, b[:3])
	require.ErrorIs(t, err, ErrOddLength)
}

// G.711 reference points (ITU-T G.711 tables): μ-law 0xFF and A-law 0xD5 are
// the smallest positive codes, μ-law 0x80 / A-law 0xAA the largest.
func TestG711ReferenceValuesAndRoundTrip(t *testing.T) {
	t.Parallel()
	require.Equal(t, int16(0), UlawToLinear(0xff))
	require.Equal(t, int16(32124), UlawToLinear(0x80))
	require.Equal(t, int16(-32124), UlawToLinear(0x00))
	require.Equal(t, byte(0xff), LinearToUlaw(0))
	require.Equal(t, int16(8), AlawToLinear(0xd5))
	require.Equal(t, int16(32256), AlawToLinear(0xaa))
	require.Equal(t, int16(-32256), AlawToLinear(0x2a))
	require.Equal(t, byte(0xd5), LinearToAlaw(0))

	// Every code decodes and re-encodes to itself (except μ-law's negative
	// zero 0x7F, which encodes as positive zero 0xFF).
	for c := range 256 {
		if c != 0x7f {
			require.Equal(t, byte(c), LinearToUlaw(UlawToLinear(byte(c))), "ulaw %#x", c)
		}
		require.Equal(t, byte(c), LinearToAlaw(AlawToLinear(byte(c))), "alaw %#x", c)
	}
	// Quantisation error stays within each segment's step (relative < 7%).
	for v := -32000; v <= 32000; v += 37 {
		for _, got := range []int16{UlawToLinear(LinearToUlaw(int16(v))), AlawToLinear(LinearToAlaw(int16(v)))} {
			diff := float64(int(got) - v)
			require.LessOrEqual(t, diff*diff, max(64*64, 0.07*0.07*float64(v*v)), "v=%d got=%d", v, got)
		}
	}
	tone := Tone(1000, Rate, 800, 10000)
	require.Greater(t, Goertzel(DecodeUlaw(nil, EncodeUlaw(nil, tone)), Rate, 1000), 0.9)
	require.Greater(t, Goertzel(DecodeAlaw(nil, EncodeAlaw(nil, tone)), Rate, 1000), 0.9)
}

func TestGoertzelTellsTonesApart(t *testing.T) {
	t.Parallel()
	a := Tone(440, Rate, 800, 8000)
	b := Tone(1000, Rate, 800, 8000)
	require.True(t, HasTone(a, Rate, 440))
	require.False(t, HasTone(a, Rate, 1000))
	require.True(t, HasTone(b, Rate, 1000))
	require.False(t, HasTone(b, Rate, 440))
	require.False(t, HasTone(make([]int16, 800), Rate, 440))
	mix := make([]int16, 800)
	for i := range mix {
		mix[i] = a[i]/2 + b[i]/2
	}
	require.InDelta(t, 0.5, Goertzel(mix, Rate, 440), 0.1)
}

func TestResampleKeepsInBandToneAndDropsAliases(t *testing.T) {
	t.Parallel()
	for _, from := range []int{22050, 16000} {
		in := Tone(440, from, from/2, 8000) // half a second
		out := Resample(in, from, Rate)
		require.InDelta(t, Rate/2, len(out), 2)
		require.True(t, HasTone(out[100:len(out)-100], Rate, 440), "from %d", from)
		require.InDelta(t, 8000/1.4142, RMS(out[100:len(out)-100]), 300)
		// 6 kHz is above the 4 kHz Nyquist limit of 8 kHz: it must be
		// filtered out, not folded down to 2 kHz.
		hi := Resample(Tone(6000, from, from/2, 8000), from, Rate)
		require.Less(t, RMS(hi[100:len(hi)-100]), 400.0, "from %d", from)
	}
}

func TestStereoWAVInterleavesAndPatchesHeader(t *testing.T) {
	t.Parallel()
	f, err := os.Create(filepath.Join(t.TempDir(), "r.wav"))
	require.NoError(t, err)
	defer f.Close()
	w, err := NewStereoWAV(f, Rate)
	require.NoError(t, err)
	left := Tone(440, Rate, 1600, 8000)
	right := Tone(1000, Rate, 1280, 8000)
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
	got, err := ReadWAV(b)
	require.NoError(t, err)
	require.Equal(t, 2, got.Channels)
	require.Equal(t, Rate, got.Rate)
	require.Equal(t, left, got.Channel(0))
	require.Equal(t, right, got.Channel(1)[:1280])
	require.Equal(t, make([]int16, 320), got.Channel(1)[1280:])
}

func TestReadWAVRefusesGarbage(t *testing.T) {
	t.Parallel()
	for _, b := range [][]byte{nil, []byte("RIFF"), []byte("RIFF\x00\x00\x00\x00WAVEdata\x04\x00\x00\x00abcd"),
		append(WAVHeader(8000, 1, 4)[:36], "data\xff\xff\xff\x7f"...)} {
		_, err := ReadWAV(b)
		require.Error(t, err)
	}
	streaming := append(WAVHeader(22050, 1, 0xFFFFFFFF), EncodeSlin(nil, []int16{1, 2, 3})...)
	w, err := ReadWAV(streaming)
	require.NoError(t, err)
	require.Equal(t, []int16{1, 2, 3}, w.Samples)
}

// espeak-ng's real output parses (the format the TTS path depends on).
func TestReadWAVOfEspeakOutput(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("espeak-ng")
	if err != nil {
		t.Skip("espeak-ng not installed (scripts/ensure-apt.sh espeak-ng)")
	}
	out, err := exec.Command(bin, "--stdout", "-v", "en", "-s", "160", "--", "hello").Output()
	require.NoError(t, err)
	w, err := ReadWAV(out)
	require.NoError(t, err)
	require.Equal(t, 22050, w.Rate)
	require.Greater(t, RMS(w.Samples), 200.0)
}

func FuzzReadWAV(f *testing.F) {
	f.Add(append(WAVHeader(8000, 2, 8), 1, 2, 3, 4, 5, 6, 7, 8))
	f.Add(append(WAVHeader(22050, 1, 0xFFFFFFFF), 1, 2, 3))
	f.Add([]byte("RIFF\x10\x00\x00\x00WAVELIST\x02\x00\x00\x00ab"))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := ReadWAV(b)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		buf.Write(EncodeSlin(nil, w.Samples))
		if buf.Len() > len(b) {
			t.Fatalf("decoded %d bytes of samples from %d input bytes", buf.Len(), len(b))
		}
	})
}
