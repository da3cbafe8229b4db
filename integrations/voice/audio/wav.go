package audio

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// WAV is decoded 16-bit PCM audio. Samples are interleaved when Channels > 1
// (a call recording keeps its two legs apart).
type WAV struct {
	SampleRate int
	Channels   int
	Samples    []int16
}

// Channel returns channel c (0 = left) of an interleaved WAV.
func (w WAV) Channel(c int) []int16 {
	if w.Channels <= 1 {
		return w.Samples
	}
	out := make([]int16, 0, len(w.Samples)/w.Channels)
	for i := c; i < len(w.Samples); i += w.Channels {
		out = append(out, w.Samples[i])
	}
	return out
}

// Mono returns the channels mixed down to one (their mean).
func (w WAV) Mono() []int16 {
	if w.Channels <= 1 {
		return w.Samples
	}
	out := make([]int16, len(w.Samples)/w.Channels)
	for i := range out {
		var sum int
		for _, v := range w.Samples[i*w.Channels : (i+1)*w.Channels] {
			sum += int(v)
		}
		out[i] = int16(sum / w.Channels) //nolint:gosec // G115: the mean of int16 samples is an int16
	}
	return out
}

// ErrNotWAV is wrapped by every ReadWAV error about the bytes themselves: not
// a RIFF/WAVE file of 16-bit PCM, or one cut short.
var ErrNotWAV = errors.New("audio: not a 16-bit PCM WAV")

// maxWAVBytes bounds what ReadWAV accepts: TTS output, and call recordings
// (an hour of stereo 8 kHz is 115 MB).
const maxWAVBytes = 256 << 20

// ReadWAV parses a RIFF/WAVE file of 16-bit PCM.
//
// It trusts the data chunk's size only when it fits what was read:
// `espeak-ng --stdout` writes to a pipe and cannot seek back, so its RIFF and
// data sizes are placeholders (0x7ffff000; other writers use 0 or
// 0xFFFFFFFF), and the samples simply run to the end of the input.
func ReadWAV(b []byte) (WAV, error) {
	var w WAV
	if len(b) > maxWAVBytes {
		return w, fmt.Errorf("read wav: over %d bytes: %w", maxWAVBytes, ErrNotWAV)
	}
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return w, fmt.Errorf("read wav: no RIFF/WAVE header: %w", ErrNotWAV)
	}
	p := b[12:]
	var haveFmt bool
	for len(p) >= 8 {
		id := string(p[0:4])
		size := int64(binary.LittleEndian.Uint32(p[4:8]))
		p = p[8:]
		switch id {
		case "fmt ":
			if size < 16 || int64(len(p)) < 16 {
				return w, fmt.Errorf("read wav: short fmt chunk: %w", ErrNotWAV)
			}
			format := binary.LittleEndian.Uint16(p[0:])
			w.Channels = int(binary.LittleEndian.Uint16(p[2:]))
			w.SampleRate = int(binary.LittleEndian.Uint32(p[4:]))
			bits := binary.LittleEndian.Uint16(p[14:])
			// 0xFFFE is WAVE_FORMAT_EXTENSIBLE; its sub-format's first two
			// bytes carry the real format tag.
			if format == 0xFFFE && size >= 26 && len(p) >= 26 {
				format = binary.LittleEndian.Uint16(p[24:])
			}
			if format != 1 || bits != 16 {
				return w, fmt.Errorf("read wav: format %d/%d bits, want PCM 16-bit: %w", format, bits, ErrNotWAV)
			}
			if w.Channels < 1 || w.Channels > 8 || w.SampleRate < 1000 || w.SampleRate > 192000 {
				return w, fmt.Errorf("read wav: %d channels at %d Hz: %w", w.Channels, w.SampleRate, ErrNotWAV)
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return w, fmt.Errorf("read wav: data before fmt: %w", ErrNotWAV)
			}
			if size == 0 || size > int64(len(p)) {
				size = int64(len(p))
			}
			size -= size % int64(2*w.Channels)
			if size == 0 {
				return w, fmt.Errorf("read wav: no samples: %w", ErrNotWAV)
			}
			s, err := DecodeSlin(make([]int16, 0, size/2), p[:size])
			if err != nil {
				return w, fmt.Errorf("read wav: %w", err)
			}
			w.Samples = s
			return w, nil
		}
		if size > int64(len(p)) {
			return w, fmt.Errorf("read wav: chunk %q runs past the end: %w", id, ErrNotWAV)
		}
		// Chunks are word-aligned; a final odd chunk may lack its pad byte.
		p = p[min(size+size%2, int64(len(p))):]
	}
	return w, fmt.Errorf("read wav: no data chunk: %w", ErrNotWAV)
}

