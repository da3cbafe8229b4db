import { describe, expect, it } from 'vitest';
import {
  compareConversations,
  contactLabel,
  formatActivity,
  formatRemaining,
  latestMessage,
  matchesFilter,
  mergeConversations,
  mergeMessages,
  NO_FILTER,
  replyWindow,
  type Conversation,
  type Message,
  assignInput,
  contactInput,
  parseOrigins,
  UNASSIGNED,
} from './inbox';

function conv(id: string, over: Partial<Conversation> = {}): Conversation {
  return {
    id,
    status: 'OPEN',
    unreadCount: 0,
    lastActivityAt: '2026-01-02T10:00:00Z',
    replyWindowClosesAt: null,
    contact: { id: `contact-${id}`, name: `Contact ${id}`, phone: '+14155550123', email: null, externalId: null },
    assignee: null,
    channel: { id: 'ch-sms', kind: 'SMS', name: 'Support', address: '+14155550100' },
    latest: { edges: [] },
    ...over,
  };
}

function msg(id: string, over: Partial<Message> = {}): Message {
  return {
    id,
    direction: 'OUTBOUND',
    body: `body ${id}`,
    status: 'QUEUED',
    error: null,
    createdAt: '2026-01-02T10:00:00Z',
    attachments: [],
    author: null,
    ...over,
  };
}

const ids = (list: { id: string }[]) => list.map((x) => x.id);

