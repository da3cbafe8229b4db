// Small building blocks shared by the pages.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { ChannelKind, Role } from './gql/graphql';
import { errorMessage } from './lib/errors';
import { CHANNEL_LABELS } from './lib/inbox';
import type { LiveState } from './lib/live';
import { ROLE_LABELS } from './lib/roles';

/** A server or network error, announced to screen readers. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {errorMessage(error)}
    </p>
  );
}

export function RoleBadge({ role }: { role: Role }) {
  return <span className={`badge badge-${role.toLowerCase()}`}>{ROLE_LABELS[role]}</span>;
}

export function StatusBadge({ status, tone }: { status: string; tone: 'ok' | 'warn' | 'bad' | 'muted' }) {
  return <span className={`badge badge-${tone}`}>{status}</span>;
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children ? <div className="page-actions">{children}</div> : null}
    </div>
  );
}

export function LoadMore({ hasMore, loading, onClick }: { hasMore: boolean; loading: boolean; onClick: () => void }) {
  if (!hasMore) return null;
  return (
    <button type="button" className="button secondary" onClick={onClick} disabled={loading}>
      {loading ? 'Loading…' : 'Load more'}
    </button>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** The state of a page's live connection, with a way to retry once it gave up. */
export function LiveIndicator({ live, onReconnect }: { live: LiveState; onReconnect: () => void }) {
  if (live.state === 'closed') {
    return (
      <>
        <span className="live live-off" role="status">
          Not live
        </span>
        <button type="button" className="button secondary" onClick={onReconnect}>
          Reconnect
        </button>
      </>
    );
  }
  return (
    <span className={`live ${live.state === 'live' ? 'live-on' : 'live-wait'}`} role="status">
      {live.state === 'live' ? 'Live' : 'Connecting…'}
    </span>
  );
}

/** Copies a value to the clipboard; says so for a moment. */
export function CopyButton({ value, label = 'Copy', className = 'button secondary' }: { value: string; label?: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" className={className} onClick={() => void copy()} aria-label={label === 'Copy' ? undefined : label}>
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

/** SMS, WhatsApp or Web, as a small coloured tag. */
export function ChannelBadge({ kind }: { kind: ChannelKind }) {
  return <span className={`badge channel-${kind.toLowerCase()}`}>{CHANNEL_LABELS[kind]}</span>;
}

/** A secret the server shows once, with a copy button and an acknowledgement. */
export function SecretOnce({
  heading,
  secret,
  testId,
  children,
  onDone,
}: {
  heading: string;
  secret: string;
  testId: string;
  children?: ReactNode;
  onDone: () => void;
}) {
  const id = useId();
  const ref = useRef<HTMLHeadingElement>(null);
  // The form that produced it may be far below: bring the secret into view.
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
    ref.current?.focus({ preventScroll: true });
  }, [secret]);
  return (
    <section className="card secret" role="status" aria-labelledby={id}>
      <h2 id={id} ref={ref} tabIndex={-1}>
        {heading}
      </h2>
      <p>{children ?? 'Copy it now. It is shown only this once; Switchboard keeps no copy you can see again.'}</p>
      <div className="secret-row">
        <code className="secret-value" data-testid={testId}>
          {secret}
        </code>
        <CopyButton value={secret} />
      </div>
      <button type="button" className="button primary" onClick={onDone}>
        I have stored it
      </button>
    </section>
  );
}

/** A labelled form field with an optional hint under it. */
export function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? <p className="hint">{hint}</p> : null}
    </div>
  );
}

/** A settings form's submit button, with "Saved" once the last save went through. */
export function SaveButton({ label, pending, disabled, saved }: { label: string; pending: boolean; disabled?: boolean; saved: boolean }) {
  return (
    <div>
      <button type="submit" className="button primary" disabled={pending || disabled}>
        {pending ? 'Saving…' : label}
      </button>
      {saved ? (
        <span className="muted" role="status">
          {' '}
          Saved
        </span>
      ) : null}
    </div>
  );
}
