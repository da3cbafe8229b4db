package audio

import (
	"encoding/binary"
	"errors"
)

// Rate is the sample rate of Switchboard's internal audio, FrameSamples the
// samples in one 20 ms frame at that rate, FrameBytes its size as slin.
const (
	Rate         = 8000
	FrameSamples = Rate / 50
	FrameBytes   = FrameSamples * 2
)

// ErrOddLength is returned for slin bytes that cannot be whole samples.
var ErrOddLength = errors.New("audio: odd-length PCM16 payload")

// The codecs append to dst rather than return a new slice, so that a stream
// can decode and encode every 20 ms frame into buffers it reuses.

// DecodeSlin appends the samples of slin (signed linear 16-bit little-endian
// PCM, the "raw/slin" stream encoding) bytes to dst.
//
//nolint:gosec // G115: PCM and G.711 are bit patterns; these conversions reinterpret or truncate on purpose
func DecodeSlin(dst []int16, b []byte) ([]int16, error) {
	if len(b)%2 != 0 {
		return dst, ErrOddLength
	}
	for i := 0; i+1 < len(b); i += 2 {
		dst = append(dst, int16(binary.LittleEndian.Uint16(b[i:])))
	}
	return dst, nil
}

// EncodeSlin appends samples to dst as slin bytes.
//
//nolint:gosec // G115: PCM and G.711 are bit patterns; these conversions reinterpret or truncate on purpose
func EncodeSlin(dst []byte, s []int16) []byte {
	for _, v := range s {
		dst = binary.LittleEndian.AppendUint16(dst, uint16(v))
	}
	return dst
}

// G.711 μ-law (ITU-T G.711, the segment algorithm with bias 0x84, as in the
// Sun reference implementation; Twilio's "audio/x-mulaw") and A-law (the
// European "audio/x-alaw"). Decoding is a lookup in a table of 256 entries
// built from the reference formulas; encoding searches the segment, which is
// a handful of comparisons.
const (
	ulawBias = 0x84
	ulawClip = 32635
)

var ulawTable, alawTable [256]int16

func init() {
	for i := range 256 {
		ulawTable[i] = ulawToLinear(byte(i))
		alawTable[i] = alawToLinear(byte(i))
	}
}

//nolint:gosec // G115: PCM and G.711 are bit patterns; these conversions reinterpret or truncate on purpose
func ulawToLinear(u byte) int16 {
	u = ^u
	t := (int32(u&0x0f) << 3) + ulawBias
	t <<= (u & 0x70) >> 4
	if u&0x80 != 0 {
		return int16(ulawBias - t)
	}
	return int16(t - ulawBias)
}

//nolint:gosec // G115: PCM and G.711 are bit patterns; these conversions reinterpret or truncate on purpose
func linearToUlaw(s int16) byte {
	v := int32(s)
	sign := byte(0)
	if v < 0 {
		v = -v
		sign = 0x80
	}
	if v > ulawClip {
		v = ulawClip
	}
	v += ulawBias
	exp := byte(7)
	for mask := int32(0x4000); v&mask == 0 && exp > 0; mask >>= 1 {
		exp--
	}
	mant := byte(v>>(exp+3)) & 0x0f
	return ^(sign | exp<<4 | mant)
}

func alawToLinear(a byte) int16 {
	a ^= 0x55
	t := int32(a&0x0f) << 4
	seg := (a & 0x70) >> 4
	switch seg {
	case 0:
		t += 8
	case 1:
		t += 0x108
	default:
		t += 0x108
		t <<= seg - 1
	}
	if a&0x80 != 0 {
		return int16(t)
	}
	return int16(-t)
}

//nolint:gosec // G115: PCM and G.711 are bit patterns; these conversions reinterpret or truncate on purpose
func linearToAlaw(s int16) byte {
	v := int32(s) >> 3 // A-law works on 13-bit magnitudes
	mask := byte(0xd5)
	if v < 0 {
		mask = 0x55
		v = -v - 1
	}
	// Segment ends for 13-bit input.
	ends := [8]int32{0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff}
	seg := 0
	for seg < 8 && v > ends[seg] {
		seg++
	}
	if seg >= 8 {
		return 0x7f ^ mask
	}
	a := byte(seg << 4)
	if seg < 2 {
		a |= byte(v>>1) & 0x0f
	} else {
		a |= byte(v>>seg) & 0x0f
	}
	return a ^ mask
}

// DecodeUlaw appends the samples of μ-law bytes to dst.
func DecodeUlaw(dst []int16, b []byte) []int16 { return decodeG711(dst, b, &ulawTable) }

// EncodeUlaw appends samples to dst as μ-law bytes.
func EncodeUlaw(dst []byte, s []int16) []byte { return encodeG711(dst, s, linearToUlaw) }

// DecodeAlaw appends the samples of A-law bytes to dst.
func DecodeAlaw(dst []int16, b []byte) []int16 { return decodeG711(dst, b, &alawTable) }

// EncodeAlaw appends samples to dst as A-law bytes.
func EncodeAlaw(dst []byte, s []int16) []byte { return encodeG711(dst, s, linearToAlaw) }

func decodeG711(dst []int16, b []byte, table *[256]int16) []int16 {
	for _, c := range b {
		dst = append(dst, table[c])
	}
	return dst
}

func encodeG711(dst []byte, s []int16, encode func(int16) byte) []byte {
	for _, v := range s {
		dst = append(dst, encode(v))
	}
	return dst
}
