import { describe, expect, it } from 'vitest';
import { isSubscription } from './fetcher';

describe('isSubscription', () => {
  it('finds the operation GraphiQL runs', () => {
    expect(isSubscription('subscription { activity { id } }')).toBe(true);
    expect(isSubscription('{ viewer { role } }')).toBe(false);
    const two = 'query A { viewer { role } } subscription B { activity { id } }';
    expect(isSubscription(two, 'B')).toBe(true);
    expect(isSubscription(two, 'A')).toBe(false);
    expect(isSubscription('subscription {')).toBe(false);
  });
});
