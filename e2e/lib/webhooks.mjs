// A stand-in for a tenant's CRM: an HTTP server on 127.0.0.1 that records every
// webhook it receives, and Standard Webhooks signature verification
// (https://www.standardwebhooks.com/) written from the spec, independent of the server's code.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

/**
 * Verifies a Standard Webhooks delivery: HMAC-SHA256, keyed with the base64-decoded
 * secret after "whsec_", over `${webhook-id}.${webhook-timestamp}.${rawBody}`, matching
 * one of the space-separated "v1,<base64>" entries of webhook-signature. Also
 * refuses a timestamp more than toleranceSeconds from now. Returns
 * { ok: true } or { ok: false, reason }.
 */
export function verifyStandardWebhook(secret, headers, rawBody, { now = Date.now(), toleranceSeconds = 300 } = {}) {
  const h = (name) => {
    const v = headers[name] ?? headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = h('webhook-id');
  const timestamp = h('webhook-timestamp');
  const signature = h('webhook-signature');
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: `webhook-timestamp is not integer seconds: ${timestamp}` };
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) {
    return { ok: false, reason: `webhook-timestamp ${timestamp} is more than ${toleranceSeconds} s from now` };
  }
  if (!secret.startsWith('whsec_')) return { ok: false, reason: 'the secret does not start with whsec_' };
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  if (!key.length) return { ok: false, reason: 'the secret is empty' };
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  for (const entry of signature.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: `no v1 signature matches among ${JSON.stringify(signature)}` };
}

/** Signs like a Standard Webhooks sender; the tests use it to check verifyStandardWebhook. */
export function signStandardWebhook(secret, id, timestamp, rawBody) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest('base64')}`;
}

/**
 * Starts the CRM receiver on 127.0.0.1 (a free port). Every POST is kept as
 * { path, headers, rawBody, json, at } in `requests` and answered 200.
 */
export async function startReceiver() {
  const requests = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let json = null;
      try {
        json = JSON.parse(rawBody);
      } catch {
        // kept raw; the test reports it
      }
      requests.push({ method: req.method, path: req.url, headers: req.headers, rawBody, json, at: Date.now() });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"received":true}');
    });
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
