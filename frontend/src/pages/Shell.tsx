import { useEffect, useState, type ReactNode } from 'react';
import { ErrorNote, RoleBadge } from '../components';
import type { Role } from '../gql/graphql';
import { api } from '../lib/api';
import { useAction, useQuery } from '../lib/hooks';
import { hasRole } from '../lib/roles';
import { findRoute, Link, navigate, Redirect } from '../lib/router';
import { fetchSimInfo, type SimInfo } from '../lib/sim';
import type { StoredSession } from '../lib/session';
import { ViewerQuery } from '../operations';
import { ViewerContext, type Viewer } from '../viewer';
import { ActivityPage } from './Activity';
import { ApiKeysPage } from './ApiKeys';
import { CallsPage } from './Calls';
import { ChannelsPage } from './Channels';
import { ComingSoonPage } from './ComingSoon';
import { HomePage } from './Home';
import { InboxPage } from './Inbox';
import { MembersPage } from './Members';
import { OutboxPage } from './Outbox';
import { PhoneSimulatorPage } from './PhoneSimulator';
import { WebhooksPage } from './Webhooks';

interface Route {
  path: string;
  title: string;
  /** The least role that may open the page (mirrors the API's @hasRole). */
  role?: Role;
  soon?: boolean;
  /** Also serves the paths below `path`; render gets the rest (e.g. /inbox/:conversationId). */
  prefix?: boolean;
  render: (rest: string) => ReactNode;
}

export const WORK_ROUTES: Route[] = [
  {
    path: '/inbox',
    title: 'Inbox',
    role: 'AGENT',
    prefix: true,
    render: (rest) => <InboxPage conversationId={rest ? decodeURIComponent(rest) : null} />,
  },
  { path: '/calls', title: 'Calls', role: 'AGENT', render: () => <CallsPage /> },
  { path: '/contacts', title: 'Contacts', soon: true, render: () => <ComingSoonPage title="Contacts" /> },
];

export const SETTINGS_ROUTES: Route[] = [
  { path: '/settings/members', title: 'Members', role: 'AGENT', render: () => <MembersPage /> },
  { path: '/settings/channels', title: 'Channels', role: 'ADMIN', render: () => <ChannelsPage /> },
  { path: '/settings/webhooks', title: 'Webhooks', role: 'ADMIN', render: () => <WebhooksPage /> },
  { path: '/settings/api-keys', title: 'API keys', role: 'ADMIN', render: () => <ApiKeysPage /> },
  { path: '/settings/outbox', title: 'Outbox', role: 'ADMIN', render: () => <OutboxPage /> },
  { path: '/settings/activity', title: 'Activity', role: 'ADMIN', render: () => <ActivityPage /> },
];

export const PHONE_SIMULATOR_PATH = '/developer/phone-simulator';

/** The dev server's phone simulator: undefined while asking, null when there is none. */
function useSimInfo(): SimInfo | null | undefined {
  const [info, setInfo] = useState<SimInfo | null | undefined>(undefined);
  useEffect(() => {
    const ctl = new AbortController();
    void fetchSimInfo(fetch, ctl.signal).then((i) => {
      if (!ctl.signal.aborted) setInfo(i);
    });
    return () => ctl.abort();
  }, []);
  return info;
}

export function Shell({ session, pathname }: { session: StoredSession; pathname: string }) {
  const viewer = useQuery(() => api.request(ViewerQuery), [session.tenantId]);
  const sim = useSimInfo();

  if (!viewer.data) {
    return (
      <div className="loading-screen">
        {viewer.error ? (
          <div className="card narrow">
            <h1>Cannot load your workspace</h1>
            <ErrorNote error={viewer.error} />
            <div className="row">
              <button type="button" className="button primary" onClick={viewer.reload}>
                Try again
              </button>
              <SignOutButton />
            </div>
          </div>
        ) : (
          <p aria-live="polite">Loading…</p>
        )}
      </div>
    );
  }

  const v = viewer.data.viewer;
  return (
    <ViewerContext.Provider value={v}>
      <div className="shell">
        <Sidebar viewer={v} sim={sim} />
        <div className="main">
          <TopBar viewer={v} />
          <main className="content">{renderRoute(pathname, v, sim)}</main>
        </div>
      </div>
    </ViewerContext.Provider>
  );
}

