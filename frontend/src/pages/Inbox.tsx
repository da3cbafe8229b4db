import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ChannelBadge, Empty, ErrorNote, Field, LiveIndicator, LoadMore, PageHeader, StatusBadge } from '../components';
import type { ChannelKind, ConversationStatus, MessageStatus } from '../gql/graphql';
import { api } from '../lib/api';
import { formatTime } from '../lib/format';
import { useAction, useQuery } from '../lib/hooks';
import {
  assignInput,
  CHANNEL_LABELS,
  contactInput,
  contactLabel,
  CONVERSATION_STATUS_LABELS,
  formatActivity,
  formatRemaining,
  latestMessage,
  NO_FILTER,
  replyWindow,
  STATUS_LABELS,
  UNASSIGNED,
  type Conversation,
  type InboxFilter,
  type Message,
} from '../lib/inbox';
import { useSubscription } from '../lib/live';
import { Link } from '../lib/router';
import { CallButton, CallEntry, ContactCalls, useContactCalls } from './Calls';
import { useConversationList, useNow, useThread, type ConversationList, type Thread } from '../lib/useInbox';
import { hasRole } from '../lib/roles';
import {
  AssigneesQuery,
  InboxSubscription,
  SendMessageMutation,
  SendTemplateMutation,
  UpdateContactMutation,
  UpdateConversationMutation,
  WhatsAppTemplatesQuery,
} from '../operations';
import { renderTemplate, templateReady } from '../lib/templates';
import type { Call } from '../lib/calls';
import { useViewer } from '../viewer';
import { timeline, type ChatSwitch } from '../lib/chatswitch';
import { SwitchBar, SwitchEntry, useConfiguredKinds, useConversationSwitches } from './ChatSwitch';

/** A member who may be assigned conversations. */
export interface Assignee {
  id: string;
  name: string;
}

const STATUS_TONE: Record<MessageStatus, 'ok' | 'warn' | 'bad' | 'muted'> = {
  RECEIVED: 'muted',
  QUEUED: 'muted',
  SENT: 'warn',
  DELIVERED: 'ok',
  READ: 'ok',
  FAILED: 'bad',
};

const CONVERSATION_TONE: Record<ConversationStatus, 'ok' | 'warn' | 'muted'> = {
  OPEN: 'ok',
  PENDING: 'warn',
  CLOSED: 'muted',
};

export function conversationPath(id: string): string {
  return `/inbox/${encodeURIComponent(id)}`;
}

export function InboxPage({ conversationId }: { conversationId: string | null }) {
  const [filter, setFilter] = useState<InboxFilter>(NO_FILTER);
  const list = useConversationList(filter);
  const thread = useThread(conversationId);
  const viewer = useViewer();
  const members = useQuery(() => api.request(AssigneesQuery), []);
  const configured = useConfiguredKinds();
  const assignees: Assignee[] = (members.data?.members.edges ?? [])
    .filter((e) => hasRole(e.node.role, 'AGENT'))
    .map((e) => ({ id: e.node.user.id, name: e.node.user.name || e.node.user.email }));
  // A mutation's answer is the conversation as it is now: show it everywhere at once.
  const updated = (c: Conversation) => {
    list.apply(c);
    thread.apply(c, null);
  };
  const { live, reconnect } = useSubscription(InboxSubscription, {
    onData: ({ inbox }) => {
      list.apply(inbox.conversation);
      thread.apply(inbox.conversation, inbox.message ?? null);
    },
    // After any (re)connection, re-read: events sent while the socket was down are gone.
    onConnected: () => {
      list.resync();
      thread.resync();
    },
  });

  return (
    <div className={`inbox${conversationId ? ' has-thread' : ''}`}>
      <PageHeader title="Inbox">
        <LiveIndicator live={live} onReconnect={reconnect} />
      </PageHeader>
      {live.state === 'closed' ? <ErrorNote error={live.error} /> : null}
      <div className="inbox-panes">
        <ConversationListPane
          list={list}
          filter={filter}
          onFilter={setFilter}
          selectedId={conversationId}
          viewerId={viewer.user?.id ?? null}
        />
        {conversationId ? (
          <ThreadPane
            key={conversationId}
            id={conversationId}
            thread={thread}
            assignees={assignees}
            configured={configured}
            onUpdated={updated}
          />
        ) : (
          <section className="thread-pane thread-empty" aria-label="Conversation">
            <p>Select a conversation to read it and reply.</p>
          </section>
        )}
      </div>
    </div>
  );
}

