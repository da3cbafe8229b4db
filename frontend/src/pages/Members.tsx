import { useState, type FormEvent } from 'react';
import { Empty, ErrorNote, LoadMore, PageHeader, RoleBadge, StatusBadge } from '../components';
import type { InvitationState, InvitationsQuery, MembersQuery, Role } from '../gql/graphql';
import { api } from '../lib/api';
import { formatTime } from '../lib/format';
import { useAction, useConnection } from '../lib/hooks';
import { hasRole, invitableRoles, ROLE_LABELS } from '../lib/roles';
import { CreateInvitationMutation, InvitationsQuery as InvitationsDoc, MembersQuery as MembersDoc, RevokeInvitationMutation } from '../operations';
import { useViewer } from '../viewer';

const selectMembers = (d: MembersQuery) => d.members;
const selectInvitations = (d: InvitationsQuery) => d.invitations;

export function MembersPage() {
  const viewer = useViewer();
  const members = useConnection(MembersDoc, selectMembers);
  const admin = hasRole(viewer.role, 'ADMIN');

  return (
    <>
      <PageHeader title="Members" />
      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">People in {viewer.tenant.name}</h2>
        <ErrorNote error={members.error} />
        {members.items.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
              </tr>
            </thead>
            <tbody>
              {members.items.map((m) => (
                <tr key={m.user.id}>
                  <td>{m.user.name}</td>
                  <td>{m.user.email}</td>
                  <td>
                    <RoleBadge role={m.role} />
                  </td>
                  <td>{formatTime(m.joinedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : members.loading ? (
          <p>Loading…</p>
        ) : (
          <Empty>No members.</Empty>
        )}
        <LoadMore hasMore={members.hasMore} loading={members.loading} onClick={members.loadMore} />
      </section>
      {admin ? <Invitations viewerRole={viewer.role} /> : null}
    </>
  );
}

const STATE_TONE: Record<InvitationState, 'ok' | 'warn' | 'bad' | 'muted'> = {
  PENDING: 'warn',
  ACCEPTED: 'ok',
  EXPIRED: 'muted',
  REVOKED: 'bad',
};

function Invitations({ viewerRole }: { viewerRole: Role }) {
  const invitations = useConnection(InvitationsDoc, selectInvitations);
  const roles = invitableRoles(viewerRole);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('AGENT');
  const [sentTo, setSentTo] = useState<string | null>(null);

  const invite = useAction(async () => {
    const data = await api.request(CreateInvitationMutation, { input: { email, role } });
    setSentTo(data.createInvitation.invitation.email);
    setEmail('');
    invitations.reload();
  });
  const revoke = useAction(async (id: string) => {
    await api.request(RevokeInvitationMutation, { input: { id } });
    invitations.reload();
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSentTo(null);
    void invite.run();
  };

  return (
    <section className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <form className="form inline" onSubmit={submit}>
        <div className="field grow">
          <label htmlFor="invite-email">E-mail</label>
          <input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary" disabled={invite.pending}>
          {invite.pending ? 'Sending…' : 'Send invitation'}
        </button>
      </form>
      <ErrorNote error={invite.error} />
      {sentTo ? (
        <p className="success" role="status">
          Invitation sent to {sentTo}. The link in the e-mail works once and expires in 7 days.
        </p>
      ) : null}

      <h3>Invitations</h3>
      <ErrorNote error={invitations.error ?? revoke.error} />
      {invitations.items.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">Sent</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.items.map((i) => (
              <tr key={i.id}>
                <td>{i.email}</td>
                <td>
                  <RoleBadge role={i.role} />
                </td>
                <td>
                  <StatusBadge status={i.state.toLowerCase()} tone={STATE_TONE[i.state]} />
                </td>
                <td>{formatTime(i.createdAt)}</td>
                <td>{formatTime(i.expiresAt)}</td>
                <td className="actions">
                  {i.state === 'PENDING' ? (
                    <button
                      type="button"
                      className="button secondary small"
                      disabled={revoke.pending}
                      onClick={() => void revoke.run(i.id)}
                      aria-label={`Revoke invitation for ${i.email}`}
                    >
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : invitations.loading ? (
        <p>Loading…</p>
      ) : (
        <Empty>No invitations yet.</Empty>
      )}
      <LoadMore hasMore={invitations.hasMore} loading={invitations.loading} onClick={invitations.loadMore} />
    </section>
  );
}
