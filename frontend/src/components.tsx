// Small building blocks shared by the pages.
import type { ReactNode } from 'react';
import { errorMessage } from './lib/errors';
import type { Role } from './gql/graphql';
import { ROLE_LABELS } from './lib/roles';

/** A server or network error, announced to screen readers. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {errorMessage(error)}
    </p>
  );
}

export function RoleBadge({ role }: { role: Role }) {
  return <span className={`badge badge-${role.toLowerCase()}`}>{ROLE_LABELS[role]}</span>;
}

export function StatusBadge({ status, tone }: { status: string; tone: 'ok' | 'warn' | 'bad' | 'muted' }) {
  return <span className={`badge badge-${tone}`}>{status}</span>;
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children ? <div className="page-actions">{children}</div> : null}
    </div>
  );
}

export function LoadMore({ hasMore, loading, onClick }: { hasMore: boolean; loading: boolean; onClick: () => void }) {
  if (!hasMore) return null;
  return (
    <button type="button" className="button secondary" onClick={onClick} disabled={loading}>
      {loading ? 'Loading…' : 'Load more'}
    </button>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
