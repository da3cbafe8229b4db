import { useEffect, useState } from 'react';
import { Empty, ErrorNote, LoadMore, PageHeader } from '../components';
import type { AuditEventFieldsFragment, AuditEventsQuery } from '../gql/graphql';
import { api } from '../lib/api';
import { ApiError, type GraphQLErrorShape } from '../lib/errors';
import { formatTime } from '../lib/format';
import { useConnection } from '../lib/hooks';
import { createSubscriptionClient, graphqlWebSocketURL } from '../lib/ws';
import { ActivitySubscription, AuditEventsQuery as AuditEventsDoc } from '../operations';

const selectEvents = (d: AuditEventsQuery) => d.auditEvents;
const eventKey = (e: AuditEventFieldsFragment) => e.id;

type LiveState = { state: 'connecting' } | { state: 'live' } | { state: 'closed'; error: unknown };

export function ActivityPage() {
  const events = useConnection(AuditEventsDoc, selectEvents);
  const [live, setLive] = useState<LiveState>({ state: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  const { prepend } = events;

  useEffect(() => {
    setLive({ state: 'connecting' });
    const client = createSubscriptionClient(api, graphqlWebSocketURL(window.location));
    const offConnected = client.on('connected', () => setLive({ state: 'live' }));
    const offConnecting = client.on('connecting', () => setLive({ state: 'connecting' }));
    const unsubscribe = client.subscribe<{ activity: AuditEventFieldsFragment }>(
      { query: ActivitySubscription.toString() },
      {
        next: (msg) => {
          if (msg.data?.activity) prepend([msg.data.activity], eventKey);
        },
        error: (err: unknown) => setLive({ state: 'closed', error: subscriptionError(err) }),
        complete: () => setLive({ state: 'closed', error: null }),
      },
    );
    return () => {
      unsubscribe();
      offConnected();
      offConnecting();
      void client.dispose();
    };
  }, [prepend, attempt]);

  return (
    <>
      <PageHeader title="Activity">
        <LiveIndicator live={live} onReconnect={() => setAttempt((n) => n + 1)} />
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

function LiveIndicator({ live, onReconnect }: { live: LiveState; onReconnect: () => void }) {
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

/** graphql-ws reports GraphQL errors as an array, a failed socket as a CloseEvent. */
function subscriptionError(err: unknown): unknown {
  if (Array.isArray(err)) {
    const first = err[0] as GraphQLErrorShape | undefined;
    return new ApiError(first?.message ?? 'The subscription failed.', first?.extensions?.code ?? 'UNKNOWN', err);
  }
  if (err && typeof err === 'object' && 'code' in err && 'reason' in err) {
    const close = err as { code: number; reason: string };
    return new Error(`Live updates stopped (${close.code}${close.reason ? `: ${close.reason}` : ''}).`);
  }
  if (err instanceof Error) return err;
  return new Error('Cannot open the live connection to the server.');
}
