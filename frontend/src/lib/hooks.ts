import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { api, sessions } from './api';
import type { StoredSession } from './session';

/** The stored session; re-renders when it changes, in this tab or another. */
export function useSession(): StoredSession | null {
  return useSyncExternalStore(sessions.subscribe, sessions.get, () => null);
}

interface Page<N> {
  edges: ReadonlyArray<{ node: N }>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

type PageVariables = { first?: number | null; after?: string | null };

export interface ConnectionState<N> {
  items: N[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
  /** Puts items first (live events), skipping any already shown. */
  prepend: (items: N[], key: (n: N) => string) => void;
}

/** Loads a Relay connection page by page. */
export function useConnection<R, N>(
  document: TypedDocumentString<R, PageVariables>,
  select: (data: R) => Page<N>,
  pageSize = 50,
): ConnectionState<N> {
  const [items, setItems] = useState<N[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const selectRef = useRef(select);
  selectRef.current = select;
  const generation = useRef(0);

  const load = useCallback(
    async (after: string | null) => {
      const gen = ++generation.current;
      setLoading(true);
      setError(null);
      try {
        const data = await api.request(document, { first: pageSize, after });
        if (gen !== generation.current) return;
        const page = selectRef.current(data);
        const nodes = page.edges.map((e) => e.node);
        setItems((prev) => (after ? [...prev, ...nodes] : nodes));
        setCursor(page.pageInfo.endCursor ?? null);
        setHasMore(page.pageInfo.hasNextPage);
      } catch (err) {
        if (gen === generation.current) setError(err);
      } finally {
        if (gen === generation.current) setLoading(false);
      }
    },
    [document, pageSize],
  );

  useEffect(() => {
    void load(null);
    return () => {
      generation.current++;
    };
  }, [load]);

  const prepend = useCallback((fresh: N[], key: (n: N) => string) => {
    setItems((prev) => {
      const seen = new Set(prev.map(key));
      return [...fresh.filter((n) => !seen.has(key(n))), ...prev];
    });
  }, []);

  return {
    items,
    loading,
    error,
    hasMore,
    loadMore: () => void load(cursor),
    reload: () => void load(null),
    prepend,
  };
}

/** Runs one query on mount and when deps change. */
export function useQuery<R>(run: () => Promise<R>, deps: unknown[]) {
  const [state, setState] = useState<{ data: R | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    run().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

/** Wraps an async action with pending and error state for a form. */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (...args: A): Promise<R | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await fn(...args);
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setPending(false);
    }
  };
  return { run, pending, error, clearError: () => setError(null) };
}
