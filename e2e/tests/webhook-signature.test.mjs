// The test suite's own Standard Webhooks verifier, checked against the spec's
// example before any test relies on it (no server needed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signStandardWebhook, verifyStandardWebhook } from '../lib/webhooks.mjs';

// The example of https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const headers = (over = {}) => ({
  'webhook-id': SPEC.id,
  'webhook-timestamp': SPEC.timestamp,
  'webhook-signature': SPEC.signature,
  ...over,
});
const at = Number(SPEC.timestamp) * 1000;

describe('Standard Webhooks verification (e2e helper)', () => {
  it('accepts the spec’s example and signs it identically', () => {
    assert.deepEqual(verifyStandardWebhook(SPEC.secret, headers(), SPEC.body, { now: at }), { ok: true });
    assert.equal(signStandardWebhook(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body), SPEC.signature);
  });

  it('accepts any of several space-separated signatures (a rotated secret)', () => {
    const sig = `v1,${Buffer.alloc(32).toString('base64')} v1a,ignored ${SPEC.signature}`;
    assert.equal(verifyStandardWebhook(SPEC.secret, headers({ 'webhook-signature': sig }), SPEC.body, { now: at }).ok, true);
  });

  it('refuses a changed body, id or timestamp, another secret, or a stale timestamp', () => {
    assert.equal(verifyStandardWebhook(SPEC.secret, headers(), `${SPEC.body} `, { now: at }).ok, false);
    assert.equal(verifyStandardWebhook(SPEC.secret, headers({ 'webhook-id': 'msg_other' }), SPEC.body, { now: at }).ok, false);
    assert.equal(verifyStandardWebhook(SPEC.secret, headers({ 'webhook-timestamp': '1614265331' }), SPEC.body, { now: at }).ok, false);
    assert.equal(verifyStandardWebhook('whsec_AAAAAAAAAAAAAAAAAAAAAAAA', headers(), SPEC.body, { now: at }).ok, false);
    assert.equal(verifyStandardWebhook(SPEC.secret, headers(), SPEC.body, { now: at + 10 * 60_000 }).ok, false);
    assert.equal(verifyStandardWebhook(SPEC.secret, headers({ 'webhook-signature': undefined }), SPEC.body, { now: at }).ok, false);
  });
});
