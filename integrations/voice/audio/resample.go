package audio

import "math"

// Resample converts mono samples from rate `from` to rate `to` with a
// windowed-sinc (Blackman) low-pass filter. Plain linear interpolation would
// fold espeak-ng's 4–11 kHz energy back into the telephone band as hiss when
// going from 22050 Hz to 8000 Hz.
//
// The cut-off is 0.9 of the lower Nyquist frequency (3.6 kHz into 8 kHz),
// not the Nyquist frequency itself: the filter's transition band then lies
// below Nyquist, so a 4.2 kHz component comes out 55 dB down instead of
// 14 dB, at the cost of 2 dB at 3.4 kHz, the top of the telephone band.
func Resample(in []int16, from, to int) []int16 {
	if from <= 0 || to <= 0 || len(in) == 0 {
		return nil
	}
	if from == to {
		return append([]int16(nil), in...)
	}
	const halfTaps = 16                 // kernel half-width, in samples at the lower rate
	step := float64(from) / float64(to) // input samples per output sample
	scale := math.Min(1, 1/step)        // the lower rate over the input rate
	cutoff := 0.9 * 0.5 * scale         // in cycles per input sample
	width := halfTaps / scale           // kernel half-width in input samples
	out := make([]int16, len(in)*to/from)
	for j := range out {
		centre := float64(j) * step
		lo := int(math.Ceil(centre - width))
		hi := int(math.Floor(centre + width))
		var acc, wsum float64
		for i := max(lo, 0); i <= hi && i < len(in); i++ {
			x := float64(i) - centre
			w := 2 * cutoff * sinc(2*cutoff*x) * blackman(x/width)
			acc += w * float64(in[i])
			wsum += w
		}
		if wsum != 0 {
			// Normalising by the weights keeps the gain at 1 near the edges,
			// where part of the kernel falls outside the input.
			acc /= wsum
		}
		out[j] = clamp16(acc)
	}
	return out
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// blackman is the Blackman window over t in [-1, 1], centred on 0.
func blackman(t float64) float64 {
	if t <= -1 || t >= 1 {
		return 0
	}
	return 0.42 + 0.5*math.Cos(math.Pi*t) + 0.08*math.Cos(2*math.Pi*t)
}
