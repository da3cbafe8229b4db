package audio

import "math"

// Resample converts mono samples from one rate to another with a windowed
// sinc filter whose cut-off is the lower of the two Nyquist frequencies.
// Plain linear interpolation would fold espeak-ng's 5–11 kHz energy back into
// the telephone band as hiss when going from 22050 Hz to 8000 Hz.
func Resample(in []int16, from, to int) []int16 {
	if from <= 0 || to <= 0 || len(in) == 0 {
		return nil
	}
	if from == to {
		out := make([]int16, len(in))
		copy(out, in)
		return out
	}
	const halfTaps = 16 // zero crossings each side of the kernel's centre
	ratio := float64(to) / float64(from)
	cutoff := math.Min(1, ratio) // of the input's Nyquist
	// In input samples, the kernel spans halfTaps zero crossings of the
	// (possibly lowered) cut-off.
	width := float64(halfTaps) / cutoff
	n := int(float64(len(in)) * ratio)
	out := make([]int16, n)
	for j := range out {
		centre := float64(j) / ratio
		lo := int(math.Ceil(centre - width))
		hi := int(math.Floor(centre + width))
		var acc, wsum float64
		for i := max(lo, 0); i <= hi && i < len(in); i++ {
			x := float64(i) - centre
			w := cutoff * sinc(cutoff*x) * blackman(x/width)
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

// blackman is the Blackman window over t in [-1, 1].
func blackman(t float64) float64 {
	if t <= -1 || t >= 1 {
		return 0
	}
	u := (t + 1) / 2
	return 0.42 - 0.5*math.Cos(2*math.Pi*u) + 0.08*math.Cos(4*math.Pi*u)
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
