import { PageHeader } from '../components';

export function ComingSoonPage({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <div className="card">
        <p>
          <span className="soon">Coming soon</span> {title} is not built yet.
        </p>
      </div>
    </>
  );
}
