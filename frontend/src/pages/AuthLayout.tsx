import type { ReactNode } from 'react';

/** The centred card around the sign-in pages. */
export function AuthLayout({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="auth">
      <main className="auth-card">
        <div className="brand brand-dark">
          <span className="brand-mark" aria-hidden="true">◎</span> Switchboard
        </div>
        <h1>{title}</h1>
        {children}
        {footer ? <div className="auth-footer">{footer}</div> : null}
      </main>
    </div>
  );
}
