// Package audio is Switchboard's one signal toolbox, shared by the media node
// and the carriers (integrations import nothing else of ours, and media
// already imports integrations/voice): the stream codecs (slin, G.711 μ-law
// and A-law), a windowed-sinc resampler (espeak-ng renders at 22050 Hz, some
// engines at 16000 Hz), a phase-continuous tone generator (hold tone,
// simulated handsets), Goertzel tone detection (tests prove a tone got
// through), WAV reading and stereo writing (TTS output, call recordings), and
// text to speech through espeak-ng, cached per text.
//
// Switchboard's internal format is signed 16-bit PCM, mono, 8 kHz, in 20 ms
// frames of 160 samples (Rate, FrameSamples). Everything here works on
// []int16 samples; the codecs append to a caller's buffer so that a stream
// can reuse one per frame.
//
// Nothing here holds state between calls except Oscillator (its phase) and
// StereoWAV (the open file), which a session owns, and Speaker (its cache),
// which is safe for concurrent use and meant to be shared.
package audio
