package inbox

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/integrations/sms"
	"github.com/switchboard/switchboard/integrations/sms/smstest"
	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/integrations/whatsapp/whatsapptest"
	"github.com/switchboard/switchboard/internal/webhook"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

type testBundle struct {
	db     *dbtest.TestDB
	inbox  *Service
	hooks  *httptest.Server
	admin  context.Context // an ADMIN of tenant A
	tenant uuid.UUID
}

func setup(t *testing.T) *testBundle {
	t.Helper()
	d := dbtest.New(t)
	rc, err := river.NewClient(riverpgxv5.New(d.Pool()), &river.Config{}) // insert-only: tests run the worker by hand
	require.NoError(t, err)
	tb := &testBundle{db: d}
	tb.inbox = &Service{DB: d.DB, Jobs: rc}
	tb.hooks = httptest.NewServer(tb.inbox.Hooks())
	t.Cleanup(tb.hooks.Close)
	tb.inbox.PublicURL = tb.hooks.URL
	tb.tenant, tb.admin = newTenant(t, d)
	return tb
}

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

func (tb *testBundle) smsChannel(t *testing.T, ctx context.Context, fake *smstest.Server, number string) Channel {
	t.Helper()
	ch, err := tb.inbox.CreateChannel(ctx, CreateChannelParams{Kind: KindSMS, Name: "Support SMS", Address: number,
		SMS: SMSConfig{AccountSID: fake.AccountSID, APIBaseURL: fake.URL}, Secrets: Secrets{AuthToken: fake.AuthToken}})
	require.NoError(t, err)
	return ch
}

func (tb *testBundle) count(t *testing.T, ctx context.Context, table string) int {
	t.Helper()
	var n int
	require.NoError(t, tb.db.InTenantTx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n)
	}))
	return n
}

func (tb *testBundle) runSend(t *testing.T, ctx context.Context, msgID uuid.UUID, attempt int) error {
	t.Helper()
	w := &SendWorker{Inbox: tb.inbox}
	job := &river.Job[jobargs.MessageSend]{JobRow: &rivertype.JobRow{Attempt: attempt, MaxAttempts: 10},
		Args: jobargs.MessageSend{TenantID: tb.tenant, MessageID: msgID}}
	return w.Work(tenants.ForJob(ctx, tb.tenant), job)
}

func drain(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

func TestInboundSMSStoresOnceAndThreads(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	fake := smstest.NewServer(t, "", "")
	ch := tb.smsChannel(t, tb.admin, fake, "+14155550100")
	hook := tb.hooks.URL + "/hooks/sms/" + ch.ID.String()

	params := smstest.InboundParams{From: "+14155550123", To: ch.Address, Body: "Hello, is anyone there?"}
	params.MessageSID = smstest.NewSID("SM")
	resp := fake.InboundWith(t, hook, hook, params)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, drain(t, resp), "<Response>")

	// The provider retries the same delivery: nothing is stored twice.
	resp = fake.InboundWith(t, hook, hook, params)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	drain(t, resp)
	require.Equal(t, 1, tb.count(t, tb.admin, "messages"))

	// A second message from the same number lands in the same conversation.
	drain(t, fake.Inbound(t, hook, hook, "+14155550123", ch.Address, "Hello again"))
	convs, err := tb.inbox.Conversations(tb.admin, ConversationFilter{}, 10, nil)
	require.NoError(t, err)
	require.Len(t, convs, 1)
	c := convs[0]
	require.Equal(t, "+14155550123", c.Contact.Phone)
	require.Equal(t, 2, c.UnreadCount)
	require.Equal(t, KindSMS, c.ChannelKind)
	msgs, err := tb.inbox.Messages(tb.admin, c.ID, 10, nil)
	require.NoError(t, err)
	require.Len(t, msgs, 2)
	require.Equal(t, "Hello again", msgs[0].Body, "newest first")
	require.Equal(t, "inbound", msgs[1].Direction)
	require.Equal(t, "received", msgs[1].Status)
}

