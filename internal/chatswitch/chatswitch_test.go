package chatswitch

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
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
	"github.com/switchboard/switchboard/integrations/sms/smstest"
	"github.com/switchboard/switchboard/integrations/whatsapp/whatsapptest"
	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/problem"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

type testBundle struct {
	db     *dbtest.TestDB
	inbox  *inbox.Service
	sw     *Service
	hooks  *httptest.Server
	tenant uuid.UUID
	admin  context.Context
	agent  context.Context
	sms    *smstest.Server
	smsCh  inbox.Channel
	web    inbox.Channel

	mu  sync.Mutex
	now time.Time
}

func setup(t *testing.T) *testBundle {
	t.Helper()
	d := dbtest.New(t)
	rc, err := river.NewClient(riverpgxv5.New(d.Pool()), &river.Config{}) // insert-only: tests run the send worker by hand
	require.NoError(t, err)
	tb := &testBundle{db: d, now: time.Now()}
	tb.inbox = &inbox.Service{DB: d.DB, Jobs: rc}
	tb.sw = &Service{DB: d.DB, Inbox: tb.inbox, Jobs: rc, NowFunc: tb.clock}
	tb.hooks = httptest.NewServer(tb.inbox.Hooks())
	t.Cleanup(tb.hooks.Close)
	tb.inbox.PublicURL = tb.hooks.URL
	tb.sw.PublicURL = tb.hooks.URL

	tb.tenant = uuid.New()
	tb.admin = tenants.ForMember(context.Background(), tb.tenant, uuid.Nil, tenants.RoleAdmin)
	require.NoError(t, d.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		_, err := tx.Exec(tb.admin, `INSERT INTO tenants (id, name) VALUES ($1, 'Acme')`, tb.tenant)
		return err
	}))
	tb.agent = tenants.ForMember(context.Background(), tb.tenant, uuid.Nil, tenants.RoleAgent)
	tb.sms = smstest.NewServer(t, "", "")
	tb.smsCh, err = tb.inbox.CreateChannel(tb.admin, inbox.CreateChannelParams{Kind: inbox.KindSMS, Name: "SMS", Address: "+14155550100",
		SMS: inbox.SMSConfig{AccountSID: tb.sms.AccountSID, APIBaseURL: tb.sms.URL}, Secrets: inbox.Secrets{AuthToken: tb.sms.AuthToken}})
	require.NoError(t, err)
	tb.web, err = tb.inbox.CreateChannel(tb.admin, inbox.CreateChannelParams{Kind: inbox.KindWebChat, Name: "Web"})
	require.NoError(t, err)
	_, err = tb.sw.UpdateSettings(tb.admin, Settings{DefaultCountry: "US"})
	require.NoError(t, err)
	return tb
}

func (tb *testBundle) clock() time.Time {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return tb.now
}

func (tb *testBundle) advance(d time.Duration) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.now = tb.now.Add(d)
}

// visitorScope is how the widget's socket acts: for the channel's tenant.
func (tb *testBundle) visitorScope() context.Context {
	return tenants.ForJob(context.Background(), tb.tenant)
}

