// Package audio is the media node's signal toolbox, all on 16-bit signed PCM
// (the node's internal format: mono, 8 kHz, 20 ms frames of 160 samples):
// the edge codecs (raw/slin little-endian bytes, G.711 μ-law and A-law), a
// windowed-sinc resampler (espeak-ng renders at 22050 Hz, some engines at
// 16000 Hz), tone generation (hold tone), Goertzel tone detection (tests and
// in-band signalling) and WAV reading and stereo writing (recordings).
//
// Nothing here allocates per sample or holds state between calls except
// ToneGen (phase) and StereoWAV (the open file), so a session owns its own.
package audio
