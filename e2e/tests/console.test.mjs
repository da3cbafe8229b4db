// The console and the playground, end to end: the built binary with its embedded
// PostgreSQL, driven through headless Chromium the way a person would use it.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ARTIFACTS_DIR, eventually, launchBrowser, withPage } from '../lib/browser.mjs';
import { DEMO_OWNER, logIn, newAccount, openNav, pathOf, shellTenantName, signOut, signUp } from '../lib/console.mjs';
import { gql, logInToken } from '../lib/graphql.mjs';
import { startServer } from '../lib/server.mjs';

describe('console', { timeout: 15 * 60_000 }, () => {
  let server;
  let browser;
  let failed = false;
  const shared = {};

  const test = (name, fn) =>
    it(name, { timeout: 120_000 }, async () => {
      try {
        await withPage(browser, server.url, name, fn);
      } catch (err) {
        failed = true;
        throw err;
      }
    });

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, { timeout: 180_000 });

  after(async () => {
    await browser?.close();
    if (!server) return;
    await server.stop();
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(join(ARTIFACTS_DIR, 'server.log'), server.output());
    if (failed) {
      const out = server.output();
      console.error(`--- switchboard output (last 8 KB; all of it in e2e/artifacts/server.log) ---\n${out.slice(-8192)}`);
    }
  }, { timeout: 90_000 });

  test('signs up a new tenant and lands in the app shell', async (page) => {
    await page.goto('/');
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL((u) => u.pathname === '/signup');

    const account = newAccount('Signup');
    await signUp(page, account);
    assert.equal(await pathOf(page), '/');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), account.tenantName);

    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const entry of ['Inbox', 'Calls', 'Contacts', 'Members', 'API keys', 'Outbox', 'Activity']) {
      assert.ok(await nav.getByRole('link', { name: new RegExp(`^${entry}`) }).isVisible(), `nav entry ${entry}`);
    }
    assert.equal(await page.getByRole('combobox', { name: 'Workspace' }).inputValue() !== '', true);

    // A reload goes through the server's SPA fallback and keeps the session.
    await openNav(page, 'Members');
    await page.waitForURL((u) => u.pathname === '/settings/members');
    await page.reload();
    assert.equal(await shellTenantName(page), account.tenantName);
    await page.getByRole('cell', { name: account.email }).waitFor();
  });

  test('logs out and logs in again with the same credentials', async (page) => {
    const account = newAccount('Relogin');
    await signUp(page, account);
    await signOut(page);
    const stored = await page.evaluate(() => window.localStorage.getItem('switchboard.session'));
    assert.equal(stored, null, 'sign-out forgets the session');

    // Wrong password first: the server's message is shown.
    await page.getByLabel('E-mail', { exact: true }).fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();

    assert.equal(await logIn(page, account), account.tenantName);
    assert.equal(await pathOf(page), '/');
  });

  test('runs a query in the playground as the signed-in user', async (page) => {
    const account = newAccount('Playground');
    await signUp(page, account);

    await page.goto('/playground');
    const editor = page.locator('.graphiql-query-editor .CodeMirror');
    await editor.waitFor();
    const query = '{ viewer { tenant { name } role } }';
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(query);
    const typed = await page.evaluate(() => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue());
    assert.equal(typed, query);

    await page.locator('.graphiql-execute-button').click();
    const result = await eventually('a result in the playground', async () => {
      const text = await page.evaluate(() => document.querySelector('.result-window .CodeMirror')?.CodeMirror.getValue() ?? '');
      return text.includes('viewer') ? text : null;
    });
    assert.deepEqual(JSON.parse(result), { data: { viewer: { tenant: { name: account.tenantName }, role: 'OWNER' } } });
    // And visibly so in the result pane.
    const pane = page.locator('.result-window');
    assert.match(await pane.innerText(), new RegExp(account.tenantName));
    assert.match(await pane.innerText(), /OWNER/);
  });

  test('demo owner creates an API key and invites someone, who gets the e-mail', async (page) => {
    await page.goto('/login');
    const tenantName = await logIn(page, DEMO_OWNER);
    assert.ok(tenantName, 'the demo tenant has a name');
    shared.demoTenantName = tenantName;

    // API key: the secret is shown once.
    await openNav(page, 'API keys');
    await page.waitForURL((u) => u.pathname === '/settings/api-keys');
    const keyName = `e2e key ${Date.now()}`;
    await page.getByLabel('Name', { exact: true }).fill(keyName);
    await page.getByLabel('Role', { exact: true }).selectOption('AGENT');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secretEl = page.getByTestId('api-key-secret');
    await secretEl.waitFor();
    const secret = (await secretEl.textContent()).trim();
    assert.ok(secret.length >= 16, `a real secret, got ${JSON.stringify(secret)}`);
    const row = page.getByRole('row').filter({ hasText: keyName });
    await row.waitFor();
    assert.ok(!(await row.innerText()).includes(secret), 'the list shows a prefix, not the secret');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await secretEl.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('row').filter({ hasText: keyName }).waitFor();
    assert.equal(await page.getByTestId('api-key-secret').count(), 0, 'the secret is not shown again');
    assert.ok(!(await page.content()).includes(secret), 'the secret is nowhere on the page');

    // The key works against the API.
    const viaKey = await page.evaluate(async (key) => {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: '{ viewer { role tenant { name } } }' }),
      });
      return res.json();
    }, secret);
    assert.deepEqual(viaKey, { data: { viewer: { role: 'AGENT', tenant: { name: tenantName } } } });

    // Invitation: sent, listed, and captured in the outbox.
    const invitee = `invitee-${Date.now()}@e2e.switchboard.test`;
    await openNav(page, 'Members');
    await page.waitForURL((u) => u.pathname === '/settings/members');
    await page.getByLabel('E-mail', { exact: true }).fill(invitee);
    await page.getByLabel('Role', { exact: true }).selectOption('AGENT');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('status').filter({ hasText: `Invitation sent to ${invitee}` }).waitFor();
    await page.getByRole('row').filter({ hasText: invitee }).filter({ hasText: 'pending' }).waitFor();

    await openNav(page, 'Outbox');
    await page.waitForURL((u) => u.pathname === '/settings/outbox');
    const mail = page.getByRole('listitem').filter({ hasText: invitee });
    await eventually(`the invitation e-mail to ${invitee} in the outbox`, async () => {
      if (await mail.count()) return true;
      await page.getByRole('button', { name: 'Refresh' }).click();
      return false;
    }, { timeoutMs: 30_000, intervalMs: 1_000 });
    await mail.getByText('Show body').click();
    const body = await mail.locator('.email-body').innerText();
    const link = body.match(/https?:\/\/[^\s<>"]+\/invite\?token=[^\s<>"]+/)?.[0];
    assert.ok(link, `the e-mail carries an /invite?token= link:\n${body}`);
    assert.ok(link.startsWith(server.url), `the link uses SWITCHBOARD_PUBLIC_URL (${server.url}): ${link}`);
    shared.invitation = { email: invitee, link };
  });

  test('the invitee accepts from the e-mailed link and joins the tenant', async (page) => {
    assert.ok(shared.invitation, 'needs the invitation from the previous test');
    await page.goto(shared.invitation.link);
    await page.getByLabel('Your name', { exact: true }).fill('Invited Agent');
    await page.getByLabel('Password', { exact: true }).fill('invitee-password-123');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    assert.equal(await shellTenantName(page), shared.demoTenantName);
    assert.equal(await page.locator('.topbar .badge').innerText(), 'Agent');
    // Agents see members but not the admin pages.
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'API keys' }).count(), 0);
    await openNav(page, 'Members');
    await page.getByRole('cell', { name: shared.invitation.email }).waitFor();
  });

  test('a member of two tenants switches between them', async (page) => {
    const account = newAccount('Switcher');
    await signUp(page, account);

    // The demo owner invites the same e-mail; the link arrives in the demo tenant's outbox.
    const owner = await logInToken(server.url, DEMO_OWNER);
    await gql(
      server.url,
      'mutation($input: CreateInvitationInput!) { createInvitation(input: $input) { invitation { id } } }',
      { input: { email: account.email, role: 'ADMIN' } },
      owner,
    );
    const link = await eventually('the invitation e-mail', async () => {
      const data = await gql(server.url, '{ emailOutbox(first: 20) { edges { node { to bodyText } } } }', {}, owner);
      const mail = data.emailOutbox.edges.find((e) => e.node.to.includes(account.email));
      return mail?.node.bodyText.match(/https?:\/\/\S+\/invite\?token=\S+/)?.[0];
    });

    // Accepting with the existing password joins the second tenant.
    await page.goto(link);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    const demoTenant = await eventually('the demo tenant in the shell', async () => {
      const name = await shellTenantName(page);
      return name !== account.tenantName ? name : null;
    });

    const switcher = page.getByRole('combobox', { name: 'Workspace' });
    const options = await switcher.locator('option').allTextContents();
    assert.deepEqual([...options].sort(), [account.tenantName, demoTenant].sort());

    await switcher.selectOption({ label: account.tenantName });
    await eventually('the switch to the first tenant', async () => (await shellTenantName(page)) === account.tenantName);
    assert.equal(await page.locator('.topbar .badge').innerText(), 'Owner');

    await switcher.selectOption({ label: demoTenant });
    await eventually('the switch back', async () => (await shellTenantName(page)) === demoTenant);
    assert.equal(await page.locator('.topbar .badge').innerText(), 'Admin');
  });
});
