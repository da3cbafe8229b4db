package media

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
)

// The node's counters reach Prometheus as they are, read at scrape time.
func TestCollectorReportsTheNodeCounters(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	base := "ws" + strings.TrimPrefix(b.srv.URL, "http") + "/v1/stream"
	for range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, resp, err := websocket.Dial(ctx, base, nil) // no token: refused before the upgrade
		cancel()
		require.Error(t, err)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	}
	reg := prometheus.NewPedanticRegistry()
	require.NoError(t, reg.Register(b.node.Collector()))
	families, err := reg.Gather()
	require.NoError(t, err)
	got := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			name := f.GetName()
			for _, l := range m.GetLabel() {
				name += "/" + l.GetValue()
			}
			if m.GetCounter() != nil {
				got[name] = m.GetCounter().GetValue()
			} else {
				got[name] = m.GetGauge().GetValue()
			}
		}
	}
	require.InDelta(t, 2, got["switchboard_media_refused_total"], 0)
	require.InDelta(t, 0, got["switchboard_media_legs_active"], 0)
	require.InDelta(t, 0, got["switchboard_media_draining"], 0)
	require.Contains(t, got, "switchboard_media_frames_total/in")
	require.Contains(t, got, "switchboard_media_frames_total/dropped")

	b.node.Drain()
	families, err = reg.Gather()
	require.NoError(t, err)
	for _, f := range families {
		if f.GetName() == "switchboard_media_draining" {
			require.InDelta(t, 1, f.GetMetric()[0].GetGauge().GetValue(), 0)
		}
	}
}
