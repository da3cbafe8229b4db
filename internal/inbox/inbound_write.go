package inbox

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/internal/webhook"
	"github.com/switchboard/switchboard/tenants"
)

// Inbound messages of one tenant that arrive together are written together:
// several webhooks share one transaction, and each is answered only after
// that transaction commits. At a few messages a second every write is alone
// and nothing changes; under a burst, the writes that queue while a
// transaction is in flight go into the next one, which shares its BEGIN,
// its COMMIT (and the WAL flush behind it), the look-up of the tenant's CRM
// endpoints, and one pipelined round trip for all their inserts.
const (
	// maxInboundBatch bounds one shared transaction.
	maxInboundBatch = 64
	// inboundWritersPerTenant is how many shared transactions of one tenant
	// may be in flight at once. One is best: the next batch forms while the
	// previous one commits, and batches stay large. Measured with
	// BenchmarkInboundToSubscriber (16 senders, same run baselines): 1 writer
	// 1,236–1,306 msg/s, p99 38–42 ms; 2 writers 953–1,054 msg/s, p99
	// 49–61 ms; 4 writers 763–806 msg/s, p99 85–125 ms. A tenant's inbound is
	// then bounded by maxInboundBatch per commit, thousands a second; other
	// tenants write in parallel.
	inboundWritersPerTenant = 1
	// inboundWriteTimeout bounds one transaction; it is detached from the
	// requests it serves, so one provider hanging up cannot roll back the
	// others' messages.
	inboundWriteTimeout = 30 * time.Second
)

type inboundItem struct {
	ch   Channel
	in   inbound
	done chan inboundResult // buffered: the writer never waits for the caller
}

type inboundResult struct {
	fresh bool
	err   error
}

// inboundWriter queues inbound writes per tenant.
type inboundWriter struct {
	mu     sync.Mutex
	queues map[uuid.UUID]*inboundQueue
}

type inboundQueue struct {
	pending []*inboundItem
	writers int
}

