import { describe, expect, it } from 'vitest';
import { findRoute, isCurrent } from './router';

describe('routes', () => {
  const routes = [
    { path: '/inbox', prefix: true },
    { path: '/settings/channels' },
  ];

  it('finds exact and prefix routes with the rest of the path', () => {
    expect(findRoute(routes, '/inbox')).toEqual({ route: routes[0], rest: '' });
    expect(findRoute(routes, '/inbox/')).toEqual({ route: routes[0], rest: '' });
    expect(findRoute(routes, '/inbox/Q29udmVyc2F0aW9uOjE')).toEqual({ route: routes[0], rest: 'Q29udmVyc2F0aW9uOjE' });
    expect(findRoute(routes, '/settings/channels')).toEqual({ route: routes[1], rest: '' });
    expect(findRoute(routes, '/settings/channels/x')).toBeNull();
    expect(findRoute(routes, '/inboxes')).toBeNull();
  });

  it('marks a prefix link current below it', () => {
    expect(isCurrent('/inbox/abc', '/inbox', true)).toBe(true);
    expect(isCurrent('/inbox/abc', '/inbox')).toBe(false);
    expect(isCurrent('/inboxes', '/inbox', true)).toBe(false);
  });
});
