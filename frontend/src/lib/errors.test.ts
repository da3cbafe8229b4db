import { describe, expect, it } from 'vitest';
import { ApiError, errorFromGraphQL, errorFromHTTP, errorMessage, isUnauthenticated } from './errors';

describe('errorFromGraphQL', () => {
  it('takes the code from extensions and lists each message once', () => {
    const err = errorFromGraphQL([
      { message: 'email: already taken', extensions: { code: 'BAD_USER_INPUT' } },
      { message: 'email: already taken', extensions: { code: 'BAD_USER_INPUT' } },
      { message: 'password: too short', extensions: { code: 'BAD_USER_INPUT' } },
    ]);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.message).toBe('email: already taken; password: too short');
    expect(err.errors).toHaveLength(3);
  });

  it('falls back to INTERNAL for a 5xx without a code, else UNKNOWN', () => {
    expect(errorFromGraphQL([{ message: 'boom' }], 500).code).toBe('INTERNAL');
    expect(errorFromGraphQL([{ message: 'hm' }], 200).code).toBe('UNKNOWN');
    expect(errorFromGraphQL([{ message: '' }]).message).toBe('The request failed.');
  });
});

describe('errorFromHTTP', () => {
  it('maps statuses to codes', () => {
    expect(errorFromHTTP(401, 'Unauthorized').code).toBe('UNAUTHENTICATED');
    expect(errorFromHTTP(502, 'Bad Gateway').code).toBe('INTERNAL');
    expect(errorFromHTTP(404, '').message).toBe('The server answered 404.');
  });
});

describe('errorMessage and isUnauthenticated', () => {
  it('shows the server message, and a sentence for a failed fetch', () => {
    expect(errorMessage(new ApiError('not found', 'NOT_FOUND'))).toBe('not found');
    expect(errorMessage(new TypeError('Failed to fetch'))).toMatch(/Cannot reach the server/);
    expect(errorMessage('weird')).toBe('Something went wrong.');
    expect(isUnauthenticated(new ApiError('x', 'UNAUTHENTICATED'))).toBe(true);
    expect(isUnauthenticated(new ApiError('x', 'NOT_FOUND'))).toBe(false);
    expect(isUnauthenticated(new Error('UNAUTHENTICATED'))).toBe(false);
  });
});