// recordInbound stores one inbound message in the tenant scope on ctx. It
// reports false, storing nothing, for an event it has seen before. It returns
// once the message is committed (or failed); if ctx ends first it returns
// ctx's error, and the write may still commit, which the event ledger makes
// safe for the provider's retry.
func (s *Service) recordInbound(ctx context.Context, ch Channel, in inbound) (bool, error) {
	tenantID, err := tenants.TenantFromContext(ctx)
	if err != nil {
		return false, err
	}
	item := &inboundItem{ch: ch, in: in, done: make(chan inboundResult, 1)}
	s.inbound.submit(s, tenantID, item)
	select {
	case r := <-item.done:
		return r.fresh, r.err
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

func (w *inboundWriter) submit(s *Service, tenantID uuid.UUID, item *inboundItem) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.queues == nil {
		w.queues = map[uuid.UUID]*inboundQueue{}
	}
	q := w.queues[tenantID]
	if q == nil {
		q = &inboundQueue{}
		w.queues[tenantID] = q
	}
	q.pending = append(q.pending, item)
	if q.writers < inboundWritersPerTenant {
		q.writers++
		go w.drain(s, tenantID, q)
	}
}

// drain writes the tenant's queued messages, a batch per transaction, until
// the queue is empty.
func (w *inboundWriter) drain(s *Service, tenantID uuid.UUID, q *inboundQueue) {
	for {
		w.mu.Lock()
		if len(q.pending) == 0 {
			q.writers--
			if q.writers == 0 {
				delete(w.queues, tenantID)
			}
			w.mu.Unlock()
			return
		}
		n := min(len(q.pending), maxInboundBatch)
		batch := slices.Clone(q.pending[:n])
		q.pending = slices.Delete(q.pending, 0, n)
		w.mu.Unlock()
		s.writeInbound(tenantID, batch)
	}
}

// writeInbound writes a batch in one transaction. If that fails, each message
// is retried in a transaction of its own, so that one bad message (or a
// deadlock with another batch) fails only itself.
func (s *Service) writeInbound(tenantID uuid.UUID, batch []*inboundItem) {
	ctx, cancel := context.WithTimeout(tenants.ForJob(context.Background(), tenantID), inboundWriteTimeout)
	defer cancel()
	// Contacts are locked in phone order in every batch, so two batches
	// cannot wait for each other.
	batch = slices.Clone(batch)
	slices.SortStableFunc(batch, func(a, b *inboundItem) int { return strings.Compare(a.in.From, b.in.From) })
	fresh, err := s.writeInboundTx(ctx, batch)
	if err == nil || len(batch) == 1 {
		for i, item := range batch {
			item.done <- inboundResult{fresh: fresh[i], err: err}
		}
		return
	}
	for _, item := range batch {
		f, err := s.writeInboundTx(ctx, []*inboundItem{item})
		item.done <- inboundResult{fresh: f[0], err: err}
	}
}

// writeInboundTx runs inbox_record_inbound (migration 0006) for each message,
// pipelined, then queues the CRM events they cause, and commits.
func (s *Service) writeInboundTx(ctx context.Context, batch []*inboundItem) ([]bool, error) {
	fresh := make([]bool, len(batch))
	stored := false
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		clear(fresh)
		stored = false
		queries := &pgx.Batch{}
		for _, item := range batch {
			attachments, err := json.Marshal(nonNil(item.in.Attachments))
			if err != nil {
				return err
			}
			in := item.in
			queries.Queue(`SELECT o_fresh, o_contact_id, o_contact_created, o_conversation_id, o_conversation_created, o_message_id
				FROM inbox_record_inbound($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				item.ch.ID, in.EventID, in.MessageID, in.From, in.Name, in.Body, attachments, in.At, TopicConversation, TopicMessage)
		}
		results := tx.SendBatch(ctx, queries)
		var events []webhook.Event
		for i, item := range batch {
			var (
				newContact, newConv      bool
				contactID, convID, msgID *uuid.UUID
			)
			if err := results.QueryRow().Scan(&fresh[i], &contactID, &newContact, &convID, &newConv, &msgID); err != nil {
				_ = results.Close()
				return fmt.Errorf("store inbound message: %w", err)
			}
			if msgID == nil {
				continue // a retried webhook, or the same provider message under another event id
			}
			stored = true
			events = append(events, inboundEvents(item.ch, item.in, *contactID, newContact, *convID, newConv, *msgID)...)
		}
		if err := results.Close(); err != nil {
			return fmt.Errorf("store inbound message: %w", err)
		}
		return webhook.EmitAll(ctx, tx, s.Jobs, events...)
	})
	if err != nil {
		return make([]bool, len(batch)), err
	}
	if stored {
		s.wake()
	}
	return fresh, nil
}

// inboundEvents are the CRM events of one stored inbound message.
func inboundEvents(ch Channel, in inbound, contactID uuid.UUID, newContact bool, convID uuid.UUID, newConv bool, msgID uuid.UUID) []webhook.Event {
	var events []webhook.Event
	if newContact {
		events = append(events, webhook.Event{Type: webhook.EventContactCreated, Data: webhook.ContactData{
			ID: contactID, Name: in.Name, Phone: in.From, CreatedAt: in.At}})
	}
	if newConv {
		events = append(events, conversationCreated(convID, contactID, ch.ID, ch.Kind, in.At))
	}
	attachments := make([]webhook.AttachmentData, 0, len(in.Attachments))
	for _, a := range in.Attachments {
		attachments = append(attachments, webhook.AttachmentData{URL: a.URL, ContentType: a.ContentType, Caption: a.Caption})
	}
	return append(events, webhook.Event{Type: webhook.EventMessageCreated, Data: webhook.MessageData{
		ID: msgID, ConversationID: convID, ContactID: contactID, ChannelID: ch.ID, ChannelKind: string(ch.Kind),
		Direction: "inbound", Body: in.Body, Attachments: attachments, Status: "received", CreatedAt: in.At}})
}
