package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
)

// handleControl applies a signed voice.ControlCommand to a leg on this node:
// Say queues the sentence after what the leg already has queued, Hangup ends
// the leg once everything queued before it has been sent.
func (n *Node) handleControl(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 16<<10))
	if err != nil {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	var cmd voice.ControlCommand
	if err := n.opts.Signer.Verify(string(bytes.TrimSpace(body)), &cmd); err != nil {
		code := http.StatusUnauthorized
		if errors.Is(err, voice.ErrExpired) {
			code = http.StatusForbidden
		}
		n.log.Warn("media control refused", slog.Any("error", err))
		http.Error(w, "bad control command", code)
		return
	}
	if len(cmd.Say) > audio.MaxSpeechBytes {
		http.Error(w, fmt.Sprintf("say: longer than %d bytes", audio.MaxSpeechBytes), http.StatusBadRequest)
		return
	}
	n.mu.Lock()
	s := n.sessions[cmd.LegID]
	n.mu.Unlock()
	if s == nil || s.state.Load() == stEnded {
		http.Error(w, "no such leg on this node", http.StatusNotFound)
		return
	}
	if cmd.Say != "" {
		if n.opts.Speaker == nil {
			http.Error(w, "no TTS engine on this node", http.StatusNotImplemented)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
		pcm, err := n.opts.Speaker.Speak(ctx, cmd.Say)
		cancel()
		if err != nil {
			s.log.Error("media control say failed", slog.Any("error", err))
			http.Error(w, "speech synthesis failed", http.StatusInternalServerError)
			return
		}
		s.enqueueAudio(pcm, true)
	}
	if cmd.Hangup {
		if s.state.Load() == stLive {
			s.enqueue(outItem{hangup: true})
		} else {
			s.hangup("hangup") // nothing can play on a dropped or unstarted leg
		}
	}
	s.log.Info("media control applied", slog.Bool("say", cmd.Say != ""), slog.Bool("hangup", cmd.Hangup))
	w.WriteHeader(http.StatusNoContent)
}

// Heartbeat posts one signed voice.NodeHeartbeat to the API.
func (n *Node) Heartbeat(ctx context.Context) error {
	n.mu.Lock()
	hb := voice.NodeHeartbeat{NodeID: n.opts.NodeID, StreamURL: n.opts.StreamURL, ControlURL: n.opts.ControlURL,
		Capacity: n.opts.Capacity, Active: len(n.sessions), Draining: n.draining}
	n.mu.Unlock()
	tok, err := n.opts.Signer.Sign(hb, 30*time.Second)
	if err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.opts.APIURL+"/media/v1/nodes/heartbeat", bytes.NewBufferString(tok))
	if err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	req.Header.Set("Content-Type", "text/plain")
	status, _, err := voice.Exchange(n.hc, req)
	if err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	if status/100 != 2 {
		return fmt.Errorf("heartbeat: API answered %d", status)
	}
	return nil
}

// Run heartbeats every HeartbeatEvery until ctx ends, and at once when the
// node starts draining, so that the API stops sending it calls.
func (n *Node) Run(ctx context.Context) error {
	t := time.NewTicker(n.opts.HeartbeatEvery)
	defer t.Stop()
	drained := false
	for {
		if err := n.Heartbeat(ctx); err != nil && ctx.Err() == nil {
			n.log.Warn("media heartbeat failed", slog.Any("error", err))
		}
		var drainC <-chan struct{}
		if !drained {
			drainC = n.drainCh
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-drainC:
			drained = true
		}
	}
}
