package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
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

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/internal/webhook"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// loopback lets tests deliver to httptest servers on 127.0.0.1, and nothing
// else: no test connects anywhere but there.
var loopback = webhookhttp.Guard{AllowLoopback: true}

type testBundle struct {
	db     *dbtest.TestDB
	svc    *webhook.Service
	jobs   *river.Client[pgx.Tx] // insert-only: tests run the worker by hand
	tenant uuid.UUID
	admin  context.Context // an ADMIN of tenant
}

func setup(t *testing.T) *testBundle {
	t.Helper()
	d := dbtest.New(t)
	rc, err := river.NewClient(riverpgxv5.New(d.Pool()), &river.Config{Logger: quietLogger()})
	require.NoError(t, err)
	tb := &testBundle{db: d, jobs: rc}
	tb.svc = tb.service(t, loopback)
	tb.tenant, tb.admin = newTenant(t, d)
	return tb
}

// service returns a Service over the bundle's database with guard.
func (tb *testBundle) service(t *testing.T, guard webhookhttp.Guard) *webhook.Service {
	t.Helper()
	client := guard.Client(10 * time.Second)
	t.Cleanup(client.CloseIdleConnections)
	return &webhook.Service{DB: tb.db.DB, Jobs: tb.jobs, Guard: guard, HTTP: client, Logger: quietLogger()}
}

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func newTenant(t *testing.T, d *dbtest.TestDB) (uuid.UUID, context.Context) {
	t.Helper()
	tenantID := uuid.New()
	ctx := tenants.ForMember(context.Background(), tenantID, uuid.Nil, tenants.RoleAdmin)
	require.NoError(t, d.InTenantTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO tenants (id, name) VALUES ($1, 't')`, tenantID)
		return err
	}))
	return tenantID, ctx
}

// endpoint registers rcv for eventTypes and teaches rcv the secret.
func (tb *testBundle) endpoint(t *testing.T, ctx context.Context, rcv *receiver, eventTypes ...string) webhook.Endpoint {
	t.Helper()
	e, secret, err := tb.svc.CreateEndpoint(ctx, webhook.CreateEndpointParams{URL: rcv.url(), Description: "CRM", EventTypes: eventTypes})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(secret, webhookhttp.SecretPrefix))
	rcv.trust(t, secret)
	return e
}

// emit commits one event in ctx's tenant, the way a domain package does.
func (tb *testBundle) emit(t *testing.T, ctx context.Context, eventType string, data any) {
	t.Helper()
	require.NoError(t, tb.db.InTenantTx(ctx, func(tx pgx.Tx) error {
		return webhook.Emit(ctx, tx, tb.jobs, eventType, data)
	}))
}

func (tb *testBundle) deliveries(t *testing.T, endpointID uuid.UUID) []webhook.Delivery {
	t.Helper()
	list, err := tb.svc.Deliveries(tb.admin, endpointID, 100, nil)
	require.NoError(t, err)
	return list
}

// only returns the endpoint's single delivery.
func (tb *testBundle) only(t *testing.T, endpointID uuid.UUID) webhook.Delivery {
	t.Helper()
	list := tb.deliveries(t, endpointID)
	require.Len(t, list, 1)
	return list[0]
}

func (tb *testBundle) get(t *testing.T, id uuid.UUID) webhook.Delivery {
	t.Helper()
	d, err := tb.svc.GetDelivery(tb.admin, id)
	require.NoError(t, err)
	return d
}

// work runs one attempt of a delivery's job as River would, with svc.
func work(svc *webhook.Service, tenant, deliveryID uuid.UUID, attempt int) error {
	w := &webhook.Worker{Webhooks: svc}
	job := &river.Job[jobargs.WebhookDeliver]{
		JobRow: &rivertype.JobRow{Attempt: attempt, MaxAttempts: webhook.MaxAttempts},
		Args:   jobargs.WebhookDeliver{TenantID: tenant, DeliveryID: deliveryID},
	}
	return w.Work(tenants.ForJob(context.Background(), tenant), job)
}

func (tb *testBundle) work(t *testing.T, deliveryID uuid.UUID, attempt int) error {
	t.Helper()
	return work(tb.svc, tb.tenant, deliveryID, attempt)
}

type jobRow struct {
	Kind        string
	Queue       string
	MaxAttempts int
	Args        map[string]any
}

// riverJobs lists every job: River's tables are global, so the app role sees
// them without a tenant.
func riverJobs(t *testing.T, d *dbtest.TestDB) []jobRow {
	t.Helper()
	rows, err := d.Pool().Query(context.Background(), `SELECT kind, queue, max_attempts, args FROM river_job ORDER BY id`)
	require.NoError(t, err)
	jobs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (jobRow, error) {
		var j jobRow
		err := r.Scan(&j.Kind, &j.Queue, &j.MaxAttempts, &j.Args)
		return j, err
	})
	require.NoError(t, err)
	return jobs
}

// receiver is a tenant's endpoint: it verifies every request the way the
// Standard Webhooks libraries do and answers from a script.
type receiver struct {
	srv     *httptest.Server
	mu      sync.Mutex
	keys    [][]byte
	answers []answer // consumed in order; then 204
	got     []received
}

type answer struct {
	code int // hangUp: close the connection without answering
	body string
}

const hangUp = -1

type received struct {
	header    http.Header
	body      []byte
	verifyErr error
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	rcv := &receiver{}
	rcv.srv = httptest.NewServer(http.HandlerFunc(rcv.serve)) // 127.0.0.1
	t.Cleanup(rcv.srv.Close)
	return rcv
}

func (rcv *receiver) url() string { return rcv.srv.URL + "/hooks/switchboard" }

func (rcv *receiver) trust(t *testing.T, secret string) {
	t.Helper()
	key, err := webhookhttp.ParseSecret(secret)
	require.NoError(t, err)
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	rcv.keys = [][]byte{key}
}

// answer scripts the next answers.
func (rcv *receiver) answer(a ...answer) {
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	rcv.answers = append(rcv.answers, a...)
}

func (rcv *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		http.Error(w, "body", http.StatusRequestEntityTooLarge)
		return
	}
	rcv.mu.Lock()
	verifyErr := webhookhttp.Verify(rcv.keys, r.Header, body, time.Now(), 0)
	rcv.got = append(rcv.got, received{header: r.Header.Clone(), body: body, verifyErr: verifyErr})
	a := answer{code: http.StatusNoContent}
	if len(rcv.answers) > 0 {
		a, rcv.answers = rcv.answers[0], rcv.answers[1:]
	}
	rcv.mu.Unlock()
	if verifyErr != nil {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if a.code == hangUp {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
		}
		return
	}
	w.WriteHeader(a.code)
	_, _ = io.WriteString(w, a.body)
}

func (rcv *receiver) requests() []received {
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	return append([]received(nil), rcv.got...)
}

func messageData() webhook.MessageData {
	return webhook.MessageData{
		ID: uuid.New(), ConversationID: uuid.New(), ContactID: uuid.New(), ChannelID: uuid.New(), ChannelKind: "sms",
		Direction: "inbound", Body: "Hello, is anyone there?", Attachments: []webhook.AttachmentData{}, Status: "received",
		CreatedAt: time.Now().UTC().Truncate(time.Millisecond),
	}
}

func TestEmitInARolledBackTransactionLeavesNothing(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	e := tb.endpoint(t, tb.admin, newReceiver(t))

	rollback := errors.New("the change failed")
	err := tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		require.NoError(t, webhook.Emit(tb.admin, tx, tb.jobs, webhook.EventMessageCreated, messageData()))
		return rollback
	})
	require.ErrorIs(t, err, rollback)
	require.Empty(t, tb.deliveries(t, e.ID))
	require.Empty(t, riverJobs(t, tb.db))
}

func TestEmitQueuesADeliveryAndJobPerSubscribedEndpoint(t *testing.T) {
	t.Parallel()
	tb := setup(t)

	// No endpoint: nothing at all.
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	require.Empty(t, riverJobs(t, tb.db))

	all := tb.endpoint(t, tb.admin, newReceiver(t))
	messages := tb.endpoint(t, tb.admin, newReceiver(t), webhook.EventMessageCreated)
	off := tb.endpoint(t, tb.admin, newReceiver(t))
	_, err := tb.svc.UpdateEndpoint(tb.admin, off.ID, webhook.UpdateEndpointParams{Enabled: new(false)})
	require.NoError(t, err)

	data := messageData()
	tb.emit(t, tb.admin, webhook.EventMessageCreated, data)
	tb.emit(t, tb.admin, webhook.EventContactCreated, webhook.ContactData{ID: uuid.New(), Name: "Ana", CreatedAt: time.Now()})

	require.Len(t, tb.deliveries(t, all.ID), 2)
	require.Empty(t, tb.deliveries(t, off.ID), "a disabled endpoint gets nothing")
	d := tb.only(t, messages.ID)
	require.Equal(t, webhook.EventMessageCreated, d.EventType, "the filter kept contact.created out")
	require.Equal(t, webhook.StatusPending, d.Status)
	require.Zero(t, d.Attempts)
	require.Regexp(t, `^msg_[a-z2-7]{26}$`, d.MessageID)
	// One event, one webhook-id, whichever endpoint it goes to.
	require.Equal(t, d.MessageID, tb.deliveries(t, all.ID)[1].MessageID)

	var body struct {
		Type      string              `json:"type"`
		Timestamp time.Time           `json:"timestamp"`
		Data      webhook.MessageData `json:"data"`
	}
	require.NoError(t, json.Unmarshal(d.Payload, &body))
	require.Equal(t, webhook.EventMessageCreated, body.Type)
	require.WithinDuration(t, time.Now(), body.Timestamp, time.Minute)
	require.Equal(t, data.ID, body.Data.ID)
	require.Equal(t, data.Body, body.Data.Body)

	jobs := riverJobs(t, tb.db)
	require.Len(t, jobs, 3) // all: 2 events; messages: 1
	for _, j := range jobs {
		require.Equal(t, "webhook_deliver", j.Kind)
		require.Equal(t, jobargs.QueueWebhooks, j.Queue)
		require.Equal(t, webhook.MaxAttempts, j.MaxAttempts)
		require.Len(t, j.Args, 2, "ids only: River's tables are global")
		require.Equal(t, tb.tenant.String(), j.Args["tenant_id"])
		require.NotEmpty(t, j.Args["delivery_id"])
	}
}

func TestEmitRefusesUnknownTypesAndNonObjects(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	err := tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		return webhook.Emit(tb.admin, tx, tb.jobs, "message.exploded", messageData())
	})
	require.ErrorContains(t, err, "unknown event type")
	err = tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		return webhook.Emit(tb.admin, tx, tb.jobs, webhook.EventMessageCreated, []string{"not", "an", "object"})
	})
	require.ErrorContains(t, err, "not a JSON object")
}

func TestWorkerDeliversTheSignedPayload(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rcv := newReceiver(t)
	e := tb.endpoint(t, tb.admin, rcv)
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	d := tb.only(t, e.ID)

	require.NoError(t, tb.work(t, d.ID, 1))
	got := rcv.requests()
	require.Len(t, got, 1)
	require.NoError(t, got[0].verifyErr)
	require.Equal(t, d.MessageID, got[0].header.Get(webhookhttp.HeaderID))
	require.NotEmpty(t, got[0].header.Get(webhookhttp.HeaderTimestamp))
	require.True(t, strings.HasPrefix(got[0].header.Get(webhookhttp.HeaderSignature), "v1,"))
	require.Equal(t, "application/json", got[0].header.Get("Content-Type"))
	require.Contains(t, got[0].header.Get("User-Agent"), "Switchboard-Webhooks")
	require.Equal(t, string(d.Payload), string(got[0].body), "the stored bytes are the bytes sent")

	d = tb.get(t, d.ID)
	require.Equal(t, webhook.StatusDelivered, d.Status)
	require.Equal(t, 1, d.Attempts)
	require.Equal(t, http.StatusNoContent, d.LastStatusCode)
	require.GreaterOrEqual(t, d.DurationMS, 0)
	require.NotNil(t, d.LastAttemptAt)
	require.NotNil(t, d.DeliveredAt)
	require.Nil(t, d.NextAttemptAt)
	require.Empty(t, d.LastError)

	// A second run of the job (River retried after a crash) sends nothing.
	require.NoError(t, tb.work(t, d.ID, 2))
	require.Len(t, rcv.requests(), 1)
}

func TestWorkerRetriesServerErrors(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rcv := newReceiver(t)
	e := tb.endpoint(t, tb.admin, rcv)
	data := messageData()
	tb.emit(t, tb.admin, webhook.EventMessageCreated, data)
	d := tb.only(t, e.ID)

	rcv.answer(answer{http.StatusInternalServerError, "database is down"})
	before := time.Now()
	err := tb.work(t, d.ID, 1)
	require.Error(t, err)
	var cancel *river.JobCancelError
	require.NotErrorAs(t, err, &cancel, "a 500 is retried")
	require.Contains(t, err.Error(), "endpoint answered 500")
	require.NotContains(t, err.Error(), rcv.srv.URL, "River's tables hold no tenant URLs")
	require.NotContains(t, err.Error(), data.Body)
	require.NotContains(t, err.Error(), "database is down")

	d = tb.get(t, d.ID)
	require.Equal(t, webhook.StatusPending, d.Status)
	require.Equal(t, 1, d.Attempts)
	require.Equal(t, http.StatusInternalServerError, d.LastStatusCode)
	require.Equal(t, "database is down", d.LastResponse)
	require.NotNil(t, d.NextAttemptAt)
	require.WithinDuration(t, before.Add(webhook.RetrySchedule[0]), *d.NextAttemptAt, 5*time.Second)

	// The retry goes through with the same webhook-id and the same body.
	require.NoError(t, tb.work(t, d.ID, 2))
	got := rcv.requests()
	require.Len(t, got, 2)
	require.Equal(t, got[0].header.Get(webhookhttp.HeaderID), got[1].header.Get(webhookhttp.HeaderID))
	require.Equal(t, got[0].body, got[1].body)
	d = tb.get(t, d.ID)
	require.Equal(t, webhook.StatusDelivered, d.Status)
	require.Equal(t, 2, d.Attempts)
	require.Empty(t, d.LastResponse)
}

func TestWorkerFailsTheLastAttempt(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rcv := newReceiver(t)
	e := tb.endpoint(t, tb.admin, rcv)
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	d := tb.only(t, e.ID)

	rcv.answer(answer{code: http.StatusServiceUnavailable})
	err := tb.work(t, d.ID, webhook.MaxAttempts)
	require.ErrorContains(t, err, "out of attempts")
	d = tb.get(t, d.ID)
	require.Equal(t, webhook.StatusFailed, d.Status)
	require.Equal(t, http.StatusServiceUnavailable, d.LastStatusCode)
	require.Nil(t, d.NextAttemptAt)
}

func TestWorkerRetriesWhenNobodyAnswers(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rcv := newReceiver(t)
	e := tb.endpoint(t, tb.admin, rcv)
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	d := tb.only(t, e.ID)
	rcv.answer(answer{code: hangUp})

	err := tb.work(t, d.ID, 1)
	require.ErrorContains(t, err, "no response from endpoint")
	var cancel *river.JobCancelError
	require.NotErrorAs(t, err, &cancel)
	d = tb.get(t, d.ID)
	require.Equal(t, webhook.StatusPending, d.Status)
	require.Equal(t, 1, d.Attempts)
	require.Zero(t, d.LastStatusCode)
	require.NotEmpty(t, d.LastError)
	require.NotContains(t, d.LastError, "/hooks/switchboard", "the URL is on the endpoint already")
}

func TestGoneDisablesTheEndpoint(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rcv := newReceiver(t)
	e := tb.endpoint(t, tb.admin, rcv)
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	list := tb.deliveries(t, e.ID)
	require.Len(t, list, 2)

	rcv.answer(answer{code: http.StatusGone})
	err := tb.work(t, list[1].ID, 1)
	var cancel *river.JobCancelError
	require.ErrorAs(t, err, &cancel)
	require.Equal(t, webhook.StatusGone, tb.get(t, list[1].ID).Status)
	e, err = tb.svc.GetEndpoint(tb.admin, e.ID)
	require.NoError(t, err)
	require.False(t, e.Enabled)
	require.Contains(t, e.DisabledReason, "410")

	// The other queued delivery is not sent; it is failed, so it can be replayed.
	require.NoError(t, tb.work(t, list[0].ID, 1))
	require.Len(t, rcv.requests(), 1)
	other := tb.get(t, list[0].ID)
	require.Equal(t, webhook.StatusFailed, other.Status)
	require.Zero(t, other.Attempts)
	require.Contains(t, other.LastError, "disabled")
	_, err = tb.svc.Replay(tb.admin, other.ID)
	var input *webhook.InputError
	require.ErrorAs(t, err, &input, "a disabled endpoint is enabled before replaying")

	// New events skip it; enabling it clears the reason.
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	require.Len(t, tb.deliveries(t, e.ID), 2)
	e, err = tb.svc.UpdateEndpoint(tb.admin, e.ID, webhook.UpdateEndpointParams{Enabled: new(true)})
	require.NoError(t, err)
	require.True(t, e.Enabled)
	require.Empty(t, e.DisabledReason)
}

func TestClientErrorsFailWithoutRetry(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rcv := newReceiver(t)
	e := tb.endpoint(t, tb.admin, rcv)
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	d := tb.only(t, e.ID)

	rcv.answer(answer{http.StatusBadRequest, `{"error":"unknown field"}`})
	err := tb.work(t, d.ID, 1)
	var cancel *river.JobCancelError
	require.ErrorAs(t, err, &cancel)
	require.Contains(t, err.Error(), "endpoint answered 400")
	d = tb.get(t, d.ID)
	require.Equal(t, webhook.StatusFailed, d.Status)
	require.Equal(t, http.StatusBadRequest, d.LastStatusCode)
	require.JSONEq(t, `{"error":"unknown field"}`, d.LastResponse)
	require.Nil(t, d.DeliveredAt)
	e, err = tb.svc.GetEndpoint(tb.admin, e.ID)
	require.NoError(t, err)
	require.True(t, e.Enabled, "only a 410 disables the endpoint")
}

func TestPrivateTargetsAreRefused(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	production := tb.service(t, webhookhttp.Guard{})
	for _, url := range []string{
		"http://127.0.0.1:8080/hooks",
		"http://10.1.2.3/hooks",
		"http://169.254.169.254/latest/meta-data/",
		"http://[::1]/hooks",
		"http://2130706433/hooks",
	} {
		_, secret, err := production.CreateEndpoint(tb.admin, webhook.CreateEndpointParams{URL: url})
		var input *webhook.InputError
		require.ErrorAs(t, err, &input, url)
		require.Equal(t, "url", input.Field)
		require.Contains(t, input.Message, "public address")
		require.Empty(t, secret)
	}
	for _, url := range []string{"", "ftp://crm.example.com/", "https://user:pw@crm.example.com/", "not a url"} {
		_, _, err := production.CreateEndpoint(tb.admin, webhook.CreateEndpointParams{URL: url})
		var input *webhook.InputError
		require.ErrorAs(t, err, &input, url)
		require.Equal(t, "url", input.Field)
	}
	e, _, err := production.CreateEndpoint(tb.admin, webhook.CreateEndpointParams{URL: "https://crm.example.com/hooks"})
	require.NoError(t, err)
	_, err = production.UpdateEndpoint(tb.admin, e.ID, webhook.UpdateEndpointParams{URL: new("http://192.168.1.1/")})
	var input *webhook.InputError
	require.ErrorAs(t, err, &input)
	require.NoError(t, production.DeleteEndpoint(tb.admin, e.ID)) // nothing here may ever send to it

	// A URL saved while allowed (or a name that later resolves to a private
	// address) is refused again when sending: failed, not retried, no request.
	rcv := newReceiver(t)
	loop := tb.endpoint(t, tb.admin, rcv)
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	d := tb.only(t, loop.ID)
	err = work(tb.service(t, webhookhttp.Guard{}), tb.tenant, d.ID, 1)
	var cancel *river.JobCancelError
	require.ErrorAs(t, err, &cancel)
	require.Contains(t, err.Error(), "target address refused")
	require.Empty(t, rcv.requests())
	d = tb.get(t, d.ID)
	require.Equal(t, webhook.StatusFailed, d.Status)
	require.Contains(t, d.LastError, "forbidden")
}

func TestEndpointsValidateTheirInput(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rcv := newReceiver(t)
	_, _, err := tb.svc.CreateEndpoint(tb.admin, webhook.CreateEndpointParams{URL: rcv.url(), EventTypes: []string{"message.exploded"}})
	var input *webhook.InputError
	require.ErrorAs(t, err, &input)
	require.Equal(t, "eventTypes", input.Field)

	e, _, err := tb.svc.CreateEndpoint(tb.admin, webhook.CreateEndpointParams{URL: " " + rcv.url() + " ",
		EventTypes: []string{webhook.EventContactCreated, webhook.EventMessageCreated, webhook.EventContactCreated}})
	require.NoError(t, err)
	require.Equal(t, rcv.url(), e.URL)
	require.Equal(t, []string{webhook.EventMessageCreated, webhook.EventContactCreated}, e.EventTypes)
	require.True(t, e.Enabled)

	e, err = tb.svc.UpdateEndpoint(tb.admin, e.ID, webhook.UpdateEndpointParams{Description: new("Salesforce"), EventTypes: &[]string{}})
	require.NoError(t, err)
	require.Equal(t, "Salesforce", e.Description)
	require.Empty(t, e.EventTypes, "empty means every event type")
	require.Equal(t, rcv.url(), e.URL)

	e, err = tb.svc.UpdateEndpoint(tb.admin, e.ID, webhook.UpdateEndpointParams{Enabled: new(false)})
	require.NoError(t, err)
	require.False(t, e.Enabled)
	require.NotEmpty(t, e.DisabledReason)

	list, err := tb.svc.Endpoints(tb.admin)
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.NoError(t, tb.svc.DeleteEndpoint(tb.admin, e.ID))
	_, err = tb.svc.GetEndpoint(tb.admin, e.ID)
	require.ErrorIs(t, err, webhook.ErrNotFound)
}

func TestEventFiltering(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rcv := newReceiver(t)
	e := tb.endpoint(t, tb.admin, rcv, webhook.EventMessageCreated)

	tb.emit(t, tb.admin, webhook.EventConversationCreated, webhook.ConversationData{ID: uuid.New(), Status: "open"})
	tb.emit(t, tb.admin, webhook.EventMessageStatusChanged, webhook.MessageStatusData{ID: uuid.New(), Status: "delivered"})
	tb.emit(t, tb.admin, webhook.EventContactCreated, webhook.ContactData{ID: uuid.New()})
	require.Empty(t, tb.deliveries(t, e.ID))

	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	d := tb.only(t, e.ID)
	require.NoError(t, tb.work(t, d.ID, 1))
	got := rcv.requests()
	require.Len(t, got, 1)
	require.Contains(t, string(got[0].body), `"type": "message.created"`)
}

func TestReplaySendsTheSameMessage(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rcv := newReceiver(t)
	e := tb.endpoint(t, tb.admin, rcv)
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	d := tb.only(t, e.ID)

	_, err := tb.svc.Replay(tb.admin, d.ID)
	var input *webhook.InputError
	require.ErrorAs(t, err, &input, "a pending delivery is on its way already")

	require.NoError(t, tb.work(t, d.ID, 1))
	jobsBefore := len(riverJobs(t, tb.db))
	replayed, err := tb.svc.Replay(tb.admin, d.ID)
	require.NoError(t, err)
	require.Equal(t, webhook.StatusPending, replayed.Status)
	require.Equal(t, d.MessageID, replayed.MessageID)
	require.Equal(t, 1, replayed.Attempts)
	require.Len(t, riverJobs(t, tb.db), jobsBefore+1)

	require.NoError(t, tb.work(t, d.ID, 1)) // the replay's job starts at attempt 1
	got := rcv.requests()
	require.Len(t, got, 2)
	require.NoError(t, got[1].verifyErr)
	require.Equal(t, d.MessageID, got[1].header.Get(webhookhttp.HeaderID))
	require.Equal(t, got[0].body, got[1].body)
	d = tb.get(t, d.ID)
	require.Equal(t, webhook.StatusDelivered, d.Status)
	require.Equal(t, 2, d.Attempts)

	// A failed delivery can be replayed too.
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	failed := tb.deliveries(t, e.ID)[0]
	rcv.answer(answer{code: http.StatusNotFound})
	require.Error(t, tb.work(t, failed.ID, 1))
	require.Equal(t, webhook.StatusFailed, tb.get(t, failed.ID).Status)
	_, err = tb.svc.Replay(tb.admin, failed.ID)
	require.NoError(t, err)
	require.NoError(t, tb.work(t, failed.ID, 1))
	require.Equal(t, webhook.StatusDelivered, tb.get(t, failed.ID).Status)
}

// Secrets are sealed at rest (the database holds neither), and a rotation
// signs with both while the grace lasts.
func TestRotatedSecretSignsWithBothKeys(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	sealer, err := tenants.NewSealer(bytes.Repeat([]byte{9}, tenants.SealKeySize))
	require.NoError(t, err)
	tb.svc.Sealer = sealer
	rcv := newReceiver(t)
	e, oldSecret, err := tb.svc.CreateEndpoint(tb.admin, webhook.CreateEndpointParams{URL: rcv.url()})
	require.NoError(t, err)
	newSecret, err := tb.svc.RotateSecret(tb.admin, e.ID)
	require.NoError(t, err)
	require.NotEqual(t, oldSecret, newSecret)
	var stored, storedPrevious string
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		return tx.QueryRow(tb.admin, `SELECT secret, previous_secret FROM webhook_endpoints WHERE id = $1`, e.ID).Scan(&stored, &storedPrevious)
	}))
	require.True(t, tenants.IsSealed(stored) && tenants.IsSealed(storedPrevious))
	require.NotContains(t, stored+storedPrevious, strings.TrimPrefix(newSecret, "whsec_"))
	require.NotContains(t, stored+storedPrevious, strings.TrimPrefix(oldSecret, "whsec_"))

	for _, secret := range []string{oldSecret, newSecret} {
		rcv.trust(t, secret) // a receiver that knows only one of the two
		tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
		d := tb.deliveries(t, e.ID)[0]
		require.NoError(t, tb.work(t, d.ID, 1))
		require.Equal(t, webhook.StatusDelivered, tb.get(t, d.ID).Status)
	}
	for _, r := range rcv.requests() {
		require.NoError(t, r.verifyErr)
		require.Len(t, strings.Fields(r.header.Get(webhookhttp.HeaderSignature)), 2)
	}

	// After the grace period only the new secret signs.
	tb.svc.Now = func() time.Time { return time.Now().Add(webhook.RotationGrace + time.Minute) }
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	d := tb.deliveries(t, e.ID)[0]
	require.Error(t, tb.work(t, d.ID, 1), "the receiver's clock says the timestamp is a day off")
	got := rcv.requests()
	require.Len(t, strings.Fields(got[len(got)-1].header.Get(webhookhttp.HeaderSignature)), 1)
}

func TestAnswersAreCappedAndCleaned(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rcv := newReceiver(t)
	e := tb.endpoint(t, tb.admin, rcv)
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	d := tb.only(t, e.ID)

	rcv.answer(answer{http.StatusOK, "ok\x00\xff" + strings.Repeat("é", 5000)})
	require.NoError(t, tb.work(t, d.ID, 1))
	d = tb.get(t, d.ID)
	require.Equal(t, webhook.StatusDelivered, d.Status)
	require.LessOrEqual(t, len(d.LastResponse), 2048)
	require.True(t, strings.HasPrefix(d.LastResponse, "ok\uFFFD\uFFFD"))
}

func TestTenantsCannotReachEachOthersWebhooks(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	rcvA := newReceiver(t)
	endpointA := tb.endpoint(t, tb.admin, rcvA)
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	deliveryA := tb.only(t, endpointA.ID)
	require.NoError(t, tb.work(t, deliveryA.ID, 1))

	tenantB, b := newTenant(t, tb.db)
	_, err := tb.svc.GetEndpoint(b, endpointA.ID)
	require.ErrorIs(t, err, webhook.ErrNotFound)
	_, err = tb.svc.GetDelivery(b, deliveryA.ID)
	require.ErrorIs(t, err, webhook.ErrNotFound)
	_, err = tb.svc.Deliveries(b, endpointA.ID, 10, nil)
	require.ErrorIs(t, err, webhook.ErrNotFound)
	_, err = tb.svc.Replay(b, deliveryA.ID)
	require.ErrorIs(t, err, webhook.ErrNotFound)
	_, err = tb.svc.UpdateEndpoint(b, endpointA.ID, webhook.UpdateEndpointParams{URL: new("http://127.0.0.1:1/stolen")})
	require.ErrorIs(t, err, webhook.ErrNotFound)
	_, err = tb.svc.RotateSecret(b, endpointA.ID)
	require.ErrorIs(t, err, webhook.ErrNotFound)
	require.ErrorIs(t, tb.svc.DeleteEndpoint(b, endpointA.ID), webhook.ErrNotFound)
	list, err := tb.svc.Endpoints(b)
	require.NoError(t, err)
	require.Empty(t, list)

	// B's events go to B's endpoints only.
	rcvB := newReceiver(t)
	endpointB := tb.endpoint(t, b, rcvB)
	tb.emit(t, b, webhook.EventMessageCreated, messageData())
	require.Len(t, tb.deliveries(t, endpointA.ID), 1)
	listB, err := tb.svc.Deliveries(b, endpointB.ID, 10, nil)
	require.NoError(t, err)
	require.Len(t, listB, 1)

	// A job naming A's delivery under B's tenant finds nothing and sends nothing.
	err = work(tb.svc, tenantB, deliveryA.ID, 1)
	var cancel *river.JobCancelError
	require.ErrorAs(t, err, &cancel)
	require.Len(t, rcvA.requests(), 1)
	require.Empty(t, rcvB.requests())
}

func TestOnlyAdminsManageWebhooks(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	e := tb.endpoint(t, tb.admin, newReceiver(t))
	agent := tenants.ForMember(context.Background(), tb.tenant, uuid.New(), tenants.RoleAgent)
	_, _, err := tb.svc.CreateEndpoint(agent, webhook.CreateEndpointParams{URL: "https://crm.example.com/"})
	require.ErrorIs(t, err, webhook.ErrNotFound)
	_, err = tb.svc.Endpoints(agent)
	require.ErrorIs(t, err, webhook.ErrNotFound)
	_, err = tb.svc.GetEndpoint(agent, e.ID)
	require.ErrorIs(t, err, webhook.ErrNotFound)
	_, err = tb.svc.UpdateEndpoint(agent, e.ID, webhook.UpdateEndpointParams{Enabled: new(false)})
	require.ErrorIs(t, err, webhook.ErrNotFound)
	_, err = tb.svc.Deliveries(agent, e.ID, 10, nil)
	require.ErrorIs(t, err, webhook.ErrNotFound)

	// Emit runs for any actor of the tenant: an agent's reply is an event too.
	tb.emit(t, agent, webhook.EventMessageCreated, messageData())
	require.Len(t, tb.deliveries(t, e.ID), 1)
	_, err = tb.svc.Replay(agent, tb.deliveries(t, e.ID)[0].ID)
	require.ErrorIs(t, err, webhook.ErrNotFound)
}

func TestDeliveriesPageNewestFirst(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	e := tb.endpoint(t, tb.admin, newReceiver(t))
	for range 5 {
		tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	}
	all := tb.deliveries(t, e.ID)
	require.Len(t, all, 5)
	var seen []uuid.UUID
	var after *db.Cursor
	for {
		page, err := tb.svc.Deliveries(tb.admin, e.ID, 2, after)
		require.NoError(t, err)
		if len(page) == 0 {
			break
		}
		for _, d := range page {
			seen = append(seen, d.ID)
		}
		last := page[len(page)-1]
		after = &db.Cursor{Time: last.CreatedAt, ID: last.ID}
	}
	require.Len(t, seen, 5)
	for i, d := range all {
		require.Equal(t, d.ID, seen[i])
		if i > 0 {
			require.False(t, d.CreatedAt.After(all[i-1].CreatedAt))
		}
	}
}

func TestRetryScheduleIsMonotonic(t *testing.T) {
	t.Parallel()
	require.Len(t, webhook.RetrySchedule, webhook.MaxAttempts-1, "one wait between each two attempts")
	require.Equal(t, 5*time.Second, webhook.RetrySchedule[0])
	for i := 1; i < len(webhook.RetrySchedule); i++ {
		require.GreaterOrEqual(t, webhook.RetrySchedule[i], webhook.RetrySchedule[i-1], "step %d", i)
	}
	var total time.Duration
	for _, d := range webhook.RetrySchedule {
		total += d
	}
	require.Less(t, total, 28*time.Hour, "a receiver down for a day still gets everything")
	require.Greater(t, total, 24*time.Hour)

	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	w := &webhook.Worker{Webhooks: &webhook.Service{Now: func() time.Time { return now }}}
	var prev time.Time
	for attempt := 1; attempt <= webhook.MaxAttempts+2; attempt++ {
		next := w.NextRetry(&river.Job[jobargs.WebhookDeliver]{JobRow: &rivertype.JobRow{Attempt: attempt}})
		require.Equal(t, now.Add(webhook.RetryDelay(attempt)), next)
		require.False(t, next.Before(prev), "attempt %d", attempt)
		prev = next
	}
}

// At start-up every endpoint's secrets, current and previous, move under the
// current sealing key, and deliveries still sign with both.
func TestResealSecretsMovesEndpointsToTheCurrentKey(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	oldKey, newKey := bytes.Repeat([]byte{9}, tenants.SealKeySize), bytes.Repeat([]byte{10}, tenants.SealKeySize)
	rcv := newReceiver(t)
	plainEndpoint, plainSecret, err := tb.svc.CreateEndpoint(tb.admin, webhook.CreateEndpointParams{URL: rcv.url()})
	require.NoError(t, err, "stored in plain text: no key yet")
	tb.svc.Sealer, err = tenants.NewSealer(oldKey)
	require.NoError(t, err)
	rotated, _, err := tb.svc.CreateEndpoint(tb.admin, webhook.CreateEndpointParams{URL: rcv.url()})
	require.NoError(t, err)
	rotatedSecret, err := tb.svc.RotateSecret(tb.admin, rotated.ID)
	require.NoError(t, err)

	tb.svc.Sealer, err = tenants.NewSealer(newKey, oldKey)
	require.NoError(t, err)
	n, err := tb.svc.ResealSecrets(tb.admin)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	n, err = tb.svc.ResealSecrets(tb.admin)
	require.NoError(t, err)
	require.Zero(t, n, "nothing left to move")
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		var secret, previous string
		if err := tx.QueryRow(tb.admin, `SELECT secret, coalesce(previous_secret, '') FROM webhook_endpoints WHERE id = $1`, plainEndpoint.ID).
			Scan(&secret, &previous); err != nil {
			return err
		}
		require.True(t, tenants.IsSealed(secret))
		require.NotContains(t, secret, strings.TrimPrefix(plainSecret, "whsec_"))
		return nil
	}))

	// Only the current key now: both endpoints still sign, the rotated one
	// with both of its secrets.
	tb.svc.Sealer, err = tenants.NewSealer(newKey)
	require.NoError(t, err)
	tb.emit(t, tb.admin, webhook.EventMessageCreated, messageData())
	for e, secret := range map[uuid.UUID]string{plainEndpoint.ID: plainSecret, rotated.ID: rotatedSecret} {
		rcv.trust(t, secret)
		d := tb.deliveries(t, e)[0]
		require.NoError(t, tb.work(t, d.ID, 1))
		got := rcv.requests()
		last := got[len(got)-1]
		require.NoError(t, last.verifyErr)
		signatures := len(strings.Fields(last.header.Get(webhookhttp.HeaderSignature)))
		if e == rotated.ID {
			require.Equal(t, 2, signatures, "the rotated endpoint signs with both of its secrets")
		} else {
			require.Equal(t, 1, signatures)
		}
	}
}
