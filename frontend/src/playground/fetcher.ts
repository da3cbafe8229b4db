// The playground's fetcher: queries and mutations through the console's client (same
// session, same refresh), subscriptions through graphql-ws. A header typed into
// GraphiQL's header editor wins, so an API key can be tried as "Authorization".
import type { GraphiQLProps } from 'graphiql';
import { getOperationAST, parse } from 'graphql';
import type { Client } from 'graphql-ws';
import type { GraphQLClient } from '../lib/client';

type Fetcher = GraphiQLProps['fetcher'];

/** Whether the operation GraphiQL is about to run is a subscription. */
export function isSubscription(query: string, operationName?: string | null): boolean {
  try {
    return getOperationAST(parse(query), operationName ?? undefined)?.operation === 'subscription';
  } catch {
    return false; // Let the server report the syntax error.
  }
}

export function createPlaygroundFetcher(api: GraphQLClient, ws: Client): Fetcher {
  return (params, opts) => {
    const headers = stringHeaders(opts?.headers);
    if (isSubscription(params.query, params.operationName)) {
      return ws.iterate({
        query: params.query,
        variables: params.variables ?? undefined,
        operationName: params.operationName ?? undefined,
      }) as ReturnType<Fetcher>; // JSON errors, not GraphQLError instances: GraphiQL only prints them.
    }
    return api.execute(
      { query: params.query, variables: params.variables ?? undefined, operationName: params.operationName },
      { headers },
    ) as ReturnType<Fetcher>;
  };
}

function stringHeaders(h: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) {
    if (v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}
