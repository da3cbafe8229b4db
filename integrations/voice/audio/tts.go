package audio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// MaxSpeechChars bounds one sentence given to the TTS engine.
const MaxSpeechChars = 2000

// Speaker renders text to 8 kHz speech with espeak-ng, once per text: a
// handset that says the same sentence on every call costs one process run.
// The zero value speaks English at 160 words a minute.
type Speaker struct {
	Voice string // espeak-ng voice, "" means "en"
	WPM   int    // words per minute, 0 means 160
	// Command is the espeak-ng binary; "" means "espeak-ng" on $PATH.
	Command string

	mu    sync.Mutex
	cache map[string][]int16
}

// Say returns text spoken at Rate. The text goes to espeak-ng on standard
// input, never as an argument, so a sentence starting with "-" cannot be
// taken for an option.
func (s *Speaker) Say(ctx context.Context, text string) ([]int16, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, errors.New("speak: empty text")
	}
	if !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxSpeechChars {
		return nil, fmt.Errorf("speak: text must be UTF-8 of at most %d characters", MaxSpeechChars)
	}
	s.mu.Lock()
	if pcm, ok := s.cache[text]; ok {
		s.mu.Unlock()
		return pcm, nil
	}
	s.mu.Unlock()

	voice, wpm, cmd := s.Voice, s.WPM, s.Command
	if voice == "" {
		voice = "en"
	}
	if wpm <= 0 {
		wpm = 160
	}
	if cmd == "" {
		cmd = "espeak-ng"
	}
	var out, stderr bytes.Buffer
	c := exec.CommandContext(ctx, cmd, "--stdout", "-v", voice, "-s", strconv.Itoa(wpm), "--stdin") //nolint:gosec // the binary is configuration, the text goes on stdin
	c.Stdin = strings.NewReader(text)
	c.Stdout = &out
	c.Stderr = &stderr
	if err := c.Run(); err != nil {
		return nil, fmt.Errorf("speak: %s: %w: %s", cmd, err, strings.TrimSpace(stderr.String()))
	}
	snd, err := ReadWAV(&out)
	if err != nil {
		return nil, fmt.Errorf("speak: %w", err)
	}
	pcm := Resample(snd.Samples, snd.SampleRate, Rate)

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache == nil {
		s.cache = map[string][]int16{}
	}
	s.cache[text] = pcm
	return pcm, nil
}
