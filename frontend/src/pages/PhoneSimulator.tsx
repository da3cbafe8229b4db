import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { Empty, ErrorNote, Field, PageHeader } from '../components';
import { formatTime } from '../lib/format';
import { useAction } from '../lib/hooks';
import { Link } from '../lib/router';
import { VoiceHandsets } from './VoiceHandsets';
import {
  fetchReceived,
  phoneThread,
  sendInbound,
  type SimInfo,
  type SimProvider,
  type SimReceived,
  type SimSent,
} from '../lib/sim';

const SENT_KEY = 'switchboard.sim.sent';

function loadSent(): SimSent[] {
  try {
    const v: unknown = JSON.parse(window.sessionStorage.getItem(SENT_KEY) ?? '[]');
    return Array.isArray(v) ? (v as SimSent[]) : [];
  } catch {
    return [];
  }
}

export function PhoneSimulatorPage({ info }: { info: SimInfo | null }) {
  if (!info) {
    return (
      <>
        <PageHeader title="Phone simulator" />
        <div className="card narrow">
          <p>
            The phone simulator runs only in <code>switchboard dev</code>, which points the demo workspace’s channels
            at simulated providers. This server has none.
          </p>
        </div>
      </>
    );
  }
  return <Simulator info={info} />;
}

function Simulator({ info }: { info: SimInfo }) {
  const [provider, setProvider] = useState<SimProvider>(info.sms.numbers.length || !info.whatsapp.phoneNumberIds.length ? 'sms' : 'whatsapp');
  const targets = provider === 'sms' ? info.sms.numbers : info.whatsapp.phoneNumberIds;
  const [to, setTo] = useState(targets[0] ?? '');
  const [from, setFrom] = useState('+14155550123');
  const [name, setName] = useState('Ana');
  const [body, setBody] = useState('');
  const [sent, setSent] = useState<SimSent[]>(loadSent);
  const [received, setReceived] = useState<SimReceived[]>([]);
  const [pollError, setPollError] = useState<unknown>(null);

  useEffect(() => {
    if (!targets.includes(to)) setTo(targets[0] ?? '');
  }, [provider, targets, to]);

  useEffect(() => {
    window.sessionStorage.setItem(SENT_KEY, JSON.stringify(sent.slice(-200)));
  }, [sent]);

  // What the phones received, every second.
  useEffect(() => {
    let stopped = false;
    let ctl: AbortController | null = null;
    const poll = async () => {
      ctl = new AbortController();
      try {
        const list = await fetchReceived(fetch, ctl.signal);
        if (!stopped) {
          setReceived(list);
          setPollError(null);
        }
      } catch (err) {
        if (!stopped) setPollError(err);
      }
      if (!stopped) timer = setTimeout(() => void poll(), 1_000);
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      ctl?.abort();
    };
  }, []);

  const send = useAction(async () => {
    const text = body.trim();
    if (!text) return;
    const id = await sendInbound(provider, { from, to, body: text, name });
    setSent((prev) => [...prev, { provider, id, from: from.trim(), to, body: text, at: new Date().toISOString() }]);
    setBody('');
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send.run();
  };

  const thread = phoneThread(provider, from, sent, received);

  return (
    <>
      <PageHeader title="Phone simulator" />
      <p className="lead">
        Play a customer: send an SMS or a WhatsApp message to the demo workspace’s channels. The simulated provider
        signs and delivers it exactly as the real one would; answer it in the <Link to="/inbox">Inbox</Link>, and the
        reply arrives here.
      </p>
      <div className="simulator">
        <section className="card" aria-labelledby="sim-send-heading">
          <h2 id="sim-send-heading">Send as the customer</h2>
          <form className="form" onSubmit={submit}>
            <fieldset className="segmented">
              <legend>Provider</legend>
              {(['sms', 'whatsapp'] as const).map((p) => (
                <label key={p} className={provider === p ? 'selected' : undefined}>
                  <input type="radio" name="sim-provider" value={p} checked={provider === p} onChange={() => setProvider(p)} />
                  {p === 'sms' ? 'SMS' : 'WhatsApp'}
                </label>
              ))}
            </fieldset>
            <Field id="sim-from" label="From" hint={provider === 'whatsapp' ? 'Sent as the WhatsApp id: the digits only.' : 'E.164.'}>
              <input id="sim-from" required inputMode="tel" value={from} onChange={(e) => setFrom(e.target.value)} />
            </Field>
            {provider === 'whatsapp' ? (
              <Field id="sim-name" label="Profile name">
                <input id="sim-name" value={name} onChange={(e) => setName(e.target.value)} />
              </Field>
            ) : null}
            <Field
              id="sim-to"
              label="To"
              hint={provider === 'sms' ? 'The workspace’s SMS number.' : 'The workspace’s WhatsApp phone_number_id.'}
            >
              <select id="sim-to" value={to} onChange={(e) => setTo(e.target.value)} disabled={!targets.length}>
                {targets.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </Field>
            {!targets.length ? <p className="error">The simulator has no {provider === 'sms' ? 'SMS' : 'WhatsApp'} number.</p> : null}
            <Field id="sim-body" label="Message">
              <textarea id="sim-body" rows={3} required value={body} onChange={(e) => setBody(e.target.value)} />
            </Field>
            <div>
              <button type="submit" className="button primary" disabled={send.pending || !targets.length || !body.trim()}>
                {send.pending ? 'Sending…' : 'Send'}
              </button>
            </div>
          </form>
          <ErrorNote error={send.error} />
        </section>
        <PhoneScreen provider={provider} phone={from} thread={thread} pollError={pollError} />
      </div>
      <VoiceHandsets />
    </>
  );
}

function PhoneScreen({
  provider,
  phone,
  thread,
  pollError,
}: {
  provider: SimProvider;
  phone: string;
  thread: ReturnType<typeof phoneThread>;
  pollError: unknown;
}) {
  const box = useRef<HTMLOListElement>(null);
  const last = thread[thread.length - 1]?.id;
  useLayoutEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [last]);
  return (
    <section className={`phone phone-${provider}`} aria-label={`The phone ${phone}`}>
      <header className="phone-head">
        <strong>{phone || '—'}</strong>
        <span>{provider === 'sms' ? 'Messages' : 'WhatsApp'}</span>
      </header>
      <ErrorNote error={pollError} />
      {thread.length ? (
        <ol className="phone-messages" ref={box} aria-label="Phone messages">
          {thread.map((m) => (
            <li key={`${m.direction}-${m.id}`} className={`message ${m.direction === 'sent' ? 'message-out' : 'message-in'}`} data-testid="phone-message">
              <div className="bubble">
                <p className="message-body">{m.body}</p>
              </div>
              <div className="message-meta">
                <time dateTime={m.at}>{formatTime(m.at)}</time>
                {m.direction === 'received' ? ` · from ${m.from} · ${m.status}` : ''}
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <Empty>No messages on this phone yet.</Empty>
      )}
    </section>
  );
}