describe('conversation list merging', () => {
  it('orders by last activity, newest first, ties by id descending like the server', () => {
    const a = conv('a', { lastActivityAt: '2026-01-02T10:00:00Z' });
    const b = conv('b', { lastActivityAt: '2026-01-02T11:00:00Z' });
    const c = conv('c', { lastActivityAt: '2026-01-02T10:00:00Z' });
    expect(ids([a, b, c].sort(compareConversations))).toEqual(['b', 'c', 'a']);
  });

  it('puts a new conversation from a live event at the top', () => {
    const list = [conv('a', { lastActivityAt: '2026-01-02T10:00:00Z' }), conv('b', { lastActivityAt: '2026-01-02T09:00:00Z' })];
    const fresh = conv('new', { lastActivityAt: '2026-01-02T12:00:00Z', unreadCount: 1 });
    expect(ids(mergeConversations(list, [fresh], NO_FILTER))).toEqual(['new', 'a', 'b']);
  });

  it('moves an updated conversation to the top and takes its new unread count', () => {
    const list = [conv('a', { lastActivityAt: '2026-01-02T10:00:00Z' }), conv('b', { lastActivityAt: '2026-01-02T09:00:00Z', unreadCount: 1 })];
    const merged = mergeConversations(list, [conv('b', { lastActivityAt: '2026-01-02T11:00:00Z', unreadCount: 2 })], NO_FILTER);
    expect(ids(merged)).toEqual(['b', 'a']);
    expect(merged[0]!.unreadCount).toBe(2);
    expect(merged).toHaveLength(2);
  });

  it('keeps the fresher state when an older one arrives later (a page that raced a live event)', () => {
    const live = conv('a', { lastActivityAt: '2026-01-02T11:00:00Z', unreadCount: 3 });
    const stalePage = [conv('a', { lastActivityAt: '2026-01-02T10:00:00Z', unreadCount: 2 }), conv('b')];
    const merged = mergeConversations([live], stalePage, NO_FILTER);
    expect(merged.find((c) => c.id === 'a')!.unreadCount).toBe(3);
    expect(ids(merged)).toEqual(['a', 'b']);
  });

  it('takes the incoming state on equal activity (a reply resets unread without moving time backwards)', () => {
    const merged = mergeConversations([conv('a', { unreadCount: 2 })], [conv('a', { unreadCount: 0 })], NO_FILTER);
    expect(merged[0]!.unreadCount).toBe(0);
  });

  it('applies the filters: an event for a conversation that no longer matches removes it', () => {
    const f = { ...NO_FILTER, unreadOnly: true };
    const list = [conv('a', { unreadCount: 1 }), conv('b', { unreadCount: 4, lastActivityAt: '2026-01-02T09:00:00Z' })];
    const replied = conv('a', { unreadCount: 0, lastActivityAt: '2026-01-02T12:00:00Z' });
    expect(ids(mergeConversations(list, [replied], f))).toEqual(['b']);
    // and a WhatsApp conversation does not enter an SMS-only list
    const sms = { ...NO_FILTER, kind: 'SMS' as const };
    const wa = conv('w', { channel: { id: 'ch-wa', kind: 'WHATSAPP', name: 'WA', address: '1065' } });
    expect(ids(mergeConversations([], [wa], sms))).toEqual([]);
  });

  it('matches the status filter', () => {
    expect(matchesFilter(conv('a', { status: 'CLOSED' }), { ...NO_FILTER, status: 'OPEN' })).toBe(false);
    expect(matchesFilter(conv('a', { status: 'OPEN' }), { ...NO_FILTER, status: 'OPEN' })).toBe(true);
    expect(matchesFilter(conv('a', { status: 'PENDING' }), NO_FILTER)).toBe(true);
  });

  it('matches "Assigned to me"', () => {
    const mine = { ...NO_FILTER, assigneeId: 'u1' };
    expect(matchesFilter(conv('a', { assignee: { id: 'u1', name: 'Agent One' } }), mine)).toBe(true);
    expect(matchesFilter(conv('a', { assignee: { id: 'u2', name: 'Agent Two' } }), mine)).toBe(false);
    expect(matchesFilter(conv('a', { assignee: null }), mine)).toBe(false);
    // unassigning a conversation drops it from the list
    const list = [conv('a', { assignee: { id: 'u1', name: 'Agent One' } })];
    expect(ids(mergeConversations(list, [conv('a', { assignee: null })], mine))).toEqual([]);
  });

  it('names a conversation by contact name, else phone', () => {
    expect(contactLabel(conv('a'))).toBe('Contact a');
    expect(contactLabel(conv('a', { contact: { id: 'x', name: '', phone: '+14155550123', email: null, externalId: null } }))).toBe('+14155550123');
    expect(contactLabel(conv('a', { contact: { id: 'x', name: ' ', phone: null, email: null, externalId: null } }))).toBe('Unknown contact');
  });

  it('reads the preview from the latest message', () => {
    expect(latestMessage(conv('a'))).toBeNull();
    const node = { id: 'm', direction: 'INBOUND' as const, body: 'hi', createdAt: '2026-01-02T10:00:00Z' };
    expect(latestMessage(conv('a', { latest: { edges: [{ node }] } }))).toEqual(node);
  });
});

describe('thread merging', () => {
  it('keeps messages oldest first and adds a live message once', () => {
    const list = [msg('1', { createdAt: '2026-01-02T10:00:00Z' }), msg('2', { createdAt: '2026-01-02T10:01:00Z' })];
    const added = mergeMessages(list, [msg('3', { createdAt: '2026-01-02T10:02:00Z' })]);
    expect(ids(added)).toEqual(['1', '2', '3']);
    expect(ids(mergeMessages(added, [msg('3', { createdAt: '2026-01-02T10:02:00Z' })]))).toEqual(['1', '2', '3']);
  });

  it('puts a page of newest-first messages in order', () => {
    const page = [msg('3', { createdAt: '2026-01-02T10:02:00Z' }), msg('1', { createdAt: '2026-01-02T10:00:00Z' }), msg('2', { createdAt: '2026-01-02T10:01:00Z' })];
    expect(ids(mergeMessages([], page))).toEqual(['1', '2', '3']);
  });

  it('updates an outbound status forward and never back', () => {
    let list = mergeMessages([], [msg('1', { status: 'QUEUED' })]);
    list = mergeMessages(list, [msg('1', { status: 'SENT' })]);
    expect(list[0]!.status).toBe('SENT');
    list = mergeMessages(list, [msg('1', { status: 'DELIVERED' })]);
    expect(list[0]!.status).toBe('DELIVERED');
    // The late answer of sendMessage (QUEUED) arrives after the subscription's DELIVERED.
    list = mergeMessages(list, [msg('1', { status: 'QUEUED' })]);
    expect(list[0]!.status).toBe('DELIVERED');
    list = mergeMessages(list, [msg('1', { status: 'READ' })]);
    expect(list[0]!.status).toBe('READ');
  });

  it('shows a failure with its error', () => {
    const list = mergeMessages([msg('1', { status: 'SENT' })], [msg('1', { status: 'FAILED', error: '30003: Unreachable handset' })]);
    expect(list[0]).toMatchObject({ status: 'FAILED', error: '30003: Unreachable handset' });
  });
});

