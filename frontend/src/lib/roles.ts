import type { Role } from '../gql/graphql';

const LADDER: Record<Role, number> = { OWNER: 3, ADMIN: 2, AGENT: 1, BILLING: 0 };

/**
 * Whether a caller with `actual` passes @hasRole(role: required). BILLING sits
 * beside the ladder: OWNER and ADMIN hold it too, AGENT does not.
 */
export function hasRole(actual: Role, required: Role): boolean {
  if (required === 'BILLING') return actual === 'BILLING' || LADDER[actual] >= LADDER.ADMIN;
  if (actual === 'BILLING') return false;
  return LADDER[actual] >= LADDER[required];
}

/** Roles a caller may give to an invitee: none above their own. */
export function invitableRoles(actual: Role): Role[] {
  return (['OWNER', 'ADMIN', 'AGENT', 'BILLING'] as const).filter((r) => hasRole(actual, r));
}

/** Roles an API key may have: ADMIN, AGENT or BILLING, none above the creator's. */
export function apiKeyRoles(actual: Role): Role[] {
  return (['ADMIN', 'AGENT', 'BILLING'] as const).filter((r) => hasRole(actual, r));
}

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: 'Owner',
  ADMIN: 'Admin',
  AGENT: 'Agent',
  BILLING: 'Billing',
};