func TestInboundSMSRefusesBadRequests(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	fake := smstest.NewServer(t, "", "")
	ch := tb.smsChannel(t, tb.admin, fake, "+14155550100")
	hook := tb.hooks.URL + "/hooks/sms/" + ch.ID.String()
	form := fake.InboundForm(smstest.InboundParams{From: "+14155550123", To: ch.Address, Body: "hi"})

	post := func(t *testing.T, target string, body string, signature string) int {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if signature != "" {
			req.Header.Set("X-Twilio-Signature", signature)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		drain(t, resp)
		return resp.StatusCode
	}
	good := sms.Sign(fake.AuthToken, hook, form)
	require.Equal(t, http.StatusForbidden, post(t, hook, form.Encode(), ""), "unsigned")
	require.Equal(t, http.StatusForbidden, post(t, hook, form.Encode(), sms.Sign("wrong-token", hook, form)), "wrong secret")
	tampered := url.Values{}
	for k, v := range form {
		tampered[k] = v
	}
	tampered.Set("Body", "send me the money")
	require.Equal(t, http.StatusForbidden, post(t, hook, tampered.Encode(), good), "tampered")
	require.Equal(t, http.StatusNotFound, post(t, tb.hooks.URL+"/hooks/sms/"+uuid.NewString(), form.Encode(), good), "unknown channel")
	require.Equal(t, http.StatusNotFound, post(t, tb.hooks.URL+"/hooks/whatsapp/"+ch.ID.String(), form.Encode(), good), "wrong kind")
	big := url.Values{"Body": {strings.Repeat("x", MaxWebhookBody)}}
	require.Equal(t, http.StatusRequestEntityTooLarge, post(t, hook, big.Encode(), sms.Sign(fake.AuthToken, hook, big)))
	noFrom := url.Values{"MessageSid": {smstest.NewSID("SM")}, "Body": {"x"}, "To": {ch.Address}}
	require.Equal(t, http.StatusBadRequest, post(t, hook, noFrom.Encode(), sms.Sign(fake.AuthToken, hook, noFrom)), "signed but malformed")
	require.Zero(t, tb.count(t, tb.admin, "messages"))
	require.Zero(t, tb.count(t, tb.admin, "provider_events"))
}

func TestReplyIsSentOnceAndStatusOnlyMovesForward(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	fake := smstest.NewServer(t, "", "")
	ch := tb.smsChannel(t, tb.admin, fake, "+14155550100")
	hook := tb.hooks.URL + "/hooks/sms/" + ch.ID.String()
	drain(t, fake.Inbound(t, hook, hook, "+14155550123", ch.Address, "Can you call me back?"))
	convs, err := tb.inbox.Conversations(tb.admin, ConversationFilter{}, 10, nil)
	require.NoError(t, err)

	agent := tenants.ForMember(context.Background(), tb.tenant, uuid.Nil, tenants.RoleAgent)
	msg, err := tb.inbox.SendMessage(agent, convs[0].ID, "  Sure, in five minutes.  ")
	require.NoError(t, err)
	require.Equal(t, "queued", msg.Status)
	require.Equal(t, "Sure, in five minutes.", msg.Body)
	var jobs int
	require.NoError(t, tb.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = 'message_send'`).Scan(&jobs))
	require.Equal(t, 1, jobs, "the send job was enqueued with the message")

	require.NoError(t, tb.runSend(t, context.Background(), msg.ID, 1))
	require.NoError(t, tb.runSend(t, context.Background(), msg.ID, 2), "a retried job finds the message sent")
	sent := fake.Sent()
	require.Len(t, sent, 1)
	require.Equal(t, "+14155550123", sent[0].To)
	require.Equal(t, ch.Address, sent[0].From)
	require.Equal(t, msg.ID.String(), sent[0].IdempotencyKey)
	require.Equal(t, hook, sent[0].StatusCallback)

	got, err := tb.inbox.GetMessage(tb.admin, msg.ID)
	require.NoError(t, err)
	require.Equal(t, "sent", got.Status)
	require.Equal(t, sent[0].SID, got.ProviderMessageID)

	require.Equal(t, http.StatusNoContent, fake.Deliver(t, sent[0].SID, sms.StatusDelivered).StatusCode)
	require.Equal(t, http.StatusNoContent, fake.Deliver(t, sent[0].SID, sms.StatusSent).StatusCode, "late")
	require.Equal(t, http.StatusNoContent, fake.Deliver(t, sent[0].SID, sms.StatusDelivered).StatusCode, "twice")
	got, err = tb.inbox.GetMessage(tb.admin, msg.ID)
	require.NoError(t, err)
	require.Equal(t, "delivered", got.Status, "never backwards")
}

func TestProviderRefusalsAndOutages(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	fake := smstest.NewServer(t, "", "")
	ch := tb.smsChannel(t, tb.admin, fake, "+14155550100")
	hook := tb.hooks.URL + "/hooks/sms/" + ch.ID.String()
	drain(t, fake.Inbound(t, hook, hook, "+14155550123", ch.Address, "hi"))
	convs, err := tb.inbox.Conversations(tb.admin, ConversationFilter{}, 10, nil)
	require.NoError(t, err)

	// An outage is retried, and leaves the message queued.
	fake.FailNext(1, http.StatusServiceUnavailable, 20500, "Service unavailable")
	msg, err := tb.inbox.SendMessage(tb.admin, convs[0].ID, "first")
	require.NoError(t, err)
	err = tb.runSend(t, context.Background(), msg.ID, 1)
	require.Error(t, err)
	var cancel *river.JobCancelError
	require.NotErrorAs(t, err, &cancel)
	require.NotContains(t, err.Error(), "+1415", "River's tables hold no customer data")
	got, err := tb.inbox.GetMessage(tb.admin, msg.ID)
	require.NoError(t, err)
	require.Equal(t, "queued", got.Status)
	require.NoError(t, tb.runSend(t, context.Background(), msg.ID, 2))

	// A refusal fails the message with the provider's reason and is not retried.
	fake.FailNext(1, http.StatusBadRequest, 21610, "Attempt to send to unsubscribed recipient")
	msg, err = tb.inbox.SendMessage(tb.admin, convs[0].ID, "second")
	require.NoError(t, err)
	err = tb.runSend(t, context.Background(), msg.ID, 1)
	require.ErrorAs(t, err, &cancel)
	got, err = tb.inbox.GetMessage(tb.admin, msg.ID)
	require.NoError(t, err)
	require.Equal(t, "failed", got.Status)
	require.Contains(t, got.Error, "unsubscribed")
}

func TestTenantsCannotReachEachOthersInbox(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	fake := smstest.NewServer(t, "", "")
	ch := tb.smsChannel(t, tb.admin, fake, "+14155550100")
	hook := tb.hooks.URL + "/hooks/sms/" + ch.ID.String()
	drain(t, fake.Inbound(t, hook, hook, "+14155550123", ch.Address, "private"))
	convs, err := tb.inbox.Conversations(tb.admin, ConversationFilter{}, 10, nil)
	require.NoError(t, err)

	_, other := newTenant(t, tb.db)
	_, err = tb.inbox.SendMessage(other, convs[0].ID, "hijack")
	require.ErrorIs(t, err, ErrNotFound)
	_, err = tb.inbox.GetConversation(other, convs[0].ID)
	require.ErrorIs(t, err, ErrNotFound)
	_, err = tb.inbox.GetChannel(other, ch.ID)
	require.ErrorIs(t, err, ErrNotFound)
	list, err := tb.inbox.Conversations(other, ConversationFilter{}, 10, nil)
	require.NoError(t, err)
	require.Empty(t, list)
	// The same phone number in another tenant is another contact.
	ch2 := tb.smsChannel(t, other, fake, "+14155550100")
	hook2 := tb.hooks.URL + "/hooks/sms/" + ch2.ID.String()
	drain(t, fake.Inbound(t, hook2, hook2, "+14155550123", ch2.Address, "separate"))
	require.Equal(t, 1, tb.count(t, other, "contacts"))
	require.Equal(t, 1, tb.count(t, tb.admin, "messages"))
}

func TestWhatsAppRepliesRespectTheWindow(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	ch, err := tb.inbox.CreateChannel(tb.admin, CreateChannelParams{Kind: KindWhatsApp, Name: "WA", Address: "106540352242922",
		Secrets: Secrets{AccessToken: "t", AppSecret: "s", VerifyToken: "v"}})
	require.NoError(t, err)
	contact, conv := uuid.New(), uuid.New()
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		if _, err := tx.Exec(tb.admin, `INSERT INTO contacts (id, tenant_id, phone) VALUES ($1, $2, '+4915112345678')`, contact, tb.tenant); err != nil {
			return err
		}
		_, err := tx.Exec(tb.admin, `INSERT INTO conversations (id, tenant_id, contact_id, channel_id, last_inbound_at)
			VALUES ($1, $2, $3, $4, $5)`, conv, tb.tenant, contact, ch.ID, time.Now().Add(-25*time.Hour))
		return err
	}))
	_, err = tb.inbox.SendMessage(tb.admin, conv, "are you still there?")
	require.ErrorIs(t, err, ErrOutsideWindow)
	require.Zero(t, tb.count(t, tb.admin, "messages"), "nothing is queued")
}

func (tb *testBundle) whatsappChannel(t *testing.T, fake *whatsapptest.Server, phoneNumberID string) Channel {
	t.Helper()
	ch, err := tb.inbox.CreateChannel(tb.admin, CreateChannelParams{Kind: KindWhatsApp, Name: "WhatsApp", Address: phoneNumberID,
		WhatsApp: WhatsAppConfig{APIBaseURL: fake.URL()},
		Secrets:  Secrets{AccessToken: "wa-access-token", AppSecret: "wa-app-secret", VerifyToken: "wa-verify-token"}})
	require.NoError(t, err)
	return ch
}

func TestWhatsAppInboundReplyAndStatuses(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	fake := whatsapptest.NewServer(t, "wa-access-token", "wa-app-secret")
	ch := tb.whatsappChannel(t, fake, "106540352242922")
	hook := tb.inbox.WebhookURL(ch)

	// The subscription handshake answers Meta's challenge only with the right token.
	resp, err := http.Get(hook + "?hub.mode=subscribe&hub.verify_token=wa-verify-token&hub.challenge=1158201444")
	require.NoError(t, err)
	require.Equal(t, "1158201444", drain(t, resp))
	resp, err = http.Get(hook + "?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1")
	require.NoError(t, err)
	drain(t, resp)
	require.Equal(t, http.StatusForbidden, resp.StatusCode)

	resp = fake.Inbound(t, hook, ch.Address, "4915112345678", "Ana", "Hallo, ich brauche Hilfe")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	drain(t, resp)
	convs, err := tb.inbox.Conversations(tb.admin, ConversationFilter{Kind: KindWhatsApp}, 10, nil)
	require.NoError(t, err)
	require.Len(t, convs, 1)
	require.Equal(t, "+4915112345678", convs[0].Contact.Phone)
	require.Equal(t, "Ana", convs[0].Contact.Name)
	require.NotNil(t, convs[0].LastInboundAt, "the 24-hour window is open")

	msg, err := tb.inbox.SendMessage(tb.admin, convs[0].ID, "Wie kann ich helfen?")
	require.NoError(t, err)
	require.NoError(t, tb.runSend(t, context.Background(), msg.ID, 1))
	sent := fake.Sent()
	require.Len(t, sent, 1)
	require.Equal(t, "4915112345678", sent[0].To)
	require.Equal(t, "Wie kann ich helfen?", sent[0].Text)

	for _, status := range []string{"delivered", "read", "delivered"} {
		resp = fake.Status(t, hook, ch.Address, sent[0].ID, status)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		drain(t, resp)
	}
	got, err := tb.inbox.GetMessage(tb.admin, msg.ID)
	require.NoError(t, err)
	require.Equal(t, "read", got.Status, "a late delivered does not undo read")

	// A forged notification (signed with another secret) stores nothing.
	other := whatsapptest.NewServer(t, "x", "not-the-app-secret")
	resp = other.Inbound(t, hook, ch.Address, "4915100000000", "Mallory", "forged")
	drain(t, resp)
	require.Equal(t, http.StatusForbidden, resp.StatusCode)
	require.Equal(t, 2, tb.count(t, tb.admin, "messages"))
}

func TestInboundMessageIsAnnouncedToTheCRM(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	hooks := &webhook.Service{DB: tb.db.DB, Jobs: tb.inbox.Jobs, Guard: webhookhttp.Guard{AllowLoopback: true}}
	_, _, err := hooks.CreateEndpoint(tb.admin, webhook.CreateEndpointParams{URL: "http://127.0.0.1:9/crm"})
	require.NoError(t, err)
	fake := smstest.NewServer(t, "", "")
	ch := tb.smsChannel(t, tb.admin, fake, "+14155550100")
	hook := tb.inbox.WebhookURL(ch)

	params := smstest.InboundParams{From: "+14155550123", To: ch.Address, Body: "hi", MessageSID: smstest.NewSID("SM")}
	drain(t, fake.InboundWith(t, hook, hook, params))
	drain(t, fake.InboundWith(t, hook, hook, params)) // a retried webhook announces nothing twice
	events := func() []string {
		var types []string
		require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
			rows, err := tx.Query(tb.admin, `SELECT event_type FROM webhook_deliveries ORDER BY created_at, event_type`)
			if err != nil {
				return err
			}
			types, err = pgx.CollectRows(rows, pgx.RowTo[string])
			return err
		}))
		return types
	}
	require.ElementsMatch(t, []string{"contact.created", "conversation.created", "message.created"}, events())

	drain(t, fake.Inbound(t, hook, hook, "+14155550123", ch.Address, "again"))
	require.Len(t, events(), 4, "a known contact and conversation: only message.created")
}

func TestConversationStateAndContacts(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	fake := smstest.NewServer(t, "", "")
	ch := tb.smsChannel(t, tb.admin, fake, "+14155550100")
	hook := tb.inbox.WebhookURL(ch)
	drain(t, fake.Inbound(t, hook, hook, "+14155550123", ch.Address, "hello"))
	convs, err := tb.inbox.Conversations(tb.admin, ConversationFilter{}, 10, nil)
	require.NoError(t, err)
	conv := convs[0]

	member := uuid.New()
	require.NoError(t, tb.db.InTenantTx(tenants.ForMember(context.Background(), tb.tenant, member, tenants.RoleAgent), func(tx pgx.Tx) error {
		if _, err := tx.Exec(context.Background(), `INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Agent', 'x')`,
			member, member.String()+"@example.com"); err != nil {
			return err
		}
		_, err := tx.Exec(context.Background(), `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'AGENT')`, tb.tenant, member)
		return err
	}))
	pending := "pending"
	assignee := &member
	got, err := tb.inbox.UpdateConversation(tb.admin, conv.ID, UpdateConversationParams{Status: &pending, Assignee: &assignee, MarkRead: true})
	require.NoError(t, err)
	require.Equal(t, "pending", got.Status)
	require.Equal(t, member, *got.AssigneeID)
	require.Zero(t, got.UnreadCount)
	mine, err := tb.inbox.Conversations(tb.admin, ConversationFilter{AssigneeID: &member}, 10, nil)
	require.NoError(t, err)
	require.Len(t, mine, 1)

	stranger := uuid.New()
	other := &stranger
	_, err = tb.inbox.UpdateConversation(tb.admin, conv.ID, UpdateConversationParams{Assignee: &other})
	var input *InputError
	require.ErrorAs(t, err, &input, "only members can be assigned")
	bad := "archived"
	_, err = tb.inbox.UpdateConversation(tb.admin, conv.ID, UpdateConversationParams{Status: &bad})
	require.ErrorAs(t, err, &input)

	// A closed conversation stays closed: the customer's next message starts a new one.
	closed := "closed"
	_, err = tb.inbox.UpdateConversation(tb.admin, conv.ID, UpdateConversationParams{Status: &closed})
	require.NoError(t, err)
	drain(t, fake.Inbound(t, hook, hook, "+14155550123", ch.Address, "one more thing"))
	convs, err = tb.inbox.Conversations(tb.admin, ConversationFilter{Status: "open"}, 10, nil)
	require.NoError(t, err)
	require.Len(t, convs, 1)
	require.NotEqual(t, conv.ID, convs[0].ID, "a closed conversation stays closed; the customer starts a new one")

	name, email, crm := " Ana Lima ", "Ana@Example.com", "crm-42"
	c, err := tb.inbox.UpdateContact(tb.admin, conv.Contact.ID, UpdateContactParams{Name: &name, Email: &email, ExternalID: &crm})
	require.NoError(t, err)
	require.Equal(t, Contact{ID: conv.Contact.ID, Name: "Ana Lima", Phone: "+14155550123", Email: "ana@example.com", ExternalID: "crm-42"}, c)
	badEmail := "not an address"
	_, err = tb.inbox.UpdateContact(tb.admin, conv.Contact.ID, UpdateContactParams{Email: &badEmail})
	require.ErrorAs(t, err, &input)

	_, other2 := newTenant(t, tb.db)
	_, err = tb.inbox.UpdateConversation(other2, conv.ID, UpdateConversationParams{MarkRead: true})
	require.ErrorIs(t, err, ErrNotFound)
	_, err = tb.inbox.UpdateContact(other2, conv.Contact.ID, UpdateContactParams{Name: &name})
	require.ErrorIs(t, err, ErrNotFound)
}

