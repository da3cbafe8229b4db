import { describe, expect, it } from 'vitest';
import { fetchSimInfo, inboundRequest, parseSimInfo, phoneThread, samePhone, sendInbound, type SimReceived } from './sim';

const INFO = { sms: { numbers: ['+14155550100'] }, whatsapp: { phoneNumberIds: ['106540352242922'] } };

function fakeFetch(status: number, body: string, contentType = 'application/json'): typeof fetch {
  return async () => new Response(body, { status, headers: { 'Content-Type': contentType } });
}

describe('simulator detection', () => {
  it('accepts the simulator’s JSON', async () => {
    expect(await fetchSimInfo(fakeFetch(200, JSON.stringify(INFO)))).toEqual(INFO);
  });

  it('treats the console’s SPA fallback (200 text/html) as no simulator', async () => {
    expect(await fetchSimInfo(fakeFetch(200, '<!doctype html><html></html>', 'text/html; charset=utf-8'))).toBeNull();
  });

  it('treats 404, other JSON and a network failure as no simulator', async () => {
    expect(await fetchSimInfo(fakeFetch(404, '{}'))).toBeNull();
    expect(await fetchSimInfo(fakeFetch(200, '{"sms": {}}'))).toBeNull();
    expect(await fetchSimInfo(async () => Promise.reject(new TypeError('offline')))).toBeNull();
    expect(parseSimInfo(null)).toBeNull();
  });
});

describe('inbound requests', () => {
  it('sends SMS as {from, to, body}', () => {
    expect(inboundRequest('sms', { from: ' +14155550123 ', to: '+14155550100', body: 'Hi' })).toEqual({
      path: '/sim/sms/inbound',
      body: { from: '+14155550123', to: '+14155550100', body: 'Hi' },
    });
  });

  it('sends WhatsApp as {from (digits), name, to, text}', () => {
    expect(inboundRequest('whatsapp', { from: '+49 151 12345678', to: '106540352242922', body: 'Hallo', name: 'Ana' })).toEqual({
      path: '/sim/whatsapp/inbound',
      body: { from: '4915112345678', name: 'Ana', to: '106540352242922', text: 'Hallo' },
    });
  });

  it('returns the provider id, and the simulator’s error message on failure', async () => {
    expect(await sendInbound('sms', { from: '+1', to: '+2', body: 'x' }, fakeFetch(200, '{"sid":"SM123"}'))).toBe('SM123');
    await expect(
      sendInbound('sms', { from: '+1', to: '+2', body: 'x' }, fakeFetch(502, '{"error":"switchboard answered 403 Forbidden"}')),
    ).rejects.toMatchObject({ message: 'switchboard answered 403 Forbidden', status: 502 });
  });
});

describe('phone thread', () => {
  it('interleaves what the phone sent and received, oldest first, for that phone and provider only', () => {
    const received: SimReceived[] = [
      { provider: 'sms', id: 'SMb', from: '+14155550100', to: '+14155550123', body: 'reply 2', status: 'delivered', at: '2026-01-02T10:03:00Z' },
      { provider: 'sms', id: 'SMa', from: '+14155550100', to: '+14155550123', body: 'reply 1', status: 'delivered', at: '2026-01-02T10:01:00Z' },
      { provider: 'sms', id: 'SMx', from: '+14155550100', to: '+14155550999', body: 'someone else', status: 'sent', at: '2026-01-02T10:02:00Z' },
      { provider: 'whatsapp', id: 'wamid', from: '106540352242922', to: '+14155550123', body: 'wa', status: 'sent', at: '2026-01-02T10:02:00Z' },
    ];
    const sent = [
      { provider: 'sms' as const, id: 'SM1', from: '+14155550123', to: '+14155550100', body: 'hello', at: '2026-01-02T10:00:00Z' },
      { provider: 'sms' as const, id: 'SM2', from: '+14155550123', to: '+14155550100', body: 'again', at: '2026-01-02T10:02:00Z' },
    ];
    expect(phoneThread('sms', '+1 415 555 0123', sent, received).map((m) => `${m.direction}:${m.body}`)).toEqual([
      'sent:hello',
      'received:reply 1',
      'sent:again',
      'received:reply 2',
    ]);
    expect(phoneThread('whatsapp', '14155550123', sent, received).map((m) => m.body)).toEqual(['wa']);
  });

  it('compares phones by digits', () => {
    expect(samePhone('+4915112345678', '4915112345678')).toBe(true);
    expect(samePhone('', '')).toBe(false);
  });
});
