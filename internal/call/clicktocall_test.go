package call

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/ivrbridge"
	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// receiver is a tenant's status-callback endpoint: it verifies the Standard
// Webhooks signature and records the events, answering with the statuses
// queued in fail first.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	secret []byte
	events []callbackEnvelopeIn
	ids    []string
	fail   []int
}

type callbackEnvelopeIn struct {
	Type string         `json:"type"`
	Data map[string]any `json:"data"`
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if len(rc.fail) > 0 {
			code := rc.fail[0]
			rc.fail = rc.fail[1:]
			w.WriteHeader(code)
			return
		}
		if err := webhookhttp.Verify([][]byte{rc.secret}, r.Header, body, time.Now(), 5*time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var ev callbackEnvelopeIn
		if err := json.Unmarshal(body, &ev); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		rc.events = append(rc.events, ev)
		rc.ids = append(rc.ids, r.Header.Get("webhook-id"))
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) setSecret(t *testing.T, secret string) {
	t.Helper()
	key, err := webhookhttp.ParseSecret(secret)
	require.NoError(t, err)
	rc.mu.Lock()
	rc.secret = key
	rc.mu.Unlock()
}

func (rc *receiver) types() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []string
	for _, e := range rc.events {
		out = append(out, e.Type)
	}
	return out
}