// webChat seeds a visitor of the web channel who has written once, and
// returns the visitor and the conversation.
func (tb *testBundle) webChat(t *testing.T, status string) (visitor, conv uuid.UUID) {
	t.Helper()
	visitor, conv, contact := uuid.New(), uuid.New(), uuid.New()
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO contacts (id, tenant_id, name) VALUES ($1, $2, 'Web visitor')`, []any{contact, tb.tenant}},
			{`INSERT INTO webchat_visitors (id, tenant_id, channel_id, contact_id) VALUES ($1, $2, $3, $4)`, []any{visitor, tb.tenant, tb.web.ID, contact}},
			{`INSERT INTO conversations (id, tenant_id, contact_id, channel_id, status) VALUES ($1, $2, $3, $4, $5)`, []any{conv, tb.tenant, contact, tb.web.ID, status}},
			{`INSERT INTO messages (id, tenant_id, conversation_id, channel_id, direction, body, status) VALUES ($1, $2, $3, $4, 'inbound', 'Hi, I need help', 'received')`,
				[]any{uuid.New(), tb.tenant, conv, tb.web.ID}},
		} {
			if _, err := tx.Exec(tb.admin, q.sql, q.args...); err != nil {
				return err
			}
		}
		return nil
	}))
	return visitor, conv
}

type convState struct {
	ChannelID     uuid.UUID
	Status        string
	Pinned        bool
	SwitchAddress string
	ContactPhone  string
}

func (tb *testBundle) conversation(t *testing.T, id uuid.UUID) convState {
	t.Helper()
	var c convState
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		return tx.QueryRow(tb.admin, `SELECT c.channel_id, c.status, c.channel_pinned, coalesce(c.switch_address, ''), coalesce(ct.phone, '')
			FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE c.id = $1`, id).
			Scan(&c.ChannelID, &c.Status, &c.Pinned, &c.SwitchAddress, &c.ContactPhone)
	}))
	return c
}

func (tb *testBundle) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		return tx.QueryRow(tb.admin, `SELECT count(*) FROM `+query, args...).Scan(&n)
	}))
	return n
}

// crmEvents lists the webhook event types stored for the tenant's endpoint, in order.
func (tb *testBundle) crmEvents(t *testing.T) []string {
	t.Helper()
	var out []string
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		rows, err := tx.Query(tb.admin, `SELECT event_type FROM webhook_deliveries WHERE event_type LIKE 'chat_switch.%' ORDER BY created_at, id`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	}))
	return out
}

func (tb *testBundle) crmEndpoint(t *testing.T) {
	t.Helper()
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		_, err := tx.Exec(tb.admin, `INSERT INTO webhook_endpoints (id, tenant_id, url, secret) VALUES ($1, $2, 'https://crm.example.com/hooks', 'whsec_x')`,
			uuid.New(), tb.tenant)
		return err
	}))
}

// runQueued runs the send worker on every queued outbound message.
func (tb *testBundle) runQueued(t *testing.T) {
	t.Helper()
	var ids []uuid.UUID
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		rows, err := tx.Query(tb.admin, `SELECT id FROM messages WHERE status = 'queued' ORDER BY created_at`)
		if err != nil {
			return err
		}
		ids, err = pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
		return err
	}))
	w := &inbox.SendWorker{Inbox: tb.inbox}
	for _, id := range ids {
		job := &river.Job[jobargs.MessageSend]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 10},
			Args: jobargs.MessageSend{TenantID: tb.tenant, MessageID: id}}
		err := w.Work(tenants.ForJob(context.Background(), tb.tenant), job)
		var cancel *river.JobCancelError
		if !errors.As(err, &cancel) {
			require.NoError(t, err)
		}
	}
}

func (tb *testBundle) inboundSMS(t *testing.T, from, body string) {
	t.Helper()
	hook := tb.hooks.URL + "/hooks/sms/" + tb.smsCh.ID.String()
	resp := tb.sms.Inbound(t, hook, hook, from, tb.smsCh.Address, body)
	_, _ = io.Copy(io.Discard, resp.Body)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

func requireInput(t *testing.T, err error, field string) {
	t.Helper()
	var in *problem.InputError
	require.ErrorAs(t, err, &in)
	require.Equal(t, field, in.Field, in.Message)
}

func TestVisitorSwitchesToSMSAndTheThreadContinues(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	tb.crmEndpoint(t)
	visitor, conv := tb.webChat(t, "open")

	sw, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "(415) 555-0123")
	require.NoError(t, err)
	require.Equal(t, StateActive, sw.State, sw.Failure)
	require.Equal(t, "+14155550123", sw.Address, "typed without a country code: the tenant's default country")
	require.Equal(t, InitiatorVisitor, sw.Initiator)
	require.Equal(t, "sent", sw.WelcomeStatus)
	require.NotNil(t, sw.RevertDeadline)
	require.WithinDuration(t, tb.clock().Add(DefaultRevertWindow), *sw.RevertDeadline, time.Millisecond)

	sent := tb.sms.Sent()
	require.Len(t, sent, 1)
	require.Equal(t, "+14155550123", sent[0].To)
	require.Contains(t, sent[0].Body, "Acme: your chat continues here on SMS")
	c := tb.conversation(t, conv)
	require.Equal(t, tb.smsCh.ID, c.ChannelID, "the active channel moved with the switch")
	require.True(t, c.Pinned)
	require.Equal(t, "+14155550123", c.ContactPhone, "the visitor's contact took the number")
	require.Equal(t, []string{"chat_switch.requested", "chat_switch.activated"}, tb.crmEvents(t))
	var welcomeStatus, provider string
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		return tx.QueryRow(tb.admin, `SELECT status, provider_message_id FROM messages WHERE id = $1`, *sw.WelcomeMessageID).Scan(&welcomeStatus, &provider)
	}))
	require.Equal(t, "sent", welcomeStatus)
	require.Equal(t, sent[0].SID, provider, "status callbacks find the welcome")

	// The phone replies: same thread. The agent answers: out by SMS.
	tb.inboundSMS(t, "+14155550123", "Texting you now")
	require.Equal(t, 1, tb.count(t, `messages WHERE conversation_id = $1 AND body = 'Texting you now'`, conv))
	require.Equal(t, 1, tb.count(t, `conversations`), "no second conversation")
	reply, err := tb.inbox.SendMessage(tb.agent, conv, "Got it, here is your answer")
	require.NoError(t, err)
	require.Equal(t, tb.smsCh.ID, reply.ChannelID)
	tb.runQueued(t)
	sent = tb.sms.Sent()
	require.Len(t, sent, 2)
	require.Equal(t, "Got it, here is your answer", sent[1].Body)
	require.Equal(t, "+14155550123", sent[1].To)

	// A message the visitor still types on the web lands in the thread
	// without moving the channel.
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		_, err := tx.Exec(tb.admin, `UPDATE conversations SET channel_id = CASE WHEN channel_pinned THEN channel_id ELSE $2 END WHERE id = $1`, conv, tb.web.ID)
		return err
	}))
	require.Equal(t, tb.smsCh.ID, tb.conversation(t, conv).ChannelID)

	hist, err := tb.sw.History(tb.agent, conv)
	require.NoError(t, err)
	require.Len(t, hist, 1)
}

func TestInvalidNumbersAreRefusedBeforeAnythingIsSent(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	visitor, conv := tb.webChat(t, "open")
	for _, phone := range []string{"12345", "call me", "+1 415 555", "+0 123 456 789"} {
		_, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, phone)
		requireInput(t, err, "phone")
	}
	_, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, "fax", "+14155550123")
	requireInput(t, err, "to")
	_, err = tb.sw.Request(tb.agent, conv, inbox.KindSMS, "")
	requireInput(t, err, "phone") // the contact has no number
	require.Zero(t, tb.count(t, "chat_switches"))
	require.Zero(t, tb.sms.Requests())

	// Without a default country, only international numbers.
	_, err = tb.sw.UpdateSettings(tb.admin, Settings{})
	require.NoError(t, err)
	_, err = tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "(415) 555-0123")
	requireInput(t, err, "phone")
	_, err = tb.sw.UpdateSettings(tb.admin, Settings{DefaultCountry: "ZZ"})
	requireInput(t, err, "defaultCountry")
}

func TestProviderRefusingTheWelcomeLeavesTheConversation(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	tb.crmEndpoint(t)
	visitor, conv := tb.webChat(t, "open")
	tb.sms.FailNext(1, http.StatusBadRequest, 21211, "The 'To' number +14155550199 is not a valid phone number.")

	sw, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550199")
	require.NoError(t, err, "the switch is recorded; its failure says why")
	require.Equal(t, StateFailed, sw.State)
	require.Contains(t, sw.Failure, "not a valid phone number")
	require.Equal(t, "failed", sw.WelcomeStatus)
	c := tb.conversation(t, conv)
	require.Equal(t, tb.web.ID, c.ChannelID, "still on web chat")
	require.False(t, c.Pinned)
	require.Empty(t, c.ContactPhone)
	require.Equal(t, []string{"chat_switch.requested", "chat_switch.failed"}, tb.crmEvents(t))

	// An outage is a failure too, said as such; then a retry goes through.
	tb.sms.FailNext(1, http.StatusServiceUnavailable, 20503, "Service unavailable")
	sw, err = tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550123")
	require.NoError(t, err)
	require.Equal(t, StateFailed, sw.State)
	require.Contains(t, sw.Failure, "could not be reached")
	sw, err = tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550123")
	require.NoError(t, err)
	require.Equal(t, StateActive, sw.State)
}

func TestDoubleClickAndTwoAgentsMakeOneSwitch(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	visitor, conv := tb.webChat(t, "open")

	// The second click arrives while the first welcome is with the provider.
	var second error
	tb.sw.beforeActivate = func(Switch) {
		_, second = tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550123")
	}
	sw, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550123")
	require.NoError(t, err)
	require.Equal(t, StateActive, sw.State)
	require.ErrorIs(t, second, ErrInProgress)
	tb.sw.beforeActivate = nil
	// Clicking again once it is done: already there.
	_, err = tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550123")
	requireInput(t, err, "to")

	// Two agents at once, on another conversation: one switch, one clear refusal.
	_, conv2 := tb.webChat(t, "open")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() { _, errs[i] = tb.sw.Request(tb.agent, conv2, inbox.KindSMS, "+14155550177") })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
			continue
		}
		var in *problem.InputError
		require.ErrorAs(t, err, &in, "in progress, or already on SMS")
	}
	require.Equal(t, 1, ok)
	require.Equal(t, 1, tb.count(t, `chat_switches WHERE conversation_id = $1 AND state = 'active'`, conv2))
	require.Len(t, tb.sms.Sent(), 2, "one welcome per conversation")
	require.Equal(t, tb.smsCh.ID, tb.conversation(t, conv).ChannelID)
}

// A switch request and a reply that wait for the transaction activating
// another switch see the conversation as it is after it: on SMS. (A joined
// SELECT … FOR UPDATE OF c re-checked the join against the web chat channel
// it had read before waiting and found no row: "not found".)
func TestRequestsWaitingOnAnActivationSeeTheNewChannel(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	_, conv := tb.webChat(t, "open")

	locked, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		held <- tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
			if _, err := tx.Exec(tb.admin, `UPDATE conversations SET channel_id = $2, switch_address = '+14155550123' WHERE id = $1`,
				conv, tb.smsCh.ID); err != nil {
				return err
			}
			close(locked)
			<-release
			return nil
		})
	}()
	<-locked
	var switchErr, replyErr error
	var reply inbox.Message
	var wg sync.WaitGroup
	wg.Go(func() { _, switchErr = tb.sw.Request(tb.agent, conv, inbox.KindSMS, "+14155550123") })
	wg.Go(func() { reply, replyErr = tb.inbox.SendMessage(tb.agent, conv, "On its way") })
	require.Eventually(t, func() bool {
		return tb.count(t, `pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM conversations%FOR UPDATE%'`) == 2
	}, 10*time.Second, 10*time.Millisecond, "both wait for the conversation's lock")
	close(release)
	require.NoError(t, <-held)
	wg.Wait()

	requireInput(t, switchErr, "to") // already on SMS, at that number
	require.NoError(t, replyErr)
	require.Equal(t, tb.smsCh.ID, reply.ChannelID, "the reply goes out on the channel the conversation moved to")
}

