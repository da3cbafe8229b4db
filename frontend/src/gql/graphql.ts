/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Input of acceptInvitation. */
export type AcceptInvitationInput = {
  /** Your name, when you have no account yet. */
  name?: string | null | undefined;
  /** Your password: the existing one when the invited e-mail already has an account, else a new one. */
  password: string;
  /** The token from the e-mailed link. */
  token: string;
};

/** Input of createApiKey. */
export type CreateApiKeyInput = {
  /** A label for people. */
  name: string;
  /** ADMIN, AGENT or BILLING; not above the creator's. */
  role: Role;
};

/** Input of createInvitation. */
export type CreateInvitationInput = {
  /** Who to invite. */
  email: string;
  /** Their role; not above the inviter's. */
  role: Role;
};

/** Where an e-mail stands. */
export type EmailStatus =
  /** Kept in the outbox: no SMTP server is configured (dev). */
  | 'CAPTURED'
  /** Refused permanently or out of retries. */
  | 'FAILED'
  /** Waiting for the mail job. */
  | 'QUEUED'
  /** Accepted by the SMTP server. */
  | 'SENT';

/** Where an invitation stands. */
export type InvitationState =
  /** Used: the invitee is a member. */
  | 'ACCEPTED'
  /** Not used in time. */
  | 'EXPIRED'
  /** Sent, not yet used, not expired. */
  | 'PENDING'
  /** Withdrawn by an admin. */
  | 'REVOKED';

/** Input of logIn. */
export type LogInInput = {
  /** E-mail. */
  email: string;
  /** Password. */
  password: string;
  /** The tenant to sign into; default: the first one joined. */
  tenantId?: string | number | null | undefined;
};

/** Input of logOut. */
export type LogOutInput = {
  /** The refresh token of the session to end. */
  refreshToken: string;
};

/** Input of refreshSession. */
export type RefreshSessionInput = {
  /** The refresh token from the last session; it is retired by this call. */
  refreshToken: string;
};

/** Input of revokeApiKey. */
export type RevokeApiKeyInput = {
  /** The key. */
  id: string | number;
};

/** Input of revokeInvitation. */
export type RevokeInvitationInput = {
  /** The invitation. */
  id: string | number;
};

/** A role inside a tenant. */
export type Role =
  /** Manages members, channels, API keys and settings. */
  | 'ADMIN'
  /** Works conversations and calls. */
  | 'AGENT'
  /** Manages the subscription and invoices only. */
  | 'BILLING'
  /** Everything, including deleting the tenant and managing owners. */
  | 'OWNER';

/** Input of signUp. */
export type SignUpInput = {
  /** The owner's e-mail. */
  email: string;
  /** The owner's name. */
  name: string;
  /** At least 10 characters. */
  password: string;
  /** The new tenant's name. */
  tenantName: string;
};

/** Input of switchTenant. */
export type SwitchTenantInput = {
  /** The current refresh token; it is retired and a new session issued in the other tenant. */
  refreshToken: string;
  /** One of the viewer's memberships. */
  tenantId: string | number;
};

export type ViewerFieldsFragment = { role: Role, user: { id: string, name: string, email: string } | null, tenant: { id: string, name: string }, memberships: Array<{ role: Role, tenant: { id: string, name: string } }> };

export type SessionFieldsFragment = { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, viewer: { role: Role, user: { id: string, name: string, email: string } | null, tenant: { id: string, name: string }, memberships: Array<{ role: Role, tenant: { id: string, name: string } }> } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { role: Role, user: { id: string, name: string, email: string } | null, tenant: { id: string, name: string }, memberships: Array<{ role: Role, tenant: { id: string, name: string } }> } };

export type SignUpMutationVariables = Exact<{
  input: SignUpInput;
}>;


export type SignUpMutation = { signUp: { session: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, viewer: { role: Role, user: { id: string, name: string, email: string } | null, tenant: { id: string, name: string }, memberships: Array<{ role: Role, tenant: { id: string, name: string } }> } } } };

export type LogInMutationVariables = Exact<{
  input: LogInInput;
}>;


export type LogInMutation = { logIn: { session: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, viewer: { role: Role, user: { id: string, name: string, email: string } | null, tenant: { id: string, name: string }, memberships: Array<{ role: Role, tenant: { id: string, name: string } }> } } } };

export type RefreshSessionMutationVariables = Exact<{
  input: RefreshSessionInput;
}>;


export type RefreshSessionMutation = { refreshSession: { session: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, viewer: { role: Role, user: { id: string, name: string, email: string } | null, tenant: { id: string, name: string }, memberships: Array<{ role: Role, tenant: { id: string, name: string } }> } } } };

export type LogOutMutationVariables = Exact<{
  input: LogOutInput;
}>;


export type LogOutMutation = { logOut: { ok: boolean } };

export type SwitchTenantMutationVariables = Exact<{
  input: SwitchTenantInput;
}>;


export type SwitchTenantMutation = { switchTenant: { session: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, viewer: { role: Role, user: { id: string, name: string, email: string } | null, tenant: { id: string, name: string }, memberships: Array<{ role: Role, tenant: { id: string, name: string } }> } } } };

