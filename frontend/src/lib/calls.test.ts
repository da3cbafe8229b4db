import { describe, expect, it } from 'vitest';
import {
  callPhase,
  callSeconds,
  dayRange,
  inRange,
  fetchHandsets,
  formatClock,
  handsetAction,
  isLive,
  mergeCall,
  pcm16ToFloat,
  validDigits,
  type Call,
} from './calls';

function call(over: Partial<Call> = {}): Call {
  return {
    id: 'c1',
    direction: 'OUTBOUND',
    status: 'INITIATED',
    contact: { id: 'k1', name: 'Ada', phone: '+14155550123' },
    agent: null,
    agentNumber: '+14155550111',
    customerNumber: '+14155550123',
    endReason: null,
    createdAt: '2026-01-01T10:00:00Z',
    answeredAt: null,
    endedAt: null,
    durationSeconds: null,
    billableSeconds: null,
    recordingSeconds: null,
    recordingUrl: null,
    legs: [],
    ...over,
  };
}

describe('callPhase', () => {
  it('follows click-to-call: your phone, then the customer, then connected', () => {
    expect(callPhase(call())).toBe('Placing the call…');
    expect(callPhase(call({ status: 'RINGING', legs: [{ id: 'a', role: 'AGENT', status: 'RINGING', number: '+1' }] }))).toBe(
      'Your phone is ringing: answer it',
    );
    expect(
      callPhase(
        call({
          status: 'RINGING',
          legs: [
            { id: 'a', role: 'AGENT', status: 'IN_PROGRESS', number: '+1' },
            { id: 'b', role: 'CUSTOMER', status: 'RINGING', number: '+2' },
          ],
        }),
      ),
    ).toBe('Calling Ada…');
    expect(callPhase(call({ status: 'IN_PROGRESS' }))).toBe('Connected with Ada');
  });

  it('says how a call ended, and that an ended status may still be ending', () => {
    expect(callPhase(call({ status: 'BUSY' }))).toBe('Busy: ending…');
    expect(callPhase(call({ status: 'BUSY', endedAt: '2026-01-01T10:00:10Z' }))).toBe('Ended: busy');
    expect(callPhase(call({ status: 'NO_ANSWER', endedAt: '2026-01-01T10:00:10Z', contact: null }))).toBe('Ended: no answer');
  });
});

describe('callSeconds and formatClock', () => {
  it('counts talk time once answered, and stops at the end', () => {
    const now = Date.parse('2026-01-01T10:01:30Z');
    expect(callSeconds(call(), now)).toBe(90);
    expect(callSeconds(call({ answeredAt: '2026-01-01T10:00:30Z' }), now)).toBe(60);
    expect(callSeconds(call({ answeredAt: '2026-01-01T10:00:30Z', endedAt: '2026-01-01T10:00:45Z' }), now)).toBe(15);
    expect(callSeconds(call({ createdAt: 'garbage' }), now)).toBe(0);
  });

  it('formats a clock', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(75)).toBe('1:15');
    expect(formatClock(3725)).toBe('1:02:05');
    expect(formatClock(-3)).toBe('0:00');
  });
});

describe('mergeCall and isLive', () => {
  it('replaces in place or puts a new call first', () => {
    const a = call({ id: 'a' });
    const b = call({ id: 'b' });
    expect(mergeCall([a, b], { ...b, status: 'RINGING' }).map((c) => [c.id, c.status])).toEqual([
      ['a', 'INITIATED'],
      ['b', 'RINGING'],
    ]);
    expect(mergeCall([a], b).map((c) => c.id)).toEqual(['b', 'a']);
    expect(isLive(a)).toBe(true);
    expect(isLive({ endedAt: '2026-01-01T10:00:00Z' })).toBe(false);
  });
});

describe('the simulated handsets', () => {
  it('lists handsets, and reports no simulator for a non-JSON answer', async () => {
    const json = (body: unknown) =>
      Promise.resolve(new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } }));
    const list = await fetchHandsets(() => json([{ number: '+15550100', state: 'ringing', script: { manual: true } }]));
    expect(list?.[0]?.state).toBe('ringing');
    expect(await fetchHandsets(() => Promise.resolve(new Response('<html>', { headers: { 'Content-Type': 'text/html' } })))).toBeNull();
    expect(await fetchHandsets(() => Promise.reject(new Error('offline')))).toBeNull();
  });

  it('posts actions and surfaces the simulator error', async () => {
    const seen: Array<[string, string]> = [];
    const ok: typeof fetch = (input, init) => {
      seen.push([String(input), String(init?.body)]);
      return Promise.resolve(new Response('{}', { status: 200 }));
    };
    await handsetAction('+15550100', 'keys', '12#', ok);
    await handsetAction('+15550100', 'answer', '', ok);
    expect(seen).toEqual([
      ['/sim/voice/handsets/%2B15550100/keys', '{"digits":"12#"}'],
      ['/sim/voice/handsets/%2B15550100/answer', '{}'],
    ]);
    const bad: typeof fetch = () => Promise.resolve(new Response('{"error":"not ringing"}', { status: 409 }));
    await expect(handsetAction('+15550100', 'answer', '', bad)).rejects.toThrow('not ringing');
  });

  it('checks keys and decodes PCM', () => {
    expect(validDigits('12#*')).toBe(true);
    expect(validDigits('')).toBe(false);
    expect(validDigits('1a')).toBe(false);
    const buf = new ArrayBuffer(4);
    new DataView(buf).setInt16(0, 16384, true);
    new DataView(buf).setInt16(2, -32768, true);
    expect(Array.from(pcm16ToFloat(buf))).toEqual([0.5, -1]);
  });
});

describe('dayRange and inRange', () => {
  it('turns a date input into a one-day range of local time', () => {
    const r = dayRange('2026-03-14');
    expect(r).not.toBeNull();
    expect(Date.parse(r!.until) - Date.parse(r!.since)).toBeGreaterThanOrEqual(23 * 3600_000);
    expect(new Date(r!.since).getDate()).toBe(14);
    expect(inRange(new Date(2026, 2, 14, 12).toISOString(), r)).toBe(true);
    expect(inRange(new Date(2026, 2, 15, 0, 0, 1).toISOString(), r)).toBe(false);
    expect(inRange('2020-01-01T00:00:00Z', null)).toBe(true);
    expect(dayRange('')).toBeNull();
    expect(dayRange('14/03/2026')).toBeNull();
  });
});