func TestRevertWithinTheDeadlineOnly(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	tb.crmEndpoint(t)
	visitor, conv := tb.webChat(t, "open")
	sw, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550123")
	require.NoError(t, err)

	tb.advance(9 * time.Second)
	rev, err := tb.sw.RevertForVisitor(tb.visitorScope(), tb.web.ID, visitor, sw.ID)
	require.NoError(t, err)
	require.Equal(t, StateReverted, rev.State)
	require.Equal(t, tb.web.ID, tb.conversation(t, conv).ChannelID)
	again, err := tb.sw.RevertForVisitor(tb.visitorScope(), tb.web.ID, visitor, sw.ID)
	require.NoError(t, err, "a double click on revert is one revert")
	require.Equal(t, StateReverted, again.State)
	require.Equal(t, []string{"chat_switch.requested", "chat_switch.activated", "chat_switch.reverted"}, tb.crmEvents(t))
	// The phone is told.
	tb.runQueued(t)
	sent := tb.sms.Sent()
	require.Len(t, sent, 2)
	require.Contains(t, sent[1].Body, "went back to web chat")
	require.Equal(t, "+14155550123", sent[1].To)

	// Another switch, reverted too late: the server refuses whatever the widget shows.
	sw, err = tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550123")
	require.NoError(t, err)
	require.Equal(t, StateActive, sw.State)
	tb.advance(DefaultRevertWindow)
	_, err = tb.sw.RevertForVisitor(tb.visitorScope(), tb.web.ID, visitor, sw.ID)
	require.ErrorIs(t, err, ErrRevertExpired)
	_, err = tb.sw.Revert(tb.agent, sw.ID)
	require.ErrorIs(t, err, ErrRevertExpired)
	require.Equal(t, tb.smsCh.ID, tb.conversation(t, conv).ChannelID)

	// A failed switch is not revertable; another visitor's switch is not found.
	tb.sms.FailNext(1, http.StatusBadRequest, 21211, "bad number")
	_, conv2 := tb.webChat(t, "open")
	failed, err := tb.sw.Request(tb.agent, conv2, inbox.KindSMS, "+14155550166")
	require.NoError(t, err)
	require.Equal(t, StateFailed, failed.State)
	_, err = tb.sw.Revert(tb.agent, failed.ID)
	require.ErrorIs(t, err, ErrNotRevertable)
	_, err = tb.sw.RevertForVisitor(tb.visitorScope(), tb.web.ID, visitor, failed.ID)
	require.ErrorIs(t, err, ErrNotFound)
}