// WAVHeader returns the 44-byte header of a PCM16 WAV of dataBytes bytes.
//
//nolint:gosec // G115: header fields are the file format's fixed-width integers
func WAVHeader(rate, channels int, dataBytes uint32) []byte {
	h := make([]byte, 0, 44)
	h = append(h, "RIFF"...)
	h = binary.LittleEndian.AppendUint32(h, 36+dataBytes)
	h = append(h, "WAVEfmt "...)
	h = binary.LittleEndian.AppendUint32(h, 16)
	h = binary.LittleEndian.AppendUint16(h, 1)
	h = binary.LittleEndian.AppendUint16(h, uint16(channels))
	h = binary.LittleEndian.AppendUint32(h, uint32(rate))
	h = binary.LittleEndian.AppendUint32(h, uint32(rate*channels*2))
	h = binary.LittleEndian.AppendUint16(h, uint16(channels*2))
	h = binary.LittleEndian.AppendUint16(h, 16)
	h = append(h, "data"...)
	h = binary.LittleEndian.AppendUint32(h, dataBytes)
	return h
}

// StereoWAV writes a two-channel PCM16 WAV to a seekable file as the samples
// come: a header with placeholder sizes first, interleaved frames next, and
// Close patches the sizes in. Left and right are appended separately (each
// leg of a call at its own moments) and interleaved as far as both have
// reached.
type StereoWAV struct {
	f           io.WriteSeeker
	rate        int
	bw          *bufio.Writer
	left, right []int16
	frames      uint32 // sample pairs written
	buf         []byte
	err         error
}

// NewStereoWAV starts a WAV at rate on f.
func NewStereoWAV(f io.WriteSeeker, rate int) (*StereoWAV, error) {
	w := &StereoWAV{f: f, rate: rate, bw: bufio.NewWriterSize(f, 32<<10)}
	if _, err := w.bw.Write(WAVHeader(rate, 2, 0)); err != nil {
		return nil, fmt.Errorf("write wav header: %w", err)
	}
	return w, nil
}

// Append adds samples to channel 0 (left) or 1 (right).
func (w *StereoWAV) Append(channel int, s []int16) {
	if channel == 0 {
		w.left = append(w.left, s...)
	} else {
		w.right = append(w.right, s...)
	}
	w.flush(false)
}

// Seconds is the length written so far (after Close, the whole length).
func (w *StereoWAV) Seconds() float64 { return float64(w.frames) / float64(w.rate) }

//nolint:gosec // G115: PCM and G.711 are bit patterns; these conversions reinterpret or truncate on purpose
func (w *StereoWAV) flush(all bool) {
	n := min(len(w.left), len(w.right))
	if all {
		n = max(len(w.left), len(w.right))
		for len(w.left) < n {
			w.left = append(w.left, 0)
		}
		for len(w.right) < n {
			w.right = append(w.right, 0)
		}
	}
	if n == 0 || w.err != nil {
		return
	}
	w.buf = w.buf[:0]
	for i := range n {
		w.buf = binary.LittleEndian.AppendUint16(w.buf, uint16(w.left[i]))
		w.buf = binary.LittleEndian.AppendUint16(w.buf, uint16(w.right[i]))
	}
	if _, err := w.bw.Write(w.buf); err != nil {
		w.err = err
	}
	w.frames += uint32(n)
	// Reslice rather than copy down: when one channel runs ahead (its leg
	// arrives in bursts), copying its backlog on every frame costs more than
	// the occasional reallocation append makes.
	w.left, w.right = w.left[n:], w.right[n:]
}

// Close pads the shorter channel with silence, writes the rest and patches
// the header's sizes. It does not close f.
func (w *StereoWAV) Close() error {
	w.flush(true)
	if w.err != nil {
		return fmt.Errorf("write wav: %w", w.err)
	}
	if err := w.bw.Flush(); err != nil {
		return fmt.Errorf("write wav: %w", err)
	}
	data := w.frames * 4
	if _, err := w.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("write wav header: %w", err)
	}
	if _, err := w.f.Write(WAVHeader(w.rate, 2, data)); err != nil {
		return fmt.Errorf("write wav header: %w", err)
	}
	return nil
}
