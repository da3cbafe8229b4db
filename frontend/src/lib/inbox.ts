// The inbox's client-side state rules, kept pure so they can be tested: how live
// events merge into the conversation list and a thread, and WhatsApp's reply window.
import type {
  ChannelKind,
  ConversationFieldsFragment,
  ConversationStatus,
  MessageFieldsFragment,
  MessageStatus,
} from '../gql/graphql';

export type Conversation = ConversationFieldsFragment;
export type Message = MessageFieldsFragment;

/** The list's filters, as the conversations query takes them; null means any. */
export interface InboxFilter {
  status: ConversationStatus | null;
  kind: ChannelKind | null;
  unreadOnly: boolean;
  /** Only conversations assigned to this user ("Assigned to me"). */
  assigneeId: string | null;
}

export const NO_FILTER: InboxFilter = { status: null, kind: null, unreadOnly: false, assigneeId: null };

/** Whether a conversation belongs in a list with these filters (mirrors the server's query). */
export function matchesFilter(c: Conversation, f: InboxFilter): boolean {
  if (f.status && c.status !== f.status) return false;
  if (f.kind && c.channel.kind !== f.kind) return false;
  if (f.unreadOnly && c.unreadCount <= 0) return false;
  if (f.assigneeId && c.assignee?.id !== f.assigneeId) return false;
  return true;
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

/** The server's order: most recently active first, ties by id (descending), like its keyset cursor. */
export function compareConversations(a: Conversation, b: Conversation): number {
  return time(b.lastActivityAt) - time(a.lastActivityAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Which of two states of one conversation to keep. Every event carries the
 * conversation as the server re-read it, so the later activity wins; on a tie the
 * incoming state does (it was read no earlier than the one shown).
 */
export function fresherConversation(current: Conversation, incoming: Conversation): Conversation {
  return time(current.lastActivityAt) > time(incoming.lastActivityAt) ? current : incoming;
}

/**
 * Merges conversations (a live event, or a page from the server) into the list:
 * one entry per id, the fresher state kept, entries that no longer match the
 * filters dropped, in the server's order. A new conversation lands at the top.
 */
export function mergeConversations(list: readonly Conversation[], incoming: readonly Conversation[], f: InboxFilter): Conversation[] {
  const byId = new Map<string, Conversation>();
  for (const c of list) byId.set(c.id, c);
  for (const c of incoming) {
    const cur = byId.get(c.id);
    byId.set(c.id, cur ? fresherConversation(cur, c) : c);
  }
  return [...byId.values()].filter((c) => matchesFilter(c, f)).sort(compareConversations);
}

/** How far along a message is; an outbound message's status only moves forward. */
const STATUS_RANK: Record<MessageStatus, number> = {
  RECEIVED: 0,
  QUEUED: 1,
  SENT: 2,
  DELIVERED: 3,
  READ: 4,
  FAILED: 4,
};

export function statusRank(s: MessageStatus): number {
  return STATUS_RANK[s];
}

function compareMessages(a: Message, b: Message): number {
  return time(a.createdAt) - time(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Merges messages into a thread, oldest first. A message seen twice keeps the
 * further status: a late answer to sendMessage (QUEUED) must not undo the
 * DELIVERED that the subscription already brought.
 */
export function mergeMessages(list: readonly Message[], incoming: readonly Message[]): Message[] {
  const byId = new Map<string, Message>();
  for (const m of list) byId.set(m.id, m);
  for (const m of incoming) {
    const cur = byId.get(m.id);
    byId.set(m.id, cur && statusRank(cur.status) > statusRank(m.status) ? cur : m);
  }
  return [...byId.values()].sort(compareMessages);
}

/** The conversation's last message, for the list's preview. */
export function latestMessage(c: Conversation): Conversation['latest']['edges'][number]['node'] | null {
  return c.latest.edges[0]?.node ?? null;
}

/** Contact name, else phone, else e-mail: how a conversation is named in the list. */
export function contactLabel(c: Pick<Conversation, 'contact'>): string {
  return c.contact.name.trim() || c.contact.phone || c.contact.email || 'Unknown contact';
}

export type ReplyWindow =
  /** Not WhatsApp: no window applies. */
  | { state: 'none' }
  /** A free-form reply is allowed until closesAt. */
  | { state: 'open'; closesAt: number; remainingMs: number }
  /** Only a template may be sent; closedAt is when the window closed, if known. */
  | { state: 'closed'; closedAt: number | null };

/**
 * WhatsApp's 24-hour customer service window at `now`. The server gives
 * replyWindowClosesAt only for open or pending WhatsApp conversations whose
 * customer has written; without it a free-form reply would be refused.
 */
export function replyWindow(c: Pick<Conversation, 'channel' | 'replyWindowClosesAt'>, now: number): ReplyWindow {
  if (c.channel.kind !== 'WHATSAPP') return { state: 'none' };
  if (!c.replyWindowClosesAt) return { state: 'closed', closedAt: null };
  const closesAt = Date.parse(c.replyWindowClosesAt);
  if (Number.isNaN(closesAt)) return { state: 'closed', closedAt: null };
  if (closesAt <= now) return { state: 'closed', closedAt: closesAt };
  return { state: 'open', closesAt, remainingMs: closesAt - now };
}

/** "23 h 5 min", "12 min", "less than a minute". */
export function formatRemaining(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const dayAndMonth = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A list timestamp: "now", "5 min", the time today, else the date. */
export function formatActivity(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const ago = now - t;
  if (ago < 60_000) return 'now';
  if (ago < 60 * 60_000) return `${Math.floor(ago / 60_000)} min`;
  const d = new Date(t);
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return timeOfDay.format(t);
  if (d.getFullYear() === today.getFullYear()) return dayAndMonth.format(t);
  return fullDate.format(t);
}

export const CHANNEL_LABELS: Record<ChannelKind, string> = {
  SMS: 'SMS',
  WHATSAPP: 'WhatsApp',
  WEBCHAT: 'Web',
};

export const STATUS_LABELS: Record<MessageStatus, string> = {
  RECEIVED: 'Received',
  QUEUED: 'Queued',
  SENT: 'Sent',
  DELIVERED: 'Delivered',
  READ: 'Read',
  FAILED: 'Failed',
};

export const CONVERSATION_STATUS_LABELS: Record<ConversationStatus, string> = {
  OPEN: 'Open',
  PENDING: 'Pending',
  CLOSED: 'Closed',
};

/** The select's value for "nobody": updateConversation takes unassign instead of an id. */
export const UNASSIGNED = '';

/** The updateConversation input that moves a conversation to the assignee picked in the select. */
export function assignInput(id: string, assigneeId: string): { id: string; assigneeId?: string; unassign?: boolean } {
  return assigneeId === UNASSIGNED ? { id, unassign: true } : { id, assigneeId };
}

/** The contact form's fields as updateContact takes them: trimmed; an empty field clears the value. */
export function contactInput(
  id: string,
  form: { name: string; email: string; externalId: string },
): { id: string; name: string; email: string; externalId: string } {
  return { id, name: form.name.trim(), email: form.email.trim(), externalId: form.externalId.trim() };
}

/** Allowed origins from a textarea, one per line: trimmed, without blanks, trailing slashes or repeats. */
export function parseOrigins(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const o = line.trim().replace(/\/+$/, '');
    if (o && !out.includes(o)) out.push(o);
  }
  return out;
}