func TestRevertRacingTheFirstSMSLosesNothing(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	for i := range 5 {
		visitor, conv := tb.webChat(t, "open")
		phone := "+1415555020" + string(rune('0'+i))
		sw, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, phone)
		require.NoError(t, err)
		var wg sync.WaitGroup
		var revertErr error
		wg.Go(func() { _, revertErr = tb.sw.RevertForVisitor(tb.visitorScope(), tb.web.ID, visitor, sw.ID) })
		wg.Go(func() { tb.inboundSMS(t, phone, "first SMS") })
		wg.Wait()
		require.NoError(t, revertErr)
		c := tb.conversation(t, conv)
		require.Equal(t, tb.web.ID, c.ChannelID, "the revert decides the channel")
		require.Equal(t, 1, tb.count(t, `messages WHERE conversation_id = $1 AND body = 'first SMS'`, conv), "the SMS is in the thread")
	}
}

func TestAMessageInFlightGoesOutOnExactlyOneChannel(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	visitor, conv := tb.webChat(t, "open")
	var during inbox.Message
	tb.sw.beforeActivate = func(Switch) {
		var err error
		during, err = tb.inbox.SendMessage(tb.agent, conv, "typed while the welcome was on its way")
		require.NoError(t, err)
	}
	_, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550123")
	require.NoError(t, err)
	after, err := tb.inbox.SendMessage(tb.agent, conv, "after the switch")
	require.NoError(t, err)
	require.Equal(t, tb.web.ID, during.ChannelID, "queued before activation: web chat")
	require.Equal(t, tb.smsCh.ID, after.ChannelID)
	tb.runQueued(t)
	bodies := []string{}
	for _, m := range tb.sms.Sent() {
		bodies = append(bodies, m.Body)
	}
	require.Len(t, bodies, 2)
	require.NotContains(t, bodies, during.Body, "not sent twice")
	require.Contains(t, bodies, after.Body)
}

