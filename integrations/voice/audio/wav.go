package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// MaxWAVBytes bounds what ReadWAV reads: far more than any prompt, far less
// than a runaway process could feed it.
const MaxWAVBytes = 64 << 20

// ErrNotWAV: the bytes are not a RIFF/WAVE file of 16-bit PCM.
var ErrNotWAV = errors.New("audio: not a 16-bit PCM WAV")

// Sound is decoded audio: mono samples at SampleRate.
type Sound struct {
	Samples    []int16
	SampleRate int
}

// ReadWAV decodes a RIFF/WAVE file of 16-bit PCM, mixing stereo down to mono.
//
// It trusts the data chunk's size only when it fits what was read:
// `espeak-ng --stdout` writes to a pipe and cannot seek back, so its RIFF and
// data sizes are placeholders (0x7ffff000-ish), and the samples simply run to
// the end of the stream.
func ReadWAV(r io.Reader) (Sound, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxWAVBytes+1))
	if err != nil {
		return Sound{}, fmt.Errorf("read wav: %w", err)
	}
	if len(raw) > MaxWAVBytes {
		return Sound{}, fmt.Errorf("read wav: over %d bytes: %w", MaxWAVBytes, ErrNotWAV)
	}
	if len(raw) < 12 || string(raw[0:4]) != "RIFF" || string(raw[8:12]) != "WAVE" {
		return Sound{}, fmt.Errorf("read wav: no RIFF/WAVE header: %w", ErrNotWAV)
	}
	var (
		channels, bits int
		rate           int
		haveFmt        bool
	)
	p := raw[12:]
	for len(p) >= 8 {
		id := string(p[0:4])
		size := int64(binary.LittleEndian.Uint32(p[4:8]))
		body := p[8:]
		if size > int64(len(body)) {
			if id != "data" {
				return Sound{}, fmt.Errorf("read wav: chunk %q truncated: %w", id, ErrNotWAV)
			}
			size = int64(len(body))
		}
		chunk := body[:size]
		switch id {
		case "fmt ":
			if len(chunk) < 16 {
				return Sound{}, fmt.Errorf("read wav: short fmt chunk: %w", ErrNotWAV)
			}
			format := binary.LittleEndian.Uint16(chunk[0:2])
			channels = int(binary.LittleEndian.Uint16(chunk[2:4]))
			rate = int(binary.LittleEndian.Uint32(chunk[4:8]))
			bits = int(binary.LittleEndian.Uint16(chunk[14:16]))
			// 0xFFFE is WAVE_FORMAT_EXTENSIBLE; its sub-format's first two
			// bytes carry the real format tag.
			if format == 0xFFFE && len(chunk) >= 26 {
				format = binary.LittleEndian.Uint16(chunk[24:26])
			}
			if format != 1 || bits != 16 || channels < 1 || channels > 2 || rate <= 0 || rate > 192000 {
				return Sound{}, fmt.Errorf("read wav: format %d, %d bits, %d channels, %d Hz: %w", format, bits, channels, rate, ErrNotWAV)
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return Sound{}, fmt.Errorf("read wav: data before fmt: %w", ErrNotWAV)
			}
			frame := 2 * channels
			chunk = chunk[:len(chunk)/frame*frame]
			out := make([]int16, len(chunk)/frame)
			for i := range out {
				if channels == 1 {
					out[i] = int16(binary.LittleEndian.Uint16(chunk[2*i:])) //nolint:gosec // two's-complement bits
					continue
				}
				l := int32(int16(binary.LittleEndian.Uint16(chunk[4*i:])))   //nolint:gosec // two's-complement bits
				r := int32(int16(binary.LittleEndian.Uint16(chunk[4*i+2:]))) //nolint:gosec // two's-complement bits
				out[i] = int16((l + r) / 2)                                  //nolint:gosec // the mean of two int16 is an int16
			}
			return Sound{Samples: out, SampleRate: rate}, nil
		}
		// Chunks are padded to an even size.
		next := 8 + size + size%2
		if next > int64(len(p)) {
			break
		}
		p = p[next:]
	}
	return Sound{}, fmt.Errorf("read wav: no data chunk: %w", ErrNotWAV)
}

// WAV encodes mono samples as a 16-bit PCM RIFF/WAVE file.
func WAV(samples []int16, sampleRate int) []byte {
	var b bytes.Buffer
	data := PCMBytes(samples)
	le := binary.LittleEndian
	b.WriteString("RIFF")
	_ = binary.Write(&b, le, uint32(36+len(data))) //nolint:gosec // a prompt, far below 4 GiB
	b.WriteString("WAVEfmt ")
	_ = binary.Write(&b, le, uint32(16))
	_ = binary.Write(&b, le, uint16(1))            // PCM
	_ = binary.Write(&b, le, uint16(1))            // mono
	_ = binary.Write(&b, le, uint32(sampleRate))   //nolint:gosec // a sample rate
	_ = binary.Write(&b, le, uint32(sampleRate*2)) //nolint:gosec // a byte rate
	_ = binary.Write(&b, le, uint16(2))
	_ = binary.Write(&b, le, uint16(16))
	b.WriteString("data")
	_ = binary.Write(&b, le, uint32(len(data))) //nolint:gosec // a prompt, far below 4 GiB
	b.Write(data)
	return b.Bytes()
}
