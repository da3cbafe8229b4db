import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../components';
import { api, sessions } from '../lib/api';
import { useAction } from '../lib/hooks';
import { Link, navigate } from '../lib/router';
import { toStoredSession } from '../lib/session';
import { SignUpMutation } from '../operations';
import { AuthLayout } from './AuthLayout';

export const MIN_PASSWORD_LENGTH = 10;

export function SignUpPage() {
  const [tenantName, setTenantName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    const data = await api.request(
      SignUpMutation,
      { input: { tenantName, name, email, password } },
      { auth: false },
    );
    sessions.set(toStoredSession(data.signUp.session));
    navigate('/', { replace: true });
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run();
  };

  return (
    <AuthLayout
      title="Create your workspace"
      footer={
        <>
          Already have an account? <Link to="/login">Log in</Link>
        </>
      }
    >
      <form onSubmit={submit} className="form">
        <div className="field">
          <label htmlFor="signup-tenant">Company name</label>
          <input
            id="signup-tenant"
            required
            autoComplete="organization"
            value={tenantName}
            onChange={(e) => setTenantName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="signup-name">Your name</label>
          <input id="signup-name" required autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="signup-email">E-mail</label>
          <input
            id="signup-email"
            type="email"
            required
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="signup-password">Password</label>
          <input
            id="signup-password"
            type="password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            autoComplete="new-password"
            aria-describedby="signup-password-hint"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <p className="hint" id="signup-password-hint">
            At least {MIN_PASSWORD_LENGTH} characters.
          </p>
        </div>
        <ErrorNote error={action.error} />
        <button type="submit" className="button primary wide" disabled={action.pending}>
          {action.pending ? 'Creating…' : 'Sign up'}
        </button>
      </form>
    </AuthLayout>
  );
}