func TestClickToCallBridgesRecordsAndEnds(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rc := newReceiver(t)
	st := tb.start(t, rc.URL+"/calls/status")
	rc.setSecret(t, st.CallbackSecret)
	callID := st.Call.ID
	require.Equal(t, agentPhone, st.Call.AgentNumber)
	require.Equal(t, customerPhone, st.Call.CustomerNumber)

	tb.answerAgent(t, callID)
	reqs, sids, _ := tb.bridge.placed()

	// The agent's phone rang first, through the least-loaded node, with a
	// stream token naming the leg and our callback URL.
	legs := tb.legs(t, callID)
	agent, customer := legs[voice.RoleAgent], legs[voice.RoleCustomer]
	require.Equal(t, agentPhone, reqs[0].CallTo)
	require.Equal(t, "+14155550100", reqs[0].From)
	require.Equal(t, customerPhone, reqs[1].CallTo)
	for i, l := range []Leg{agent, customer} {
		u, err := url.Parse(reqs[i].WSURL)
		require.NoError(t, err)
		require.Equal(t, "ws://media-1.test:9000/v1/stream", u.Scheme+"://"+u.Host+u.Path, "both legs on the call's node")
		var claims voice.StreamClaims
		require.NoError(t, tb.signer.Verify(u.Query().Get("token"), &claims))
		require.Equal(t, voice.StreamClaims{TenantID: tb.tenant.String(), CallID: callID.String(), LegID: l.ID.String(), NodeID: "node-1"}, claims)
		require.Equal(t, tb.api.URL+"/hooks/voice/sim?leg="+l.ID.String(), reqs[i].StatusCallback)
		require.Equal(t, "node-1", l.NodeID)

		// The node fetches the leg's descriptor with the stream token.
		d := tb.descriptor(t, l.ID, u.Query().Get("token"), http.StatusOK)
		require.Equal(t, voice.SessionDescriptor{TenantID: tb.tenant.String(), CallID: callID.String(), LegID: l.ID.String(), Role: l.Role,
			BridgeKey: callID.String(), Record: true, RecordingKey: "recordings/" + tb.tenant.String() + "/" + callID.String() + ".wav", Hold: true}, d)
	}
	require.Equal(t, sids[0], agent.CarrierCallID)
	require.Equal(t, voice.StatusInProgress, agent.Status)
	require.Equal(t, voice.StatusInitiated, customer.Status)

	// The customer's phone rings, then answers: the call is in progress.
	require.Equal(t, http.StatusNoContent, tb.callback(t, 1, voice.StatusRinging, ""))
	require.Equal(t, voice.StatusRinging, tb.get(t, callID).Status)
	require.Equal(t, http.StatusNoContent, tb.callback(t, 1, voice.StatusInProgress, ""))
	c := tb.get(t, callID)
	require.Equal(t, voice.StatusInProgress, c.Status)
	require.NotNil(t, c.AnsweredAt)
	tb.media(t, jobargs.CallMediaEvent{CallID: callID, LegID: customer.ID, Event: jobargs.MediaLegAnswered})
	tb.media(t, jobargs.CallMediaEvent{CallID: callID, LegID: customer.ID, Event: jobargs.MediaLegBridged})
	tb.media(t, jobargs.CallMediaEvent{CallID: callID, LegID: customer.ID, Event: jobargs.MediaLegDTMF, Digit: "5"})
	tb.runJobs(t)

	// A carrier repeating itself or arriving late changes nothing.
	require.Equal(t, http.StatusNoContent, tb.callback(t, 0, voice.StatusInProgress, ""))
	require.Equal(t, http.StatusNoContent, tb.callback(t, 1, voice.StatusRinging, ""))
	require.Equal(t, voice.StatusInProgress, tb.get(t, callID).Status)

	time.Sleep(1100 * time.Millisecond) // a call that lasts

	// The node writes the recording when the bridge ends; the customer hangs up.
	wav := []byte("RIFF....WAVEfmt fake recording bytes for range requests")
	require.NoError(t, tb.calls.Recordings.Put(context.Background(), RecordingKey(tb.tenant, callID), strings.NewReader(string(wav))))
	require.Equal(t, http.StatusNoContent, tb.callback(t, 1, voice.StatusCompleted, "callended"))
	c = tb.get(t, callID)
	require.Equal(t, voice.StatusCompleted, c.Status)
	require.Nil(t, c.EndedAt, "the agent's leg is still up")
	tb.media(t, jobargs.CallMediaEvent{CallID: callID, LegID: customer.ID, Event: jobargs.MediaLegEnded, Reason: "stop"})
	tb.media(t, jobargs.CallMediaEvent{CallID: callID, LegID: agent.ID, Event: jobargs.MediaRecordingReady,
		RecordingKey: RecordingKey(tb.tenant, callID), RecordingSeconds: 1.2})
	require.Contains(t, tb.runJobs(t), "call_leg_hangup")
	_, _, hangups := tb.bridge.placed()
	require.Equal(t, []string{sids[0]}, hangups, "the agent's leg is hung up when the customer leaves")

	// The carrier reports the agent's leg ended, twice.
	require.Equal(t, http.StatusNoContent, tb.callback(t, 0, voice.StatusCompleted, "hangup"))
	require.Equal(t, http.StatusNoContent, tb.callback(t, 0, voice.StatusCompleted, "hangup"))
	c = tb.get(t, callID)
	require.Equal(t, voice.StatusCompleted, c.Status)
	require.NotNil(t, c.EndedAt)
	require.NotNil(t, c.DurationSeconds)
	require.GreaterOrEqual(t, *c.DurationSeconds, 1)
	require.GreaterOrEqual(t, *c.BillableSeconds, *c.DurationSeconds*2, "both legs were answered for at least the bridged time")
	require.Equal(t, RecordingKey(tb.tenant, callID), c.RecordingKey)
	require.InDelta(t, 1.2, *c.RecordingSeconds, 0.001)

	require.Equal(t, []string{
		"call_status:initiated", "agent:leg_status:initiated", "agent:leg_status:ringing", "call_status:ringing",
		"agent:leg_status:in-progress", "customer:leg_status:initiated", "customer:leg_status:ringing",
		"customer:leg_status:in-progress", "call_status:in-progress", "customer:bridged", "customer:dtmf",
		"customer:leg_status:completed", "call_status:completed", "customer:stream_ended", "recording_ready",
		"agent:leg_status:completed",
	}, tb.timeline(t, callID))

	// Status callbacks, signed, one per status; the final one carries the duration.
	tb.runJobs(t)
	require.Equal(t, []string{"call.initiated", "call.ringing", "call.in-progress", "call.completed"}, rc.types())
	last := rc.events[3].Data
	require.Equal(t, callID.String(), last["id"])
	require.EqualValues(t, *c.DurationSeconds, last["duration_seconds"])
	require.Equal(t, "in-progress", last["previous_status"])
	callbacks, err := tb.calls.Callbacks(tb.agent, callID)
	require.NoError(t, err)
	for _, cb := range callbacks {
		require.Equal(t, "delivered", cb.Status)
		require.Equal(t, 1, cb.Attempts)
	}

	// The recording, through a short-lived link, with Range for <audio>.
	link, err := tb.calls.RecordingURL(tb.agent, c)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodGet, link, nil)
	require.NoError(t, err)
	req.Header.Set("Range", "bytes=4-7")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	part, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusPartialContent, resp.StatusCode)
	require.Equal(t, "audio/wav", resp.Header.Get("Content-Type"))
	require.Equal(t, string(wav[4:8]), string(part))
	for _, bad := range []string{
		strings.Replace(link, "token=", "token=x", 1),
		tb.api.URL + "/recordings/v1/" + callID.String() + ".wav",
		strings.Replace(link, callID.String()+".wav", uuid.NewString()+".wav", 1),
	} {
		resp, err := http.Get(bad) //nolint:gosec // the test server's URL
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusForbidden, resp.StatusCode, bad)
	}
	// A stream token (held by carriers) is no recording link.
	u, _ := url.Parse(reqs[0].WSURL)
	resp, err = http.Get(tb.api.URL + "/recordings/v1/" + callID.String() + ".wav?token=" + url.QueryEscape(u.Query().Get("token")))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusForbidden, resp.StatusCode)

	// An ended leg gets no descriptor.
	tb.descriptor(t, agent.ID, u.Query().Get("token"), http.StatusGone)
}