func TestTemplateOutsideTheWindow(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	fake := whatsapptest.NewServer(t, "wa-access-token", "wa-app-secret")
	ch := tb.whatsappChannel(t, fake, "106540352242922")
	contact, conv := uuid.New(), uuid.New()
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		if _, err := tx.Exec(tb.admin, `INSERT INTO contacts (id, tenant_id, phone) VALUES ($1, $2, '+4915112345678')`, contact, tb.tenant); err != nil {
			return err
		}
		_, err := tx.Exec(tb.admin, `INSERT INTO conversations (id, tenant_id, contact_id, channel_id, last_inbound_at)
			VALUES ($1, $2, $3, $4, $5)`, conv, tb.tenant, contact, ch.ID, time.Now().Add(-30*time.Hour))
		return err
	}))
	_, err := tb.inbox.SendMessage(tb.admin, conv, "still there?")
	require.ErrorIs(t, err, ErrOutsideWindow)

	msg, err := tb.inbox.SendTemplate(tb.admin, conv, Template{Name: "order_update", Language: "en_US", BodyParameters: []string{"Ana", "A-1042"}})
	require.NoError(t, err)
	require.Equal(t, "Template order_update: Ana, A-1042", msg.Body)
	require.NoError(t, tb.runSend(t, context.Background(), msg.ID, 1))
	sent := fake.Sent()
	require.Len(t, sent, 1)
	require.Equal(t, "template", sent[0].Type)
	require.NotNil(t, sent[0].Template)
	require.Equal(t, "order_update", sent[0].Template.Name)
	got, err := tb.inbox.GetMessage(tb.admin, msg.ID)
	require.NoError(t, err)
	require.Equal(t, "sent", got.Status)

	// Templates are a WhatsApp thing.
	smsFake := smstest.NewServer(t, "", "")
	smsCh := tb.smsChannel(t, tb.admin, smsFake, "+14155550100")
	drain(t, smsFake.Inbound(t, tb.inbox.WebhookURL(smsCh), tb.inbox.WebhookURL(smsCh), "+14155550199", smsCh.Address, "hi"))
	convs, err := tb.inbox.Conversations(tb.admin, ConversationFilter{Kind: KindSMS}, 10, nil)
	require.NoError(t, err)
	_, err = tb.inbox.SendTemplate(tb.admin, convs[0].ID, Template{Name: "x", Language: "en"})
	var input *InputError
	require.ErrorAs(t, err, &input)
}
