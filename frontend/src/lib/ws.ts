// Subscriptions over graphql-transport-ws (the graphql-ws package). The access
// token travels in connection_init as {"Authorization": "Bearer <token>"}, read
// afresh on every (re)connect so a refreshed token is used after a reconnect.
import { createClient, type Client } from 'graphql-ws';
import type { GraphQLClient } from './client';

/** ws(s)://host/graphql for the page's own origin. */
export function graphqlWebSocketURL(loc: Pick<Location, 'protocol' | 'host'>, path = '/graphql'): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${path}`;
}

/** The connection_init payload for a token, or none when signed out. */
export function connectionInitPayload(token: string | null): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export function createSubscriptionClient(api: GraphQLClient, url: string): Client {
  return createClient({
    url,
    lazy: true,
    retryAttempts: 8,
    // Also retry after a failed handshake (server restarting); graphql-ws still gives up
    // at once on the fatal close codes (4400 bad request, 4401/4403 refused credentials, …).
    shouldRetry: () => true,
    connectionParams: async () => connectionInitPayload(await api.accessToken()),
  });
}
