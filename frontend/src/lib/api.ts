// The browser's one client and session store, shared by the console and the playground.
import { GraphQLClient } from './client';
import { SessionStore } from './session';

export const sessions = new SessionStore(window.localStorage);
sessions.followOtherTabs(window);

export const api = new GraphQLClient({
  endpoint: '/graphql',
  sessions,
  locks: typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined,
});