func (tb *testBundle) descriptor(t *testing.T, legID uuid.UUID, token string, want int) voice.SessionDescriptor {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, tb.api.URL+"/media/v1/legs/"+legID.String()+"/descriptor", nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, want, resp.StatusCode, string(body))
	var d voice.SessionDescriptor
	if want == http.StatusOK {
		require.NoError(t, tb.signer.Verify(string(body), &d))
	}
	return d
}

func TestCustomerNotReachedIsAnnouncedToTheAgent(t *testing.T) {
	t.Parallel()
	for _, status := range []voice.Status{voice.StatusBusy, voice.StatusNoAnswer, voice.StatusFailed} {
		t.Run(string(status), func(t *testing.T) {
			t.Parallel()
			tb := setup(t)
			rc := newReceiver(t)
			st := tb.start(t, rc.URL)
			rc.setSecret(t, st.CallbackSecret)
			callID := st.Call.ID
			tb.answerAgent(t, callID)
			agent := tb.legs(t, callID)[voice.RoleAgent]

			require.Equal(t, http.StatusNoContent, tb.callback(t, 1, voice.StatusRinging, ""))
			require.Equal(t, http.StatusNoContent, tb.callback(t, 1, status, "carrier says so"))
			require.Equal(t, status, tb.get(t, callID).Status)
			require.Contains(t, tb.runJobs(t), "call_leg_announce")
			cmds := tb.node.commands()
			require.Len(t, cmds, 1)
			require.Equal(t, voice.ControlCommand{LegID: agent.ID.String(), Say: announcements[status], Hangup: true}, cmds[0])

			// The node says it, then hangs the agent up.
			tb.media(t, jobargs.CallMediaEvent{CallID: callID, LegID: agent.ID, Event: jobargs.MediaLegEnded, Reason: "hangup"})
			tb.runJobs(t)
			require.Equal(t, http.StatusNoContent, tb.callback(t, 0, voice.StatusCompleted, ""))
			c := tb.get(t, callID)
			require.Equal(t, status, c.Status, "the call keeps the customer's status")
			require.NotNil(t, c.EndedAt)
			require.Nil(t, c.DurationSeconds, "never bridged")
			require.Equal(t, "carrier says so", c.EndReason)
			tb.runJobs(t)
			require.Equal(t, []string{"call.initiated", "call.ringing", "call." + string(status)}, rc.types())
		})
	}
}

func TestAnnounceFallsBackToCarrierHangupWhenTheNodeIsDown(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	st := tb.start(t, "")
	tb.answerAgent(t, st.Call.ID)
	tb.node.mu.Lock()
	tb.node.fail = true
	tb.node.mu.Unlock()
	require.Equal(t, http.StatusNoContent, tb.callback(t, 1, voice.StatusBusy, ""))
	for range controlMaxAttempts {
		tb.runJobs(t)
		_, err := tb.db.Pool().Exec(context.Background(), `UPDATE river_job SET state = 'available' WHERE state = 'retryable'`)
		require.NoError(t, err)
	}
	_, sids, hangups := tb.bridge.placed()
	require.Equal(t, []string{sids[0]}, hangups)
}