func TestWhatsAppNeedsTheTemplateOutsideTheWindow(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	fake := whatsapptest.NewServer(t, "wa-token", "wa-secret")
	_, err := tb.inbox.CreateChannel(tb.admin, inbox.CreateChannelParams{Kind: inbox.KindWhatsApp, Name: "WhatsApp", Address: "106540352242922",
		WhatsApp: inbox.WhatsAppConfig{APIBaseURL: fake.URL()},
		Secrets:  inbox.Secrets{AccessToken: "wa-token", AppSecret: "wa-secret", VerifyToken: "v"}})
	require.NoError(t, err)
	visitor, conv := tb.webChat(t, "open")

	_, err = tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindWhatsApp, "+4915112345678")
	requireInput(t, err, "to")
	require.Contains(t, err.Error(), "template")
	require.Empty(t, fake.Sent())
	require.Zero(t, tb.count(t, "chat_switches"))

	_, err = tb.sw.UpdateSettings(tb.admin, Settings{DefaultCountry: "US", WhatsAppTemplate: "chat_continues", WhatsAppLanguage: "en_US"})
	require.NoError(t, err)
	sw, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindWhatsApp, "+4915112345678")
	require.NoError(t, err)
	require.Equal(t, StateActive, sw.State, sw.Failure)
	sent := fake.Sent()
	require.Len(t, sent, 1)
	require.Equal(t, "template", sent[0].Type)
	require.Equal(t, "4915112345678", sent[0].To)

	// Then WhatsApp -> SMS -> web: one conversation throughout.
	sw2, err := tb.sw.Request(tb.agent, conv, inbox.KindSMS, "")
	require.NoError(t, err)
	require.Equal(t, StateActive, sw2.State, sw2.Failure)
	require.Equal(t, "+4915112345678", tb.sms.Sent()[0].To, "the number the conversation has")
	back, err := tb.sw.Request(tb.agent, conv, inbox.KindWebChat, "")
	require.NoError(t, err)
	require.Equal(t, StatePending, back.State, "active when the link is opened")
	tb.runQueued(t)
	link := regexp.MustCompile(`https?://\S+/continue\?sbresume=[^ ]+`).FindString(tb.sms.Sent()[1].Body)
	require.NotEmpty(t, link, tb.sms.Sent()[1].Body)
	u, err := url.Parse(link)
	require.NoError(t, err)
	key := tb.visitorKey(t)
	got, err := tb.sw.Resume(tb.visitorScope(), tb.web.ID, key, u.Query().Get(ResumeParam))
	require.NoError(t, err)
	require.Equal(t, visitor, got, "the same visitor: the widget shows the same conversation")
	require.Equal(t, tb.web.ID, tb.conversation(t, conv).ChannelID)
	hist, err := tb.sw.History(tb.agent, conv)
	require.NoError(t, err)
	states := []State{}
	for _, h := range hist {
		states = append(states, h.State)
	}
	require.Equal(t, []State{StateEnded, StateEnded, StateActive}, states)
	require.Equal(t, 1, tb.count(t, "conversations"))
}

func (tb *testBundle) visitorKey(t *testing.T) []byte {
	t.Helper()
	var key []byte
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		return tx.QueryRow(tb.admin, `SELECT visitor_key FROM channels WHERE id = $1`, tb.web.ID).Scan(&key)
	}))
	return key
}

