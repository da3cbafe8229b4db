package inbox

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/sms/smstest"
	"github.com/switchboard/switchboard/integrations/whatsapp/whatsapptest"
	"github.com/switchboard/switchboard/tenants"
)

func TestTemplateParameters(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]int{
		"Hello":                        0,
		"Hi {{1}}, order {{2}} ships.": 2,
		"{{1}} and {{ 1 }} again":      1,
		"{{2}} then {{1}}":             2,
	} {
		n, err := templateParameters(body)
		require.NoError(t, err, body)
		require.Equal(t, want, n, body)
	}
	for _, bad := range []string{"{{2}} only", "{{0}}", "{{21}}", "{{1}} {{3}}"} {
		_, err := templateParameters(bad)
		require.Error(t, err, bad)
	}
	require.Equal(t, "Hi Ana, order A-1 ships.", renderTemplate("Hi {{1}}, order {{ 2 }} ships.", []string{"Ana", "A-1"}))
}

func TestRegisteredWhatsAppTemplates(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	fake := whatsapptest.NewServer(t, "wa-access-token", "wa-app-secret")
	ch := tb.whatsappChannel(t, fake, "106540352242922")

	var input *InputError
	for _, bad := range []CreateWhatsAppTemplateParams{
		{ChannelID: ch.ID, Name: "Order Update", Language: "en_US", Body: "x"},
		{ChannelID: ch.ID, Name: "order_update", Language: "english", Body: "x"},
		{ChannelID: ch.ID, Name: "order_update", Language: "en_US", Body: ""},
		{ChannelID: ch.ID, Name: "order_update", Language: "en_US", Body: "Order {{2}}"},
	} {
		_, err := tb.inbox.CreateWhatsAppTemplate(tb.admin, bad)
		require.ErrorAs(t, err, &input, bad)
	}
	smsCh := tb.smsChannel(t, tb.admin, smstest.NewServer(t, "", ""), "+14155550100")
	_, err := tb.inbox.CreateWhatsAppTemplate(tb.admin, CreateWhatsAppTemplateParams{ChannelID: smsCh.ID, Name: "a", Language: "en", Body: "x"})
	require.ErrorAs(t, err, &input, "an SMS channel has no templates")
	agent := tenants.ForMember(context.Background(), tb.tenant, uuid.Nil, tenants.RoleAgent)
	_, err = tb.inbox.CreateWhatsAppTemplate(agent, CreateWhatsAppTemplateParams{ChannelID: ch.ID, Name: "a", Language: "en", Body: "x"})
	require.ErrorIs(t, err, ErrNotFound, "agents do not manage templates")

	tpl, err := tb.inbox.CreateWhatsAppTemplate(tb.admin, CreateWhatsAppTemplateParams{ChannelID: ch.ID,
		Name: "order_update", Language: "en_US", Body: "Hi {{1}}, your order {{2}} has shipped."})
	require.NoError(t, err)
	require.Equal(t, 2, tpl.Parameters)
	_, err = tb.inbox.CreateWhatsAppTemplate(tb.admin, CreateWhatsAppTemplateParams{ChannelID: ch.ID,
		Name: "order_update", Language: "en_US", Body: "again"})
	require.ErrorAs(t, err, &input, "one per name and language")
	list, err := tb.inbox.WhatsAppTemplates(agent, ch.ID)
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, "order_update", list[0].Name)

	// Another tenant sees nothing and deletes nothing.
	_, other := newTenant(t, tb.db)
	list, err = tb.inbox.WhatsAppTemplates(other, ch.ID)
	require.NoError(t, err)
	require.Empty(t, list)
	require.ErrorIs(t, tb.inbox.DeleteWhatsAppTemplate(other, tpl.ID), ErrNotFound)
	_, err = tb.inbox.CreateWhatsAppTemplate(other, CreateWhatsAppTemplateParams{ChannelID: ch.ID, Name: "a", Language: "en", Body: "x"})
	require.ErrorIs(t, err, ErrNotFound)

	// Sent outside the window, the thread shows the registered text filled in;
	// the wrong number of parameters is refused before anything is queued.
	contact, conv := uuid.New(), uuid.New()
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		if _, err := tx.Exec(tb.admin, `INSERT INTO contacts (id, tenant_id, phone) VALUES ($1, $2, '+4915112345678')`, contact, tb.tenant); err != nil {
			return err
		}
		_, err := tx.Exec(tb.admin, `INSERT INTO conversations (id, tenant_id, contact_id, channel_id, last_inbound_at)
			VALUES ($1, $2, $3, $4, $5)`, conv, tb.tenant, contact, ch.ID, time.Now().Add(-30*time.Hour))
		return err
	}))
	_, err = tb.inbox.SendTemplate(agent, conv, Template{Name: "order_update", Language: "en_US", BodyParameters: []string{"Ana"}})
	require.ErrorAs(t, err, &input)
	require.Zero(t, tb.count(t, tb.admin, "messages"))
	msg, err := tb.inbox.SendTemplate(agent, conv, Template{Name: "order_update", Language: "en_US", BodyParameters: []string{"Ana", "A-1042"}})
	require.NoError(t, err)
	require.Equal(t, "Hi Ana, your order A-1042 has shipped.", msg.Body)

	require.NoError(t, tb.inbox.DeleteWhatsAppTemplate(tb.admin, tpl.ID))
	list, err = tb.inbox.WhatsAppTemplates(agent, ch.ID)
	require.NoError(t, err)
	require.Empty(t, list)
	require.ErrorIs(t, tb.inbox.DeleteWhatsAppTemplate(tb.admin, tpl.ID), ErrNotFound)
}