func TestAgentNotReachedEndsTheCall(t *testing.T) {
	t.Parallel()
	for _, status := range []voice.Status{voice.StatusBusy, voice.StatusNoAnswer, voice.StatusFailed} {
		t.Run(string(status), func(t *testing.T) {
			t.Parallel()
			tb := setup(t)
			st := tb.start(t, "")
			require.Equal(t, []string{"call_leg_dial"}, tb.runJobs(t))
			require.Equal(t, http.StatusNoContent, tb.callback(t, 0, status, ""))
			c := tb.get(t, st.Call.ID)
			require.Equal(t, status, c.Status)
			require.NotNil(t, c.EndedAt)
			require.Empty(t, tb.runJobs(t))
			reqs, _, _ := tb.bridge.placed()
			require.Len(t, reqs, 1, "the customer is never dialed")
		})
	}
}

func TestHangUpWhileTheCustomerRings(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	st := tb.start(t, "")
	tb.answerAgent(t, st.Call.ID)
	require.Equal(t, http.StatusNoContent, tb.callback(t, 1, voice.StatusRinging, ""))
	c, err := tb.calls.HangUp(tb.agent, st.Call.ID)
	require.NoError(t, err)
	require.NotNil(t, c.HangupRequested)
	tb.runJobs(t)
	_, sids, hangups := tb.bridge.placed()
	require.ElementsMatch(t, sids, hangups)
	// The bridge ends a ringing call canceled and a live one completed.
	require.Equal(t, http.StatusNoContent, tb.callback(t, 1, voice.StatusCanceled, ""))
	require.Equal(t, http.StatusNoContent, tb.callback(t, 0, voice.StatusCompleted, ""))
	c = tb.get(t, st.Call.ID)
	require.Equal(t, voice.StatusCanceled, c.Status)
	require.NotNil(t, c.EndedAt)
	// Hanging up again changes nothing.
	again, err := tb.calls.HangUp(tb.agent, st.Call.ID)
	require.NoError(t, err)
	require.Equal(t, c.EndedAt, again.EndedAt)
}

func TestHangUpBeforeDialingCancels(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	st := tb.start(t, "")
	c, err := tb.calls.HangUp(tb.agent, st.Call.ID)
	require.NoError(t, err)
	require.Equal(t, voice.StatusCanceled, c.Status)
	require.NotNil(t, c.EndedAt)
	tb.runJobs(t)
	reqs, _, _ := tb.bridge.placed()
	require.Empty(t, reqs, "a canceled leg is never dialed")
}

func TestStreamDropThenResumeKeepsTheCall(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	st := tb.start(t, "")
	callID := st.Call.ID
	tb.answerAgent(t, callID)
	customer := tb.legs(t, callID)[voice.RoleCustomer]
	require.Equal(t, http.StatusNoContent, tb.callback(t, 1, voice.StatusInProgress, ""))
	tb.media(t, jobargs.CallMediaEvent{CallID: callID, LegID: customer.ID, Event: jobargs.MediaLegAnswered})
	tb.media(t, jobargs.CallMediaEvent{CallID: callID, LegID: customer.ID, Event: jobargs.MediaLegStreamDropped, Reason: "websocket closed"})
	tb.runJobs(t)
	require.Equal(t, voice.StatusInProgress, tb.get(t, callID).Status, "a dropped stream is not the end of the call")
	// The carrier reconnected with the same stream: its token still fetches the descriptor.
	reqs, _, _ := tb.bridge.placed()
	u, _ := url.Parse(reqs[1].WSURL)
	tb.descriptor(t, customer.ID, u.Query().Get("token"), http.StatusOK)
	// A stream that never came back ends the leg with the node's reason.
	tb.media(t, jobargs.CallMediaEvent{CallID: callID, LegID: customer.ID, Event: jobargs.MediaLegEnded, Reason: "stream_lost"})
	tb.runJobs(t)
	c := tb.get(t, callID)
	require.Equal(t, voice.StatusCompleted, c.Status)
	require.Equal(t, "stream_lost", c.EndReason)
	require.Contains(t, tb.timeline(t, callID), "customer:stream_dropped")
}