func TestBackToTheWebLinkIsSignedAndExpires(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	tb.inboundSMS(t, "+14155550123", "hello by SMS") // a conversation that began on SMS, no visitor yet
	var conv uuid.UUID
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		return tx.QueryRow(tb.admin, `SELECT id FROM conversations`).Scan(&conv)
	}))
	sw, err := tb.sw.Request(tb.agent, conv, inbox.KindWebChat, "")
	require.NoError(t, err)
	tb.runQueued(t)
	u, err := url.Parse(regexp.MustCompile(`https?://\S+/continue\?sbresume=[^ ]+`).FindString(tb.sms.Sent()[0].Body))
	require.NoError(t, err)
	token := u.Query().Get(ResumeParam)
	key := tb.visitorKey(t)

	_, err = tb.sw.Resume(tb.visitorScope(), tb.web.ID, key, token[:len(token)-2]+"AA")
	require.ErrorIs(t, err, ErrBadLink, "tampered")
	_, err = tb.sw.Resume(tb.visitorScope(), tb.web.ID, []byte("another channel's key, 32 bytes"), token)
	require.ErrorIs(t, err, ErrBadLink)
	tb.advance(DefaultLinkTTL + time.Second)
	_, err = tb.sw.Resume(tb.visitorScope(), tb.web.ID, key, token)
	require.ErrorIs(t, err, ErrBadLink, "expired")
	tb.advance(-DefaultLinkTTL)
	visitor, err := tb.sw.Resume(tb.visitorScope(), tb.web.ID, key, token)
	require.NoError(t, err)
	_, err = tb.sw.Resume(tb.visitorScope(), tb.web.ID, key, token)
	require.NoError(t, err, "opening it again while it is active")
	require.Equal(t, tb.web.ID, tb.conversation(t, conv).ChannelID)
	require.Equal(t, 1, tb.count(t, `webchat_visitors WHERE id = $1`, visitor))
	hist, err := tb.sw.History(tb.agent, conv)
	require.NoError(t, err)
	require.Equal(t, sw.ID, hist[0].ID)
	require.Equal(t, StateActive, hist[0].State)
}

func TestReconnectAnOfflineLeadAndAnEndedChat(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	tb.crmEndpoint(t)
	// An offline lead: pending, with the phone the form collected.
	visitor, lead := tb.webChat(t, "pending")
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		_, err := tx.Exec(tb.admin, `UPDATE webchat_visitors SET lead_name = 'Ann', lead_phone = '+14155550144', lead_at = now() WHERE id = $1`, visitor)
		return err
	}))
	kinds, err := tb.sw.Reconnectable(tb.agent, lead)
	require.NoError(t, err)
	require.Equal(t, []inbox.Kind{inbox.KindSMS}, kinds)
	sw, err := tb.sw.Reconnect(tb.agent, lead, inbox.KindSMS)
	require.NoError(t, err)
	require.Equal(t, StateActive, sw.State, sw.Failure)
	require.Equal(t, InitiatorReconnect, sw.Initiator)
	require.Nil(t, sw.RevertDeadline, "a reconnect has nothing to revert to")
	c := tb.conversation(t, lead)
	require.Equal(t, "open", c.Status)
	require.Equal(t, tb.smsCh.ID, c.ChannelID)
	require.Equal(t, "+14155550144", tb.sms.Sent()[0].To)

	// An ended chat without a number: not offered, and refused.
	_, ended := tb.webChat(t, "closed")
	kinds, err = tb.sw.Reconnectable(tb.agent, ended)
	require.NoError(t, err)
	require.Empty(t, kinds)
	_, err = tb.sw.Reconnect(tb.agent, ended, inbox.KindSMS)
	requireInput(t, err, "phone")
	// An open conversation is switched, not reconnected.
	_, err = tb.sw.Reconnect(tb.agent, lead, inbox.KindSMS)
	requireInput(t, err, "conversationId")

	// An ended chat with a number whose send fails: everything as it was.
	_, ended2 := tb.webChat(t, "closed")
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		_, err := tx.Exec(tb.admin, `UPDATE contacts SET phone = '+14155550155' WHERE id = (SELECT contact_id FROM conversations WHERE id = $1)`, ended2)
		return err
	}))
	tb.sms.FailNext(1, http.StatusBadRequest, 21610, "Attempt to send to unsubscribed recipient")
	sw, err = tb.sw.Reconnect(tb.agent, ended2, inbox.KindSMS)
	require.NoError(t, err)
	require.Equal(t, StateFailed, sw.State)
	require.Contains(t, sw.Failure, "unsubscribed")
	c = tb.conversation(t, ended2)
	require.Equal(t, "closed", c.Status)
	require.Equal(t, tb.web.ID, c.ChannelID)
}

