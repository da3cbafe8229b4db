import { useEffect, useState, type FormEvent } from 'react';
import { Empty, ErrorNote, LiveIndicator, PageHeader, StatusBadge } from '../components';
import type { CallsQueryVariables, CallStatus } from '../gql/graphql';
import { api } from '../lib/api';
import {
  CALL_STATUS_LABELS,
  CALL_STATUSES,
  CALL_TONE,
  callPhase,
  dayRange,
  inRange,
  callSeconds,
  formatClock,
  isLive,
  mergeCall,
  type Call,
} from '../lib/calls';
import { formatTime } from '../lib/format';
import { useAction, useQuery } from '../lib/hooks';
import { useSubscription } from '../lib/live';
import { useNow } from '../lib/useInbox';
import {
  CallChangedSubscription,
  CallQuery,
  CallsQuery,
  HangUpCallMutation,
  MyPhoneQuery,
  SetMyPhoneMutation,
  StartCallMutation,
} from '../operations';

function CallBadge({ status }: { status: CallStatus }) {
  return <StatusBadge status={CALL_STATUS_LABELS[status]} tone={CALL_TONE[status]} />;
}

/** The Calls page: your phone, the tenant's calls with their recordings, live. */
export function CallsPage() {
  const [status, setStatus] = useState<CallStatus | ''>('');
  const [day, setDay] = useState('');
  const range = dayRange(day);
  const { calls, ...list } = useLiveCalls(
    { first: 50, status: status || null, since: range?.since ?? null, until: range?.until ?? null },
    (c) => (!status || c.status === status) && inRange(c.createdAt, range),
  );
  const [open, setOpen] = useState<string | null>(null);
  const now = useNow(calls.some(isLive) ? 1000 : null);
  return (
    <>
      <PageHeader title="Calls">
        <LiveIndicator live={list.live} onReconnect={list.reconnect} />
      </PageHeader>
      <MyPhoneForm />
      <div className="row">
        <label htmlFor="call-status-filter">Status</label>
        <select id="call-status-filter" value={status} onChange={(e) => setStatus(e.target.value as CallStatus | '')}>
          <option value="">All</option>
          {CALL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {CALL_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <label htmlFor="call-day-filter">Day</label>
        <input id="call-day-filter" type="date" value={day} onChange={(e) => setDay(e.target.value)} />
      </div>
      <ErrorNote error={list.error} />
      {calls.length ? (
        <ul className="calls" aria-label="Calls">
          {calls.map((c) => (
            <li key={c.id} className="card call" data-testid="call-row">
              <header className="call-head">
                <strong>{c.contact?.name || c.customerNumber}</strong>
                <span className="muted"> {c.customerNumber}</span>{' '}
                <CallBadge status={c.status} />
              </header>
              <dl className="facts">
                <dt>Placed</dt>
                <dd>{formatTime(c.createdAt)}</dd>
                <dt>Agent</dt>
                <dd>{c.agent?.name ?? c.agentNumber}</dd>
                <dt>Duration</dt>
                <dd data-testid="call-duration">
                  {c.durationSeconds != null ? formatClock(c.durationSeconds) : isLive(c) ? formatClock(callSeconds(c, now)) : '—'}
                </dd>
                {c.endReason ? (
                  <>
                    <dt>Reason</dt>
                    <dd>{c.endReason}</dd>
                  </>
                ) : null}
              </dl>
              {c.recordingUrl ? (
                <audio controls preload="none" src={c.recordingUrl} aria-label="Recording" data-testid="call-recording" />
              ) : null}
              <button type="button" className="link-button" onClick={() => setOpen(open === c.id ? null : c.id)}>
                {open === c.id ? 'Hide timeline' : 'Show timeline'}
              </button>
              {open === c.id ? <Timeline id={c.id} /> : null}
            </li>
          ))}
        </ul>
      ) : list.loading ? (
        <p aria-live="polite">Loading…</p>
      ) : (
        <Empty>No calls yet. Call a contact from a conversation in the inbox.</Empty>
      )}
    </>
  );
}

function Timeline({ id }: { id: string }) {
  const q = useQuery(() => api.request(CallQuery, { id }), [id]);
  if (q.error) return <ErrorNote error={q.error} />;
  if (!q.data?.call) return <p aria-live="polite">Loading…</p>;
  return (
    <ol className="call-timeline" aria-label="Timeline">
      {q.data.call.timeline.map((e, i) => (
        <li key={i}>
          <span className="muted">{formatTime(e.at)}</span> {e.role ? `${e.role.toLowerCase()} ` : ''}
          {e.kind.replace(/_/g, ' ')}
          {e.status ? `: ${CALL_STATUS_LABELS[e.status].toLowerCase()}` : ''}
          {e.detail ? ` (${e.detail})` : ''}
        </li>
      ))}
    </ol>
  );
}

/** The phone click-to-call rings first: the signed-in user's own. */
export function MyPhoneForm() {
  const me = useQuery(() => api.request(MyPhoneQuery), []);
  const [phone, setPhone] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setPhone(me.data?.viewer.user?.phone ?? '');
  }, [me.data]);
  const save = useAction(async (value: string) => {
    await api.request(SetMyPhoneMutation, { input: { phone: value.trim() } });
    setSaved(true);
  });
  if (!me.data?.viewer.user) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void save.run(phone);
  };
  return (
    <form className="row my-phone" onSubmit={submit} aria-label="Your phone">
      <label htmlFor="my-phone">Your phone (rung first on click-to-call)</label>
      <input id="my-phone" value={phone} placeholder="+14155550123" onChange={(e) => setPhone(e.target.value)} />
      <button type="submit" className="button secondary" disabled={save.pending}>
        Save
      </button>
      {saved ? (
        <span className="muted" role="status">
          Saved
        </span>
      ) : null}
      <ErrorNote error={save.error} />
    </form>
  );
}

