// Headless Chromium through playwright-core and Debian's /usr/bin/chromium
// (npm cannot download Playwright's own browser builds here).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { E2E_DIR } from './server.mjs';

export const ARTIFACTS_DIR = join(E2E_DIR, 'artifacts');

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    // Playwright adds --headless and a fresh temporary profile (user-data-dir) itself.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

function slug(name) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/**
 * Runs fn with a page in a fresh browser context (its own localStorage) against
 * baseURL. On failure it saves a screenshot and the page's console output to
 * e2e/artifacts/ and rethrows.
 */
export async function withPage(browser, baseURL, name, fn) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const log = [];
  page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
  page.on('requestfailed', (r) => log.push(`[requestfailed] ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  try {
    return await fn(page, context);
  } catch (err) {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const base = join(ARTIFACTS_DIR, slug(name));
    try {
      await page.screenshot({ path: `${base}.png`, fullPage: true });
    } catch {
      // The page may be gone; the error says why.
    }
    writeFileSync(`${base}.log`, `url: ${page.url()}\n${log.join('\n')}\n`);
    err.message += `\n(screenshot: ${base}.png, browser log: ${base}.log)`;
    throw err;
  } finally {
    await context.close();
  }
}

/** Polls fn until it returns a truthy value; throws with `what` after timeoutMs. */
export async function eventually(what, fn, { timeoutMs = 20_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      lastErr = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? `: ${lastErr.message}` : ''}`);
}
