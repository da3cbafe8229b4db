package call

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/integrations/blob"
	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/ivrbridge"
	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var testSecret = []byte(strings.Repeat("m", 32))

// bridge is a fake ivrbridge carrier API: it accepts POST /calls and
// /calls/{sid}/hangup in the real wire format and records them. Tests play
// the carrier's status callbacks with [testBundle.callback].
type bridge struct {
	*httptest.Server
	secret  []byte
	mu      sync.Mutex
	calls   []ivrbridge.CallRequest
	sids    []string
	hangups []string
	refuse  int // answer POST /calls with this status when non-zero
}

func newBridge(t *testing.T) *bridge {
	t.Helper()
	b := &bridge{secret: []byte("carrier-secret-carrier-secret-00")}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /calls", func(w http.ResponseWriter, r *http.Request) {
		var req ivrbridge.CallRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, "bad json", http.StatusBadRequest)
			return
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.refuse != 0 {
			w.WriteHeader(b.refuse)
			_ = json.NewEncoder(w).Encode(ivrbridge.ErrorResponse{Error: "refused"})
			return
		}
		sid := fmt.Sprintf("call_%d_%s", len(b.calls)+1, uuid.NewString()[:6])
		b.calls = append(b.calls, req)
		b.sids = append(b.sids, sid)
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(ivrbridge.CallResponse{CallSID: sid, Status: "initiated"})
	})
	mux.HandleFunc("POST /calls/{sid}/hangup", func(w http.ResponseWriter, r *http.Request) {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.hangups = append(b.hangups, r.PathValue("sid"))
		w.WriteHeader(http.StatusOK)
	})
	b.Server = httptest.NewServer(mux)
	t.Cleanup(b.Close)
	return b
}

func (b *bridge) placed() ([]ivrbridge.CallRequest, []string, []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]ivrbridge.CallRequest(nil), b.calls...), append([]string(nil), b.sids...), append([]string(nil), b.hangups...)
}

// nodeControl is a media node's control endpoint: it verifies and records
// the commands the API sends.
type nodeControl struct {
	*httptest.Server
	mu   sync.Mutex
	cmds []voice.ControlCommand
	fail bool
}

