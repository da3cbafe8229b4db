package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/ivrbridge"
)

func TestSimCommandRefusesAShortSecret(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	code := runSimCommand([]string{"-carrier-secret", "short"}, io.Discard, &stderr)
	require.Equal(t, 2, code)
	require.Contains(t, stderr.String(), "carrier-secret: must be at least 32 bytes")
}

func TestSimServesScriptedHandsetsAndSignsCallbacks(t *testing.T) {
	t.Parallel()
	secret := strings.Repeat("s", 32)
	scripts := filepath.Join(t.TempDir(), "scripts.json")
	require.NoError(t, os.WriteFile(scripts, []byte(`{"handsets":{"+15551234":{"busy":true}}}`), 0o600))

	var (
		mu     sync.Mutex
		events []voice.Status
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ev, err := ivrbridge.ParseCallback(r.Header, body, []byte(secret), time.Now(), time.Minute)
		if err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		mu.Lock()
		events = append(events, ev.Status)
		mu.Unlock()
	}))
	defer hook.Close()

	ctx, cancel := context.WithCancel(t.Context())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	cfg := &simConfig{Addr: "127.0.0.1:0", CarrierSecret: secret, ScriptsFile: scripts, RingTimeout: time.Second, LogLevel: "info", LogFormat: "text"}
	require.NoError(t, cfg.validate())
	go func() {
		done <- serveSim(ctx, cfg, slog.New(slog.NewTextHandler(t.Output(), nil)), func(a net.Addr) { addrc <- a })
	}()
	addr := <-addrc

	c := &ivrbridge.Client{BaseURL: "http://" + addr.String(), Secret: []byte(secret)}
	_, err := c.Dial(t.Context(), voice.DialParams{From: "+1", To: "+15551234", StreamURL: "ws://127.0.0.1:1/none", StatusCallbackURL: hook.URL})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(events) == 3
	}, 10*time.Second, 20*time.Millisecond)
	mu.Lock()
	require.Equal(t, []voice.Status{voice.StatusInitiated, voice.StatusRinging, voice.StatusBusy}, events)
	mu.Unlock()

	cancel()
	require.NoError(t, <-done)
}
