// The signed-in session, kept in localStorage so that a reload, a second tab and the
// playground (same origin) all use it. Refresh tokens are single-use and reusing one
// ends the whole session family, so every tab must see the newest pair at once.

/** What the console stores about a session. */
export interface StoredSession {
  accessToken: string;
  /** RFC 3339. */
  accessTokenExpiresAt: string;
  refreshToken: string;
  /** The tenant the session acts in, so that other tabs notice a tenant switch. */
  tenantId: string;
}

export const SESSION_KEY = 'switchboard.session';

/** Reads a stored session, or null when absent or malformed. */
export function parseSession(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v !== 'object' || v === null) return null;
    const s = v as Record<string, unknown>;
    if (
      typeof s.accessToken !== 'string' ||
      typeof s.refreshToken !== 'string' ||
      typeof s.accessTokenExpiresAt !== 'string' ||
      Number.isNaN(Date.parse(s.accessTokenExpiresAt))
    ) {
      return null;
    }
    return {
      accessToken: s.accessToken,
      refreshToken: s.refreshToken,
      accessTokenExpiresAt: s.accessTokenExpiresAt,
      tenantId: typeof s.tenantId === 'string' ? s.tenantId : '',
    };
  } catch {
    return null;
  }
}

/** The part of a Session payload the store keeps. */
export interface SessionPayload {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  viewer: { tenant: { id: string } };
}

export function toStoredSession(s: SessionPayload): StoredSession {
  return {
    accessToken: s.accessToken,
    accessTokenExpiresAt: s.accessTokenExpiresAt,
    refreshToken: s.refreshToken,
    tenantId: s.viewer.tenant.id,
  };
}

type Listener = () => void;

/** Keeps the session in a Storage and tells subscribers when it changes, here or in another tab. */
export class SessionStore {
  private readonly storage: Storage;
  private readonly key: string;
  private readonly listeners = new Set<Listener>();
  private lastRaw: string | null = null;
  private lastParsed: StoredSession | null = null;

  constructor(storage: Storage, key: string = SESSION_KEY) {
    this.storage = storage;
    this.key = key;
  }

  /** The current session. The same object is returned while nothing changed (for useSyncExternalStore). */
  get = (): StoredSession | null => {
    let raw: string | null;
    try {
      raw = this.storage.getItem(this.key);
    } catch {
      raw = null;
    }
    if (raw !== this.lastRaw) {
      this.lastRaw = raw;
      this.lastParsed = parseSession(raw);
    }
    return this.lastParsed;
  };

  /** Stores a session, or forgets it with null. */
  set(session: StoredSession | null): void {
    if (session) this.storage.setItem(this.key, JSON.stringify(session));
    else this.storage.removeItem(this.key);
    this.emit();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Follows changes other tabs make; returns the function that stops following. */
  followOtherTabs(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
    const onStorage = (e: StorageEvent) => {
      if (e.key === this.key || e.key === null) this.emit();
    };
    target.addEventListener('storage', onStorage);
    return () => target.removeEventListener('storage', onStorage);
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}

/** Milliseconds until the access token expires (negative once it has). */
export function msUntilExpiry(session: Pick<StoredSession, 'accessTokenExpiresAt'>, now: number): number {
  return Date.parse(session.accessTokenExpiresAt) - now;
}

/**
 * When to refresh, in ms from now: a minute before expiry, or for short-lived
 * tokens after four fifths of the remaining time, and never less than zero.
 */
export function refreshDelay(session: Pick<StoredSession, 'accessTokenExpiresAt'>, now: number): number {
  const remaining = msUntilExpiry(session, now);
  if (remaining <= 0) return 0;
  const lead = Math.min(60_000, remaining / 5);
  // setTimeout overflows past 2^31-1 ms and fires at once.
  return Math.min(Math.max(0, Math.floor(remaining - lead)), 2_147_483_647);
}

/** Whether a request starting now should refresh first rather than send a dying token. */
export function expiresSoon(session: Pick<StoredSession, 'accessTokenExpiresAt'>, now: number, marginMs = 10_000): boolean {
  return msUntilExpiry(session, now) <= marginMs;
}
