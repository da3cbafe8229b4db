import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../test/memoryStorage';
import { SESSION_KEY, SessionStore, expiresSoon, parseSession, refreshDelay, toStoredSession, type StoredSession } from './session';

const T0 = Date.parse('2030-01-01T12:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

const session = (expiresInMs: number, over: Partial<StoredSession> = {}): StoredSession => ({
  accessToken: 'access-1',
  refreshToken: 'refresh-1',
  accessTokenExpiresAt: at(expiresInMs),
  tenantId: 'tenant-1',
  ...over,
});

describe('refreshDelay', () => {
  it('refreshes a 15-minute token one minute before it expires', () => {
    expect(refreshDelay(session(15 * 60_000), T0)).toBe(14 * 60_000);
  });

  it('refreshes a short-lived token after four fifths of its life', () => {
    expect(refreshDelay(session(10_000), T0)).toBe(8_000);
  });

  it('refreshes at once when the token has expired', () => {
    expect(refreshDelay(session(-5_000), T0)).toBe(0);
  });

  it('stays within what setTimeout can wait', () => {
    expect(refreshDelay(session(365 * 24 * 3600_000), T0)).toBe(2_147_483_647);
  });
});

describe('expiresSoon', () => {
  it('is true within the margin and false outside it', () => {
    expect(expiresSoon(session(9_000), T0)).toBe(true);
    expect(expiresSoon(session(11_000), T0)).toBe(false);
    expect(expiresSoon(session(-1), T0)).toBe(true);
  });
});

describe('parseSession', () => {
  it('reads what the store writes', () => {
    const s = session(60_000);
    expect(parseSession(JSON.stringify(s))).toEqual(s);
  });

  it('rejects garbage and incomplete sessions', () => {
    expect(parseSession(null)).toBeNull();
    expect(parseSession('not json')).toBeNull();
    expect(parseSession('{"accessToken":"a","refreshToken":"r"}')).toBeNull();
    expect(parseSession('{"accessToken":"a","refreshToken":"r","accessTokenExpiresAt":"someday"}')).toBeNull();
  });
});

describe('toStoredSession', () => {
  it('keeps the tokens and the tenant', () => {
    expect(
      toStoredSession({
        accessToken: 'a',
        refreshToken: 'r',
        accessTokenExpiresAt: at(1000),
        viewer: { tenant: { id: 't9' } },
      }),
    ).toEqual({ accessToken: 'a', refreshToken: 'r', accessTokenExpiresAt: at(1000), tenantId: 't9' });
  });
});

describe('SessionStore', () => {
  it('stores, returns a stable snapshot, notifies and forgets', () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage);
    const listener = vi.fn();
    store.subscribe(listener);

    expect(store.get()).toBeNull();
    store.set(session(60_000));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(JSON.parse(storage.getItem(SESSION_KEY)!)).toMatchObject({ accessToken: 'access-1' });
    const first = store.get();
    expect(store.get()).toBe(first);

    store.set(null);
    expect(store.get()).toBeNull();
    expect(storage.getItem(SESSION_KEY)).toBeNull();
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('notices a session another tab wrote', () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage);
    const target = new EventTarget();
    const listener = vi.fn();
    store.subscribe(listener);
    store.followOtherTabs(target as unknown as Window);

    storage.setItem(SESSION_KEY, JSON.stringify(session(60_000, { accessToken: 'from-other-tab' })));
    const ev = Object.assign(new Event('storage'), { key: SESSION_KEY });
    target.dispatchEvent(ev);

    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.get()?.accessToken).toBe('from-other-tab');

    target.dispatchEvent(Object.assign(new Event('storage'), { key: 'something-else' }));
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
