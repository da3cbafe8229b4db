package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/integrations/voice"
)

func TestMediaConfigValidationListsEveryProblem(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	code := run([]string{"media", "--api-url=ftp://x", "--media-secret=short", "--capacity=0", "--database-url="}, io.Discard, &stderr)
	require.Equal(t, 2, code)
	for _, want := range []string{"api-url", "media-secret", "capacity", "database-url"} {
		require.Contains(t, stderr.String(), want)
	}
}

// `switchboard media` as its own process: it heartbeats to the API, and on
// SIGTERM reports draining and exits once idle.
func TestMediaNodeProcessHeartbeatsAndDrains(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	secret := strings.Repeat("m", 32)
	signer, err := voice.NewSigner([]byte(secret))
	require.NoError(t, err)
	var mu sync.Mutex
	var beats []voice.NodeHeartbeat
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var hb voice.NodeHeartbeat
		if r.URL.Path != "/media/v1/nodes/heartbeat" || signer.Verify(string(b), &hb) != nil {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		mu.Lock()
		beats = append(beats, hb)
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer api.Close()

	exe, err := os.Executable()
	require.NoError(t, err)
	port := benchFreePort(t)
	cmd := exec.Command(exe, "media", fmt.Sprintf("--addr=127.0.0.1:%d", port), "--node-id=n1", "--api-url="+api.URL,
		"--database-url="+d.AppURL, "--recording-dir="+t.TempDir(), "--tts=false", "--capacity=7")
	cmd.Env = append(os.Environ(), "SWITCHBOARD_RUN_MAIN=1", "SWITCHBOARD_MEDIA_SECRET="+secret)
	var logs bytes.Buffer
	cmd.Stderr = &logs
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	last := func() (voice.NodeHeartbeat, bool) {
		mu.Lock()
		defer mu.Unlock()
		if len(beats) == 0 {
			return voice.NodeHeartbeat{}, false
		}
		return beats[len(beats)-1], true
	}
	require.Eventually(t, func() bool { _, ok := last(); return ok }, 20*time.Second, 50*time.Millisecond, "no heartbeat; logs:\n%s", &logs)
	hb, _ := last()
	require.Equal(t, "n1", hb.NodeID)
	require.Equal(t, 7, hb.Capacity)
	require.Equal(t, fmt.Sprintf("ws://127.0.0.1:%d", port), hb.StreamURL)
	require.False(t, hb.Draining)
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/v1/stream", port))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	// The refusal shows in the node's metrics.
	resp, err = http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", port))
	require.NoError(t, err)
	metrics, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, string(metrics), "switchboard_media_refused_total 1")
	require.Contains(t, string(metrics), "switchboard_media_legs_active 0")

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-done:
		require.NoError(t, err, "logs:\n%s", &logs)
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("media node did not exit on SIGTERM; logs:\n%s", &logs)
	}
	hb, _ = last()
	require.True(t, hb.Draining, "the last heartbeat says draining")
}
