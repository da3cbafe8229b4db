// The live call panel and the click-to-call button, rendered as the agent sees them.
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { Call } from '../lib/calls';

vi.mock('../lib/api', () => ({ api: {}, sessions: { subscribe: () => () => {}, get: () => null } }));

const { LiveCallPanel, CallButton, CallEntry, callEntryText } = await import('./Calls');

function call(over: Partial<Call> = {}): Call {
  return {
    id: 'c1',
    direction: 'OUTBOUND',
    status: 'RINGING',
    contact: { id: 'k1', name: 'Ada', phone: '+14155550123' },
    agent: null,
    agentNumber: '+14155550111',
    customerNumber: '+14155550123',
    endReason: null,
    createdAt: new Date(Date.now() - 5_000).toISOString(),
    answeredAt: null,
    endedAt: null,
    durationSeconds: null,
    billableSeconds: null,
    recordingSeconds: null,
    recordingUrl: null,
    legs: [{ id: 'a', role: 'AGENT', status: 'RINGING', number: '+14155550111' }],
    ...over,
  };
}

const noop = () => {};

describe('LiveCallPanel', () => {
  it('shows a ringing call with its timer and a hang-up button', () => {
    const html = renderToString(<LiveCallPanel call={call()} onChange={noop} onClose={noop} />);
    expect(html).toContain('Your phone is ringing: answer it');
    expect(html).toMatch(/data-testid="live-call-timer"[^>]*>0:0[4-6]</);
    expect(html).toContain('Hang up');
    expect(html).not.toContain('Close');
  });

  it('shows an ended call with its duration and a close button', () => {
    const html = renderToString(
      <LiveCallPanel
        call={call({ status: 'COMPLETED', answeredAt: '2026-01-01T10:00:00Z', endedAt: '2026-01-01T10:01:05Z', durationSeconds: 65 })}
        onChange={noop}
        onClose={noop}
      />,
    );
    expect(html).toContain('Ended: completed');
    expect(html).toContain('1:05');
    expect(html).toContain('Close');
    expect(html).not.toContain('Hang up');
  });
});

describe('CallButton', () => {
  it('is disabled for a contact without a phone', () => {
    expect(renderToString(<CallButton conversationId="x" disabled />)).toMatch(/<button[^>]*disabled[^>]*>Call<\/button>/);
    expect(renderToString(<CallButton conversationId="x" />)).not.toMatch(/<button[^>]*disabled[^>]*>Call<\/button>/);
  });
});

describe('CallEntry', () => {
  it('tells the thread who called, how it ended and how long, with the recording', () => {
    const done = call({ status: 'COMPLETED', agent: { id: 'u1', name: 'Ana' }, durationSeconds: 75, endedAt: new Date().toISOString(), recordingUrl: '/recordings/v1/c1.wav?token=t' });
    expect(callEntryText(done)).toBe('Ana called: completed, 1:15.');
    const html = renderToString(<CallEntry c={done} />);
    expect(html).toContain('data-testid="call-entry"');
    expect(html).toContain('<audio');
    expect(html).toContain('/recordings/v1/c1.wav?token=t');
    expect(callEntryText(call({ status: 'BUSY' }))).toBe('Call: busy.');
    expect(renderToString(<CallEntry c={call({ status: 'BUSY' })} />)).not.toContain('<audio');
  });
});
