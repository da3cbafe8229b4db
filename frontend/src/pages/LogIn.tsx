import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../components';
import { api, sessions } from '../lib/api';
import { useAction } from '../lib/hooks';
import { Link, navigate } from '../lib/router';
import { toStoredSession } from '../lib/session';
import { LogInMutation } from '../operations';
import { AuthLayout } from './AuthLayout';

/** Where to go after signing in: a same-origin path only, never another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LogInPage({ next }: { next: string | null }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    const data = await api.request(LogInMutation, { input: { email, password } }, { auth: false });
    sessions.set(toStoredSession(data.logIn.session));
    navigate(safeNext(next), { replace: true });
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run();
  };

  return (
    <AuthLayout
      title="Log in"
      footer={
        <>
          New to Switchboard? <Link to="/signup">Create an account</Link>
        </>
      }
    >
      <form onSubmit={submit} className="form">
        <div className="field">
          <label htmlFor="login-email">E-mail</label>
          <input
            id="login-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <ErrorNote error={action.error} />
        <button type="submit" className="button primary wide" disabled={action.pending}>
          {action.pending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </AuthLayout>
  );
}
