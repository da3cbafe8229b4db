// Package audio holds the small signal-processing pieces the carriers need:
// 16-bit PCM framing, a phase-continuous tone generator, a tolerant WAV
// reader, a band-limited resampler, G.711 μ-law, text to speech through
// espeak-ng, and a Goertzel detector that tests use to prove a tone got
// through.
//
// Switchboard's internal format is signed 16-bit little-endian PCM, mono,
// 8 kHz, in 20 ms frames of 160 samples (Rate, FrameSamples). Everything here
// works on []int16 samples; PCMBytes and PCMSamples convert to and from the
// wire bytes.
//
// The media node has its own audio code (media/audio); this package exists
// so that integrations, which import nothing else of ours, can play and hear
// sound on a simulated handset and translate Twilio's μ-law.
package audio
