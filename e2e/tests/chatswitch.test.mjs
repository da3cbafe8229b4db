// Chat switch end to end (issue 4): a web chat visitor moves the live
// conversation to SMS with the simulated provider and the thread goes on; a
// switch reverted within 10 seconds; web -> WhatsApp -> SMS -> web in one
// conversation; and an offline lead reconnected by SMS from the console.
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ARTIFACTS_DIR, eventually, launchBrowser, withPage } from '../lib/browser.mjs';
import { DEMO_AGENT, DEMO_OWNER, logIn } from '../lib/console.mjs';
import { gql, logInToken } from '../lib/graphql.mjs';
import { startServer } from '../lib/server.mjs';
import { startSite } from '../lib/site.mjs';
import { simInfo, simMessages, simSendSMS } from '../lib/sim.mjs';

const tag = () => `(e2e ${randomBytes(3).toString('hex')})`;
/** A fresh US mobile number, typed the way a visitor would: no +1. */
const usNumber = () => {
  const n = String(randomInt(1000, 10000));
  return { typed: `(415) 555-${n}`, e164: `+1415555${n}` };
};

/** The newest message the simulated phone `to` received that matches re. */
async function phoneReceived(server, to, re) {
  return eventually(`a message to ${to} matching ${re}`, async () => (await simMessages(server.url)).find((m) => m.to === to && re.test(m.body)));
}