func TestVisitorActionCommandPromptsTheWidget(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	visitor, conv := tb.webChat(t, "open")
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		_, err := tx.Exec(tb.admin, `UPDATE webchat_visitors SET lead_phone = '+14155550188' WHERE id = $1`, visitor)
		return err
	}))
	requireInput(t, tb.sw.SendVisitorAction(tb.agent, conv, inbox.KindWhatsApp), "to") // no WhatsApp channel
	require.NoError(t, tb.sw.SendVisitorAction(tb.agent, conv, inbox.KindSMS))
	st, err := tb.sw.VisitorState(tb.visitorScope(), tb.web.ID, visitor)
	require.NoError(t, err)
	require.Equal(t, []inbox.Kind{inbox.KindSMS}, st.Targets, "only configured channels are offered")
	require.NotNil(t, st.Prompt)
	require.Equal(t, Prompt{To: inbox.KindSMS, Phone: "+14155550188"}, *st.Prompt, "prefilled")

	require.NoError(t, tb.sw.CancelPromptForVisitor(tb.visitorScope(), tb.web.ID, visitor))
	st, err = tb.sw.VisitorState(tb.visitorScope(), tb.web.ID, visitor)
	require.NoError(t, err)
	require.Nil(t, st.Prompt)

	// A prompt the visitor acts on is cleared by the switch.
	require.NoError(t, tb.sw.SendVisitorAction(tb.agent, conv, inbox.KindSMS))
	sw, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550188")
	require.NoError(t, err)
	st, err = tb.sw.VisitorState(tb.visitorScope(), tb.web.ID, visitor)
	require.NoError(t, err)
	require.Nil(t, st.Prompt)
	require.Equal(t, sw.ID, st.Latest.ID)
	require.Equal(t, StateActive, st.Latest.State)

	// The switch's live event carries the same state to the widget, targets
	// included (the widget replaces its state with it).
	visitors, pushed, err := tb.sw.VisitorsOfEvent(tb.visitorScope(), tb.web.ID, TopicSwitch, sw.ID)
	require.NoError(t, err)
	require.Equal(t, []uuid.UUID{visitor}, visitors)
	require.Equal(t, st, pushed)
}

func TestAnotherTenantSeesNoSwitch(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	visitor, conv := tb.webChat(t, "open")
	sw, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550123")
	require.NoError(t, err)

	other := uuid.New()
	otherAdmin := tenants.ForMember(context.Background(), other, uuid.Nil, tenants.RoleAdmin)
	require.NoError(t, tb.db.InTenantTx(otherAdmin, func(tx pgx.Tx) error {
		_, err := tx.Exec(otherAdmin, `INSERT INTO tenants (id, name) VALUES ($1, 'B')`, other)
		return err
	}))
	_, err = tb.sw.Revert(otherAdmin, sw.ID)
	require.ErrorIs(t, err, ErrNotFound)
	_, err = tb.sw.Request(otherAdmin, conv, inbox.KindSMS, "+14155550124")
	require.ErrorIs(t, err, ErrNotFound)
	require.ErrorIs(t, tb.sw.SendVisitorAction(otherAdmin, conv, inbox.KindSMS), ErrNotFound)
	hist, err := tb.sw.History(otherAdmin, conv)
	require.NoError(t, err)
	require.Empty(t, hist)
	byID, err := tb.sw.ByIDs(otherAdmin, []uuid.UUID{sw.ID})
	require.NoError(t, err)
	require.Empty(t, byID)
	_, err = tb.sw.RequestForVisitor(tenants.ForJob(context.Background(), other), tb.web.ID, visitor, inbox.KindSMS, "+14155550123")
	require.ErrorIs(t, err, ErrNoConversation)
	// An agent of no tenant at all, and a billing user, get nothing.
	billing := tenants.ForMember(context.Background(), tb.tenant, uuid.Nil, tenants.RoleBilling)
	_, err = tb.sw.Request(billing, conv, inbox.KindSMS, "")
	require.ErrorIs(t, err, ErrNotFound)
}

func TestAVisitorCannotPullACustomersThreadOrSendAtWill(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	// A real customer texts first and has an open conversation.
	tb.inboundSMS(t, "+14155550111", "my own question")
	var own uuid.UUID
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		return tx.QueryRow(tb.admin, `SELECT id FROM conversations`).Scan(&own)
	}))
	// A visitor claims the customer's number.
	visitor, conv := tb.webChat(t, "open")
	sw, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550111")
	require.NoError(t, err)
	require.Equal(t, StateActive, sw.State)
	require.Empty(t, tb.conversation(t, conv).ContactPhone, "the number stays with its contact")
	require.Equal(t, "+14155550111", tb.conversation(t, conv).SwitchAddress)
	// The customer's next SMS stays in their own thread.
	tb.inboundSMS(t, "+14155550111", "still me")
	require.Equal(t, 1, tb.count(t, `messages WHERE conversation_id = $1 AND body = 'still me'`, own))

	// And the widget cannot be used to text anyone at will.
	for i := range MaxVisitorSwitchesPerHour - 1 {
		tb.sms.FailNext(1, http.StatusBadRequest, 21211, "bad number")
		_, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+1415555013"+string(rune('0'+i)))
		require.NoError(t, err)
	}
	_, err = tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550140")
	require.ErrorIs(t, err, ErrTooManySwitches)
	tb.advance(2 * time.Hour) // created_at is the database's clock; the test clock runs ahead of it
	tb.sms.FailNext(1, http.StatusBadRequest, 21211, "bad number")
	_, err = tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550140")
	require.NoError(t, err, "an hour later")
}

