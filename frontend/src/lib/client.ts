// A small GraphQL client over fetch. It adds the session's access token to every
// request, refreshes the session shortly before the token expires and once on an
// UNAUTHENTICATED answer, and serialises refreshes across tabs (Web Locks) because
// a refresh token works once: a second use would end the whole session family.
import type { TypedDocumentString } from '../gql/graphql';
import { RefreshSessionMutation, LogOutMutation, SwitchTenantMutation } from '../operations';
import { ApiError, errorFromGraphQL, errorFromHTTP, type GraphQLErrorShape } from './errors';
import { expiresSoon, toStoredSession, type SessionStore, type StoredSession } from './session';

/** A GraphQL response as JSON. */
export interface ExecutionResultJSON {
  data?: Record<string, unknown> | null;
  errors?: GraphQLErrorShape[];
  extensions?: Record<string, unknown>;
}

/** The body of a GraphQL request. */
export interface GraphQLRequestBody {
  query: string;
  variables?: Record<string, unknown> | undefined;
  operationName?: string | null | undefined;
}

export interface RequestOpts {
  /** Send the session's access token (default true). Sign-in mutations pass false. */
  auth?: boolean;
  /** Extra headers; an Authorization header here wins over the session's. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** The subset of the Web Locks API the client uses. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface GraphQLClientOpts {
  /** Where to POST, e.g. "/graphql". */
  endpoint: string;
  sessions: SessionStore;
  fetch?: typeof fetch;
  /** Clock in ms since the epoch; tests pass a fake. */
  now?: () => number;
  /** navigator.locks where available; refreshes then never overlap across tabs. */
  locks?: LockManagerLike | undefined;
}

const LOCK_NAME = 'switchboard.session';

export class GraphQLClient {
  readonly sessions: SessionStore;
  private readonly endpoint: string;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  private readonly locks: LockManagerLike | undefined;
  private inflightRefresh: Promise<StoredSession> | null = null;

  constructor(opts: GraphQLClientOpts) {
    this.endpoint = opts.endpoint;
    this.sessions = opts.sessions;
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = opts.now ?? Date.now;
    this.locks = opts.locks;
  }

  /**
   * Runs a typed operation and returns its data; throws ApiError when the server
   * answered with errors, or a TypeError when it could not be reached.
   */
  async request<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    ...[variables, opts]: TVariables extends Record<string, never>
      ? [variables?: TVariables, opts?: RequestOpts]
      : [variables: TVariables, opts?: RequestOpts]
  ): Promise<TResult> {
    const result = await this.execute(
      { query: document.toString(), variables: variables as Record<string, unknown> | undefined },
      opts,
    );
    if (result.errors?.length) throw errorFromGraphQL(result.errors);
    if (result.data == null) throw new ApiError('The server returned no data.', 'INTERNAL');
    return result.data as TResult;
  }

  /**
   * Sends a request and returns the raw GraphQL response, errors included (the
   * playground shows them as they are). Throws only when no GraphQL answer came.
   */
  async execute(body: GraphQLRequestBody, opts: RequestOpts = {}): Promise<ExecutionResultJSON> {
    const auth = opts.auth ?? true;
    let token = auth ? await this.accessToken() : null;
    let result = await this.post(body, token, opts);
    if (token && hasCode(result, 'UNAUTHENTICATED') && !opts.headers?.Authorization) {
      // The token was refused before it expired (revoked, signing key rotated, clock skew):
      // refresh once and retry. A second refusal is the answer.
      try {
        token = (await this.refresh(token)).accessToken;
      } catch {
        return result;
      }
      result = await this.post(body, token, opts);
    }
    return result;
  }

  /** The access token to send now, refreshing first when it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    const session = this.sessions.get();
    if (!session) return null;
    if (!expiresSoon(session, this.now())) return session.accessToken;
    try {
      return (await this.refresh(session.accessToken)).accessToken;
    } catch (err) {
      // Offline or the server is restarting: the old token may still do.
      if (err instanceof ApiError) return null;
      return session.accessToken;
    }
  }

  /**
   * Trades the refresh token for a new session. `seenAccessToken` is the token the
   * caller found wanting; if another tab has replaced it meanwhile, that newer
   * session is used instead of spending a refresh token. Ends the session when the
   * server refuses the refresh token.
   */
  refresh(seenAccessToken: string | null = this.sessions.get()?.accessToken ?? null): Promise<StoredSession> {
    if (!this.inflightRefresh) {
      this.inflightRefresh = this.exclusive(async () => {
        const current = this.sessions.get();
        if (!current) throw new ApiError('You are signed out.', 'UNAUTHENTICATED');
        if (seenAccessToken && current.accessToken !== seenAccessToken && !expiresSoon(current, this.now())) {
          return current;
        }
        let next: StoredSession;
        try {
          const data = await this.request(
            RefreshSessionMutation,
            { input: { refreshToken: current.refreshToken } },
            { auth: false },
          );
          next = toStoredSession(data.refreshSession.session);
        } catch (err) {
          // The server said no: the refresh token is spent or the session ended.
          // A network failure keeps the session for a later try.
          if (err instanceof ApiError && this.sessions.get()?.refreshToken === current.refreshToken) {
            this.sessions.set(null);
          }
          throw err;
        }
        this.sessions.set(next);
        return next;
      }).finally(() => {
        this.inflightRefresh = null;
      });
    }
    return this.inflightRefresh;
  }

  /** Moves the session to another of the user's tenants. */
  async switchTenant(tenantId: string): Promise<StoredSession> {
    await this.inflightRefresh?.catch(() => undefined);
    return this.exclusive(async () => {
      const current = this.sessions.get();
      if (!current) throw new ApiError('You are signed out.', 'UNAUTHENTICATED');
      const data = await this.request(SwitchTenantMutation, {
        input: { tenantId, refreshToken: current.refreshToken },
      });
      const next = toStoredSession(data.switchTenant.session);
      this.sessions.set(next);
      return next;
    });
  }

  /** Ends the session on the server (best effort) and forgets it here. */
  async logOut(): Promise<void> {
    const current = this.sessions.get();
    this.sessions.set(null);
    if (!current) return;
    try {
      await this.request(LogOutMutation, { input: { refreshToken: current.refreshToken } }, { auth: false });
    } catch {
      // The local session is gone either way; an unreachable server cannot keep it alive.
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.locks ? this.locks.request(LOCK_NAME, fn) : fn();
  }

  private async post(body: GraphQLRequestBody, token: string | null, opts: RequestOpts): Promise<ExecutionResultJSON> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    if (token) headers.Authorization = `Bearer ${token}`;
    Object.assign(headers, opts.headers);
    const init: RequestInit = { method: 'POST', headers, body: JSON.stringify(body) };
    if (opts.signal) init.signal = opts.signal;
    const res = await this.fetchFn(this.endpoint, init);
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw errorFromHTTP(res.status, res.statusText);
    }
    if (typeof json !== 'object' || json === null || (!('data' in json) && !('errors' in json))) {
      throw errorFromHTTP(res.status, res.statusText);
    }
    return json as ExecutionResultJSON;
  }
}

function hasCode(result: ExecutionResultJSON, code: string): boolean {
  return result.errors?.some((e) => e.extensions?.code === code) ?? false;
}
