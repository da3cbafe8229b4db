import { useEffect, useState } from 'react';
import { api } from './lib/api';
import { ApiError } from './lib/errors';
import { useSession } from './lib/hooks';
import { Redirect, useLocation } from './lib/router';
import { refreshDelay, type StoredSession } from './lib/session';
import { AcceptInvitationPage } from './pages/AcceptInvitation';
import { LogInPage, safeNext } from './pages/LogIn';
import { Shell } from './pages/Shell';
import { SignUpPage } from './pages/SignUp';

export function App() {
  const session = useSession();
  const { pathname, search } = useLocation();
  useSessionRefresh(session);

  if (pathname === '/invite') return <AcceptInvitationPage token={search.get('token')} />;
  if (!session) {
    if (pathname === '/signup') return <SignUpPage />;
    if (pathname === '/login') return <LogInPage next={search.get('next')} />;
    const query = search.toString();
    const here = pathname + (query ? `?${query}` : '');
    return <Redirect to={here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} />;
  }
  if (pathname === '/login' || pathname === '/signup') return <Redirect to={safeNext(search.get('next'))} />;
  return <Shell key={session.tenantId} session={session} pathname={pathname} />;
}

/** Refreshes the session shortly before its access token expires; retries while offline. */
function useSessionRefresh(session: StoredSession | null) {
  const [retry, setRetry] = useState(0);
  useEffect(() => {
    if (!session) return;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    const timer = setTimeout(() => {
      api.refresh(session.accessToken).catch((err: unknown) => {
        // The server refused: the client has already ended the session. Otherwise try again soon.
        if (!(err instanceof ApiError)) retryTimer = setTimeout(() => setRetry((n) => n + 1), 15_000);
      });
    }, refreshDelay(session, Date.now()));
    return () => {
      clearTimeout(timer);
      clearTimeout(retryTimer);
    };
  }, [session, retry]);
}
