import { PageHeader, RoleBadge } from '../components';
import { hasRole } from '../lib/roles';
import { Link } from '../lib/router';
import { useViewer } from '../viewer';

export function HomePage() {
  const viewer = useViewer();
  const admin = hasRole(viewer.role, 'ADMIN');
  return (
    <>
      <PageHeader title={viewer.tenant.name} />
      <p className="lead">
        {viewer.user ? `Welcome, ${viewer.user.name}. ` : ''}You are <RoleBadge role={viewer.role} /> in this
        workspace.
      </p>
      <div className="cards">
        {hasRole(viewer.role, 'AGENT') ? (
          <Link to="/inbox" className="card card-link">
            <h2>Inbox</h2>
            <p>Conversations with your customers over SMS and WhatsApp, live.</p>
          </Link>
        ) : null}
        {hasRole(viewer.role, 'AGENT') ? (
          <Link to="/settings/members" className="card card-link">
            <h2>Members</h2>
            <p>See who works here{admin ? ' and invite your team' : ''}.</p>
          </Link>
        ) : null}
        {admin ? (
          <>
            <Link to="/settings/channels" className="card card-link">
              <h2>Channels</h2>
              <p>Connect SMS numbers and WhatsApp accounts.</p>
            </Link>
            <Link to="/settings/webhooks" className="card card-link">
              <h2>Webhooks</h2>
              <p>Send signed events to your CRM, with a delivery log.</p>
            </Link>
            <Link to="/settings/api-keys" className="card card-link">
              <h2>API keys</h2>
              <p>Credentials for your own code to call the GraphQL API.</p>
            </Link>
            <Link to="/settings/outbox" className="card card-link">
              <h2>Outbox</h2>
              <p>E-mails Switchboard sent for this workspace.</p>
            </Link>
            <Link to="/settings/activity" className="card card-link">
              <h2>Activity</h2>
              <p>Who did what, live.</p>
            </Link>
          </>
        ) : null}
        <a href="/playground" className="card card-link">
          <h2>GraphQL playground</h2>
          <p>Try the API as yourself, with the docs beside you.</p>
        </a>
      </div>
    </>
  );
}