func TestNoLiveMediaNodeFailsTheCall(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	_, err := tb.db.Pool().Exec(context.Background(), `UPDATE media_nodes SET last_seen_at = now() - interval '1 minute'`)
	require.NoError(t, err)
	st := tb.start(t, "")
	// Past the wait for a starting node (TestDialWaitsBrieflyForAMediaNode).
	tb.calls.now = func() time.Time { return time.Now().Add(noNodeWait + time.Second) }
	tb.runJobs(t)
	c := tb.get(t, st.Call.ID)
	require.Equal(t, voice.StatusFailed, c.Status)
	require.NotNil(t, c.EndedAt)
	require.Contains(t, c.EndReason, "media node")
	require.Contains(t, tb.timeline(t, st.Call.ID), "agent:no_media_node")
}

func TestLeastLoadedLiveNodeIsPicked(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	tb.heartbeat(t, voice.NodeHeartbeat{NodeID: "node-1", StreamURL: "ws://media-1.test:9000", ControlURL: tb.node.URL, Capacity: 100, Active: 50})
	tb.heartbeat(t, voice.NodeHeartbeat{NodeID: "node-2", StreamURL: "ws://media-2.test:9000", ControlURL: tb.node.URL, Capacity: 100, Active: 10})
	tb.heartbeat(t, voice.NodeHeartbeat{NodeID: "node-3", StreamURL: "ws://media-3.test:9000", ControlURL: tb.node.URL, Capacity: 100, Draining: true})
	tb.heartbeat(t, voice.NodeHeartbeat{NodeID: "node-4", StreamURL: "ws://media-4.test:9000", ControlURL: tb.node.URL, Capacity: 4, Active: 4})
	st := tb.start(t, "")
	tb.runJobs(t)
	require.Equal(t, "node-2", tb.get(t, st.Call.ID).NodeID)
}

func TestCarrierRefusalFailsTheLeg(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	tb.bridge.mu.Lock()
	tb.bridge.refuse = http.StatusUnprocessableEntity
	tb.bridge.mu.Unlock()
	st := tb.start(t, "")
	tb.runJobs(t)
	c := tb.get(t, st.Call.ID)
	require.Equal(t, voice.StatusFailed, c.Status)
	require.Contains(t, c.EndReason, "carrier")
}

func TestStatusCallbackRetriesWithBackoff(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rc := newReceiver(t)
	rc.fail = []int{http.StatusServiceUnavailable, http.StatusTooManyRequests, http.StatusBadGateway}
	st := tb.start(t, rc.URL)
	rc.setSecret(t, st.CallbackSecret)
	var attempts int
	for attempts = 1; attempts <= CallbackMaxAttempts; attempts++ {
		tb.runJobs(t)
		cbs, err := tb.calls.Callbacks(tb.agent, st.Call.ID)
		require.NoError(t, err)
		require.Len(t, cbs, 1)
		if cbs[0].Status == "delivered" {
			break
		}
		require.Equal(t, "pending", cbs[0].Status)
		require.Equal(t, attempts, cbs[0].Attempts)
		_, err = tb.db.Pool().Exec(context.Background(), `UPDATE river_job SET state = 'available' WHERE state = 'retryable'`)
		require.NoError(t, err)
	}
	require.Equal(t, 4, attempts, "three failures, then delivered")
	require.Equal(t, []string{"call.initiated"}, rc.types())

	// The waits double.
	w := &CallbackWorker{Calls: tb.calls}
	now := time.Now()
	tb.calls.now = func() time.Time { return now }
	var waits []time.Duration
	for a := 1; a < CallbackMaxAttempts; a++ {
		job := jobFor(a)
		waits = append(waits, w.NextRetry(job).Sub(now))
	}
	require.Equal(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}, waits)
}

