import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../test/memoryStorage';
import { LogInMutation, ViewerQuery } from '../operations';
import { GraphQLClient, type LockManagerLike } from './client';
import { ApiError } from './errors';
import { SessionStore, type StoredSession } from './session';

const NOW = Date.parse('2030-01-01T12:00:00Z');
const inMs = (ms: number) => new Date(NOW + ms).toISOString();

interface Call {
  url: string;
  authorization: string | null;
  query: string;
  variables: Record<string, unknown> | undefined;
}

const viewer = { role: 'OWNER', user: null, tenant: { id: 't1', name: 'Acme' }, memberships: [] };

/**
 * A fake /graphql: accepts access tokens in `valid`, rotates refresh tokens
 * (each works once), and records every request.
 */
function fakeServer() {
  const calls: Call[] = [];
  const valid = new Set<string>(['access-1']);
  const refreshTokens = new Set<string>(['refresh-1']);
  let issued = 1;
  let refreshDelayMs = 0;
  let networkDown = false;

  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (networkDown) throw new TypeError('Failed to fetch');
    const headers = new Headers(init?.headers);
    const body = JSON.parse(String(init?.body)) as { query: string; variables?: Record<string, unknown> };
    const call: Call = {
      url: String(input),
      authorization: headers.get('Authorization'),
      query: body.query,
      variables: body.variables,
    };
    calls.push(call);

    if (body.query.includes('mutation RefreshSession')) {
      if (refreshDelayMs) await new Promise((r) => setTimeout(r, refreshDelayMs));
      const input = body.variables?.input as { refreshToken: string };
      if (!refreshTokens.delete(input.refreshToken)) {
        return json({ data: null, errors: [{ message: 'session ended', extensions: { code: 'UNAUTHENTICATED' } }] });
      }
      issued++;
      valid.add(`access-${issued}`);
      refreshTokens.add(`refresh-${issued}`);
      return json({
        data: {
          refreshSession: {
            session: {
              accessToken: `access-${issued}`,
              refreshToken: `refresh-${issued}`,
              accessTokenExpiresAt: inMs(15 * 60_000),
              viewer,
            },
          },
        },
      });
    }
    if (body.query.includes('mutation LogOut')) return json({ data: { logOut: { ok: true } } });
    if (body.query.includes('mutation LogIn')) {
      return json({ data: null, errors: [{ message: 'wrong e-mail or password', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    const token = call.authorization?.replace(/^Bearer /, '') ?? '';
    if (!valid.has(token)) {
      return json({ data: null, errors: [{ message: 'not signed in', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    return json({ data: { viewer } });
  };

  return {
    fetch: fetch as typeof globalThis.fetch,
    calls,
    valid,
    refreshCalls: () => calls.filter((c) => c.query.includes('mutation RefreshSession')),
    setRefreshDelay: (ms: number) => (refreshDelayMs = ms),
    setNetworkDown: (down: boolean) => (networkDown = down),
  };
}

function setup(session: Partial<StoredSession> | null = {}, locks?: LockManagerLike) {
  const server = fakeServer();
  const storage = new MemoryStorage();
  const sessions = new SessionStore(storage);
  if (session) {
    sessions.set({
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      accessTokenExpiresAt: inMs(10 * 60_000),
      tenantId: 't1',
      ...session,
    });
  }
  const client = new GraphQLClient({ endpoint: '/graphql', sessions, fetch: server.fetch, now: () => NOW, locks });
  return { server, sessions, storage, client };
}

describe('GraphQLClient', () => {
  it('sends the access token as a bearer header and returns data', async () => {
    const { server, client } = setup();
    const data = await client.request(ViewerQuery);
    expect(data.viewer.tenant.name).toBe('Acme');
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]!.url).toBe('/graphql');
    expect(server.calls[0]!.authorization).toBe('Bearer access-1');
    expect(server.calls[0]!.query).toContain('query Viewer');
    expect(server.calls[0]!.query).toContain('fragment ViewerFields');
  });

  it('sends no token for sign-in mutations and throws the server error with its code', async () => {
    const { server, client } = setup();
    const err = await client
      .request(LogInMutation, { input: { email: 'a@b.c', password: 'nope' } }, { auth: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('UNAUTHENTICATED');
    expect((err as ApiError).message).toBe('wrong e-mail or password');
    expect(server.calls[0]!.authorization).toBeNull();
    expect(server.refreshCalls()).toHaveLength(0);
  });

  it('sends no Authorization header when signed out', async () => {
    const { server, client } = setup(null);
    await client.request(ViewerQuery).catch(() => undefined);
    expect(server.calls[0]!.authorization).toBeNull();
  });

  it('lets an explicit Authorization header win (playground with an API key)', async () => {
    const { server, client } = setup();
    await client.execute({ query: '{ viewer { role } }' }, { headers: { Authorization: 'Bearer sk_test' } });
    expect(server.calls[0]!.authorization).toBe('Bearer sk_test');
    expect(server.refreshCalls()).toHaveLength(0);
  });

  it('refreshes first when the access token is about to expire', async () => {
    const { server, sessions, client } = setup({ accessTokenExpiresAt: inMs(5_000) });
    await client.request(ViewerQuery);
    expect(server.refreshCalls()).toHaveLength(1);
    expect(server.refreshCalls()[0]!.variables).toEqual({ input: { refreshToken: 'refresh-1' } });
    expect(server.calls.at(-1)!.authorization).toBe('Bearer access-2');
    expect(sessions.get()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2', tenantId: 't1' });
  });

  it('refreshes once and retries on UNAUTHENTICATED', async () => {
    const { server, sessions, client } = setup();
    server.valid.delete('access-1'); // revoked before its expiry
    const data = await client.request(ViewerQuery);
    expect(data.viewer.role).toBe('OWNER');
    expect(server.calls.map((c) => c.authorization)).toEqual(['Bearer access-1', null, 'Bearer access-2']);
    expect(sessions.get()?.refreshToken).toBe('refresh-2');
  });

  it('spends the refresh token only once for concurrent requests', async () => {
    const { server, client } = setup({ accessTokenExpiresAt: inMs(1_000) });
    server.setRefreshDelay(20);
    await Promise.all([client.request(ViewerQuery), client.request(ViewerQuery), client.request(ViewerQuery)]);
    expect(server.refreshCalls()).toHaveLength(1);
    const viewerCalls = server.calls.filter((c) => c.query.includes('query Viewer'));
    expect(viewerCalls.map((c) => c.authorization)).toEqual(['Bearer access-2', 'Bearer access-2', 'Bearer access-2']);
  });

  it('uses a session another tab refreshed instead of refreshing again', async () => {
    const { server, sessions } = setup();
    server.valid.delete('access-1');
    server.valid.add('access-other');
    // The other tab refreshed between our request and our refresh; its lock made us wait.
    const locks: LockManagerLike = {
      request: async (_name, fn) => {
        sessions.set({
          accessToken: 'access-other',
          refreshToken: 'refresh-other',
          accessTokenExpiresAt: inMs(15 * 60_000),
          tenantId: 't1',
        });
        return fn();
      },
    };
    const client = new GraphQLClient({ endpoint: '/graphql', sessions, fetch: server.fetch, now: () => NOW, locks });
    await client.request(ViewerQuery);
    expect(server.refreshCalls()).toHaveLength(0);
    expect(server.calls.at(-1)!.authorization).toBe('Bearer access-other');
  });

  it('ends the session when the server refuses the refresh token', async () => {
    const { server, sessions, client } = setup({ refreshToken: 'refresh-stale' });
    server.valid.delete('access-1');
    const err = await client.request(ViewerQuery).catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('UNAUTHENTICATED');
    expect(server.refreshCalls()).toHaveLength(1);
    expect(sessions.get()).toBeNull();
  });

  it('keeps the session when the refresh fails for lack of network', async () => {
    const { server, sessions, client } = setup({ accessTokenExpiresAt: inMs(1_000) });
    server.setNetworkDown(true);
    await expect(client.refresh()).rejects.toBeInstanceOf(TypeError);
    expect(sessions.get()?.refreshToken).toBe('refresh-1');
  });

  it('reports a non-GraphQL answer as an ApiError with the HTTP status', async () => {
    const sessions = new SessionStore(new MemoryStorage());
    const client = new GraphQLClient({
      endpoint: '/graphql',
      sessions,
      fetch: (async () => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' })) as typeof fetch,
    });
    const err = await client.request(ViewerQuery).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(502);
    expect((err as ApiError).code).toBe('INTERNAL');
  });

  it('logs out on the server with the refresh token and forgets the session', async () => {
    const { server, sessions, client } = setup();
    await client.logOut();
    expect(sessions.get()).toBeNull();
    const call = server.calls.find((c) => c.query.includes('mutation LogOut'))!;
    expect(call.variables).toEqual({ input: { refreshToken: 'refresh-1' } });
    expect(call.authorization).toBeNull();
  });
});
