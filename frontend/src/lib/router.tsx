// A minimal router over the History API: the console has a handful of flat pages.
import { useEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const NAVIGATE_EVENT = 'switchboard:navigate';

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('popstate', cb);
  window.addEventListener(NAVIGATE_EVENT, cb);
  return () => {
    window.removeEventListener('popstate', cb);
    window.removeEventListener(NAVIGATE_EVENT, cb);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

/** The current path and query string; re-renders on navigation. */
export function useLocation(): { pathname: string; search: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, snapshot, () => '/');
  const url = new URL(href, 'http://x');
  return { pathname: url.pathname, search: url.searchParams };
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & {
  to: string;
  /** Also current on paths below `to` (e.g. /inbox for /inbox/:id). */
  matchPrefix?: boolean | undefined;
  /** Replace the history entry instead of adding one. */
  replace?: boolean;
};

/** Whether a link to `to` is the current page. */
export function isCurrent(pathname: string, to: string, prefix = false): boolean {
  return pathname === to || (prefix && pathname.startsWith(to.endsWith('/') ? to : `${to}/`));
}

/**
 * The route that serves a path: an exact match, or a prefix route (such as
 * /inbox for /inbox/:id) with the rest of the path after it.
 */
export function findRoute<R extends { path: string; prefix?: boolean }>(
  routes: readonly R[],
  pathname: string,
): { route: R; rest: string } | null {
  for (const route of routes) {
    if (route.path === pathname) return { route, rest: '' };
    if (route.prefix && isCurrent(pathname, route.path, true)) {
      return { route, rest: pathname.slice(route.path.length + 1).replace(/\/+$/, '') };
    }
  }
  return null;
}

/** An <a> that navigates without a page load; marks itself aria-current when active. */
export function Link({ to, matchPrefix, replace, onClick, children, ...rest }: LinkProps) {
  const { pathname } = useLocation();
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to, { replace: replace ?? false });
  };
  return (
    <a href={to} onClick={handle} aria-current={isCurrent(pathname, to, matchPrefix) ? 'page' : undefined} {...rest}>
      {children}
    </a>
  );
}

/** Replaces the current entry with another path once rendered. */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
