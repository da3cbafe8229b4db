import { Empty, ErrorNote, LiveIndicator, LoadMore, PageHeader } from '../components';
import type { AuditEventFieldsFragment, AuditEventsQuery } from '../gql/graphql';
import { formatTime } from '../lib/format';
import { useConnection } from '../lib/hooks';
import { useSubscription } from '../lib/live';
import { ActivitySubscription, AuditEventsQuery as AuditEventsDoc } from '../operations';

const selectEvents = (d: AuditEventsQuery) => d.auditEvents;
const eventKey = (e: AuditEventFieldsFragment) => e.id;

export function ActivityPage() {
  const events = useConnection(AuditEventsDoc, selectEvents);
  const { prepend } = events;
  const { live, reconnect } = useSubscription(ActivitySubscription, {
    onData: (d) => prepend([d.activity], eventKey),
    // Events sent while the socket was down are lost: re-read after a reconnect.
    onConnected: (wasRetry) => {
      if (wasRetry) events.reload();
    },
  });

  return (
    <>
      <PageHeader title="Activity">
        <LiveIndicator live={live} onReconnect={reconnect} />
      </PageHeader>
      <p className="lead">What happened in this workspace, newest first. New events appear as they happen.</p>
      {live.state === 'closed' ? <ErrorNote error={live.error} /> : null}
      <ErrorNote error={events.error} />
      {events.items.length ? (
        <ol className="activity" aria-label="Events">
          {events.items.map((e) => (
            <li key={e.id} className="activity-item">
              <time dateTime={e.createdAt}>{formatTime(e.createdAt)}</time>
              <div>
                <p className="activity-summary">{e.summary}</p>
                <p className="activity-meta">
                  <code>{e.action}</code>
                  {e.actor ? ` · ${e.actor.name} <${e.actor.email}>` : ''}
                </p>
              </div>
            </li>
          ))}
        </ol>
      ) : events.loading ? (
        <p>Loading…</p>
      ) : (
        <Empty>Nothing has happened yet.</Empty>
      )}
      <LoadMore hasMore={events.hasMore} loading={events.loading} onClick={events.loadMore} />
    </>
  );
}