describe('chat switch', { timeout: 15 * 60_000 }, () => {
  let server;
  let browser;
  let site;
  let smsNumber;
  let agentToken;
  let failed = false;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const owner = await logInToken(server.url, DEMO_OWNER);
    agentToken = await logInToken(server.url, DEMO_AGENT);
    const { channels } = await gql(server.url, '{ channels { kind webChat { publicKey snippet } } }', {}, owner);
    site = await startSite(channels.find((c) => c.kind === 'WEBCHAT').webChat.snippet);
    smsNumber = (await simInfo(server.url)).sms.numbers[0];
    assert.ok(smsNumber);
  }, { timeout: 180_000 });

  after(async () => {
    await site?.close();
    await browser?.close();
    if (!server) return;
    await server.stop();
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(join(ARTIFACTS_DIR, 'server-chatswitch.log'), server.output());
    if (failed) console.error(`--- switchboard output (last 8 KB) ---\n${server.output().slice(-8192)}`);
  }, { timeout: 90_000 });

  /** An agent in the inbox and a visitor who has written once; fn gets both and the thread. */
  async function withChat(name, fn) {
    try {
      await withPage(browser, server.url, `chatswitch ${name}`, async (agent) => {
        await agent.goto('/login?next=/inbox');
        await logIn(agent, DEMO_AGENT);
        await agent.waitForURL((u) => u.pathname === '/inbox');
        await agent.getByRole('status').filter({ hasText: /^Live$/ }).waitFor();
        const visitorContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
        visitorContext.setDefaultTimeout(20_000);
        try {
          const visitor = await visitorContext.newPage();
          await visitor.goto(site.url);
          await visitor.getByRole('button', { name: 'Open chat' }).click();
          const chat = visitor.getByRole('dialog', { name: 'Chat' });
          const hello = `Hello, I have a question ${tag()}`;
          await chat.getByLabel('Message').fill(hello);
          await chat.getByRole('button', { name: 'Send' }).click();
          await chat.getByText(hello).waitFor();
          const item = agent.getByTestId('conversation-item').filter({ hasText: hello });
          await item.waitFor({ timeout: 10_000 });
          await item.click();
          const thread = agent.getByRole('list', { name: 'Messages' });
          await thread.getByTestId('message').filter({ hasText: hello }).waitFor();
          const conversationId = decodeURIComponent(new URL(agent.url()).pathname.split('/').pop());
          await fn({ agent, visitor, chat, thread, conversationId, visitorContext });
        } finally {
          await visitorContext.close();
        }
      });
    } catch (err) {
      failed = true;
      throw err;
    }
  }

  async function agentReply(agent, text) {
    await agent.getByLabel('Reply', { exact: true }).fill(text);
    await agent.getByRole('button', { name: 'Send', exact: true }).click();
  }

  async function visitorSwitches(chat, kind, phone) {
    const label = kind === 'sms' ? 'SMS' : 'WhatsApp';
    await chat.getByRole('button', { name: `Continue on ${label}` }).click();
    // The phone field blocks the message box until it is sent or cancelled.
    assert.equal(await chat.getByLabel('Message').isVisible(), false, 'the message box is blocked');
    await chat.getByLabel(`Your mobile number for ${label}`).fill(phone);
    await chat.getByRole('button', { name: 'Send me a message' }).click();
    await chat.getByText(new RegExp(`This chat continues on ${label}`)).waitFor({ timeout: 15_000 });
  }

  it('a visitor moves to SMS, and the thread goes on by SMS', { timeout: 240_000 }, async () => {
    await withChat('to sms', async ({ agent, chat, thread }) => {
      const first = `Let me check ${tag()}`;
      await agentReply(agent, first);
      await chat.getByText(first).waitFor({ timeout: 10_000 });

      // Cancel first: nothing happens.
      await chat.getByRole('button', { name: 'Continue on SMS' }).click();
      await chat.getByRole('button', { name: 'Cancel' }).click();
      await chat.getByLabel('Message').waitFor();

      const phone = usNumber();
      await visitorSwitches(chat, 'sms', phone.typed);
      const welcome = await phoneReceived(server, phone.e164, /continues here on SMS/);
      assert.equal(welcome.from, smsNumber);

      // The agent sees the switch in the thread and the SMS badge.
      await thread.getByTestId('switch-entry').filter({ hasText: 'moved the chat from web chat to SMS' }).waitFor({ timeout: 10_000 });
      await agent.getByTestId('active-channel').filter({ hasText: 'SMS' }).waitFor();

      // The phone replies; it lands in the same thread.
      const fromPhone = `Texting from my phone now ${tag()}`;
      await simSendSMS(server.url, { from: phone.e164, to: smsNumber, body: fromPhone });
      await thread.getByTestId('message').filter({ hasText: fromPhone }).waitFor({ timeout: 10_000 });
      // The agent answers; it goes out by SMS to the phone.
      const answer = `Your order ships tomorrow ${tag()}`;
      await agentReply(agent, answer);
      const got = await phoneReceived(server, phone.e164, new RegExp(answer.replace(/[()]/g, '\\$&')));
      assert.equal(got.provider, 'sms');
    });
  });

  it('an agent asks the visitor to switch, the visitor reverts within 10 seconds, the chat continues on the web', { timeout: 240_000 }, async () => {
    await withChat('revert', async ({ agent, chat, thread }) => {
      const phone = usNumber();
      // This time the agent starts it: the visitor action command opens the
      // widget's phone field; the visitor confirms.
      await agent.getByRole('button', { name: 'Ask visitor to continue on SMS' }).click();
      await agent.getByText('The visitor was asked to continue on SMS.').waitFor();
      const field = chat.getByLabel('Your mobile number for SMS');
      await field.waitFor({ timeout: 10_000 });
      assert.equal(await chat.getByLabel('Message').isVisible(), false, 'the message box is blocked');
      await field.fill(phone.typed);
      await chat.getByRole('button', { name: 'Send me a message' }).click();
      await chat.getByText(/This chat continues on SMS/).waitFor({ timeout: 15_000 });
      await chat.getByRole('button', { name: 'Revert' }).click();
      await chat.getByText('You are back on web chat.').waitFor({ timeout: 10_000 });
      await thread.getByTestId('switch-entry').filter({ hasText: 'reverted to web chat' }).waitFor({ timeout: 10_000 });
      await agent.getByTestId('active-channel').filter({ hasText: 'Web' }).waitFor();
      await phoneReceived(server, phone.e164, /went back to web chat/); // the phone is told

      const more = `Actually, I will stay here ${tag()}`;
      await chat.getByLabel('Message').fill(more);
      await chat.getByRole('button', { name: 'Send' }).click();
      await thread.getByTestId('message').filter({ hasText: more }).waitFor({ timeout: 10_000 });
      const answer = `Fine, here it is ${tag()}`;
      await agentReply(agent, answer);
      await chat.getByText(answer).waitFor({ timeout: 10_000 });
    });
  });

  it('web -> WhatsApp -> SMS -> web, in one conversation', { timeout: 300_000 }, async () => {
    await withChat('chain', async ({ agent, visitor, chat, thread, conversationId }) => {
      const phone = usNumber();
      await visitorSwitches(chat, 'whatsapp', phone.typed);
      // Outside the 24-hour window the welcome is the tenant's template.
      await eventually('the WhatsApp template', async () => (await simMessages(server.url)).find((m) => m.provider === 'whatsapp' && m.to === phone.e164));
      await thread.getByTestId('switch-entry').filter({ hasText: 'to WhatsApp' }).waitFor({ timeout: 10_000 });

      // The agent moves it on to SMS (the API the console uses).
      const { requestChatSwitch } = await gql(server.url,
        'mutation($c: ID!) { requestChatSwitch(input: {conversationId: $c, to: SMS}) { chatSwitch { state failure } } }',
        { c: conversationId }, agentToken);
      assert.equal(requestChatSwitch.chatSwitch.state, 'ACTIVE', requestChatSwitch.chatSwitch.failure ?? '');
      await phoneReceived(server, phone.e164, /continues here on SMS/);
      await agent.getByTestId('active-channel').filter({ hasText: 'SMS' }).waitFor();

      // And back to the web through the signed link.
      await agent.getByRole('button', { name: 'Send a link back to web chat' }).click();
      const linkMsg = await phoneReceived(server, phone.e164, /Continue this chat on the web/);
      const link = linkMsg.body.match(/https?:\/\/\S+sbresume=[A-Za-z0-9._%-]+/)[0];
      await visitor.goto(link);
      const resumed = visitor.getByRole('dialog', { name: 'Chat' });
      await agent.getByTestId('active-channel').filter({ hasText: 'Web' }).waitFor({ timeout: 15_000 });
      const back = `Back on the website ${tag()}`;
      await resumed.getByLabel('Message').fill(back);
      await resumed.getByRole('button', { name: 'Send' }).click();
      await thread.getByTestId('message').filter({ hasText: back }).waitFor({ timeout: 10_000 });
      assert.equal(await thread.getByTestId('switch-entry').count(), 3, 'three switches in the one thread');
      const answer = `Welcome back ${tag()}`;
      await agentReply(agent, answer);
      await resumed.getByText(answer).waitFor({ timeout: 10_000 });
    });
  });

  it('an agent reconnects an offline lead by SMS from the console', { timeout: 240_000 }, async () => {
    const owner = await logInToken(server.url, DEMO_OWNER);
    const { channels } = await gql(server.url, '{ channels { id kind } }', {}, owner);
    const web = channels.find((c) => c.kind === 'WEBCHAT');
    const setOffline = (offline) => gql(server.url,
      'mutation($i: UpdateWebChatSettingsInput!) { updateWebChatSettings(input: $i) { webChat { offline } } }',
      { i: { channelId: web.id, offline, allowedOrigins: [] } }, owner);
    await setOffline(true);
    try {
      await withPage(browser, server.url, 'chatswitch reconnect', async (agent) => {
        const visitorContext = await browser.newContext();
        const phone = usNumber();
        const name = `Lead ${randomBytes(3).toString('hex')}`;
        try {
          const visitor = await visitorContext.newPage();
          await visitor.goto(site.url);
          await visitor.getByRole('button', { name: 'Open chat' }).click();
          const chat = visitor.getByRole('dialog', { name: 'Chat' });
          await chat.getByLabel('Name').fill(name);
          await chat.getByLabel(/^Phone/).fill(phone.e164);
          await chat.getByRole('button', { name: 'Leave your details' }).click();
          await chat.getByText(/Thanks, we will get back to you/).waitFor();
        } finally {
          await visitorContext.close();
        }

        await agent.goto('/login?next=/inbox');
        await logIn(agent, DEMO_AGENT);
        await agent.waitForURL((u) => u.pathname === '/inbox');
        await agent.getByTestId('conversation-item').filter({ hasText: name }).click();
        await agent.getByRole('button', { name: 'Reconnect by SMS' }).click();
        await phoneReceived(server, phone.e164, /continues here on SMS/);
        const thread = agent.getByRole('list', { name: 'Messages' });
        await agent.getByTestId('active-channel').filter({ hasText: 'SMS' }).waitFor({ timeout: 10_000 });
        await thread.getByTestId('switch-entry').filter({ hasText: 'reconnected the chat by SMS' }).waitFor({ timeout: 10_000 });
        const reply = `Thanks for getting back to me ${tag()}`;
        await simSendSMS(server.url, { from: phone.e164, to: smsNumber, body: reply });
        await thread.getByTestId('message').filter({ hasText: reply }).waitFor({ timeout: 10_000 });
      });
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      await setOffline(false);
    }
  });
});
