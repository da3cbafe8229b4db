import { Empty, ErrorNote, LoadMore, PageHeader, StatusBadge } from '../components';
import type { EmailOutboxQuery, EmailStatus } from '../gql/graphql';
import { formatTime } from '../lib/format';
import { useConnection } from '../lib/hooks';
import { EmailOutboxQuery as OutboxDoc } from '../operations';

const selectOutbox = (d: EmailOutboxQuery) => d.emailOutbox;

const TONE: Record<EmailStatus, 'ok' | 'warn' | 'bad' | 'muted'> = {
  QUEUED: 'warn',
  SENT: 'ok',
  CAPTURED: 'muted',
  FAILED: 'bad',
};

export function OutboxPage() {
  const outbox = useConnection(OutboxDoc, selectOutbox);
  return (
    <>
      <PageHeader title="Outbox">
        <button type="button" className="button secondary" onClick={outbox.reload} disabled={outbox.loading}>
          Refresh
        </button>
      </PageHeader>
      <p className="lead">
        E-mails Switchboard sent for this workspace, newest first. Without SMTP configured (in development) they
        are captured here instead of being sent.
      </p>
      <ErrorNote error={outbox.error} />
      {outbox.items.length ? (
        <ul className="outbox" aria-label="E-mails">
          {outbox.items.map((m) => (
            <li key={m.id} className="card email">
              <article aria-label={m.subject}>
                <header className="email-head">
                  <h2 className="email-subject">{m.subject}</h2>
                  <StatusBadge status={m.status.toLowerCase()} tone={TONE[m.status]} />
                </header>
                <dl className="email-meta">
                  <dt>To</dt>
                  <dd className="email-to">{m.to.join(', ')}</dd>
                  <dt>Queued</dt>
                  <dd>{formatTime(m.createdAt)}</dd>
                  {m.sentAt ? (
                    <>
                      <dt>{m.status === 'CAPTURED' ? 'Captured' : 'Sent'}</dt>
                      <dd>{formatTime(m.sentAt)}</dd>
                    </>
                  ) : null}
                  {m.attachmentNames.length ? (
                    <>
                      <dt>Attachments</dt>
                      <dd>{m.attachmentNames.join(', ')}</dd>
                    </>
                  ) : null}
                </dl>
                {m.error ? <p className="error">{m.error}</p> : null}
                <details>
                  <summary>Show body</summary>
                  <pre className="email-body">{m.bodyText}</pre>
                </details>
              </article>
            </li>
          ))}
        </ul>
      ) : outbox.loading ? (
        <p>Loading…</p>
      ) : (
        <Empty>No e-mails yet. Invite someone and the invitation shows up here.</Empty>
      )}
      <LoadMore hasMore={outbox.hasMore} loading={outbox.loading} onClick={outbox.loadMore} />
    </>
  );
}
