package audio

import (
	"math"
)

// Resample converts mono PCM from rate `from` to rate `to` with a windowed-sinc
// (Blackman) low-pass filter whose cutoff is 0.9 of the lower Nyquist
// frequency, so that downsampling TTS output to 8 kHz does not alias its
// upper harmonics into the speech band.
func Resample(in []int16, from, to int) []int16 {
	if from <= 0 || to <= 0 || len(in) == 0 {
		return nil
	}
	if from == to {
		return append([]int16(nil), in...)
	}
	const half = 16 // taps each side, at the lower rate
	ratio := float64(from) / float64(to)
	cutoff := 0.9 * 0.5 * math.Min(1, 1/ratio)    // cycles per input sample
	width := float64(half) / math.Min(1, 1/ratio) // in input samples
	n := int(float64(len(in)) / ratio)
	out := make([]int16, n)
	for i := range n {
		center := float64(i) * ratio
		lo := int(math.Ceil(center - width))
		hi := int(math.Floor(center + width))
		var acc, norm float64
		for k := max(lo, 0); k <= hi && k < len(in); k++ {
			x := float64(k) - center
			w := 0.42 + 0.5*math.Cos(math.Pi*x/width) + 0.08*math.Cos(2*math.Pi*x/width)
			h := 2 * cutoff * sinc(2*cutoff*x) * w
			acc += float64(in[k]) * h
			norm += h
		}
		if norm != 0 {
			acc /= norm // unity gain at DC, also at the edges
		}
		out[i] = clamp16(acc)
	}
	return out
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

func clamp16(v float64) int16 {
	v = math.Round(v)
	if v > math.MaxInt16 {
		return math.MaxInt16
	}
	if v < math.MinInt16 {
		return math.MinInt16
	}
	return int16(v)
}

// ToneGen produces a continuous sine wave across calls (the phase carries
// over, so consecutive frames join without clicks).
type ToneGen struct {
	Hz, Rate  float64
	Amplitude float64 // peak, in sample units (e.g. 8000)
	phase     float64
}

// Fill writes the next len(dst) samples of the tone into dst.
func (g *ToneGen) Fill(dst []int16) {
	step := 2 * math.Pi * g.Hz / g.Rate
	for i := range dst {
		dst[i] = clamp16(g.Amplitude * math.Sin(g.phase))
		g.phase += step
		if g.phase > 2*math.Pi {
			g.phase -= 2 * math.Pi
		}
	}
}

// Tone returns d of a sine at hz, rate samples/s, peak amplitude amp.
func Tone(hz float64, rate int, samples int, amp float64) []int16 {
	out := make([]int16, samples)
	g := ToneGen{Hz: hz, Rate: float64(rate), Amplitude: amp}
	g.Fill(out)
	return out
}

// Goertzel returns the share (0..1) of the signal's energy at hz: the
// Goertzel power at that frequency, normalised by the total energy. A pure
// tone at hz scores about 1, silence and other tones about 0.
func Goertzel(s []int16, rate int, hz float64) float64 {
	n := len(s)
	if n == 0 {
		return 0
	}
	k := math.Round(float64(n) * hz / float64(rate))
	coeff := 2 * math.Cos(2*math.Pi*k/float64(n))
	var q1, q2, energy float64
	for _, v := range s {
		x := float64(v)
		energy += x * x
		q0 := coeff*q1 - q2 + x
		q2, q1 = q1, q0
	}
	if energy == 0 {
		return 0
	}
	power := q1*q1 + q2*q2 - q1*q2*coeff
	// A full-scale bin holds n/2 of the energy of a pure tone.
	return power / (energy * float64(n) / 2)
}

// HasTone reports whether hz carries most (>= 0.5) of the energy of s, with
// s loud enough (RMS >= 100) not to be silence or noise.
func HasTone(s []int16, rate int, hz float64) bool {
	return RMS(s) >= 100 && Goertzel(s, rate, hz) >= 0.5
}

// RMS is the root mean square of s.
func RMS(s []int16) float64 {
	if len(s) == 0 {
		return 0
	}
	var e float64
	for _, v := range s {
		e += float64(v) * float64(v)
	}
	return math.Sqrt(e / float64(len(s)))
}
