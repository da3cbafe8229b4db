import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../components';
import { api, sessions } from '../lib/api';
import { useAction } from '../lib/hooks';
import { Link, navigate } from '../lib/router';
import { toStoredSession } from '../lib/session';
import { AcceptInvitationMutation } from '../operations';
import { AuthLayout } from './AuthLayout';

export function AcceptInvitationPage({ token }: { token: string | null }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    if (!token) return;
    const input = { token, password, ...(name.trim() ? { name: name.trim() } : {}) };
    const data = await api.request(AcceptInvitationMutation, { input }, { auth: false });
    sessions.set(toStoredSession(data.acceptInvitation.session));
    navigate('/', { replace: true });
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run();
  };

  if (!token) {
    return (
      <AuthLayout title="Accept invitation" footer={<Link to="/login">Go to log in</Link>}>
        <p className="error" role="alert">
          This link has no invitation token. Open the link from your invitation e-mail again.
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Accept invitation">
      <p className="lead">
        You have been invited to join a team on Switchboard. New here? Choose your name and a password. Already
        have an account with this e-mail? Enter your existing password.
      </p>
      <form onSubmit={submit} className="form">
        <div className="field">
          <label htmlFor="invite-name">Your name</label>
          <input
            id="invite-name"
            autoComplete="name"
            aria-describedby="invite-name-hint"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <p className="hint" id="invite-name-hint">
            Only needed if you don't have an account yet.
          </p>
        </div>
        <div className="field">
          <label htmlFor="invite-password">Password</label>
          <input
            id="invite-password"
            type="password"
            required
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <ErrorNote error={action.error} />
        <button type="submit" className="button primary wide" disabled={action.pending}>
          {action.pending ? 'Joining…' : 'Accept invitation'}
        </button>
      </form>
    </AuthLayout>
  );
}