func TestStatusCallbackGivesUp(t *testing.T) {
	t.Parallel()
	for name, fail := range map[string][]int{
		"after five attempts": {500, 500, 500, 500, 500, 500},
		"at once on a 4xx":    {http.StatusBadRequest},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tb := setup(t)
			rc := newReceiver(t)
			rc.fail = fail
			st := tb.start(t, rc.URL)
			for range CallbackMaxAttempts {
				tb.runJobs(t)
				_, err := tb.db.Pool().Exec(context.Background(), `UPDATE river_job SET state = 'available' WHERE state = 'retryable'`)
				require.NoError(t, err)
			}
			cbs, err := tb.calls.Callbacks(tb.agent, st.Call.ID)
			require.NoError(t, err)
			require.Equal(t, "failed", cbs[0].Status)
			require.Equal(t, min(len(fail), CallbackMaxAttempts), cbs[0].Attempts)
			require.Empty(t, rc.types())
		})
	}
}

func TestStartRefusals(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	_, err := tb.calls.Start(tb.agent, StartParams{})
	require.ErrorAs(t, err, new(*InputError))
	other := uuid.New()
	_, err = tb.calls.Start(tb.agent, StartParams{ContactID: &other})
	require.ErrorIs(t, err, ErrNotFound)
	_, err = tb.calls.Start(tb.agent, StartParams{ContactID: &tb.contact, CallbackURL: "http://169.254.169.254/latest"})
	require.ErrorAs(t, err, new(*InputError))
	_, err = tb.calls.Start(tenants.ForJob(context.Background(), tb.tenant), StartParams{ContactID: &tb.contact})
	require.ErrorAs(t, err, new(*InputError), "an API key or job has no phone to ring")

	// Another tenant's contact is not found; its agent without a phone is refused.
	_, ctxB, contactB := newTenant(t, tb.db, "", "+14155550199")
	_, err = tb.calls.Start(ctxB, StartParams{ContactID: &tb.contact})
	require.Error(t, err)
	_, err = tb.calls.Start(ctxB, StartParams{ContactID: &contactB})
	require.ErrorAs(t, err, new(*InputError))
	require.NoError(t, tb.calls.SetAgentPhone(ctxB, "+14155550177"))
	_, err = tb.calls.Start(ctxB, StartParams{ContactID: &contactB})
	require.NoError(t, err)
	require.ErrorAs(t, tb.calls.SetAgentPhone(ctxB, "555-0177"), new(*InputError))
}

func TestCallsAreIsolatedBetweenTenants(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	st := tb.start(t, "")
	_, ctxB, _ := newTenant(t, tb.db, "+14155550133", "+14155550144")
	_, err := tb.calls.Get(ctxB, st.Call.ID)
	require.ErrorIs(t, err, ErrNotFound)
	list, err := tb.calls.List(ctxB, Filter{}, 10, nil)
	require.NoError(t, err)
	require.Empty(t, list)
	_, err = tb.calls.HangUp(ctxB, st.Call.ID)
	require.ErrorIs(t, err, ErrNotFound)
	evs, err := tb.calls.Timeline(ctxB, st.Call.ID)
	require.NoError(t, err)
	require.Empty(t, evs)

	list, err = tb.calls.List(tb.agent, Filter{Status: voice.StatusInitiated, ContactID: &tb.contact}, 10, nil)
	require.NoError(t, err)
	require.Len(t, list, 1)
	list, err = tb.calls.List(tb.agent, Filter{Status: voice.StatusCompleted}, 10, nil)
	require.NoError(t, err)
	require.Empty(t, list)
}