function ConversationListPane({
  list,
  filter,
  onFilter,
  selectedId,
  viewerId,
}: {
  list: ConversationList;
  filter: InboxFilter;
  onFilter: (f: InboxFilter) => void;
  selectedId: string | null;
  viewerId: string | null;
}) {
  const now = useNow(30_000);
  const filtered = filter.status !== null || filter.kind !== null || filter.unreadOnly || filter.assigneeId !== null;
  return (
    <section className="list-pane" aria-label="Conversations">
      <div className="inbox-filters">
        <div className="field">
          <label htmlFor="inbox-status">Status</label>
          <select
            id="inbox-status"
            value={filter.status ?? ''}
            onChange={(e) => onFilter({ ...filter, status: (e.target.value || null) as ConversationStatus | null })}
          >
            <option value="">All</option>
            {(['OPEN', 'PENDING', 'CLOSED'] as const).map((s) => (
              <option key={s} value={s}>
                {CONVERSATION_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="inbox-kind">Channel</label>
          <select
            id="inbox-kind"
            value={filter.kind ?? ''}
            onChange={(e) => onFilter({ ...filter, kind: (e.target.value || null) as ChannelKind | null })}
          >
            <option value="">All</option>
            {(['SMS', 'WHATSAPP', 'WEBCHAT'] as const).map((k) => (
              <option key={k} value={k}>
                {CHANNEL_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={filter.unreadOnly}
            onChange={(e) => onFilter({ ...filter, unreadOnly: e.target.checked })}
          />
          Unread only
        </label>
        {viewerId ? (
          <label className="check">
            <input
              type="checkbox"
              checked={filter.assigneeId === viewerId}
              onChange={(e) => onFilter({ ...filter, assigneeId: e.target.checked ? viewerId : null })}
            />
            Assigned to me
          </label>
        ) : null}
      </div>
      <ErrorNote error={list.error} />
      {list.items.length ? (
        <ul className="conversation-list" aria-label="Conversation list">
          {list.items.map((c) => (
            <ConversationItem key={c.id} c={c} now={now} selected={c.id === selectedId} />
          ))}
        </ul>
      ) : list.loading ? (
        <p className="pane-note">Loading…</p>
      ) : (
        <Empty>
          {filtered
            ? 'No conversations match these filters.'
            : 'No conversations yet. Messages your customers send to your channels appear here as they arrive.'}
        </Empty>
      )}
      <div className="pane-note">
        <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
      </div>
    </section>
  );
}

export function ConversationItem({ c, now, selected }: { c: Conversation; now: number; selected: boolean }) {
  const name = contactLabel(c);
  const last = latestMessage(c);
  const unread = c.unreadCount > 0;
  return (
    <li>
      <Link
        to={conversationPath(c.id)}
        className={`conversation${unread ? ' unread' : ''}`}
        aria-current={selected ? 'page' : undefined}
        data-testid="conversation-item"
      >
        <span className="avatar" aria-hidden="true">
          {initials(name)}
        </span>
        <span className="conversation-main">
          <span className="conversation-top">
            <span className="conversation-name">{name}</span>
            <time className="conversation-time" dateTime={c.lastActivityAt} title={formatTime(c.lastActivityAt)}>
              {formatActivity(c.lastActivityAt, now)}
            </time>
          </span>
          <span className="conversation-bottom">
            <ChannelBadge kind={c.channel.kind} />
            {c.assignee ? (
              <span className="conversation-assignee" title={`Assigned to ${c.assignee.name}`}>
                {c.assignee.name}
              </span>
            ) : null}
            <span className="conversation-preview">
              {last ? `${last.direction === 'OUTBOUND' ? 'You: ' : ''}${last.body}` : ''}
            </span>
            {unread ? (
              <span className="unread-count" aria-label={`${c.unreadCount} unread`}>
                {c.unreadCount}
              </span>
            ) : null}
          </span>
        </span>
      </Link>
    </li>
  );
}

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w[0] ?? ''))
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
  return letters || '#';
}

function ThreadPane({
  id,
  thread,
  assignees,
  configured,
  onUpdated,
}: {
  id: string;
  thread: Thread;
  assignees: Assignee[];
  configured: ChannelKind[];
  onUpdated: (c: Conversation) => void;
}) {
  const c = thread.conversation;
  // Opening a conversation with unread customer messages marks it read (once per opening).
  const marked = useRef(false);
  const unread = c?.unreadCount ?? 0;
  useEffect(() => {
    if (marked.current || unread <= 0) return;
    marked.current = true;
    api.request(UpdateConversationMutation, { input: { id, markRead: true } }).then(
      (data) => onUpdated(data.updateConversation.conversation),
      () => {
        // Not fatal: the count stays, and replying clears it too.
      },
    );
  }, [id, unread, onUpdated]);
  if (thread.notFound) {
    return (
      <section className="thread-pane thread-empty" aria-label="Conversation">
        <p>
          This conversation does not exist or is not yours to see. <Link to="/inbox">Back to the inbox</Link>.
        </p>
      </section>
    );
  }
  if (!c) {
    return (
      <section className="thread-pane thread-empty" aria-label="Conversation">
        {thread.error ? <ErrorNote error={thread.error} /> : <p aria-live="polite">Loading…</p>}
      </section>
    );
  }
  return <ThreadView id={id} c={c} thread={thread} assignees={assignees} configured={configured} onUpdated={onUpdated} />;
}

function ThreadView({
  id,
  c,
  thread,
  assignees,
  configured,
  onUpdated,
}: {
  id: string;
  c: Conversation;
  thread: Thread;
  assignees: Assignee[];
  configured: ChannelKind[];
  onUpdated: (c: Conversation) => void;
}) {
  const switches = useConversationSwitches(c, configured);
  const calls = useContactCalls(c.contact.id);
  return (
    <>
      <section className="thread-pane" aria-label={`Conversation with ${contactLabel(c)}`}>
        <header className="thread-head">
          <Link to="/inbox" className="thread-back">
            ← All conversations
          </Link>
          <h2>{contactLabel(c)}</h2>
          <ChannelBadge kind={c.channel.kind} />
          <StatusBadge status={CONVERSATION_STATUS_LABELS[c.status]} tone={CONVERSATION_TONE[c.status]} />
          <CallButton key={c.id} conversationId={c.id} disabled={!c.contact.phone} />
        </header>
        <ConversationControls conversation={c} assignees={assignees} onUpdated={onUpdated} />
        <SwitchBar conversation={c} sw={switches} />
        <Messages thread={thread} switches={switches.switches} calls={calls} />
        <ErrorNote error={thread.error} />
        <ReplyBox conversation={c} onSent={(m) => thread.added(id, m)} />
      </section>
      <ContactPanel c={c} calls={calls} onUpdated={onUpdated} />
    </>
  );
}

function Messages({ thread, switches, calls }: { thread: Thread; switches: ChatSwitch[]; calls: readonly Call[] }) {
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const lastId = thread.messages[thread.messages.length - 1]?.id;

  // Follow new messages when the reader is at the bottom (always, on opening).
  useLayoutEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lastId]);

  return (
    <div
      className="messages"
      ref={box}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
      }}
    >
      {thread.hasMore ? (
        <div className="messages-earlier">
          <button type="button" className="button secondary small" onClick={thread.loadEarlier} disabled={thread.loading}>
            {thread.loading ? 'Loading…' : 'Load earlier messages'}
          </button>
        </div>
      ) : null}
      {thread.messages.length ? (
        <ol className="message-list" aria-label="Messages">
          {timeline(thread.messages, switches, calls, thread.hasMore).map((e) =>
            e.kind === 'message' ? (
              <MessageItem key={e.message.id} m={e.message} />
            ) : e.kind === 'switch' ? (
              <SwitchEntry key={e.chatSwitch.id} s={e.chatSwitch} />
            ) : (
              <CallEntry key={e.call.id} c={e.call} />
            ),
          )}
        </ol>
      ) : thread.loading ? (
        <p className="pane-note">Loading…</p>
      ) : (
        <Empty>No messages yet.</Empty>
      )}
    </div>
  );
}

export function MessageItem({ m }: { m: Message }) {
  const out = m.direction === 'OUTBOUND';
  return (
    <li className={`message ${out ? 'message-out' : 'message-in'}`} data-testid="message" data-direction={m.direction}>
      <div className="bubble">
        <p className="message-body">{m.body}</p>
        {m.attachments.length ? (
          <ul className="attachments">
            {m.attachments.map((a, i) => (
              <li key={i}>
                {a.url ? (
                  <a href={a.url} target="_blank" rel="noreferrer noopener">
                    {a.caption || a.contentType || 'Attachment'}
                  </a>
                ) : (
                  a.caption || a.contentType || 'Attachment'
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="message-meta">
        {out && m.author ? <span>{m.author.name} · </span> : null}
        <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
        {out ? (
          <>
            {' · '}
            <span className="message-status" data-status={m.status} aria-label={`Status: ${STATUS_LABELS[m.status]}`}>
              <StatusBadge status={STATUS_LABELS[m.status]} tone={STATUS_TONE[m.status]} />
            </span>
          </>
        ) : null}
      </div>
      {out && m.status === 'FAILED' ? (
        <p className="message-error" role="note">
          {m.error ? `Not delivered: ${m.error}` : 'Not delivered.'}
        </p>
      ) : null}
    </li>
  );
}

export function ReplyBox({ conversation: c, onSent }: { conversation: Conversation; onSent: (m: Message) => void }) {
  const [body, setBody] = useState('');
  const closesAt = c.replyWindowClosesAt ? Date.parse(c.replyWindowClosesAt) : null;
  const now = useNow(30_000, closesAt);
  const win = replyWindow(c, now);
  const closed = win.state === 'closed';
  const input = useRef<HTMLTextAreaElement>(null);

  const send = useAction(async () => {
    const text = body.trim();
    if (!text) return;
    const data = await api.request(SendMessageMutation, { input: { conversationId: c.id, body: text } });
    onSent(data.sendMessage.message);
    setBody('');
    input.current?.focus();
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!closed) void send.run();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      if (!closed && !send.pending) void send.run();
    }
  };

  return (
    <form className="reply" onSubmit={submit}>
      {win.state === 'open' ? (
        <p className="reply-window" data-testid="reply-window">
          {`WhatsApp reply window: closes in ${formatRemaining(win.remainingMs)} (${formatTime(new Date(win.closesAt).toISOString())}).`}
        </p>
      ) : null}
      {closed ? (
        <p className="reply-window closed" role="note" data-testid="reply-window">
          {`${
            win.closedAt
              ? `The 24-hour WhatsApp reply window closed ${formatTime(new Date(win.closedAt).toISOString())}.`
              : 'There is no open WhatsApp reply window: the customer has not written in the last 24 hours, or the conversation is closed.'
          } WhatsApp accepts only an approved template message until the customer writes again.`}
        </p>
      ) : null}
      {closed ? <TemplatePicker conversation={c} onSent={onSent} /> : null}
      <label htmlFor="reply-body" className="visually-hidden">
        Reply
      </label>
      <div className="reply-row">
        <textarea
          id="reply-body"
          ref={input}
          rows={2}
          value={body}
          disabled={closed}
          placeholder={closed ? 'Only a template message can be sent now' : `Reply by ${CHANNEL_LABELS[c.channel.kind]}…`}
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button primary" disabled={closed || send.pending || !body.trim()}>
          {send.pending ? 'Sending…' : 'Send'}
        </button>
      </div>
      {closed ? null : <p className="hint">Enter sends; Shift+Enter starts a new line.</p>}
      <ErrorNote error={send.error} />
    </form>
  );
}

/** Outside WhatsApp's window: pick one of the channel's approved templates, fill its parameters, send it. */
export function TemplatePicker({ conversation: c, onSent }: { conversation: Conversation; onSent: (m: Message) => void }) {
  const templates = useQuery(() => api.request(WhatsAppTemplatesQuery, { channelId: c.channel.id }), [c.channel.id]);
  const [chosenId, setChosenId] = useState('');
  const [params, setParams] = useState<string[]>([]);
  const list = templates.data?.whatsAppTemplates ?? [];
  const chosen = list.find((t) => t.id === chosenId) ?? null;
  const send = useAction(async () => {
    if (!chosen) return;
    const data = await api.request(SendTemplateMutation, {
      input: {
        conversationId: c.id,
        name: chosen.name,
        language: chosen.language,
        bodyParameters: params.slice(0, chosen.parameterCount).map((p) => p.trim()),
      },
    });
    onSent(data.sendTemplate.message);
    setChosenId('');
    setParams([]);
  });
  if (templates.loading && !templates.data) return <p className="hint">Loading templates…</p>;
  if (!list.length) {
    return (
      <div className="template-picker" data-testid="template-picker">
        <ErrorNote error={templates.error} />
        <p className="hint">
          No approved templates are registered for this channel. An admin can add them under{' '}
          <Link to="/settings/channels">Channels</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="template-picker" data-testid="template-picker">
      <Field id="template-choice" label="Template">
        <select
          id="template-choice"
          value={chosenId}
          onChange={(e) => {
            setChosenId(e.target.value);
            setParams([]);
          }}
        >
          <option value="">Choose an approved template…</option>
          {list.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.language})
            </option>
          ))}
        </select>
      </Field>
      {chosen ? (
        <>
          {Array.from({ length: chosen.parameterCount }, (_, i) => (
            <Field key={i} id={`template-param-${i + 1}`} label={`Parameter {{${i + 1}}}`}>
              <input
                id={`template-param-${i + 1}`}
                value={params[i] ?? ''}
                onChange={(e) => {
                  const next = [...params];
                  next[i] = e.target.value;
                  setParams(next);
                }}
              />
            </Field>
          ))}
          <p className="template-preview" data-testid="template-preview">
            {renderTemplate(chosen.body, params)}
          </p>
          <button
            type="button"
            className="button primary"
            disabled={send.pending || !templateReady(chosen.parameterCount, params)}
            onClick={() => void send.run()}
          >
            {send.pending ? 'Sending…' : 'Send template'}
          </button>
        </>
      ) : null}
      <ErrorNote error={send.error ?? templates.error} />
    </div>
  );
}

/** The conversation's status and assignee, each saved as soon as it is changed. */
export function ConversationControls({
  conversation: c,
  assignees,
  onUpdated,
}: {
  conversation: Conversation;
  assignees: Assignee[];
  onUpdated: (c: Conversation) => void;
}) {
  const update = useAction(async (input: { id: string; status?: ConversationStatus; assigneeId?: string; unassign?: boolean }) => {
    const data = await api.request(UpdateConversationMutation, { input });
    onUpdated(data.updateConversation.conversation);
  });
  // The current assignee stays selectable even if the members list does not (yet) name them.
  const options = c.assignee && !assignees.some((a) => a.id === c.assignee!.id) ? [c.assignee, ...assignees] : assignees;
  return (
    <div className="conversation-controls">
      <div className="field">
        <label htmlFor="conversation-status">Status</label>
        <select
          id="conversation-status"
          value={c.status}
          disabled={update.pending}
          onChange={(e) => void update.run({ id: c.id, status: e.target.value as ConversationStatus })}
        >
          {(['OPEN', 'PENDING', 'CLOSED'] as const).map((s) => (
            <option key={s} value={s}>
              {CONVERSATION_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="conversation-assignee">Assign to</label>
        <select
          id="conversation-assignee"
          value={c.assignee?.id ?? UNASSIGNED}
          disabled={update.pending}
          onChange={(e) => void update.run(assignInput(c.id, e.target.value))}
        >
          <option value={UNASSIGNED}>Unassigned</option>
          {options.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <ErrorNote error={update.error} />
    </div>
  );
}

export function ContactPanel({
  c,
  calls = [],
  onUpdated,
}: {
  c: Conversation;
  calls?: readonly Call[];
  onUpdated: (c: Conversation) => void;
}) {
  const [form, setForm] = useState({
    name: c.contact.name,
    email: c.contact.email ?? '',
    externalId: c.contact.externalId ?? '',
  });
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    setSaved(false);
    const data = await api.request(UpdateContactMutation, { input: contactInput(c.contact.id, form) });
    const contact = data.updateContact.contact;
    setForm({ name: contact.name, email: contact.email ?? '', externalId: contact.externalId ?? '' });
    onUpdated({ ...c, contact });
    setSaved(true);
  });
  const dirty =
    form.name !== c.contact.name || form.email !== (c.contact.email ?? '') || form.externalId !== (c.contact.externalId ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  return (
    <aside className="contact-pane" aria-label="Contact">
      <h2>Contact</h2>
      <form className="contact-form" onSubmit={submit} aria-label="Edit contact">
        <div className="field">
          <label htmlFor="contact-name">Name</label>
          <input
            id="contact-name"
            value={form.name}
            onChange={(e) => {
              setSaved(false);
              setForm({ ...form, name: e.target.value });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="contact-email">E-mail</label>
          <input
            id="contact-email"
            type="email"
            value={form.email}
            onChange={(e) => {
              setSaved(false);
              setForm({ ...form, email: e.target.value });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="contact-external-id">CRM id</label>
          <input
            id="contact-external-id"
            autoComplete="off"
            value={form.externalId}
            onChange={(e) => {
              setSaved(false);
              setForm({ ...form, externalId: e.target.value });
            }}
          />
        </div>
        <div className="contact-form-actions">
          <button type="submit" className="button secondary small" disabled={save.pending || !dirty}>
            {save.pending ? 'Saving…' : 'Save'}
          </button>
          {saved && !dirty ? (
            <span className="muted" role="status">
              Saved
            </span>
          ) : null}
        </div>
        <ErrorNote error={save.error} />
      </form>
      <dl className="facts">
        <dt>Phone</dt>
        <dd>{c.contact.phone ?? '—'}</dd>
        <dt>Channel</dt>
        <dd>
          <ChannelBadge kind={c.channel.kind} /> {c.channel.name}
          {c.channel.address ? <span className="muted"> ({c.channel.address})</span> : null}
        </dd>
        <dt>Status</dt>
        <dd>{CONVERSATION_STATUS_LABELS[c.status]}</dd>
        <dt>Assignee</dt>
        <dd>{c.assignee?.name ?? 'Unassigned'}</dd>
        <dt>Unread</dt>
        <dd>{c.unreadCount}</dd>
        <dt>Last activity</dt>
        <dd>{formatTime(c.lastActivityAt)}</dd>
      </dl>
      <ContactCalls calls={calls} />
    </aside>
  );
}
