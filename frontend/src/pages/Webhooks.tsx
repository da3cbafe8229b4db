import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import { Empty, ErrorNote, Field, LoadMore, PageHeader, SecretOnce, StatusBadge } from '../components';
import type {
  WebhookDeliveryFieldsFragment,
  WebhookDeliveryStatus,
  WebhookEndpointFieldsFragment,
} from '../gql/graphql';
import { api } from '../lib/api';
import { formatTime } from '../lib/format';
import { useAction, useQuery } from '../lib/hooks';
import { hasField } from '../lib/node';
import { describeRetrySchedule, prettyJSON } from '../lib/webhooks';
import {
  CreateWebhookEndpointMutation,
  DeleteWebhookEndpointMutation,
  ReplayWebhookDeliveryMutation,
  RotateWebhookSecretMutation,
  UpdateWebhookEndpointMutation,
  WebhookDeliveriesQuery,
  WebhookEndpointsQuery,
} from '../operations';

type Endpoint = WebhookEndpointFieldsFragment;
type Delivery = WebhookDeliveryFieldsFragment;

const DELIVERY_TONE: Record<WebhookDeliveryStatus, 'ok' | 'warn' | 'bad' | 'muted'> = {
  PENDING: 'warn',
  DELIVERED: 'ok',
  FAILED: 'bad',
  GONE: 'bad',
};

export function WebhooksPage() {
  const q = useQuery(() => api.request(WebhookEndpointsQuery), []);
  // Secrets live only in this state: the server shows each once.
  const [secret, setSecret] = useState<{ heading: string; secret: string; rotated: boolean } | null>(null);

  return (
    <>
      <PageHeader title="Webhooks" />
      <p className="lead">
        Switchboard POSTs events to your endpoints as they happen, signed the{' '}
        <a href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer noopener">
          Standard Webhooks
        </a>{' '}
        way: verify the <code>webhook-signature</code> header with the endpoint’s <code>whsec_</code> secret.
      </p>
      {q.data ? (
        <p className="lead" data-testid="retry-schedule">
          {describeRetrySchedule(q.data.webhookRetryScheduleSeconds)} An endpoint that answers <code>410 Gone</code> is
          switched off.
        </p>
      ) : null}

      {secret ? (
        <SecretOnce heading={secret.heading} secret={secret.secret} testId="webhook-secret" onDone={() => setSecret(null)}>
          {secret.rotated
            ? 'Copy it now; it is shown only this once. For 24 hours deliveries carry signatures with both the old and the new secret: switch your receiver over within that time.'
            : undefined}
        </SecretOnce>
      ) : null}

      <section className="card" aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoints</h2>
        <ErrorNote error={q.error} />
        {q.data?.webhookEndpoints.length ? (
          <ul className="endpoints">
            {q.data.webhookEndpoints.map((e) => (
              <EndpointItem
                key={e.id}
                endpoint={e}
                onChanged={q.reload}
                onRotated={(s) => setSecret({ heading: `New secret for ${e.url}`, secret: s, rotated: true })}
              />
            ))}
          </ul>
        ) : q.loading ? (
          <p>Loading…</p>
        ) : (
          <Empty>No endpoints yet.</Empty>
        )}
      </section>

      <AddEndpoint
        eventTypes={q.data?.webhookEventTypes ?? []}
        onCreated={(url, s) => {
          setSecret({ heading: `Signing secret for ${url}`, secret: s, rotated: false });
          q.reload();
        }}
      />
    </>
  );
}

