// The e2e tests find fields by their labels: keep every input labelled.
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../lib/api', () => ({ api: {}, sessions: { subscribe: () => () => {}, get: () => null } }));

const { LogInPage, safeNext } = await import('./LogIn');
const { SignUpPage } = await import('./SignUp');
const { AcceptInvitationPage } = await import('./AcceptInvitation');

function labelledInputs(html: string): string[] {
  const labels = [...html.matchAll(/<label for="([^"]+)"[^>]*>([^<]+)<\/label>/g)];
  return labels.map(([, id, text]) => {
    expect(html).toMatch(new RegExp(`<(input|select)[^>]* id="${id}"`));
    return text!;
  });
}

describe('sign-in forms', () => {
  it('label every field of log in, sign up and accept invitation', () => {
    expect(labelledInputs(renderToString(<LogInPage next={null} />))).toEqual(['E-mail', 'Password']);
    expect(labelledInputs(renderToString(<SignUpPage />))).toEqual(['Company name', 'Your name', 'E-mail', 'Password']);
    expect(labelledInputs(renderToString(<AcceptInvitationPage token="t" />))).toEqual(['Your name', 'Password']);
  });

  it('explains a missing invitation token instead of showing the form', () => {
    const html = renderToString(<AcceptInvitationPage token={null} />);
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('<form');
  });
});

describe('safeNext', () => {
  it('allows same-origin paths only', () => {
    expect(safeNext('/settings/members')).toBe('/settings/members');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
