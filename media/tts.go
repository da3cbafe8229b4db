package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"sync"
	"time"

	"github.com/switchboard/switchboard/media/audio"
)

// Speaker renders text to 8 kHz PCM.
type Speaker interface {
	Speak(ctx context.Context, text string) ([]int16, error)
}

// MaxSayLen bounds a sentence to speak.
const MaxSayLen = 1000

// Espeak is the espeak-ng TTS engine (`espeak-ng --stdout -v en -s 160`,
// WAV at 22050 Hz) resampled to 8 kHz, rendered once per text and kept in a
// small cache: announcements ("the customer is busy") repeat all day.
type Espeak struct {
	bin   string
	voice string
	speed int

	mu    sync.Mutex
	cache map[string]*ttsEntry
	order []string // insertion order, for eviction
	max   int
}

type ttsEntry struct {
	ready chan struct{}
	pcm   []int16
	err   error
}

// NewEspeak finds espeak-ng on $PATH.
func NewEspeak() (*Espeak, error) {
	bin, err := exec.LookPath("espeak-ng")
	if err != nil {
		return nil, errors.New("espeak-ng not found on $PATH (Debian: apt-get install espeak-ng, or scripts/ensure-apt.sh espeak-ng)")
	}
	return &Espeak{bin: bin, voice: "en", speed: 160, cache: map[string]*ttsEntry{}, max: 256}, nil
}

// Speak returns text as 8 kHz PCM. Concurrent calls for one text render it once.
func (e *Espeak) Speak(ctx context.Context, text string) ([]int16, error) {
	if text == "" || len(text) > MaxSayLen {
		return nil, fmt.Errorf("speak: text of %d bytes (1..%d)", len(text), MaxSayLen)
	}
	e.mu.Lock()
	ent, ok := e.cache[text]
	if !ok {
		ent = &ttsEntry{ready: make(chan struct{})}
		e.cache[text] = ent
		e.order = append(e.order, text)
		if len(e.order) > e.max {
			delete(e.cache, e.order[0])
			e.order = e.order[1:]
		}
	}
	e.mu.Unlock()
	if !ok {
		ent.pcm, ent.err = e.render(text)
		close(ent.ready)
		if ent.err != nil {
			e.mu.Lock()
			if e.cache[text] == ent {
				delete(e.cache, text) // a failure is not cached
			}
			e.mu.Unlock()
		}
	}
	select {
	case <-ent.ready:
		return ent.pcm, ent.err
	case <-ctx.Done():
		return nil, fmt.Errorf("speak: %w", ctx.Err())
	}
}

func (e *Espeak) render(text string) ([]int16, error) {
	// Not the caller's context: the render is shared and cached.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	// "--" so that a sentence starting with "-" is text, not an option.
	cmd := exec.CommandContext(ctx, e.bin, "--stdout", "-v", e.voice, "-s", fmt.Sprint(e.speed), "--", text) //nolint:gosec // fixed binary, text is one argument
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("espeak-ng: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	w, err := audio.ReadWAV(stdout.Bytes())
	if err != nil {
		return nil, fmt.Errorf("espeak-ng output: %w", err)
	}
	pcm := w.Samples
	if w.Channels > 1 {
		pcm = w.Channel(0)
	}
	return audio.Resample(pcm, w.Rate, audio.Rate), nil
}