func TestHooksRefuseBadInput(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	st := tb.start(t, "")
	tb.runJobs(t)
	reqs, sids, _ := tb.bridge.placed()
	good := ivrCallback(voice.StatusRinging, sids[0])

	require.Equal(t, http.StatusForbidden, tb.postCallback(t, reqs[0].StatusCallback, good, []byte("wrong-secret-wrong-secret-wrong!")))
	require.Equal(t, voice.StatusInitiated, tb.get(t, st.Call.ID).Status, "nothing stored on a bad signature")
	unknown := ivrCallback(voice.StatusRinging, "call_unknown")
	require.Equal(t, http.StatusNotFound, tb.postCallback(t, tb.api.URL+"/hooks/voice/sim", unknown, tb.bridge.secret))
	require.Equal(t, http.StatusNotFound, tb.postCallback(t, tb.api.URL+"/hooks/voice/sim?leg="+uuid.NewString(), unknown, tb.bridge.secret))
	// A leg already named by the carrier cannot be claimed by another call id.
	require.Equal(t, http.StatusNotFound, tb.postCallback(t, reqs[0].StatusCallback, unknown, tb.bridge.secret))
	require.Equal(t, http.StatusNotFound, tb.postCallback(t, tb.api.URL+"/hooks/voice/twilio", good, tb.bridge.secret))

	resp, err := http.Post(tb.api.URL+"/hooks/voice/sim", "application/json", strings.NewReader(strings.Repeat("x", MaxHookBody+1)))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	resp, err = http.Post(tb.api.URL+"/hooks/voice/sim", "application/json", strings.NewReader(`{"event":`))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusForbidden, resp.StatusCode, "unsigned")

	require.Equal(t, http.StatusNoContent, tb.postCallback(t, reqs[0].StatusCallback, good, tb.bridge.secret))
	require.Equal(t, voice.StatusRinging, tb.get(t, st.Call.ID).Status)
}

func TestDescriptorAndHeartbeatRefusals(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	st := tb.start(t, "")
	tb.runJobs(t)
	agent := tb.legs(t, st.Call.ID)[voice.RoleAgent]
	tb.descriptor(t, agent.ID, "", http.StatusUnauthorized)
	tb.descriptor(t, agent.ID, "not-a-token", http.StatusUnauthorized)
	other, err := tb.signer.Sign(voice.StreamClaims{TenantID: tb.tenant.String(), CallID: st.Call.ID.String(), LegID: uuid.NewString()}, time.Minute)
	require.NoError(t, err)
	tb.descriptor(t, agent.ID, other, http.StatusForbidden)
	forged, err := tb.signer.Sign(voice.StreamClaims{TenantID: uuid.NewString(), CallID: st.Call.ID.String(), LegID: agent.ID.String()}, time.Minute)
	require.NoError(t, err)
	tb.descriptor(t, agent.ID, forged, http.StatusNotFound)
	wrongKey, err := voice.NewSigner([]byte(strings.Repeat("z", 32)))
	require.NoError(t, err)
	bad, err := wrongKey.Sign(voice.StreamClaims{TenantID: tb.tenant.String(), CallID: st.Call.ID.String(), LegID: agent.ID.String()}, time.Minute)
	require.NoError(t, err)
	tb.descriptor(t, agent.ID, bad, http.StatusUnauthorized)

	for body, want := range map[string]int{
		"garbage":                               http.StatusForbidden,
		bad:                                     http.StatusForbidden,
		other:                                   http.StatusForbidden, // signed, but a stream token is never accepted as a heartbeat
		strings.Repeat("x", maxHeartbeatBody+1): http.StatusRequestEntityTooLarge,
	} {
		resp, err := http.Post(tb.api.URL+"/media/v1/nodes/heartbeat", "text/plain", strings.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, want, resp.StatusCode)
	}
}

func ivrCallback(status voice.Status, sid string) ivrbridge.Callback {
	return ivrbridge.Callback{Event: "call." + string(status), CallSID: sid, Timestamp: time.Now().UTC().Format(time.RFC3339Nano), EventID: uuid.NewString()}
}

func jobFor(attempt int) *river.Job[jobargs.CallCallbackDeliver] {
	return &river.Job[jobargs.CallCallbackDeliver]{JobRow: &rivertype.JobRow{Attempt: attempt}}
}

