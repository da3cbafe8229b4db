// Click-to-call end to end (issue 5's Done-when): the agent clicks Call on a
// contact's conversation, answers their own (simulated) phone on the phone
// simulator page, the customer's simulated phone answers by itself, the call
// shows live, ends, and its recording plays in the browser.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ARTIFACTS_DIR, eventually, launchBrowser, withPage } from '../lib/browser.mjs';
import { DEMO_OWNER, logIn } from '../lib/console.mjs';
import { startServer } from '../lib/server.mjs';
import { simInfo, simSendSMS } from '../lib/sim.mjs';

// The demo owner's phone (a handset answered by a person in the console) and a
// demo customer number that answers after 500 ms with a 440 Hz tone.
const OWNER_PHONE = '+15550100';
const CUSTOMER = '+15550105';

describe('calls', { timeout: 10 * 60_000 }, () => {
  let server;
  let browser;
  let failed = false;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, { timeout: 180_000 });

  after(async () => {
    await browser?.close();
    if (!server) return;
    await server.stop();
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(join(ARTIFACTS_DIR, 'server-calls.log'), server.output());
    if (failed) {
      const out = server.output();
      console.error(`--- switchboard output (last 8 KB; all of it in e2e/artifacts/server-calls.log) ---\n${out.slice(-8192)}`);
    }
  }, { timeout: 90_000 });

  it('clicks call, answers on the phone simulator, shows the call live, ends it, and plays its recording', { timeout: 240_000 }, async () => {
    try {
      await withPage(browser, server.url, 'click-to-call', async (page, context) => {
        const sim = await simInfo(server.url);
        const body = `Please call me back (e2e ${randomBytes(3).toString('hex')})`;
        await simSendSMS(server.url, { from: CUSTOMER, to: sim.sms.numbers[0], body });

        await page.goto('/login?next=/inbox');
        await logIn(page, DEMO_OWNER);
        await page.waitForURL((u) => u.pathname === '/inbox');
        await page.getByTestId('conversation-item').filter({ hasText: body }).click();
        await page.waitForURL((u) => u.pathname.startsWith('/inbox/') && u.pathname.length > '/inbox/'.length);

        // Click to call: the agent's own phone rings first.
        await page.getByRole('button', { name: 'Call', exact: true }).click();
        const phase = page.getByTestId('live-call-phase');
        await eventually('the live panel to say the agent’s phone rings', async () =>
          /Your phone is ringing/.test(await phase.innerText()),
        );

        // The agent answers on the phone simulator page.
        const phone = await context.newPage();
        await phone.goto('/developer/phone-simulator');
        const handset = phone.locator(`[data-testid="handset"][data-number="${OWNER_PHONE}"][data-state="ringing"]`);
        await handset.waitFor({ timeout: 20_000 });
        await handset.getByRole('button', { name: 'Answer' }).click();

        // The customer's phone answers by itself: the call is live, its timer runs.
        await eventually('the call to connect', async () => /Connected with/.test(await phase.innerText()), { timeoutMs: 30_000 });
        const timer = page.getByTestId('live-call-timer');
        const t0 = await timer.innerText();
        await eventually('the timer to run', async () => (await timer.innerText()) !== t0 && /^0:0[2-9]$/.test(await timer.innerText()), {
          timeoutMs: 15_000,
        });

        // The agent hangs up; the call ends completed.
        await page.getByRole('button', { name: 'Hang up' }).click();
        await eventually('the call to end', async () => /Ended: completed/.test(await phase.innerText()), { timeoutMs: 30_000 });
        await phone.close();

        // The conversation's thread shows the call among the messages, live.
        const entry = page.getByTestId('call-entry').first();
        await eventually('the call in the thread', async () => (await entry.count()) > 0 && /completed/.test(await entry.innerText()), {
          timeoutMs: 15_000,
        });

        // The Calls page lists it, with its recording playable in <audio>.
        await page.goto('/calls');
        const row = page.getByTestId('call-row').first();
        await row.waitFor();
        assert.match(await row.innerText(), /Completed/);
        assert.match(await row.innerText(), new RegExp(CUSTOMER.replace('+', '\\+')));
        const audio = row.getByTestId('call-recording');
        await eventually('the recording to be listed', async () => {
          if (await audio.count()) return true;
          await page.reload();
          await row.waitFor();
          return false;
        }, { timeoutMs: 30_000, intervalMs: 1_000 });
        const played = await audio.evaluate(async (el) => {
          el.muted = true;
          el.preload = 'auto';
          await el.play();
          await new Promise((r) => setTimeout(r, 700));
          return { duration: el.duration, currentTime: el.currentTime, error: el.error?.message ?? null };
        });
        console.log(`# the recording plays: ${JSON.stringify(played)}`);
        assert.equal(played.error, null);
        assert.ok(played.duration > 1, `a recording of the conversation, got ${played.duration} s`);
        assert.ok(played.currentTime > 0, 'the browser played it');

        // The link is short-lived and signed: tampering with it is refused.
        const src = await audio.getAttribute('src');
        const ok = await fetch(src, { headers: { Range: 'bytes=0-11' } });
        assert.equal(ok.status, 206);
        assert.equal(Buffer.from(await ok.arrayBuffer()).subarray(0, 4).toString(), 'RIFF');
        const bad = await fetch(src.replace('token=', 'token=x'));
        assert.equal(bad.status, 403);
      });
    } catch (err) {
      failed = true;
      throw err;
    }
  });
});
