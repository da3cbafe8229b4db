// Steps a person takes in the console, shared by the tests.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

export const DEMO_OWNER = { email: 'owner@demo.switchboard.test', password: 'demo-owner-password' };

/** A new tenant and owner nobody has used, so tests never collide. */
export function newAccount(label = 'e2e') {
  const id = randomBytes(4).toString('hex');
  return {
    tenantName: `${label} ${id} Ltd`,
    name: `Owner ${id}`,
    email: `owner-${id}@e2e.switchboard.test`,
    password: `pw-${id}-${randomBytes(6).toString('hex')}`,
  };
}

export async function pathOf(page) {
  return new URL(page.url()).pathname;
}

/** Waits for the app shell and returns the tenant name its top bar shows. */
export async function shellTenantName(page) {
  const el = page.getByTestId('current-tenant');
  await el.waitFor({ state: 'visible' });
  return (await el.textContent())?.trim();
}

export async function signUp(page, account) {
  await page.goto('/signup');
  await page.getByLabel('Company name', { exact: true }).fill(account.tenantName);
  await page.getByLabel('Your name', { exact: true }).fill(account.name);
  await page.getByLabel('E-mail', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  assert.equal(await shellTenantName(page), account.tenantName);
}

export async function logIn(page, { email, password }) {
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  return shellTenantName(page);
}

export async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.pathname === '/login');
}

/** Follows a link in the main navigation. */
export async function openNav(page, name) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}

export const DEMO_AGENT = { email: 'agent1@demo.switchboard.test', password: 'demo-agent-password' };