export type AcceptInvitationMutationVariables = Exact<{
  input: AcceptInvitationInput;
}>;


export type AcceptInvitationMutation = { acceptInvitation: { session: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, viewer: { role: Role, user: { id: string, name: string, email: string } | null, tenant: { id: string, name: string }, memberships: Array<{ role: Role, tenant: { id: string, name: string } }> } } } };

export type MembersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MembersQuery = { members: { edges: Array<{ node: { role: Role, joinedAt: string, user: { id: string, name: string, email: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type InvitationsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type InvitationsQuery = { invitations: { edges: Array<{ node: { id: string, email: string, role: Role, state: InvitationState, expiresAt: string, createdAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CreateInvitationMutationVariables = Exact<{
  input: CreateInvitationInput;
}>;


export type CreateInvitationMutation = { createInvitation: { invitation: { id: string, email: string, role: Role, state: InvitationState, expiresAt: string, createdAt: string } } };

export type RevokeInvitationMutationVariables = Exact<{
  input: RevokeInvitationInput;
}>;


export type RevokeInvitationMutation = { revokeInvitation: { invitation: { id: string, state: InvitationState } } };

export type ApiKeysQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ApiKeysQuery = { apiKeys: { edges: Array<{ node: { id: string, name: string, role: Role, prefix: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { secret: string, apiKey: { id: string, name: string, role: Role, prefix: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  input: RevokeApiKeyInput;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { apiKey: { id: string, revokedAt: string | null } } };

export type EmailOutboxQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type EmailOutboxQuery = { emailOutbox: { edges: Array<{ node: { id: string, to: Array<string>, subject: string, bodyText: string, status: EmailStatus, error: string | null, attachmentNames: Array<string>, createdAt: string, sentAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AuditEventFieldsFragment = { id: string, action: string, summary: string, createdAt: string, actor: { id: string, name: string, email: string } | null };

export type AuditEventsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditEventsQuery = { auditEvents: { edges: Array<{ node: { id: string, action: string, summary: string, createdAt: string, actor: { id: string, name: string, email: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ActivitySubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ActivitySubscription = { activity: { id: string, action: string, summary: string, createdAt: string, actor: { id: string, name: string, email: string } | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ViewerFieldsFragmentDoc = new TypedDocumentString(`
    fragment ViewerFields on Viewer {
  role
  user {
    id
    name
    email
  }
  tenant {
    id
    name
  }
  memberships {
    role
    tenant {
      id
      name
    }
  }
}
    `, {"fragmentName":"ViewerFields"}) as unknown as TypedDocumentString<ViewerFieldsFragment, unknown>;
export const SessionFieldsFragmentDoc = new TypedDocumentString(`
    fragment SessionFields on Session {
  accessToken
  accessTokenExpiresAt
  refreshToken
  viewer {
    ...ViewerFields
  }
}
    fragment ViewerFields on Viewer {
  role
  user {
    id
    name
    email
  }
  tenant {
    id
    name
  }
  memberships {
    role
    tenant {
      id
      name
    }
  }
}`, {"fragmentName":"SessionFields"}) as unknown as TypedDocumentString<SessionFieldsFragment, unknown>;
export const AuditEventFieldsFragmentDoc = new TypedDocumentString(`
    fragment AuditEventFields on AuditEvent {
  id
  action
  summary
  createdAt
  actor {
    id
    name
    email
  }
}
    `, {"fragmentName":"AuditEventFields"}) as unknown as TypedDocumentString<AuditEventFieldsFragment, unknown>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    ...ViewerFields
  }
}
    fragment ViewerFields on Viewer {
  role
  user {
    id
    name
    email
  }
  tenant {
    id
    name
  }
  memberships {
    role
    tenant {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const SignUpDocument = new TypedDocumentString(`
    mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    session {
      ...SessionFields
    }
  }
}
    fragment ViewerFields on Viewer {
  role
  user {
    id
    name
    email
  }
  tenant {
    id
    name
  }
  memberships {
    role
    tenant {
      id
      name
    }
  }
}
fragment SessionFields on Session {
  accessToken
  accessTokenExpiresAt
  refreshToken
  viewer {
    ...ViewerFields
  }
}`) as unknown as TypedDocumentString<SignUpMutation, SignUpMutationVariables>;
export const LogInDocument = new TypedDocumentString(`
    mutation LogIn($input: LogInInput!) {
  logIn(input: $input) {
    session {
      ...SessionFields
    }
  }
}
    fragment ViewerFields on Viewer {
  role
  user {
    id
    name
    email
  }
  tenant {
    id
    name
  }
  memberships {
    role
    tenant {
      id
      name
    }
  }
}
fragment SessionFields on Session {
  accessToken
  accessTokenExpiresAt
  refreshToken
  viewer {
    ...ViewerFields
  }
}`) as unknown as TypedDocumentString<LogInMutation, LogInMutationVariables>;
export const RefreshSessionDocument = new TypedDocumentString(`
    mutation RefreshSession($input: RefreshSessionInput!) {
  refreshSession(input: $input) {
    session {
      ...SessionFields
    }
  }
}
    fragment ViewerFields on Viewer {
  role
  user {
    id
    name
    email
  }
  tenant {
    id
    name
  }
  memberships {
    role
    tenant {
      id
      name
    }
  }
}
fragment SessionFields on Session {
  accessToken
  accessTokenExpiresAt
  refreshToken
  viewer {
    ...ViewerFields
  }
}`) as unknown as TypedDocumentString<RefreshSessionMutation, RefreshSessionMutationVariables>;
export const LogOutDocument = new TypedDocumentString(`
    mutation LogOut($input: LogOutInput!) {
  logOut(input: $input) {
    ok
  }
}
    `) as unknown as TypedDocumentString<LogOutMutation, LogOutMutationVariables>;
export const SwitchTenantDocument = new TypedDocumentString(`
    mutation SwitchTenant($input: SwitchTenantInput!) {
  switchTenant(input: $input) {
    session {
      ...SessionFields
    }
  }
}
    fragment ViewerFields on Viewer {
  role
  user {
    id
    name
    email
  }
  tenant {
    id
    name
  }
  memberships {
    role
    tenant {
      id
      name
    }
  }
}
fragment SessionFields on Session {
  accessToken
  accessTokenExpiresAt
  refreshToken
  viewer {
    ...ViewerFields
  }
}`) as unknown as TypedDocumentString<SwitchTenantMutation, SwitchTenantMutationVariables>;
export const AcceptInvitationDocument = new TypedDocumentString(`
    mutation AcceptInvitation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) {
    session {
      ...SessionFields
    }
  }
}
    fragment ViewerFields on Viewer {
  role
  user {
    id
    name
    email
  }
  tenant {
    id
    name
  }
  memberships {
    role
    tenant {
      id
      name
    }
  }
}
fragment SessionFields on Session {
  accessToken
  accessTokenExpiresAt
  refreshToken
  viewer {
    ...ViewerFields
  }
}`) as unknown as TypedDocumentString<AcceptInvitationMutation, AcceptInvitationMutationVariables>;
export const MembersDocument = new TypedDocumentString(`
    query Members($first: Int, $after: String) {
  members(first: $first, after: $after) {
    edges {
      node {
        role
        joinedAt
        user {
          id
          name
          email
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<MembersQuery, MembersQueryVariables>;
export const InvitationsDocument = new TypedDocumentString(`
    query Invitations($first: Int, $after: String) {
  invitations(first: $first, after: $after) {
    edges {
      node {
        id
        email
        role
        state
        expiresAt
        createdAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<InvitationsQuery, InvitationsQueryVariables>;
export const CreateInvitationDocument = new TypedDocumentString(`
    mutation CreateInvitation($input: CreateInvitationInput!) {
  createInvitation(input: $input) {
    invitation {
      id
      email
      role
      state
      expiresAt
      createdAt
    }
  }
}
    `) as unknown as TypedDocumentString<CreateInvitationMutation, CreateInvitationMutationVariables>;
export const RevokeInvitationDocument = new TypedDocumentString(`
    mutation RevokeInvitation($input: RevokeInvitationInput!) {
  revokeInvitation(input: $input) {
    invitation {
      id
      state
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeInvitationMutation, RevokeInvitationMutationVariables>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys($first: Int, $after: String) {
  apiKeys(first: $first, after: $after) {
    edges {
      node {
        id
        name
        role
        prefix
        createdAt
        lastUsedAt
        revokedAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    secret
    apiKey {
      id
      name
      role
      prefix
      createdAt
      lastUsedAt
      revokedAt
    }
  }
}
    `) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($input: RevokeApiKeyInput!) {
  revokeApiKey(input: $input) {
    apiKey {
      id
      revokedAt
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const EmailOutboxDocument = new TypedDocumentString(`
    query EmailOutbox($first: Int, $after: String) {
  emailOutbox(first: $first, after: $after) {
    edges {
      node {
        id
        to
        subject
        bodyText
        status
        error
        attachmentNames
        createdAt
        sentAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<EmailOutboxQuery, EmailOutboxQueryVariables>;
export const AuditEventsDocument = new TypedDocumentString(`
    query AuditEvents($first: Int, $after: String) {
  auditEvents(first: $first, after: $after) {
    edges {
      node {
        ...AuditEventFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment AuditEventFields on AuditEvent {
  id
  action
  summary
  createdAt
  actor {
    id
    name
    email
  }
}`) as unknown as TypedDocumentString<AuditEventsQuery, AuditEventsQueryVariables>;
export const ActivityDocument = new TypedDocumentString(`
    subscription Activity {
  activity {
    ...AuditEventFields
  }
}
    fragment AuditEventFields on AuditEvent {
  id
  action
  summary
  createdAt
  actor {
    id
    name
    email
  }
}`) as unknown as TypedDocumentString<ActivitySubscription, ActivitySubscriptionVariables>;