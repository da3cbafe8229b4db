package media

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/jobs/jobargs"
)

func TestMain(m *testing.M) {
	// The benchmark re-executes this binary as its carrier process.
	if os.Getenv(benchCarrierEnv) != "" {
		os.Exit(runBenchCarrier(os.Getenv(benchCarrierEnv)))
	}
	dbtest.Main(m)
}

// A bridged call's reports land in river_job as call_media_event jobs on the
// calls queue, through an insert-only River client as the app role.
func TestReportsLandInRiverJob(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	client, err := river.NewClient(riverpgxv5.New(d.Pool()), &river.Config{Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	rep := NewRiverReporter(client, slog.New(slog.DiscardHandler))
	b := setup(t, setupOpts{reporter: rep})
	c := b.newCall(true, false)
	agent := b.dial(t, c, c.agent, "a")
	customer := b.dial(t, c, c.customer, "c")
	agent.playTone(440)
	customer.playTone(1000)
	agent.waitHears(t, 1000, 3*time.Second)
	customer.send(`{"event":"dtmf","sequence_number":100000,"stream_sid":"c","dtmf":{"digit":"#"}}`)
	agent.stop("callended")
	<-customer.hungUp
	customer.stop("hangup")

	type row struct {
		Event, Leg, Digit, Reason, Key string
	}
	want := map[row]bool{
		{jobargs.MediaLegAnswered, c.agent.String(), "", "", ""}:                                                                    true,
		{jobargs.MediaLegAnswered, c.customer.String(), "", "", ""}:                                                                 true,
		{jobargs.MediaLegBridged, c.agent.String(), "", "", ""}:                                                                     true,
		{jobargs.MediaLegBridged, c.customer.String(), "", "", ""}:                                                                  true,
		{jobargs.MediaLegDTMF, c.customer.String(), "#", "", ""}:                                                                    true,
		{jobargs.MediaLegEnded, c.agent.String(), "", "callended", ""}:                                                              true,
		{jobargs.MediaLegEnded, c.customer.String(), "", "peer_hangup", ""}:                                                         true,
		{jobargs.MediaRecordingReady, c.agent.String(), "", "", "recordings/" + c.tenant.String() + "/" + c.call.String() + ".wav"}: true,
	}
	var got map[row]bool
	require.Eventually(t, func() bool {
		rows, err := d.Pool().Query(context.Background(), `SELECT args FROM river_job WHERE kind = 'call_media_event' AND queue = $1`, jobargs.QueueCalls)
		require.NoError(t, err)
		defer rows.Close()
		got = map[row]bool{}
		for rows.Next() {
			var raw []byte
			require.NoError(t, rows.Scan(&raw))
			var ev jobargs.CallMediaEvent
			require.NoError(t, json.Unmarshal(raw, &ev))
			require.Equal(t, c.tenant, ev.TenantID)
			require.Equal(t, c.call, ev.CallID)
			require.Equal(t, testNodeID, ev.NodeID)
			got[row{ev.Event, ev.LegID.String(), ev.Digit, ev.Reason, ev.RecordingKey}] = true
		}
		require.NoError(t, rows.Err())
		return len(got) == len(want)
	}, 10*time.Second, 50*time.Millisecond)
	require.Equal(t, want, got)
	rep.Close()
}
