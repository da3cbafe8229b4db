package media

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
	"github.com/switchboard/switchboard/jobs/jobargs"
)

// bridge joins the two legs that share a BridgeKey on this node: each hears
// the other, and the pair is recorded as one stereo WAV.
type bridge struct {
	n   *Node
	key string

	mu      sync.Mutex
	legs    [2]*session
	bridged bool
	over    bool
	rec     *recorder
}

// add seats s on its role's channel (or the free one); false for a third leg.
func (b *bridge) add(s *session) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.over {
		return false
	}
	ch := s.channel.Load()
	if b.legs[ch] != nil {
		ch = 1 - ch
		if b.legs[ch] != nil {
			return false
		}
		s.channel.Store(ch)
	}
	b.legs[ch] = s
	return true
}

func (b *bridge) other(s *session) *session {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.legs[1-s.channel.Load()]
}

func (b *bridge) kickOther(s *session) {
	if o := b.other(s); o != nil {
		o.kick()
	}
}

// check bridges the legs once both are live, starting the recording.
func (b *bridge) check() {
	b.mu.Lock()
	l, r := b.legs[0], b.legs[1]
	if b.bridged || b.over || l == nil || r == nil || l.state.Load() != stLive || r.state.Load() != stLive {
		b.mu.Unlock()
		return
	}
	b.bridged = true
	var recDesc *voice.SessionDescriptor
	for _, s := range []*session{l, r} {
		if s.desc.Record && recDesc == nil {
			recDesc = &s.desc
		}
	}
	if recDesc != nil {
		rec, err := newRecorder(b.n.opts.TempDir, *recDesc)
		if err != nil {
			b.n.log.Error("media recording not started", slog.Any("error", err), slog.String("call_id", recDesc.CallID))
		} else {
			b.rec = rec
		}
	}
	b.mu.Unlock()
	for _, s := range []*session{l, r} {
		s.log.Info("media legs bridged", slog.String("bridge_key", b.key))
		b.n.report(s.desc, jobargs.MediaLegBridged, nil)
		s.kick()
	}
}

// forward records a frame from s and queues it to s's peer.
func (b *bridge) forward(s *session, frame []int16) {
	ch := s.channel.Load()
	b.mu.Lock()
	peer, rec := b.legs[1-ch], b.rec
	b.mu.Unlock()
	if rec != nil {
		rec.append(int(ch), frame)
	}
	if peer != nil {
		peer.fromPeer(frame)
	}
}

// legEnded hangs up the peer of an ended leg and, when both are over, stores
// the recording.
func (b *bridge) legEnded(s *session) {
	b.mu.Lock()
	if b.over {
		b.mu.Unlock()
		return
	}
	peer := b.legs[1-s.channel.Load()]
	all := peer == nil || peer.state.Load() == stEnded
	var rec *recorder
	if all {
		b.over, rec, b.rec = true, b.rec, nil
	}
	b.mu.Unlock()
	if !all {
		peer.hangup("peer_hangup")
		return
	}
	b.n.bridgeOver(b)
	if rec != nil {
		b.n.uploads.Add(1)
		go func() {
			defer b.n.uploads.Done()
			b.n.storeRecording(rec)
		}()
	}
}

// recorder writes a bridge's stereo WAV to a temporary file as frames come,
// each leg on its channel. A leg that was silent on the wire (dropped) for
// more than half a second is padded with silence by the wall clock, so both
// channels stay aligned.
type recorder struct {
	desc  voice.SessionDescriptor
	mu    sync.Mutex
	f     *os.File
	af    *asyncFile
	w     *audio.StereoWAV
	start time.Time
	pos   [2]int64
}

