// Web chat end to end: a visitor on a tenant's website (another origin, with the
// one <script> tag) and an agent in the console exchange messages live, and a
// reload of the visitor's page resumes the same conversation.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ARTIFACTS_DIR, launchBrowser, withPage } from '../lib/browser.mjs';
import { DEMO_AGENT, DEMO_OWNER, logIn } from '../lib/console.mjs';
import { gql, logInToken } from '../lib/graphql.mjs';
import { startServer } from '../lib/server.mjs';
import { startSite } from '../lib/site.mjs';

describe('web chat', { timeout: 10 * 60_000 }, () => {
  let server;
  let browser;
  let site;
  let failed = false;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const owner = await logInToken(server.url, DEMO_OWNER);
    const { channels } = await gql(server.url, '{ channels { kind webChat { publicKey snippet } } }', {}, owner);
    const webchat = channels.find((c) => c.kind === 'WEBCHAT');
    assert.ok(webchat?.webChat?.publicKey, `dev gives the demo tenant a web chat channel: ${JSON.stringify(channels)}`);
    // The snippet names the public URL the server was started with.
    site = await startSite(webchat.webChat.snippet);
  }, { timeout: 180_000 });

  after(async () => {
    await site?.close();
    await browser?.close();
    if (!server) return;
    await server.stop();
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(join(ARTIFACTS_DIR, 'server-webchat.log'), server.output());
    if (failed) console.error(`--- switchboard output (last 8 KB) ---\n${server.output().slice(-8192)}`);
  }, { timeout: 90_000 });

  it('a visitor and an agent exchange messages live', { timeout: 180_000 }, async () => {
    try {
      await withPage(browser, server.url, 'webchat agent', async (agent) => {
        await agent.goto('/login?next=/inbox');
        await logIn(agent, DEMO_AGENT);
        await agent.waitForURL((u) => u.pathname === '/inbox');
        await agent.getByRole('status').filter({ hasText: /^Live$/ }).waitFor();

        const visitorContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
        try {
          const visitor = await visitorContext.newPage();
          await visitor.goto(site.url);
          await visitor.getByRole('button', { name: 'Open chat' }).click();
          const chat = visitor.getByRole('dialog', { name: 'Chat' });
          const question = `Do you ship to Lisbon? (e2e ${randomBytes(3).toString('hex')})`;
          await chat.getByLabel('Message').fill(question);
          await chat.getByRole('button', { name: 'Send' }).click();
          await chat.getByText(question).waitFor();

          // The agent sees it arrive in the open inbox, without a reload.
          const item = agent.getByTestId('conversation-item').filter({ hasText: question });
          await item.waitFor({ timeout: 10_000 });
          assert.match(await item.innerText(), /Web/, 'with the web chat badge');
          await item.click();
          const thread = agent.getByRole('list', { name: 'Messages' });
          await thread.getByTestId('message').filter({ hasText: question }).waitFor();
          const answer = `Yes, in two days. (e2e ${randomBytes(3).toString('hex')})`;
          await agent.getByLabel('Reply', { exact: true }).fill(answer);
          await agent.getByRole('button', { name: 'Send', exact: true }).click();

          // The visitor sees the reply live, in the same panel.
          await chat.getByText(answer).waitFor({ timeout: 10_000 });
          // The reply is marked sent: its delivery was the live push.
          await thread.getByTestId('message').filter({ hasText: answer }).locator('[data-status="SENT"]').waitFor({ timeout: 20_000 });

          // A reload resumes the same conversation with its history.
          await visitor.reload();
          await visitor.getByRole('button', { name: 'Open chat' }).click();
          await chat.getByText(question).waitFor();
          await chat.getByText(answer).waitFor();
          const follow = `Great, thanks! (e2e ${randomBytes(3).toString('hex')})`;
          await chat.getByLabel('Message').fill(follow);
          await chat.getByRole('button', { name: 'Send' }).click();
          await thread.getByTestId('message').filter({ hasText: follow }).waitFor({ timeout: 10_000 });
          assert.equal(await agent.getByTestId('conversation-item').filter({ hasText: follow }).count(), 1, 'still one conversation');
        } finally {
          await visitorContext.close();
        }
      });
    } catch (err) {
      failed = true;
      throw err;
    }
  });
});
