package inbox

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/sms/smstest"
	"github.com/switchboard/switchboard/tenants"
)

// A shared transaction stores each message exactly as a transaction of its
// own would: a repeated event inside the batch is stored once, messages of
// one contact thread together, and a message PostgreSQL refuses fails alone.
func TestInboundBatchStoresEachMessageAsAlone(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	ch := tb.smsChannel(t, tb.admin, smstest.NewServer(t, "", ""), "+14155550100")
	at := time.Now()
	item := func(event, from, body string) *inboundItem {
		return &inboundItem{ch: ch, in: inbound{EventID: event, MessageID: event, From: from, Body: body, At: at},
			done: make(chan inboundResult, 1)}
	}
	batch := []*inboundItem{
		item("SM1", "+14155550123", "one"),
		item("SM2", "+14155550199", "two"),
		item("SM1", "+14155550123", "one again"), // the provider's retry, in the same batch
		item("SM3", "+14155550123", "three"),
		item("SM4", "+14155550155", "bad \x00 byte"), // text cannot hold NUL: PostgreSQL refuses it
		item("SM5", "+14155550199", "five"),
	}
	tb.inbox.writeInbound(tb.tenant, batch)

	results := make([]inboundResult, len(batch))
	for i, it := range batch {
		results[i] = <-it.done
	}
	for _, i := range []int{0, 1, 3, 5} {
		require.NoError(t, results[i].err, i)
		require.True(t, results[i].fresh, i)
	}
	require.NoError(t, results[2].err)
	require.False(t, results[2].fresh, "a repeated event is not stored again")
	require.Error(t, results[4].err, "the refused message fails")

	require.Equal(t, 4, tb.count(t, tb.admin, "messages"))
	require.Equal(t, 2, tb.count(t, tb.admin, "contacts"), "the refused message left no contact behind")
	convs, err := tb.inbox.Conversations(tb.admin, ConversationFilter{}, 10, nil)
	require.NoError(t, err)
	require.Len(t, convs, 2)
	for _, c := range convs {
		require.Equal(t, 2, c.UnreadCount, c.Contact.Phone)
	}
	// Every stored message was announced live: one event per message and
	// one per new conversation.
	require.Equal(t, 4+2, tb.count(t, tb.admin, "live_events"))
}

// Many concurrent webhooks of one tenant, several per contact, go through
// the shared writers: each contact gets one conversation, and nothing is
// lost or doubled.
func TestConcurrentInboundWrites(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	ch := tb.smsChannel(t, tb.admin, smstest.NewServer(t, "", ""), "+14155550100")
	const contacts, each = 12, 8
	var wg sync.WaitGroup
	errs := make(chan error, contacts*each*2)
	for c := range contacts {
		for m := range each {
			wg.Add(1)
			go func() {
				defer wg.Done()
				id := fmt.Sprintf("SM%d-%d", c, m)
				in := inbound{EventID: id, MessageID: id, From: fmt.Sprintf("+1415555%04d", c), Body: id, At: time.Now()}
				for range 2 { // every webhook is delivered twice
					if _, err := tb.inbox.recordInbound(tenants.ForJob(t.Context(), tb.tenant), ch, in); err != nil {
						errs <- err
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.Equal(t, contacts*each, tb.count(t, tb.admin, "messages"))
	require.Equal(t, contacts, tb.count(t, tb.admin, "contacts"))
	convs, err := tb.inbox.Conversations(tb.admin, ConversationFilter{}, 100, nil)
	require.NoError(t, err)
	require.Len(t, convs, contacts)
	for _, c := range convs {
		require.Equal(t, each, c.UnreadCount, c.Contact.Phone)
	}
}
