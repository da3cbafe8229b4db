package audio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// MaxSpeechBytes bounds one text given to the TTS engine (about a minute of
// speech).
const MaxSpeechBytes = 1000

const (
	// speechCacheSize bounds the rendered texts a Speaker keeps; beyond it
	// the oldest goes. Announcements come from a fixed set of sentences, but
	// a node runs for months and nothing stops a caller from varying them.
	speechCacheSize = 256
	// renderTimeout bounds one espeak-ng run (a long sentence takes well
	// under a second).
	renderTimeout = 20 * time.Second
)

// Speaker renders text to speech at Rate with espeak-ng (a WAV at 22050 Hz,
// resampled). Each text is rendered once and kept, since announcements ("the
// customer is busy") and a handset's sentence repeat all day; concurrent
// first calls for one text share its render. The zero value speaks English
// at 160 words a minute with espeak-ng from $PATH. A Speaker must not be
// copied after first use.
type Speaker struct {
	Voice string // espeak-ng voice, "" means "en"
	WPM   int    // words per minute, 0 means 160
	// Command is the espeak-ng binary; "" means "espeak-ng" on $PATH.
	Command string

	mu    sync.Mutex
	cache map[string]*speech
	order []string // cache keys, oldest first, for eviction
}

// speech is one text's render; ready is closed when pcm and err are set.
type speech struct {
	ready chan struct{}
	pcm   []int16
	err   error
}

func (s *Speaker) command() string {
	if s.Command == "" {
		return "espeak-ng"
	}
	return s.Command
}

// Available reports why the engine cannot run (its binary is not found), or
// nil, so that a server can refuse to start, or start without speech, rather
// than fail on its first sentence.
func (s *Speaker) Available() error {
	if _, err := exec.LookPath(s.command()); err != nil {
		return fmt.Errorf("speak: %w (Debian: scripts/ensure-espeak.sh installs espeak-ng)", err)
	}
	return nil
}

// Speak returns text spoken at Rate. The samples are shared with every
// caller of the same text and must not be modified.
func (s *Speaker) Speak(ctx context.Context, text string) ([]int16, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, errors.New("speak: empty text")
	}
	if len(text) > MaxSpeechBytes || !utf8.ValidString(text) {
		return nil, fmt.Errorf("speak: text must be UTF-8 of at most %d bytes", MaxSpeechBytes)
	}
	s.mu.Lock()
	sp, ok := s.cache[text]
	if !ok {
		if s.cache == nil {
			s.cache = map[string]*speech{}
		}
		sp = &speech{ready: make(chan struct{})}
		s.cache[text] = sp
		s.order = append(s.order, text)
		if len(s.order) > speechCacheSize {
			delete(s.cache, s.order[0])
			s.order = s.order[1:]
		}
		// The render belongs to every caller of this text, not to this one:
		// it runs on its own, so that this caller too can give up on ctx.
		go s.render(text, sp)
	}
	s.mu.Unlock()
	select {
	case <-sp.ready:
		return sp.pcm, sp.err
	case <-ctx.Done():
		return nil, fmt.Errorf("speak: %w", ctx.Err())
	}
}

func (s *Speaker) render(text string, sp *speech) {
	defer close(sp.ready)
	sp.pcm, sp.err = s.run(text)
	if sp.err == nil {
		return
	}
	// A failure is not kept: the next call tries again. It is forgotten
	// before the waiters hear of it, so that none of them can retry into it.
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache[text] == sp {
		delete(s.cache, text)
		if i := slices.Index(s.order, text); i >= 0 {
			s.order = slices.Delete(s.order, i, i+1)
		}
	}
}

func (s *Speaker) run(text string) ([]int16, error) {
	ctx, cancel := context.WithTimeout(context.Background(), renderTimeout)
	defer cancel()
	voice, wpm, cmd := s.Voice, s.WPM, s.command()
	if voice == "" {
		voice = "en"
	}
	if wpm <= 0 {
		wpm = 160
	}
	var out, stderr bytes.Buffer
	// The text goes on standard input, never as an argument: a sentence
	// starting with "-" cannot be taken for an option, and it does not show
	// in the process list.
	c := exec.CommandContext(ctx, cmd, "--stdout", "-v", voice, "-s", strconv.Itoa(wpm), "--stdin") //nolint:gosec // G204: the binary is configuration, the text goes on stdin
	c.Stdin = strings.NewReader(text)
	c.Stdout = &out
	c.Stderr = &stderr
	if err := c.Run(); err != nil {
		return nil, fmt.Errorf("speak: %s: %w: %s", cmd, err, bytes.TrimSpace(stderr.Bytes()))
	}
	w, err := ReadWAV(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("speak: %s output: %w", cmd, err)
	}
	return Resample(w.Mono(), w.SampleRate, Rate), nil
}