function AddEndpoint({ eventTypes, onCreated }: { eventTypes: string[]; onCreated: (url: string, secret: string) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<string[]>([]);

  const create = useAction(async () => {
    const data = await api.request(CreateWebhookEndpointMutation, {
      input: { url: url.trim(), description: description.trim() || null, eventTypes: types },
    });
    setUrl('');
    setDescription('');
    setTypes([]);
    onCreated(data.createWebhookEndpoint.endpoint.url, data.createWebhookEndpoint.secret);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };
  const toggle = (t: string, on: boolean) =>
    setTypes((prev) => (on ? eventTypes.filter((x) => x === t || prev.includes(x)) : prev.filter((x) => x !== t)));

  return (
    <section className="card" aria-labelledby="add-endpoint-heading">
      <h2 id="add-endpoint-heading">Add an endpoint</h2>
      <form className="form" onSubmit={submit}>
        <div className="form-grid">
          <Field id="endpoint-url" label="URL" hint="An http(s) URL on the public internet.">
            <input
              id="endpoint-url"
              type="url"
              required
              placeholder="https://crm.example.com/hooks/switchboard"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          </Field>
          <Field id="endpoint-description" label="Description" hint="Optional, for people.">
            <input id="endpoint-description" value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </div>
        <fieldset className="checks">
          <legend>Event types</legend>
          <p className="hint">Leave all unchecked to receive every event, including types added later.</p>
          <div className="check-grid">
            {eventTypes.map((t) => (
              <label key={t} className="check">
                <input type="checkbox" checked={types.includes(t)} onChange={(e) => toggle(t, e.target.checked)} />
                <code>{t}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <button type="submit" className="button primary" disabled={create.pending}>
            {create.pending ? 'Adding…' : 'Add endpoint'}
          </button>
        </div>
      </form>
      <ErrorNote error={create.error} />
    </section>
  );
}

function EndpointItem({
  endpoint: e,
  onChanged,
  onRotated,
}: {
  endpoint: Endpoint;
  onChanged: () => void;
  onRotated: (secret: string) => void;
}) {
  const [confirm, setConfirm] = useState<'rotate' | 'delete' | null>(null);
  const [showLog, setShowLog] = useState(false);

  const toggle = useAction(async () => {
    await api.request(UpdateWebhookEndpointMutation, { input: { id: e.id, enabled: !e.enabled } });
    onChanged();
  });
  const rotate = useAction(async () => {
    const data = await api.request(RotateWebhookSecretMutation, { input: { id: e.id } });
    setConfirm(null);
    onRotated(data.rotateWebhookSecret.secret);
  });
  const remove = useAction(async () => {
    await api.request(DeleteWebhookEndpointMutation, { input: { id: e.id } });
    setConfirm(null);
    onChanged();
  });

  return (
    <li className="endpoint" aria-label={e.url}>
      <div className="endpoint-head">
        <div className="endpoint-title">
          <code className="endpoint-url">{e.url}</code>
          {e.enabled ? <StatusBadge status="enabled" tone="ok" /> : <StatusBadge status="disabled" tone="muted" />}
        </div>
        <div className="endpoint-actions">
          <button type="button" className="button secondary small" disabled={toggle.pending} onClick={() => void toggle.run()}>
            {e.enabled ? 'Disable' : 'Enable'}
          </button>
          {confirm === 'rotate' ? (
            <>
              <button type="button" className="button primary small" disabled={rotate.pending} onClick={() => void rotate.run()}>
                Confirm rotate
              </button>
              <button type="button" className="button secondary small" onClick={() => setConfirm(null)}>
                Cancel
              </button>
            </>
          ) : confirm === 'delete' ? (
            <>
              <button type="button" className="button danger small" disabled={remove.pending} onClick={() => void remove.run()}>
                Confirm delete
              </button>
              <button type="button" className="button secondary small" onClick={() => setConfirm(null)}>
                Cancel
              </button>
            </>
          ) : (
            <>
              <button type="button" className="button secondary small" onClick={() => setConfirm('rotate')}>
                Rotate secret
              </button>
              <button type="button" className="button secondary small" onClick={() => setConfirm('delete')}>
                Delete
              </button>
            </>
          )}
        </div>
      </div>
      {e.description ? <p className="endpoint-description">{e.description}</p> : null}
      <p className="endpoint-meta">
        {e.eventTypes.length ? (
          e.eventTypes.map((t) => (
            <code key={t} className="chip">
              {t}
            </code>
          ))
        ) : (
          <span className="chip">All events</span>
        )}
        <span className="muted"> · added {formatTime(e.createdAt)}</span>
      </p>
      {e.disabledReason ? <p className="error">Switched off: {e.disabledReason}</p> : null}
      {confirm === 'rotate' ? (
        <p className="hint">A new secret is issued and shown once; the old one keeps signing for 24 hours.</p>
      ) : null}
      {confirm === 'delete' ? <p className="hint">The endpoint and its delivery log are deleted.</p> : null}
      <ErrorNote error={toggle.error ?? rotate.error ?? remove.error} />
      <button
        type="button"
        className="link-button"
        aria-expanded={showLog}
        onClick={() => setShowLog((v) => !v)}
      >
        {showLog ? 'Hide delivery log' : 'Show delivery log'}
      </button>
      {showLog ? <DeliveryLog endpoint={e} /> : null}
    </li>
  );
}

function DeliveryLog({ endpoint }: { endpoint: Endpoint }) {
  const [items, setItems] = useState<Delivery[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<string | null>(null);

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const data = await api.request(WebhookDeliveriesQuery, { id: endpoint.id, first: 25, after });
        const node = data.node;
        if (!hasField(node, 'deliveries')) throw new Error('The endpoint is gone.');
        const page = node.deliveries;
        const nodes = page.edges.map((x) => x.node);
        setItems((prev) => {
          if (!after) return nodes;
          const seen = new Set(prev.map((d) => d.id));
          return [...prev, ...nodes.filter((d) => !seen.has(d.id))];
        });
        if (!after || page.pageInfo.endCursor) {
          setCursor(page.pageInfo.endCursor ?? null);
          setHasMore(page.pageInfo.hasNextPage);
        }
      } catch (err) {
        setError(err);
      } finally {
        setLoading(false);
      }
    },
    [endpoint.id],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  // While a delivery waits for an attempt that is due soon, look again every few seconds.
  const pendingSoon = items.some(
    (d) => d.status === 'PENDING' && (!d.nextAttemptAt || Date.parse(d.nextAttemptAt) - Date.now() < 60_000),
  );
  useEffect(() => {
    if (!pendingSoon) return;
    const t = setInterval(() => void load(null), 3_000);
    return () => clearInterval(t);
  }, [pendingSoon, load]);

  const replay = useAction(async (id: string) => {
    const data = await api.request(ReplayWebhookDeliveryMutation, { input: { id } });
    const d = data.replayWebhookDelivery.delivery;
    setItems((prev) => prev.map((x) => (x.id === d.id ? d : x)));
  });

  return (
    <div className="delivery-log">
      <div className="delivery-log-head">
        <h3>Delivery log</h3>
        <button type="button" className="button secondary small" onClick={() => void load(null)} disabled={loading}>
          Refresh
        </button>
      </div>
      <ErrorNote error={error ?? replay.error} />
      {items.length ? (
        <table aria-label={`Deliveries to ${endpoint.url}`}>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Response</th>
              <th scope="col">Time</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <Fragment key={d.id}>
                <tr data-testid="delivery">
                  <td>
                    <code>{d.eventType}</code>
                  </td>
                  <td>
                    <StatusBadge status={d.status.toLowerCase()} tone={DELIVERY_TONE[d.status]} />
                    {d.status === 'PENDING' && d.nextAttemptAt ? (
                      <span className="next-attempt">next {formatTime(d.nextAttemptAt)}</span>
                    ) : null}
                  </td>
                  <td>{d.attempts}</td>
                  <td>{d.lastStatusCode ?? (d.lastError ? 'no response' : '—')}</td>
                  <td>{formatTime(d.lastAttemptAt ?? d.createdAt)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button secondary small"
                      aria-expanded={open === d.id}
                      onClick={() => setOpen(open === d.id ? null : d.id)}
                    >
                      {open === d.id ? 'Hide' : 'Details'}
                    </button>
                    <button
                      type="button"
                      className="button secondary small"
                      disabled={replay.pending || d.status === 'PENDING'}
                      onClick={() => void replay.run(d.id)}
                    >
                      Replay
                    </button>
                  </td>
                </tr>
                {open === d.id ? (
                  <tr className="delivery-detail">
                    <td colSpan={6}>
                      <DeliveryDetail d={d} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      ) : loading ? (
        <p>Loading…</p>
      ) : (
        <Empty>Nothing sent to this endpoint yet.</Empty>
      )}
      <LoadMore hasMore={hasMore} loading={loading} onClick={() => void load(cursor)} />
    </div>
  );
}

function DeliveryDetail({ d }: { d: Delivery }) {
  return (
    <div className="delivery-detail-body">
      <dl className="facts">
        <dt>webhook-id</dt>
        <dd>
          <code>{d.messageId}</code>
        </dd>
        <dt>Event at</dt>
        <dd>{formatTime(d.createdAt)}</dd>
        {d.deliveredAt ? (
          <>
            <dt>Delivered</dt>
            <dd>{formatTime(d.deliveredAt)}</dd>
          </>
        ) : null}
        {d.nextAttemptAt ? (
          <>
            <dt>Next attempt</dt>
            <dd>{formatTime(d.nextAttemptAt)}</dd>
          </>
        ) : null}
        <dt>Duration</dt>
        <dd>{d.durationMs} ms</dd>
        {d.lastError ? (
          <>
            <dt>Error</dt>
            <dd className="error-text">{d.lastError}</dd>
          </>
        ) : null}
      </dl>
      <h4>Payload</h4>
      <pre className="code-block">{prettyJSON(d.payload)}</pre>
      <h4>Response{d.lastStatusCode ? ` (${d.lastStatusCode})` : ''}</h4>
      {d.lastResponse ? <pre className="code-block">{d.lastResponse}</pre> : <p className="muted">No response body.</p>}
    </div>
  );
}
