package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/integrations/blob"
	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
	voicesim "github.com/switchboard/switchboard/integrations/voice/sim"
	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/internal/call"
	"github.com/switchboard/switchboard/jobs"
	"github.com/switchboard/switchboard/media"
	"github.com/switchboard/switchboard/tenants"
)

// voiceRig is the whole voice path in one test process, each part over its
// real wire: the API's call endpoints, River workers on a real database, a
// media node, and the simulated carrier with scripted handsets.
type voiceRig struct {
	calls   *call.Service
	sim     *voicesim.Server
	node    *media.Node
	store   blob.Dir
	tenant  uuid.UUID
	agent   context.Context
	contact uuid.UUID
}

const (
	rigAgentPhone    = "+14155550211"
	rigCustomerPhone = "+14155550222"
)

func newVoiceRig(t *testing.T, handsets map[string]voicesim.Script) *voiceRig {
	t.Helper()
	d := dbtest.New(t)
	logger := slog.New(slog.DiscardHandler)
	signer, err := voice.NewSigner([]byte(strings.Repeat("k", 32)))
	require.NoError(t, err)
	sim, err := voicesim.New(voicesim.Options{Secret: []byte(strings.Repeat("c", 32)), Handsets: handsets, Logger: logger,
		CallbackBackoff: 100 * time.Millisecond})
	require.NoError(t, err)
	simSrv := httptest.NewServer(sim.Handler())
	t.Cleanup(func() { simSrv.Close(); sim.Close() })

	rig := &voiceRig{sim: sim, store: blob.Dir{Root: t.TempDir()}}
	rig.calls = &call.Service{DB: d.DB, Signer: signer, Carrier: sim.Carrier(simSrv.URL), CallerID: "+14155550200",
		Recordings: rig.store, Guard: webhookhttp.Guard{AllowLoopback: true}, Logger: logger, CallbackRetryBase: 100 * time.Millisecond}
	api := httptest.NewServer(rig.calls.Handler())
	t.Cleanup(api.Close)
	rig.calls.PublicURL = api.URL

	workers := river.NewWorkers()
	river.AddWorker(workers, &call.DialWorker{Calls: rig.calls})
	river.AddWorker(workers, &call.HangupWorker{Calls: rig.calls})
	river.AddWorker(workers, &call.AnnounceWorker{Calls: rig.calls})
	river.AddWorker(workers, &call.MediaEventWorker{Calls: rig.calls})
	river.AddWorker(workers, &call.CallbackWorker{Calls: rig.calls})
	river.AddWorker(workers, &call.TimeoutWorker{Calls: rig.calls})
	rc, err := jobs.NewClient(d.Pool(), jobs.Opts{Logger: logger, Workers: workers})
	require.NoError(t, err)
	rig.calls.Jobs = rc
	ctx, cancel := context.WithCancel(context.Background())
	require.NoError(t, rc.Start(ctx))
	t.Cleanup(func() {
		stop, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = rc.Stop(stop)
		cancel()
	})

	// The node's URLs must be known before it is built: serve it through a
	// handler set afterwards.
	var nodeHandler atomic.Value
	nodeSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nodeHandler.Load().(http.Handler).ServeHTTP(w, r)
	}))
	reporter := media.NewRiverReporter(rc, logger)
	var speaker media.Speaker
	if es := new(audio.Speaker); es.Available() == nil {
		speaker = es
	}
	rig.node, err = media.New(media.Options{NodeID: "node-1", Signer: signer, APIURL: api.URL,
		StreamURL: "ws" + strings.TrimPrefix(nodeSrv.URL, "http"), ControlURL: nodeSrv.URL, Capacity: 10,
		Store: rig.store, TempDir: t.TempDir(), Reporter: reporter, Speaker: speaker, Logger: logger})
	require.NoError(t, err)
	nodeHandler.Store(rig.node.Handler())
	t.Cleanup(func() { rig.node.Close(); reporter.Close(); nodeSrv.Close() })
	require.NoError(t, rig.node.Heartbeat(context.Background()))

	rig.tenant, rig.contact = uuid.New(), uuid.New()
	user := uuid.New()
	owner := tenants.ForNewTenant(context.Background(), rig.tenant, user)
	require.NoError(t, d.InTenantTx(owner, func(tx pgx.Tx) error {
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO tenants (id, name) VALUES ($1, 'Voice')`, []any{rig.tenant}},
			{`INSERT INTO users (id, email, name, password_hash, phone) VALUES ($1, $2, 'Agent', 'x', $3)`, []any{user, user.String() + "@example.com", rigAgentPhone}},
			{`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'AGENT')`, []any{rig.tenant, user}},
			{`INSERT INTO contacts (id, tenant_id, name, phone) VALUES ($1, $2, 'Customer', $3)`, []any{rig.contact, rig.tenant, rigCustomerPhone}},
		} {
			if _, err := tx.Exec(owner, q.sql, q.args...); err != nil {
				return err
			}
		}
		return nil
	}))
	rig.agent = tenants.ForMember(context.Background(), rig.tenant, user, tenants.RoleAgent)
	return rig
}

// waitCall polls the call until done says it is where the test wants it.
func (rig *voiceRig) waitCall(t *testing.T, id uuid.UUID, done func(call.Call) bool) call.Call {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for {
		c, err := rig.calls.Get(rig.agent, id)
		require.NoError(t, err)
		if done(c) {
			return c
		}
		if time.Now().After(deadline) {
			evs, _ := rig.calls.Timeline(rig.agent, id)
			t.Fatalf("call stuck in %s (ended %v, recording %q); timeline: %+v", c.Status, c.EndedAt, c.RecordingKey, evs)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// bestTone is the highest Goertzel share of hz over half-second windows of
// pcm that are loud enough not to be silence: whether, at some point, hz was
// clearly what was heard.
func bestTone(pcm []int16, hz float64) float64 {
	const win = 4000
	best := 0.0
	for i := 0; i+win <= len(pcm); i += win / 2 {
		w := pcm[i : i+win]
		if audio.RMS(w) < 100 {
			continue
		}
		best = max(best, audio.Goertzel(w, 8000, hz))
	}
	return best
}

// TestClickToCallThroughSimAndMediaNode is issue 5's first Done-when: a
// click-to-call through the simulated carrier and a real media node, 440 Hz
// into the agent's leg and 1 kHz into the customer's. Each side hears the
// other, the recording holds both (agent left, customer right), and the call
// record has the right status, duration and recording.
func TestClickToCallThroughSimAndMediaNode(t *testing.T) {
	t.Parallel()
	rig := newVoiceRig(t, map[string]voicesim.Script{
		rigAgentPhone:    {AnswerAfter: 200 * time.Millisecond, ToneHz: 440},
		rigCustomerPhone: {AnswerAfter: 300 * time.Millisecond, ToneHz: 1000, HangupAfter: 3 * time.Second},
	})
	st, err := rig.calls.Start(rig.agent, call.StartParams{ContactID: &rig.contact})
	require.NoError(t, err)

	c := rig.waitCall(t, st.Call.ID, func(c call.Call) bool { return c.EndedAt != nil && c.RecordingKey != "" })
	require.Equal(t, voice.StatusCompleted, c.Status)
	require.NotNil(t, c.AnsweredAt)
	require.NotNil(t, c.DurationSeconds)
	require.InDelta(t, 3, *c.DurationSeconds, 1, "the customer hung up after 3 s")
	require.GreaterOrEqual(t, *c.BillableSeconds, 2**c.DurationSeconds-1)
	require.Equal(t, call.RecordingKey(rig.tenant, st.Call.ID), c.RecordingKey)
	require.NotNil(t, c.RecordingSeconds)
	require.Greater(t, *c.RecordingSeconds, 2.0)

	// Each side heard the other.
	require.Greater(t, bestTone(rig.sim.Heard(rigAgentPhone), 1000), 0.5, "the agent heard the customer's 1 kHz")
	require.Greater(t, bestTone(rig.sim.Heard(rigCustomerPhone), 440), 0.5, "the customer heard the agent's 440 Hz")

	// The recording holds both: agent left, customer right.
	f, err := rig.store.Open(context.Background(), c.RecordingKey)
	require.NoError(t, err)
	raw, err := io.ReadAll(f)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	wav, err := audio.ReadWAV(raw)
	require.NoError(t, err)
	require.Equal(t, 2, wav.Channels)
	require.Equal(t, 8000, wav.SampleRate)
	require.Greater(t, bestTone(wav.Channel(0), 440), 0.5, "agent on the left")
	require.Greater(t, bestTone(wav.Channel(1), 1000), 0.5, "customer on the right")
	require.Less(t, bestTone(wav.Channel(0), 1000), 0.5, "the channels are not mixed")

	evs, err := rig.calls.Timeline(rig.agent, st.Call.ID)
	require.NoError(t, err)
	kinds := map[string]bool{}
	for _, e := range evs {
		kinds[e.Kind] = true
	}
	require.True(t, kinds[call.EventKindBridged], "the node reported the bridge")
	require.True(t, kinds[call.EventKindRecording])
}

// TestClickToCallBusyCustomerThroughSim: the customer's phone is busy; the
// node tells the agent so and hangs up, and the call ends busy.
func TestClickToCallBusyCustomerThroughSim(t *testing.T) {
	t.Parallel()
	rig := newVoiceRig(t, map[string]voicesim.Script{
		rigAgentPhone:    {AnswerAfter: 200 * time.Millisecond},
		rigCustomerPhone: {Busy: true},
	})
	st, err := rig.calls.Start(rig.agent, call.StartParams{ContactID: &rig.contact})
	require.NoError(t, err)
	c := rig.waitCall(t, st.Call.ID, func(c call.Call) bool { return c.EndedAt != nil })
	require.Equal(t, voice.StatusBusy, c.Status)
	require.Nil(t, c.DurationSeconds)
	legs, err := rig.calls.Legs(rig.agent, st.Call.ID)
	require.NoError(t, err)
	require.Len(t, legs, 2)
	require.Equal(t, voice.StatusCompleted, legs[0].Status, "the agent's leg was answered and hung up")
	require.Equal(t, voice.StatusBusy, legs[1].Status)
}

// TestClickToCallResumeAfterDropThroughSim: the customer's stream drops and
// the carrier reconnects with the same stream within the resume window; the
// call goes on and ends normally, recorded.
func TestClickToCallResumeAfterDropThroughSim(t *testing.T) {
	t.Parallel()
	rig := newVoiceRig(t, map[string]voicesim.Script{
		rigAgentPhone: {AnswerAfter: 200 * time.Millisecond, ToneHz: 440},
		rigCustomerPhone: {AnswerAfter: 300 * time.Millisecond, ToneHz: 1000, DropAt: time.Second, ReconnectAfter: time.Second,
			HangupAfter: 4 * time.Second},
	})
	st, err := rig.calls.Start(rig.agent, call.StartParams{ContactID: &rig.contact})
	require.NoError(t, err)
	c := rig.waitCall(t, st.Call.ID, func(c call.Call) bool { return c.EndedAt != nil && c.RecordingKey != "" })
	require.Equal(t, voice.StatusCompleted, c.Status)
	require.NotContains(t, c.EndReason, "stream_lost", "resumed, not lost")
	evs, err := rig.calls.Timeline(rig.agent, st.Call.ID)
	require.NoError(t, err)
	dropped := false
	for _, e := range evs {
		dropped = dropped || e.Kind == call.EventKindStreamDropped
	}
	require.True(t, dropped, "the node reported the drop")
	require.Greater(t, bestTone(rig.sim.Heard(rigAgentPhone), 1000), 0.5, "the agent heard the customer again")
}

// TestClickToCallMisbehavingCarrierThroughSim: the carrier posts every
// status callback twice and the customer's handset sends stop twice; the
// call record is still one consistent, completed call with one entry per
// status change.
func TestClickToCallMisbehavingCarrierThroughSim(t *testing.T) {
	t.Parallel()
	rig := newVoiceRig(t, map[string]voicesim.Script{
		rigAgentPhone:    {AnswerAfter: 200 * time.Millisecond, ToneHz: 440, DuplicateCallbacks: true},
		rigCustomerPhone: {AnswerAfter: 300 * time.Millisecond, ToneHz: 1000, HangupAfter: 2 * time.Second, DuplicateCallbacks: true, DuplicateStop: true},
	})
	st, err := rig.calls.Start(rig.agent, call.StartParams{ContactID: &rig.contact})
	require.NoError(t, err)
	c := rig.waitCall(t, st.Call.ID, func(c call.Call) bool { return c.EndedAt != nil && c.RecordingKey != "" })
	require.Equal(t, voice.StatusCompleted, c.Status)
	require.NotNil(t, c.DurationSeconds)
	require.InDelta(t, 2, *c.DurationSeconds, 1)
	time.Sleep(500 * time.Millisecond) // let the duplicates arrive
	evs, err := rig.calls.Timeline(rig.agent, st.Call.ID)
	require.NoError(t, err)
	seen := map[string]int{}
	for _, e := range evs {
		if e.Kind == call.EventKindLegStatus || e.Kind == call.EventKindCallStatus {
			seen[e.Role+" "+e.Kind+" "+e.Status]++
		}
	}
	for k, n := range seen {
		require.Equal(t, 1, n, "%s recorded %d times", k, n)
	}
	require.Equal(t, 1, seen["customer leg_status completed"])
	require.Equal(t, 1, seen[" call_status completed"])
}
