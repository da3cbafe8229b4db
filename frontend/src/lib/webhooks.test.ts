import { describe, expect, it } from 'vitest';
import { describeRetrySchedule, formatDelay, prettyJSON } from './webhooks';

describe('retry schedule', () => {
  it('formats delays', () => {
    expect(formatDelay(5)).toBe('5 s');
    expect(formatDelay(300)).toBe('5 min');
    expect(formatDelay(90)).toBe('1 min 30 s');
    expect(formatDelay(7200)).toBe('2 h');
    expect(formatDelay(5400)).toBe('1 h 30 min');
    expect(formatDelay(172_800)).toBe('2 d');
  });

  it('describes the published schedule', () => {
    expect(describeRetrySchedule([5, 300, 1800, 7200, 18_000, 36_000, 36_000])).toBe(
      'A failed delivery is retried 7 times, after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: 8 attempts over about 28 h.',
    );
    expect(describeRetrySchedule([60])).toBe('A failed delivery is retried 1 time, after 1 min: 2 attempts over about 1 min.');
    expect(describeRetrySchedule([])).toBe('A failed delivery is not retried.');
  });
});

describe('prettyJSON', () => {
  it('indents JSON and leaves anything else alone', () => {
    expect(prettyJSON('{"type":"message.created","data":{"id":1}}')).toBe(
      '{\n  "type": "message.created",\n  "data": {\n    "id": 1\n  }\n}',
    );
    expect(prettyJSON('not json')).toBe('not json');
  });
});
