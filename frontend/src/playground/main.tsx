// The GraphQL playground at /playground: GraphiQL bundled into the build (no CDN),
// signed in with the console's session from localStorage (same origin).
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { api, sessions } from '../lib/api';
import { createSubscriptionClient, graphqlWebSocketURL } from '../lib/ws';
import { createPlaygroundFetcher } from './fetcher';
import './playground.css';

const ws = createSubscriptionClient(api, graphqlWebSocketURL(window.location));
const fetcher = createPlaygroundFetcher(api, ws);

const DEFAULT_QUERY = `# Welcome to the Switchboard GraphQL playground.
# Requests carry your console session; open the docs with the book icon.
{
  viewer {
    role
    tenant {
      name
    }
    user {
      name
      email
    }
  }
}
`;

function Playground() {
  const session = useSyncExternalStore(sessions.subscribe, sessions.get);
  return (
    <div className="playground">
      <header className="playground-bar">
        <a href="/" className="playground-brand">
          ◎ Switchboard
        </a>
        <span className="playground-title">GraphQL playground</span>
        <span className="playground-auth" role="status">
          {session ? (
            'Signed in with your console session'
          ) : (
            <>
              Not signed in: <a href="/login?next=%2Fplayground">log in</a> or add an <code>Authorization</code>{' '}
              header
            </>
          )}
        </span>
      </header>
      <div className="playground-ide">
        <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} shouldPersistHeaders={false} />
      </div>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Playground />
  </StrictMode>,
);