func newNodeControl(t *testing.T, signer *voice.Signer) *nodeControl {
	t.Helper()
	n := &nodeControl{}
	n.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/control" {
			http.NotFound(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var cmd voice.ControlCommand
		if err := signer.Verify(string(body), &cmd); err != nil {
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		n.mu.Lock()
		defer n.mu.Unlock()
		if n.fail {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		n.cmds = append(n.cmds, cmd)
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(n.Close)
	return n
}

func (n *nodeControl) commands() []voice.ControlCommand {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]voice.ControlCommand(nil), n.cmds...)
}

type testBundle struct {
	db      *dbtest.TestDB
	calls   *Service
	api     *httptest.Server
	bridge  *bridge
	node    *nodeControl
	signer  *voice.Signer
	tenant  uuid.UUID
	agent   context.Context // the agent, a member of tenant
	contact uuid.UUID
}

const (
	agentPhone    = "+14155550111"
	customerPhone = "+14155550122"
)

func setup(t *testing.T) *testBundle {
	t.Helper()
	d := dbtest.New(t)
	rc, err := river.NewClient(riverpgxv5.New(d.Pool()), &river.Config{}) // insert-only: tests run the workers by hand
	require.NoError(t, err)
	signer, err := voice.NewSigner(testSecret)
	require.NoError(t, err)
	tb := &testBundle{db: d, bridge: newBridge(t), signer: signer}
	tb.node = newNodeControl(t, signer)
	tb.calls = &Service{DB: d.DB, Jobs: rc, Signer: signer, CallerID: "+14155550100",
		Carrier:    &ivrbridge.Client{BaseURL: tb.bridge.URL, Secret: tb.bridge.secret, CarrierName: "sim"},
		Recordings: blob.Dir{Root: t.TempDir()}, Guard: webhookhttp.Guard{AllowLoopback: true}, CallbackRetryBase: time.Second}
	tb.api = httptest.NewServer(tb.calls.Handler())
	t.Cleanup(tb.api.Close)
	tb.calls.PublicURL = tb.api.URL
	tb.tenant, tb.agent, tb.contact = newTenant(t, d, agentPhone, customerPhone)
	tb.heartbeat(t, voice.NodeHeartbeat{NodeID: "node-1", StreamURL: "ws://media-1.test:9000", ControlURL: tb.node.URL, Capacity: 100})
	return tb
}

// newTenant creates a tenant with an agent whose phone is agentPhone and a
// contact whose phone is customer.
func newTenant(t *testing.T, d *dbtest.TestDB, agent, customer string) (uuid.UUID, context.Context, uuid.UUID) {
	t.Helper()
	tenantID, userID, contactID := uuid.New(), uuid.New(), uuid.New()
	ctx := tenants.ForNewTenant(context.Background(), tenantID, userID)
	require.NoError(t, d.InTenantTx(ctx, func(tx pgx.Tx) error {
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO tenants (id, name) VALUES ($1, 't')`, []any{tenantID}},
			{`INSERT INTO users (id, email, name, password_hash, phone) VALUES ($1, $2, 'Agent', 'x', NULLIF($3, ''))`, []any{userID, userID.String() + "@example.com", agent}},
			{`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'AGENT')`, []any{tenantID, userID}},
			{`INSERT INTO contacts (id, tenant_id, name, phone) VALUES ($1, $2, 'Customer', $3)`, []any{contactID, tenantID, customer}},
		} {
			if _, err := tx.Exec(ctx, q.sql, q.args...); err != nil {
				return err
			}
		}
		return nil
	}))
	return tenantID, tenants.ForMember(context.Background(), tenantID, userID, tenants.RoleAgent), contactID
}

func (tb *testBundle) heartbeat(t *testing.T, hb voice.NodeHeartbeat) {
	t.Helper()
	tok, err := tb.signer.Sign(hb, 30*time.Second)
	require.NoError(t, err)
	resp, err := http.Post(tb.api.URL+"/media/v1/nodes/heartbeat", "text/plain", strings.NewReader(tok))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
}

// callback posts one signed ivrbridge status callback for the leg placed as
// the carrier's call number n (0-based) and returns the HTTP status.
func (tb *testBundle) callback(t *testing.T, n int, status voice.Status, reason string) int {
	t.Helper()
	reqs, sids, _ := tb.bridge.placed()
	require.Greater(t, len(sids), n, "leg %d was not dialed", n)
	return tb.postCallback(t, reqs[n].StatusCallback, ivrbridge.Callback{Event: ivrbridge.EventName(status), CallSID: sids[n],
		Timestamp: time.Now().UTC().Format(time.RFC3339Nano), Reason: reason, EventID: uuid.NewString()}, tb.bridge.secret)
}

func (tb *testBundle) postCallback(t *testing.T, url string, cb ivrbridge.Callback, secret []byte) int {
	t.Helper()
	body, err := json.Marshal(cb)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	ivrbridge.SetSignature(req.Header, secret, time.Now(), body)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// runJobs works every available job of the calls queue, in order, until none
// is left, as River would (one attempt each; a failed job is left failed).
// It returns the kinds it ran.
func (tb *testBundle) runJobs(t *testing.T) []string {
	t.Helper()
	var ran []string
	for range 50 {
		var id int64
		var kind string
		var args []byte
		var attempt int
		err := tb.db.Pool().QueryRow(context.Background(), `UPDATE river_job SET state = 'running', attempt = attempt + 1
			WHERE id = (SELECT id FROM river_job WHERE state = 'available' AND queue = $1 ORDER BY id LIMIT 1)
			RETURNING id, kind, args, attempt`, jobargs.QueueCalls).Scan(&id, &kind, &args, &attempt)
		if errors.Is(err, pgx.ErrNoRows) {
			return ran
		}
		require.NoError(t, err)
		ran = append(ran, kind)
		err = tb.work(t, id, kind, args, attempt)
		state := "completed"
		if err != nil {
			state = "retryable"
			if _, ok := err.(*river.JobCancelError); ok { //nolint:errorlint // River's own type
				state = "cancelled"
			}
		}
		_, uerr := tb.db.Pool().Exec(context.Background(), `UPDATE river_job SET state = $2::river_job_state, finalized_at = CASE WHEN $2::text IN ('completed', 'cancelled') THEN now() END WHERE id = $1`, id, state)
		require.NoError(t, uerr)
	}
	t.Fatal("jobs keep coming")
	return nil
}

func (tb *testBundle) work(t *testing.T, id int64, kind string, args []byte, attempt int) error {
	t.Helper()
	ctx := tenants.ForJob(context.Background(), tb.tenant)
	row := &rivertype.JobRow{ID: id, Attempt: attempt, MaxAttempts: 5, Kind: kind}
	switch kind {
	case jobargs.CallLegDial{}.Kind():
		return runWorker(t, ctx, &DialWorker{Calls: tb.calls}, row, args)
	case jobargs.CallLegHangup{}.Kind():
		return runWorker(t, ctx, &HangupWorker{Calls: tb.calls}, row, args)
	case jobargs.CallLegAnnounce{}.Kind():
		return runWorker(t, ctx, &AnnounceWorker{Calls: tb.calls}, row, args)
	case jobargs.CallMediaEvent{}.Kind():
		return runWorker(t, ctx, &MediaEventWorker{Calls: tb.calls}, row, args)
	case jobargs.CallLegTimeout{}.Kind():
		return runWorker(t, ctx, &TimeoutWorker{Calls: tb.calls}, row, args)
	case jobargs.CallCallbackDeliver{}.Kind():
		return runWorker(t, ctx, &CallbackWorker{Calls: tb.calls}, row, args)
	}
	t.Fatalf("unexpected job kind %q", kind)
	return nil
}

func runWorker[T river.JobArgs](t *testing.T, ctx context.Context, w river.Worker[T], row *rivertype.JobRow, raw []byte) error {
	t.Helper()
	var args T
	require.NoError(t, json.Unmarshal(raw, &args))
	return w.Work(ctx, &river.Job[T]{JobRow: row, Args: args})
}

// media enqueues a report from the media node, as the node does.
func (tb *testBundle) media(t *testing.T, ev jobargs.CallMediaEvent) {
	t.Helper()
	ev.TenantID = tb.tenant
	if ev.At == "" {
		ev.At = time.Now().UTC().Format(time.RFC3339Nano)
	}
	tx, err := tb.db.Pool().Begin(context.Background())
	require.NoError(t, err)
	_, err = tb.calls.Jobs.InsertTx(context.Background(), tx, ev, &river.InsertOpts{Queue: jobargs.QueueCalls})
	require.NoError(t, err)
	require.NoError(t, tx.Commit(context.Background()))
}

func (tb *testBundle) start(t *testing.T, callbackURL string) Started {
	t.Helper()
	st, err := tb.calls.Start(tb.agent, StartParams{ContactID: &tb.contact, CallbackURL: callbackURL})
	require.NoError(t, err)
	require.Equal(t, voice.StatusInitiated, st.Call.Status)
	return st
}

func (tb *testBundle) legs(t *testing.T, callID uuid.UUID) map[string]Leg {
	t.Helper()
	legs, err := tb.calls.Legs(tb.agent, callID)
	require.NoError(t, err)
	out := map[string]Leg{}
	for _, l := range legs {
		out[l.Role] = l
	}
	return out
}

func (tb *testBundle) get(t *testing.T, id uuid.UUID) Call {
	t.Helper()
	c, err := tb.calls.Get(tb.agent, id)
	require.NoError(t, err)
	return c
}

func (tb *testBundle) timeline(t *testing.T, id uuid.UUID) []string {
	t.Helper()
	evs, err := tb.calls.Timeline(tb.agent, id)
	require.NoError(t, err)
	var out []string
	for _, e := range evs {
		s := e.Kind
		if e.Role != "" {
			s = e.Role + ":" + s
		}
		if e.Status != "" {
			s += ":" + e.Status
		}
		out = append(out, s)
	}
	return out
}

// answerAgent dials the agent's leg and plays the carrier and node until the
// agent has answered and the customer's leg is dialed.
func (tb *testBundle) answerAgent(t *testing.T, callID uuid.UUID) {
	t.Helper()
	require.Contains(t, tb.runJobs(t), "call_leg_dial")
	require.Equal(t, http.StatusNoContent, tb.callback(t, 0, voice.StatusRinging, ""))
	require.Equal(t, voice.StatusRinging, tb.get(t, callID).Status)
	require.Equal(t, http.StatusNoContent, tb.callback(t, 0, voice.StatusInProgress, ""))
	legs := tb.legs(t, callID)
	tb.media(t, jobargs.CallMediaEvent{CallID: callID, LegID: legs[voice.RoleAgent].ID, Event: jobargs.MediaLegAnswered, NodeID: "node-1"})
	ran := tb.runJobs(t)
	require.Contains(t, ran, "call_leg_dial")
	require.Contains(t, ran, "call_media_event")
	reqs, _, _ := tb.bridge.placed()
	require.Len(t, reqs, 2, "the customer is dialed once the agent answered")
}