func TestCallEventsReachTheCRMWebhooks(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	require.NoError(t, tb.db.InTenantTx(tb.agent, func(tx pgx.Tx) error {
		_, err := tx.Exec(tb.agent, `INSERT INTO webhook_endpoints (id, tenant_id, url, secret, event_types)
			VALUES ($1, $2, 'https://crm.example/hooks', 'whsec_x', ARRAY['call.initiated', 'call.busy'])`, uuid.New(), tb.tenant)
		return err
	}))
	st := tb.start(t, "")
	tb.answerAgent(t, st.Call.ID)
	require.Equal(t, http.StatusNoContent, tb.callback(t, 1, voice.StatusBusy, ""))
	require.Equal(t, http.StatusNoContent, tb.callback(t, 0, voice.StatusCompleted, ""))
	var types []string
	require.NoError(t, tb.db.InTenantTx(tb.agent, func(tx pgx.Tx) error {
		rows, err := tx.Query(tb.agent, `SELECT event_type FROM webhook_deliveries ORDER BY created_at`)
		if err != nil {
			return err
		}
		types, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	}))
	require.Equal(t, []string{"call.initiated", "call.busy"}, types, "one delivery per subscribed status, ringing filtered out")
	var jobs int
	require.NoError(t, tb.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = 'webhook_deliver'`).Scan(&jobs))
	require.Equal(t, 2, jobs)
}

func TestSilentCarrierCannotLeaveTheCallOpen(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	st := tb.start(t, "")
	tb.runJobs(t)
	require.Equal(t, http.StatusNoContent, tb.callback(t, 0, voice.StatusRinging, ""))
	// The carrier goes quiet; the leg's timeout comes due.
	due := func() {
		_, err := tb.db.Pool().Exec(context.Background(), `UPDATE river_job SET state = 'available', scheduled_at = now()
			WHERE kind = 'call_leg_timeout' AND state = 'scheduled'`)
		require.NoError(t, err)
	}
	due()
	require.Contains(t, tb.runJobs(t), "call_leg_timeout")
	c := tb.get(t, st.Call.ID)
	require.Equal(t, voice.StatusNoAnswer, c.Status)
	require.NotNil(t, c.EndedAt)
	_, sids, hangups := tb.bridge.placed()
	require.Equal(t, sids, hangups, "the silent leg is hung up too")
	// A late answer from the carrier changes nothing.
	require.Equal(t, http.StatusNoContent, tb.callback(t, 0, voice.StatusInProgress, ""))
	require.Equal(t, voice.StatusNoAnswer, tb.get(t, st.Call.ID).Status)

}

func TestLegTimeoutLeavesAnAnsweredLegAlone(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	st := tb.start(t, "")
	tb.answerAgent(t, st.Call.ID)
	_, err := tb.db.Pool().Exec(context.Background(), `UPDATE river_job SET state = 'available', scheduled_at = now()
		WHERE kind = 'call_leg_timeout' AND state = 'scheduled'`)
	require.NoError(t, err)
	ran := tb.runJobs(t)
	require.Contains(t, ran, "call_leg_timeout")
	require.Contains(t, ran, "call_leg_announce", "the agent hears that nobody answered")
	legs := tb.legs(t, st.Call.ID)
	require.Equal(t, voice.StatusInProgress, legs[voice.RoleAgent].Status)
	require.Equal(t, voice.StatusNoAnswer, legs[voice.RoleCustomer].Status, "the customer's leg, silent, times out")
	c := tb.get(t, st.Call.ID)
	require.Equal(t, voice.StatusNoAnswer, c.Status)
	require.Equal(t, announcements[voice.StatusNoAnswer], tb.node.commands()[0].Say)
}

// A call placed while no media node is live (one starting up, say) waits for
// a node's first heartbeat instead of failing (past noNodeWait it fails:
// TestNoLiveMediaNodeFailsTheCall).
func TestDialWaitsBrieflyForAMediaNode(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	tb.heartbeat(t, voice.NodeHeartbeat{NodeID: "node-1", StreamURL: "ws://media-1.test:9000", ControlURL: tb.node.URL, Capacity: 100, Draining: true})
	st := tb.start(t, "")
	tb.runJobs(t)
	c := tb.get(t, st.Call.ID)
	require.False(t, c.Status.Final(), "still waiting: %s", c.Status)
	require.Empty(t, c.NodeID)

	tb.heartbeat(t, voice.NodeHeartbeat{NodeID: "node-1", StreamURL: "ws://media-1.test:9000", ControlURL: tb.node.URL, Capacity: 100})
	_, err := tb.db.Pool().Exec(context.Background(), `UPDATE river_job SET state = 'available' WHERE state = 'retryable'`)
	require.NoError(t, err)
	tb.runJobs(t)
	require.Equal(t, "node-1", tb.get(t, st.Call.ID).NodeID)
}
