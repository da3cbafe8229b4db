package audio

import (
	"encoding/binary"
	"errors"
	"math"
)

const (
	// Rate is the sample rate of Switchboard's internal audio.
	Rate = 8000
	// FrameSamples is one 20 ms frame at Rate.
	FrameSamples = Rate / 50
	// FrameBytes is one frame of 16-bit PCM.
	FrameBytes = FrameSamples * 2
)

// ErrOddLength: a PCM16 byte buffer whose length is odd cannot be samples.
var ErrOddLength = errors.New("audio: odd-length PCM16")

// PCMBytes encodes samples as 16-bit little-endian PCM.
func PCMBytes(samples []int16) []byte {
	b := make([]byte, 2*len(samples))
	for i, s := range samples {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(s)) //nolint:gosec // two's-complement bits, as PCM16 is defined
	}
	return b
}

// PCMSamples decodes 16-bit little-endian PCM.
func PCMSamples(b []byte) ([]int16, error) {
	if len(b)%2 != 0 {
		return nil, ErrOddLength
	}
	s := make([]int16, len(b)/2)
	for i := range s {
		s[i] = int16(binary.LittleEndian.Uint16(b[2*i:])) //nolint:gosec // two's-complement bits, as PCM16 is defined
	}
	return s, nil
}

// Oscillator generates a sine tone whose phase carries over from one Fill to
// the next, so that a tone cut into 20 ms frames has no click at each edge
// (a click would smear energy over every frequency and fool a detector).
type Oscillator struct {
	Hz        float64
	Amplitude float64 // 0..1 of full scale
	SampleHz  int     // 0 means Rate
	phase     float64
}

// Fill writes the next len(buf) samples of the tone into buf.
func (o *Oscillator) Fill(buf []int16) {
	rate := o.SampleHz
	if rate <= 0 {
		rate = Rate
	}
	step := 2 * math.Pi * o.Hz / float64(rate)
	amp := math.Max(0, math.Min(1, o.Amplitude)) * 32767
	for i := range buf {
		buf[i] = int16(amp * math.Sin(o.phase))
		o.phase += step
		if o.phase > 2*math.Pi {
			o.phase -= 2 * math.Pi
		}
	}
}

// Tone returns d seconds' worth (n samples at Rate) of a sine at hz.
func Tone(hz, amplitude float64, n int) []int16 {
	o := Oscillator{Hz: hz, Amplitude: amplitude}
	buf := make([]int16, n)
	o.Fill(buf)
	return buf
}

// Goertzel returns the share of samples' energy that lies at hz (0..1): about
// 1 for a pure tone at hz, near 0 for silence, speech or another tone. It is
// the single-bin DFT that DTMF detectors use, normalised by the signal's
// total energy so that loudness does not matter.
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
	// so power/energy = N/2: dividing by that gives 1.
	r := power / (energy * float64(n) / 2)
	return math.Min(r, 1)
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