describe('reply window', () => {
  const now = Date.parse('2026-01-02T12:00:00Z');
  const wa = { id: 'ch', kind: 'WHATSAPP' as const, name: 'WA', address: '1065' };

  it('does not apply outside WhatsApp', () => {
    expect(replyWindow(conv('a'), now)).toEqual({ state: 'none' });
  });

  it('is open until replyWindowClosesAt', () => {
    const c = conv('a', { channel: wa, replyWindowClosesAt: '2026-01-03T08:30:00Z' });
    expect(replyWindow(c, now)).toEqual({ state: 'open', closesAt: Date.parse('2026-01-03T08:30:00Z'), remainingMs: 20.5 * 3600_000 });
  });

  it('is closed once that time has passed, or without one', () => {
    const c = conv('a', { channel: wa, replyWindowClosesAt: '2026-01-02T11:59:59Z' });
    expect(replyWindow(c, now)).toEqual({ state: 'closed', closedAt: Date.parse('2026-01-02T11:59:59Z') });
    expect(replyWindow({ ...c, replyWindowClosesAt: '2026-01-02T12:00:00Z' }, now).state).toBe('closed');
    expect(replyWindow({ ...c, replyWindowClosesAt: null }, now)).toEqual({ state: 'closed', closedAt: null });
  });

  it('formats what remains', () => {
    expect(formatRemaining(20.5 * 3600_000)).toBe('20 h 30 min');
    expect(formatRemaining(3 * 3600_000)).toBe('3 h');
    expect(formatRemaining(59 * 60_000 + 59_000)).toBe('59 min');
    expect(formatRemaining(30_000)).toBe('less than a minute');
  });
});

describe('formatActivity', () => {
  const now = Date.parse('2026-06-15T12:00:00');
  it('says now, minutes, then the time or the date', () => {
    expect(formatActivity(new Date(now - 10_000).toISOString(), now)).toBe('now');
    expect(formatActivity(new Date(now - 5 * 60_000).toISOString(), now)).toBe('5 min');
    expect(formatActivity(new Date(now - 3 * 3600_000).toISOString(), now)).not.toMatch(/min|now/);
    expect(formatActivity('garbage', now)).toBe('garbage');
  });
});

describe('inbox edits', () => {
  it('assigns, or unassigns for "Unassigned"', () => {
    expect(assignInput('c1', 'u1')).toEqual({ id: 'c1', assigneeId: 'u1' });
    expect(assignInput('c1', UNASSIGNED)).toEqual({ id: 'c1', unassign: true });
  });

  it('trims the contact form; empty fields clear', () => {
    expect(contactInput('k1', { name: ' Ana Lima ', email: '', externalId: ' crm-42 ' })).toEqual({
      id: 'k1',
      name: 'Ana Lima',
      email: '',
      externalId: 'crm-42',
    });
  });

  it('parses allowed origins, one per line', () => {
    expect(parseOrigins('https://a.example\n\n  https://b.example/ \r\nhttps://a.example\n')).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(parseOrigins('   ')).toEqual([]);
  });
});
