package audio

// G.711 μ-law, as Twilio Media Streams carry it ("audio/x-mulaw", 8 kHz).

const (
	mulawBias = 0x84
	mulawClip = 32635
)

// MulawEncode converts linear samples to μ-law bytes.
func MulawEncode(samples []int16) []byte {
	out := make([]byte, len(samples))
	for i, s := range samples {
		out[i] = mulawByte(s)
	}
	return out
}

// MulawDecode converts μ-law bytes to linear samples.
func MulawDecode(b []byte) []int16 {
	out := make([]int16, len(b))
	for i, u := range b {
		out[i] = mulawLinear(u)
	}
	return out
}

func mulawByte(s int16) byte {
	v := int(s)
	sign := 0
	if v < 0 {
		v = -v
		sign = 0x80
	}
	if v > mulawClip {
		v = mulawClip
	}
	v += mulawBias
	exp := 7
	for mask := 0x4000; v&mask == 0 && exp > 0; mask >>= 1 {
		exp--
	}
	mantissa := (v >> (exp + 3)) & 0x0f
	return ^byte(sign | exp<<4 | mantissa) //nolint:gosec // sign, exp and mantissa fit one byte by construction
}

func mulawLinear(u byte) int16 {
	u = ^u
	sign := u & 0x80
	exp := int(u>>4) & 0x07
	mantissa := int(u & 0x0f)
	v := ((mantissa << 3) + mulawBias) << exp
	v -= mulawBias
	if sign != 0 {
		return int16(-v) //nolint:gosec // |v| <= 32124 by the μ-law table
	}
	return int16(v) //nolint:gosec // |v| <= 32124 by the μ-law table
}