func newRecorder(dir string, d voice.SessionDescriptor) (*recorder, error) {
	f, err := os.CreateTemp(dir, "recording-*.wav")
	if err != nil {
		return nil, fmt.Errorf("create recording: %w", err)
	}
	af := newAsyncFile(f)
	w, err := audio.NewStereoWAV(af, audio.Rate)
	if err != nil {
		_ = af.drain()
		_ = f.Close()
		_ = os.Remove(f.Name())
		return nil, err
	}
	return &recorder{desc: d, f: f, af: af, w: w, start: time.Now()}, nil
}

func (r *recorder) append(ch int, frame []int16) {
	r.mu.Lock()
	defer r.mu.Unlock()
	due := int64(time.Since(r.start).Seconds()*audio.Rate) - int64(len(frame))
	// Half a second behind the wall clock is a gap (a dropped stream), not
	// a frame late on a busy machine: fill it with silence.
	if gap := due - r.pos[ch]; gap > audio.Rate/2 {
		r.w.Append(ch, make([]int16, gap))
		r.pos[ch] += gap
	}
	r.w.Append(ch, frame)
	r.pos[ch] += int64(len(frame))
}

func (n *Node) storeRecording(r *recorder) {
	log := n.log.With(slog.String("tenant_id", r.desc.TenantID), slog.String("call_id", r.desc.CallID))
	r.mu.Lock()
	defer r.mu.Unlock()
	defer os.Remove(r.f.Name())
	defer r.f.Close()
	err := r.w.Close()
	if derr := r.af.drain(); err == nil {
		err = derr
	}
	if err == nil {
		// A remote store (S3) may fail for a moment: try a few times, from
		// the start of the file each time, before the recording is lost.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		for attempt, wait := 0, time.Second; ; attempt, wait = attempt+1, wait*4 {
			if _, err = r.f.Seek(0, 0); err == nil {
				err = n.opts.Store.Put(ctx, r.desc.RecordingKey, r.f)
			}
			if err == nil || attempt == 2 || ctx.Err() != nil {
				break
			}
			log.Warn("media recording upload failed, retrying", slog.Any("error", err), slog.Duration("after", wait))
			select {
			case <-ctx.Done():
			case <-time.After(wait):
			}
		}
		cancel()
	}
	if err != nil {
		log.Error("media recording lost", slog.Any("error", err), slog.String("recording_key", r.desc.RecordingKey))
		return
	}
	secs := r.w.Seconds()
	log.Info("media recording stored", slog.String("recording_key", r.desc.RecordingKey), slog.Float64("seconds", secs))
	n.report(r.desc, jobargs.MediaRecordingReady, func(e *jobargs.CallMediaEvent) {
		e.RecordingKey, e.RecordingSeconds = r.desc.RecordingKey, secs
	})
}

// asyncFile writes a recording from its own goroutine: the recorder is fed
// from the legs' readers, and a disk that stalls must not stall the call. At
// most asyncChunks chunks (of the WAV writer's 32 KiB) wait; beyond that
// Write blocks rather than letting memory grow. The first Seek (the WAV
// header patch at the end) drains the queue and switches to direct writes.
type asyncFile struct {
	f       *os.File
	ch      chan []byte
	done    chan struct{}
	err     error
	drained bool
}

const asyncChunks = 64

func newAsyncFile(f *os.File) *asyncFile {
	a := &asyncFile{f: f, ch: make(chan []byte, asyncChunks), done: make(chan struct{})}
	go func() {
		defer close(a.done)
		for c := range a.ch {
			if a.err == nil {
				_, a.err = f.Write(c)
			}
		}
	}()
	return a
}

func (a *asyncFile) Write(p []byte) (int, error) {
	if a.drained {
		return a.f.Write(p)
	}
	a.ch <- append([]byte(nil), p...)
	return len(p), nil
}

func (a *asyncFile) drain() error {
	if !a.drained {
		a.drained = true
		close(a.ch)
		<-a.done
	}
	return a.err
}

func (a *asyncFile) Seek(off int64, whence int) (int64, error) {
	if err := a.drain(); err != nil {
		return 0, err
	}
	return a.f.Seek(off, whence)
}