/** Click-to-call from a conversation: starts the call, then shows it live. */
export function CallButton({ conversationId, disabled }: { conversationId: string; disabled?: boolean }) {
  const [call, setCall] = useState<Call | null>(null);
  const start = useAction(async () => {
    const d = await api.request(StartCallMutation, { input: { conversationId } });
    setCall(d.startCall.call);
  });
  return (
    <>
      <button
        type="button"
        className="button secondary small"
        onClick={() => void start.run()}
        disabled={disabled || start.pending || (call !== null && isLive(call))}
        title={disabled ? 'The contact has no phone number' : 'Ring your phone, then the contact'}
      >
        Call
      </button>
      <ErrorNote error={start.error} />
      {call ? <LiveCallPanel call={call} onChange={setCall} onClose={() => setCall(null)} /> : null}
    </>
  );
}

/** A call as it happens: status, timer, hang up. */
export function LiveCallPanel({ call, onChange, onClose }: { call: Call; onChange: (c: Call) => void; onClose: () => void }) {
  const live = isLive(call);
  useSubscription(
    CallChangedSubscription,
    {
      onData: (d) => {
        if (d.callChanged.id === call.id) onChange(d.callChanged);
      },
      onConnected: () => {
        void api.request(CallQuery, { id: call.id }).then((d) => {
          if (d.call) onChange(d.call);
        });
      },
    },
    live,
  );
  const now = useNow(live ? 1000 : null);
  const hangUp = useAction(async () => {
    const d = await api.request(HangUpCallMutation, { input: { id: call.id } });
    onChange(d.hangUpCall.call);
  });
  return (
    <section className="card live-call" aria-label="Live call" data-testid="live-call">
      <CallBadge status={call.status} />
      <span className="live-call-phase" data-testid="live-call-phase">
        {callPhase(call)}
      </span>
      <span className="live-call-timer" data-testid="live-call-timer">
        {formatClock(call.durationSeconds ?? callSeconds(call, now))}
      </span>
      {live ? (
        <button type="button" className="button danger small" onClick={() => void hangUp.run()} disabled={hangUp.pending}>
          Hang up
        </button>
      ) : (
        <button type="button" className="button secondary small" onClick={onClose}>
          Close
        </button>
      )}
      <ErrorNote error={hangUp.error} />
    </section>
  );
}

/**
 * The calls query's first page, kept live: a changed call that `accepts` is
 * merged in (keeping at most `limit`), and the page is read again after a
 * reconnect, as events sent while the socket was down are lost.
 */
function useLiveCalls(vars: CallsQueryVariables, accepts: (c: Call) => boolean, limit?: number) {
  const q = useQuery(() => api.request(CallsQuery, vars), [JSON.stringify(vars)]);
  const [calls, setCalls] = useState<Call[]>([]);
  useEffect(() => {
    if (q.data) setCalls(q.data.calls.edges.map((e) => e.node));
  }, [q.data]);
  const sub = useSubscription(CallChangedSubscription, {
    onData: (d) => {
      if (accepts(d.callChanged)) setCalls((prev) => mergeCall(prev, d.callChanged).slice(0, limit));
    },
    onConnected: (wasRetry) => {
      if (wasRetry) q.reload();
    },
  });
  return { calls, loading: q.loading, error: q.error, live: sub.live, reconnect: sub.reconnect };
}

/** A contact's recent calls, kept live: the conversation shows them in its thread and beside it. */
export function useContactCalls(contactId: string, first = 20): Call[] {
  return useLiveCalls({ first, contactId }, (c) => c.contact?.id === contactId, first).calls;
}

/** What the thread says about a call. */
export function callEntryText(c: Pick<Call, 'status' | 'agent' | 'durationSeconds'>): string {
  const who = c.agent?.name ? `${c.agent.name} called` : 'Call';
  const how = CALL_STATUS_LABELS[c.status].toLowerCase();
  return c.durationSeconds != null ? `${who}: ${how}, ${formatClock(c.durationSeconds)}.` : `${who}: ${how}.`;
}

/** A call as a system entry of the conversation's thread, with its recording. */
export function CallEntry({ c }: { c: Call }) {
  return (
    <li className="message message-system" data-testid="call-entry" data-status={c.status}>
      <div className="system-entry">
        <p>
          <CallBadge status={c.status} /> {callEntryText(c)}{' '}
          <span className="muted">{formatTime(c.createdAt)}</span>
        </p>
        {c.recordingUrl ? <audio controls preload="none" src={c.recordingUrl} aria-label="Recording of the call" /> : null}
      </div>
    </li>
  );
}

/** A contact's recent calls, beside their conversation. */
export function ContactCalls({ calls }: { calls: readonly Call[] }) {
  if (!calls.length) return null;
  return (
    <section className="contact-calls" aria-label="Calls with this contact">
      <h3>Calls</h3>
      <ul>
        {calls.slice(0, 5).map((c) => (
          <li key={c.id} data-testid="contact-call">
            <CallBadge status={c.status} /> {formatTime(c.createdAt)}
            {c.durationSeconds != null ? <span className="muted"> · {formatClock(c.durationSeconds)}</span> : null}
            {c.recordingUrl ? <audio controls preload="none" src={c.recordingUrl} aria-label="Recording" /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
