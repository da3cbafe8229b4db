import { useState, type FormEvent } from 'react';
import { Empty, ErrorNote, LoadMore, PageHeader, RoleBadge, StatusBadge } from '../components';
import type { ApiKeysQuery, Role } from '../gql/graphql';
import { api } from '../lib/api';
import { formatTime } from '../lib/format';
import { useAction, useConnection } from '../lib/hooks';
import { apiKeyRoles, ROLE_LABELS } from '../lib/roles';
import { ApiKeysQuery as ApiKeysDoc, CreateApiKeyMutation, RevokeApiKeyMutation } from '../operations';
import { useViewer } from '../viewer';

const selectKeys = (d: ApiKeysQuery) => d.apiKeys;

export function ApiKeysPage() {
  const viewer = useViewer();
  const keys = useConnection(ApiKeysDoc, selectKeys);
  const roles = apiKeyRoles(viewer.role);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(roles.includes('AGENT') ? 'AGENT' : (roles[0] ?? 'AGENT'));
  // The secret lives only in this state: the server shows it once and never again.
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);

  const create = useAction(async () => {
    const data = await api.request(CreateApiKeyMutation, { input: { name, role } });
    setCreated({ name: data.createApiKey.apiKey.name, secret: data.createApiKey.secret });
    setCopied(false);
    setName('');
    keys.reload();
  });
  const revoke = useAction(async (id: string) => {
    await api.request(RevokeApiKeyMutation, { input: { id } });
    setConfirming(null);
    keys.reload();
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <>
      <PageHeader title="API keys" />
      <p className="lead">
        API keys let your own code call the GraphQL API as this workspace: send{' '}
        <code>Authorization: Bearer &lt;key&gt;</code>.
      </p>

      {created ? (
        <section className="card secret" role="status" aria-labelledby="secret-heading">
          <h2 id="secret-heading">Your new key “{created.name}”</h2>
          <p>Copy it now. It is shown only this once; Switchboard keeps no copy you can see again.</p>
          <div className="secret-row">
            <code className="secret-value" data-testid="api-key-secret">
              {created.secret}
            </code>
            <button type="button" className="button secondary" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <button type="button" className="button primary" onClick={() => setCreated(null)}>
            I have stored it
          </button>
        </section>
      ) : null}

      <section className="card" aria-labelledby="create-key-heading">
        <h2 id="create-key-heading">Create a key</h2>
        <form className="form inline" onSubmit={submit}>
          <div className="field grow">
            <label htmlFor="key-name">Name</label>
            <input
              id="key-name"
              required
              placeholder="e.g. CRM sync"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="key-role">Role</label>
            <select id="key-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button primary" disabled={create.pending}>
            {create.pending ? 'Creating…' : 'Create key'}
          </button>
        </form>
        <ErrorNote error={create.error} />
      </section>

      <section className="card" aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keys</h2>
        <ErrorNote error={keys.error ?? revoke.error} />
        {keys.items.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.items.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>
                    <RoleBadge role={k.role} />
                  </td>
                  <td>{formatTime(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? formatTime(k.lastUsedAt) : 'Never'}</td>
                  <td>
                    {k.revokedAt ? (
                      <StatusBadge status={`revoked ${formatTime(k.revokedAt)}`} tone="bad" />
                    ) : (
                      <StatusBadge status="active" tone="ok" />
                    )}
                  </td>
                  <td className="actions">
                    {k.revokedAt ? null : confirming === k.id ? (
                      <>
                        <button
                          type="button"
                          className="button danger small"
                          disabled={revoke.pending}
                          onClick={() => void revoke.run(k.id)}
                        >
                          Confirm revoke
                        </button>
                        <button type="button" className="button secondary small" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </>
                    ) : (
                      <button
                        type="button"
                        className="button secondary small"
                        onClick={() => setConfirming(k.id)}
                        aria-label={`Revoke ${k.name}`}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : keys.loading ? (
          <p>Loading…</p>
        ) : (
          <Empty>No API keys yet.</Empty>
        )}
        <LoadMore hasMore={keys.hasMore} loading={keys.loading} onClick={keys.loadMore} />
      </section>
    </>
  );
}