func TestAnAbandonedPendingSwitchGivesWay(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	tb.crmEndpoint(t)
	visitor, conv := tb.webChat(t, "open")
	// A process died after step 1: the switch stayed pending.
	stale := uuid.New()
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		_, err := tx.Exec(tb.admin, `INSERT INTO chat_switches (id, tenant_id, conversation_id, from_channel_id, to_channel_id, to_kind, initiator, address, created_at)
			VALUES ($1, $2, $3, $4, $5, 'sms', 'visitor', '+14155550123', now() - interval '1 hour')`, stale, tb.tenant, conv, tb.web.ID, tb.smsCh.ID)
		return err
	}))
	sw, err := tb.sw.RequestForVisitor(tb.visitorScope(), tb.web.ID, visitor, inbox.KindSMS, "+14155550123")
	require.NoError(t, err)
	require.Equal(t, StateActive, sw.State)
	hist, err := tb.sw.History(tb.agent, conv)
	require.NoError(t, err)
	require.Equal(t, stale, hist[0].ID)
	require.Equal(t, StateFailed, hist[0].State)
	require.Contains(t, hist[0].Failure, "abandoned")

	// The CRM got the documented payload.
	var payload []byte
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		return tx.QueryRow(tb.admin, `SELECT payload FROM webhook_deliveries WHERE event_type = 'chat_switch.activated'`).Scan(&payload)
	}))
	var body struct {
		Type string `json:"type"`
		Data struct {
			ID             uuid.UUID `json:"id"`
			ConversationID uuid.UUID `json:"conversation_id"`
			ToChannelKind  string    `json:"to_channel_kind"`
			Initiator      string    `json:"initiator"`
			Address        string    `json:"address"`
			State          string    `json:"state"`
			RevertDeadline time.Time `json:"revert_deadline"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal(payload, &body))
	require.Equal(t, "chat_switch.activated", body.Type)
	require.Equal(t, sw.ID, body.Data.ID)
	require.Equal(t, conv, body.Data.ConversationID)
	require.Equal(t, "sms", body.Data.ToChannelKind)
	require.Equal(t, "visitor", body.Data.Initiator)
	require.Equal(t, "+14155550123", body.Data.Address)
	require.Equal(t, "active", body.Data.State)
	require.False(t, body.Data.RevertDeadline.IsZero())
}

func TestWhatsAppWelcomeIsFreeFormInsideTheWindow(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	fake := whatsapptest.NewServer(t, "wa-token", "wa-secret")
	wa, err := tb.inbox.CreateChannel(tb.admin, inbox.CreateChannelParams{Kind: inbox.KindWhatsApp, Name: "WhatsApp", Address: "106540352242922",
		WhatsApp: inbox.WhatsAppConfig{APIBaseURL: fake.URL()},
		Secrets:  inbox.Secrets{AccessToken: "wa-token", AppSecret: "wa-secret", VerifyToken: "v"}})
	require.NoError(t, err)
	resp := fake.Inbound(t, tb.hooks.URL+"/hooks/whatsapp/"+wa.ID.String(), wa.Address, "4915112345678", "Ana", "Hola")
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var conv uuid.UUID
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		return tx.QueryRow(tb.admin, `SELECT id FROM conversations`).Scan(&conv)
	}))

	toSMS, err := tb.sw.Request(tb.agent, conv, inbox.KindSMS, "")
	require.NoError(t, err)
	require.Equal(t, StateActive, toSMS.State, toSMS.Failure)
	// Back to WhatsApp: the customer wrote there minutes ago, so no template
	// is needed (none is configured) and the welcome is plain text.
	toWA, err := tb.sw.Request(tb.agent, conv, inbox.KindWhatsApp, "")
	require.NoError(t, err)
	require.Equal(t, StateActive, toWA.State, toWA.Failure)
	sent := fake.Sent()
	require.Len(t, sent, 1)
	require.Equal(t, "text", sent[0].Type)
	require.Contains(t, sent[0].Text, "continues here on WhatsApp")
	require.Equal(t, wa.ID, tb.conversation(t, conv).ChannelID)
	// The reply to that welcome comes back into the same conversation.
	resp = fake.Inbound(t, tb.hooks.URL+"/hooks/whatsapp/"+wa.ID.String(), wa.Address, "4915112345678", "Ana", "Gracias")
	require.NoError(t, resp.Body.Close())
	require.Equal(t, 1, tb.count(t, `messages WHERE conversation_id = $1 AND body = 'Gracias'`, conv))
	require.Equal(t, 1, tb.count(t, "conversations"))
}
