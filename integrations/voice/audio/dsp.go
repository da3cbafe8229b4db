package audio

import "math"

// Oscillator generates a sine tone whose phase carries over from one Fill to
// the next, so that a tone cut into 20 ms frames has no click at each edge
// (a click would smear energy over every frequency and fool a detector).
type Oscillator struct {
	Hz float64
	// Amplitude is the peak in sample units (full scale is 32767), so that
	// a tone's RMS is Amplitude/√2 in the same units RMS reports.
	Amplitude  float64
	SampleRate int // 0 means Rate
	phase      float64
}

// Fill writes the next len(dst) samples of the tone into dst.
func (o *Oscillator) Fill(dst []int16) {
	rate := o.SampleRate
	if rate <= 0 {
		rate = Rate
	}
	step := 2 * math.Pi * o.Hz / float64(rate)
	for i := range dst {
		dst[i] = clamp16(o.Amplitude * math.Sin(o.phase))
		o.phase += step
		if o.phase > 2*math.Pi {
			o.phase -= 2 * math.Pi
		}
	}
}

// Tone returns n samples at Rate of a sine at hz with peak amplitude (in
// sample units).
func Tone(hz, amplitude float64, n int) []int16 {
	o := Oscillator{Hz: hz, Amplitude: amplitude}
	out := make([]int16, n)
	o.Fill(out)
	return out
}

// Goertzel returns the share of samples' energy that lies at hz (0..1): about
// 1 for a pure tone at hz, near 0 for silence, speech or another tone. It is
// the single-bin DFT that DTMF detectors use, normalised by the signal's
// total energy so that loudness does not matter.
//
// The bin is hz itself, not the nearest of the n/2 DFT bins: rounding to a
// bin scores a pure 697 Hz tone at 0.4 over 4000 samples (the bin is 2 Hz
// off), so whether a tone was detected would depend on the window length.
func Goertzel(samples []int16, sampleRate int, hz float64) float64 {
	n := len(samples)
	if n == 0 {
		return 0
	}
	coeff := 2 * math.Cos(2*math.Pi*hz/float64(sampleRate))
	var s1, s2, energy float64
	for _, v := range samples {
		x := float64(v)
		energy += x * x
		s0 := x + coeff*s1 - s2
		s2, s1 = s1, s0
	}
	if energy == 0 {
		return 0
	}
	power := s1*s1 + s2*s2 - coeff*s1*s2
	// For a pure tone at hz the bin power is (N·A/2)² and the energy N·A²/2,
	// so power/energy = N/2: dividing by that gives 1. Off a whole number of
	// periods the ratio can overshoot 1 slightly; a share cannot.
	r := power / (energy * float64(n) / 2)
	return math.Min(r, 1)
}

// HasTone reports whether hz carries most (>= 0.5) of the energy of s, with
// s loud enough (RMS >= 100) not to be silence or line noise.
func HasTone(s []int16, sampleRate int, hz float64) bool {
	return RMS(s) >= 100 && Goertzel(s, sampleRate, hz) >= 0.5
}

// RMS returns the root mean square of samples, in sample units.
func RMS(samples []int16) float64 {
	if len(samples) == 0 {
		return 0
	}
	var sum float64
	for _, v := range samples {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum / float64(len(samples)))
}

// clamp16 rounds v to the nearest sample, saturating rather than wrapping
// at full scale (a wrapped sample is a loud click).
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
