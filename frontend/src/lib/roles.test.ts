import { describe, expect, it } from 'vitest';
import { apiKeyRoles, hasRole, invitableRoles } from './roles';

describe('hasRole', () => {
  it('follows the ladder OWNER > ADMIN > AGENT', () => {
    expect(hasRole('OWNER', 'ADMIN')).toBe(true);
    expect(hasRole('ADMIN', 'ADMIN')).toBe(true);
    expect(hasRole('AGENT', 'ADMIN')).toBe(false);
    expect(hasRole('ADMIN', 'OWNER')).toBe(false);
  });

  it('keeps BILLING beside the ladder', () => {
    expect(hasRole('OWNER', 'BILLING')).toBe(true);
    expect(hasRole('ADMIN', 'BILLING')).toBe(true);
    expect(hasRole('AGENT', 'BILLING')).toBe(false);
    expect(hasRole('BILLING', 'AGENT')).toBe(false);
    expect(hasRole('BILLING', 'BILLING')).toBe(true);
  });
});

describe('assignable roles', () => {
  it('never offers a role above the caller', () => {
    expect(invitableRoles('OWNER')).toEqual(['OWNER', 'ADMIN', 'AGENT', 'BILLING']);
    expect(invitableRoles('ADMIN')).toEqual(['ADMIN', 'AGENT', 'BILLING']);
    expect(apiKeyRoles('OWNER')).toEqual(['ADMIN', 'AGENT', 'BILLING']);
    expect(apiKeyRoles('AGENT')).toEqual(['AGENT']);
  });
});