function renderRoute(pathname: string, viewer: Viewer, sim: SimInfo | null | undefined): ReactNode {
  if (pathname === '/') return <HomePage />;
  if (pathname === '/settings') return <Redirect to="/settings/members" />;
  if (pathname === PHONE_SIMULATOR_PATH) {
    if (sim === undefined) return <p aria-live="polite">Loading…</p>;
    return <PhoneSimulatorPage info={sim} />;
  }
  const found = findRoute([...WORK_ROUTES, ...SETTINGS_ROUTES], pathname);
  if (!found) {
    return (
      <div className="card narrow">
        <h1>Page not found</h1>
        <p>
          There is nothing at <code>{pathname}</code>. <Link to="/">Go to the overview</Link>.
        </p>
      </div>
    );
  }
  const { route, rest } = found;
  if (route.role && !hasRole(viewer.role, route.role)) {
    return (
      <div className="card narrow">
        <h1>{route.title}</h1>
        <p>Your role in this workspace does not include this page.</p>
      </div>
    );
  }
  return route.render(rest);
}

function Sidebar({ viewer, sim }: { viewer: Viewer; sim: SimInfo | null | undefined }) {
  const work = WORK_ROUTES.filter((r) => !r.role || hasRole(viewer.role, r.role));
  const settings = SETTINGS_ROUTES.filter((r) => !r.role || hasRole(viewer.role, r.role));
  return (
    <aside className="sidebar">
      <Link to="/" className="brand">
        <span className="brand-mark" aria-hidden="true">◎</span> Switchboard
      </Link>
      <TenantSwitcher viewer={viewer} />
      <nav aria-label="Main">
        <ul>
          <li>
            <Link to="/">Overview</Link>
          </li>
          {work.map((r) => (
            <li key={r.path}>
              <Link to={r.path} matchPrefix={r.prefix}>
                {r.title}
                {r.soon ? <span className="soon">Coming soon</span> : null}
              </Link>
            </li>
          ))}
        </ul>
        {settings.length ? (
          <>
            <h2 className="nav-heading">Settings</h2>
            <ul>
              {settings.map((r) => (
                <li key={r.path}>
                  <Link to={r.path}>{r.title}</Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h2 className="nav-heading">Developers</h2>
        <ul>
          <li>
            <a href="/playground">GraphQL playground</a>
          </li>
          {sim ? (
            <li>
              <Link to={PHONE_SIMULATOR_PATH}>Phone simulator</Link>
            </li>
          ) : null}
        </ul>
      </nav>
    </aside>
  );
}

function TenantSwitcher({ viewer }: { viewer: Viewer }) {
  const switcher = useAction(async (tenantId: string) => {
    await api.switchTenant(tenantId);
    navigate('/');
  });
  if (!viewer.user) return null;
  return (
    <div className="tenant-switcher">
      <label htmlFor="tenant-switcher">Workspace</label>
      <select
        id="tenant-switcher"
        value={viewer.tenant.id}
        disabled={switcher.pending || viewer.memberships.length < 2}
        onChange={(e) => void switcher.run(e.target.value)}
      >
        {viewer.memberships.map((m) => (
          <option key={m.tenant.id} value={m.tenant.id}>
            {m.tenant.name}
          </option>
        ))}
      </select>
      <ErrorNote error={switcher.error} />
    </div>
  );
}

function TopBar({ viewer }: { viewer: Viewer }) {
  return (
    <header className="topbar">
      <div className="topbar-tenant">
        <span className="tenant-name" data-testid="current-tenant">
          {viewer.tenant.name}
        </span>
        <RoleBadge role={viewer.role} />
      </div>
      <div className="topbar-user">
        {viewer.user ? (
          <span className="user" title={viewer.user.email}>
            {viewer.user.name}
          </span>
        ) : null}
        <SignOutButton />
      </div>
    </header>
  );
}

function SignOutButton() {
  const [pending, setPending] = useState(false);
  const signOut = async () => {
    setPending(true);
    await api.logOut();
    navigate('/login', { replace: true });
  };
  return (
    <button type="button" className="button secondary" onClick={() => void signOut()} disabled={pending}>
      Sign out
    </button>
  );
}
