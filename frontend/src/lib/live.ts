// A page's GraphQL subscription over graphql-ws, with its connection state.
import { useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { api } from './api';
import { ApiError, type GraphQLErrorShape } from './errors';
import { createSubscriptionClient, graphqlWebSocketURL } from './ws';

export type LiveState = { state: 'connecting' } | { state: 'live' } | { state: 'closed'; error: unknown };

export interface SubscriptionHandlers<R> {
  /** Each event's data. */
  onData: (data: R) => void;
  /**
   * After every (re)connection: events sent while the socket was down are lost,
   * so a page re-reads what it shows here.
   */
  onConnected?: (wasRetry: boolean) => void;
}

/**
 * Subscribes for as long as the component is mounted (and `enabled`). Handlers
 * may change on every render; the subscription is not restarted for them.
 */
export function useSubscription<R>(
  document: TypedDocumentString<R, Record<string, never>>,
  handlers: SubscriptionHandlers<R>,
  enabled = true,
): { live: LiveState; reconnect: () => void } {
  const [live, setLive] = useState<LiveState>({ state: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  const ref = useRef(handlers);
  ref.current = handlers;

  useEffect(() => {
    if (!enabled) return;
    setLive({ state: 'connecting' });
    const client = createSubscriptionClient(api, graphqlWebSocketURL(window.location));
    const offConnected = client.on('connected', (_socket, _payload, wasRetry) => {
      setLive({ state: 'live' });
      ref.current.onConnected?.(wasRetry);
    });
    const offConnecting = client.on('connecting', () => setLive({ state: 'connecting' }));
    const unsubscribe = client.subscribe<R>(
      { query: document.toString() },
      {
        next: (msg) => {
          if (msg.data) ref.current.onData(msg.data as R);
        },
        error: (err: unknown) => setLive({ state: 'closed', error: subscriptionError(err) }),
        complete: () => setLive({ state: 'closed', error: null }),
      },
    );
    return () => {
      unsubscribe();
      offConnected();
      offConnecting();
      void client.dispose();
    };
  }, [document, enabled, attempt]);

  return { live, reconnect: () => setAttempt((n) => n + 1) };
}

/** graphql-ws reports GraphQL errors as an array, a failed socket as a CloseEvent. */
export function subscriptionError(err: unknown): unknown {
  if (Array.isArray(err)) {
    const first = err[0] as GraphQLErrorShape | undefined;
    return new ApiError(first?.message ?? 'The subscription failed.', first?.extensions?.code ?? 'UNKNOWN', err);
  }
  if (err && typeof err === 'object' && 'code' in err && 'reason' in err) {
    const close = err as { code: number; reason: string };
    return new Error(`Live updates stopped (${close.code}${close.reason ? `: ${close.reason}` : ''}).`);
  }
  if (err instanceof Error) return err;
  return new Error('Cannot open the live connection to the server.');
}
