/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ViewerFields on Viewer {\n    role\n    user {\n      id\n      name\n      email\n    }\n    tenant {\n      id\n      name\n    }\n    memberships {\n      role\n      tenant {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ViewerFieldsFragmentDoc,
    "\n  fragment SessionFields on Session {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    viewer {\n      ...ViewerFields\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  query Viewer {\n    viewer {\n      ...ViewerFields\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n": typeof types.LogInDocument,
    "\n  mutation RefreshSession($input: RefreshSessionInput!) {\n    refreshSession(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  mutation LogOut($input: LogOutInput!) {\n    logOut(input: $input) {\n      ok\n    }\n  }\n": typeof types.LogOutDocument,
    "\n  mutation SwitchTenant($input: SwitchTenantInput!) {\n    switchTenant(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n": typeof types.SwitchTenantDocument,
    "\n  mutation AcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n": typeof types.AcceptInvitationDocument,
    "\n  query Members($first: Int, $after: String) {\n    members(first: $first, after: $after) {\n      edges {\n        node {\n          role\n          joinedAt\n          user {\n            id\n            name\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.MembersDocument,
    "\n  query Invitations($first: Int, $after: String) {\n    invitations(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          email\n          role\n          state\n          expiresAt\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.InvitationsDocument,
    "\n  mutation CreateInvitation($input: CreateInvitationInput!) {\n    createInvitation(input: $input) {\n      invitation {\n        id\n        email\n        role\n        state\n        expiresAt\n        createdAt\n      }\n    }\n  }\n": typeof types.CreateInvitationDocument,
    "\n  mutation RevokeInvitation($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      invitation {\n        id\n        state\n      }\n    }\n  }\n": typeof types.RevokeInvitationDocument,
    "\n  query ApiKeys($first: Int, $after: String) {\n    apiKeys(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          name\n          role\n          prefix\n          createdAt\n          lastUsedAt\n          revokedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        id\n        name\n        role\n        prefix\n        createdAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      apiKey {\n        id\n        revokedAt\n      }\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query EmailOutbox($first: Int, $after: String) {\n    emailOutbox(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          to\n          subject\n          bodyText\n          status\n          error\n          attachmentNames\n          createdAt\n          sentAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.EmailOutboxDocument,
    "\n  fragment AuditEventFields on AuditEvent {\n    id\n    action\n    summary\n    createdAt\n    actor {\n      id\n      name\n      email\n    }\n  }\n": typeof types.AuditEventFieldsFragmentDoc,
    "\n  query AuditEvents($first: Int, $after: String) {\n    auditEvents(first: $first, after: $after) {\n      edges {\n        node {\n          ...AuditEventFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  subscription Activity {\n    activity {\n      ...AuditEventFields\n    }\n  }\n": typeof types.ActivityDocument,
};
const documents: Documents = {
    "\n  fragment ViewerFields on Viewer {\n    role\n    user {\n      id\n      name\n      email\n    }\n    tenant {\n      id\n      name\n    }\n    memberships {\n      role\n      tenant {\n        id\n        name\n      }\n    }\n  }\n": types.ViewerFieldsFragmentDoc,
    "\n  fragment SessionFields on Session {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    viewer {\n      ...ViewerFields\n    }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  query Viewer {\n    viewer {\n      ...ViewerFields\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n": types.LogInDocument,
    "\n  mutation RefreshSession($input: RefreshSessionInput!) {\n    refreshSession(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n": types.RefreshSessionDocument,
    "\n  mutation LogOut($input: LogOutInput!) {\n    logOut(input: $input) {\n      ok\n    }\n  }\n": types.LogOutDocument,
    "\n  mutation SwitchTenant($input: SwitchTenantInput!) {\n    switchTenant(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n": types.SwitchTenantDocument,
    "\n  mutation AcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n": types.AcceptInvitationDocument,
    "\n  query Members($first: Int, $after: String) {\n    members(first: $first, after: $after) {\n      edges {\n        node {\n          role\n          joinedAt\n          user {\n            id\n            name\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.MembersDocument,
    "\n  query Invitations($first: Int, $after: String) {\n    invitations(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          email\n          role\n          state\n          expiresAt\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.InvitationsDocument,
    "\n  mutation CreateInvitation($input: CreateInvitationInput!) {\n    createInvitation(input: $input) {\n      invitation {\n        id\n        email\n        role\n        state\n        expiresAt\n        createdAt\n      }\n    }\n  }\n": types.CreateInvitationDocument,
    "\n  mutation RevokeInvitation($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      invitation {\n        id\n        state\n      }\n    }\n  }\n": types.RevokeInvitationDocument,
    "\n  query ApiKeys($first: Int, $after: String) {\n    apiKeys(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          name\n          role\n          prefix\n          createdAt\n          lastUsedAt\n          revokedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        id\n        name\n        role\n        prefix\n        createdAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      apiKey {\n        id\n        revokedAt\n      }\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  query EmailOutbox($first: Int, $after: String) {\n    emailOutbox(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          to\n          subject\n          bodyText\n          status\n          error\n          attachmentNames\n          createdAt\n          sentAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.EmailOutboxDocument,
    "\n  fragment AuditEventFields on AuditEvent {\n    id\n    action\n    summary\n    createdAt\n    actor {\n      id\n      name\n      email\n    }\n  }\n": types.AuditEventFieldsFragmentDoc,
    "\n  query AuditEvents($first: Int, $after: String) {\n    auditEvents(first: $first, after: $after) {\n      edges {\n        node {\n          ...AuditEventFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  subscription Activity {\n    activity {\n      ...AuditEventFields\n    }\n  }\n": types.ActivityDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ViewerFields on Viewer {\n    role\n    user {\n      id\n      name\n      email\n    }\n    tenant {\n      id\n      name\n    }\n    memberships {\n      role\n      tenant {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').ViewerFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on Session {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    viewer {\n      ...ViewerFields\n    }\n  }\n"): typeof import('./graphql').SessionFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      ...ViewerFields\n    }\n  }\n"): typeof import('./graphql').ViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n"): typeof import('./graphql').SignUpDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n"): typeof import('./graphql').LogInDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession($input: RefreshSessionInput!) {\n    refreshSession(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n"): typeof import('./graphql').RefreshSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOut($input: LogOutInput!) {\n    logOut(input: $input) {\n      ok\n    }\n  }\n"): typeof import('./graphql').LogOutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SwitchTenant($input: SwitchTenantInput!) {\n    switchTenant(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n"): typeof import('./graphql').SwitchTenantDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      session {\n        ...SessionFields\n      }\n    }\n  }\n"): typeof import('./graphql').AcceptInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Members($first: Int, $after: String) {\n    members(first: $first, after: $after) {\n      edges {\n        node {\n          role\n          joinedAt\n          user {\n            id\n            name\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').MembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Invitations($first: Int, $after: String) {\n    invitations(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          email\n          role\n          state\n          expiresAt\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').InvitationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateInvitation($input: CreateInvitationInput!) {\n    createInvitation(input: $input) {\n      invitation {\n        id\n        email\n        role\n        state\n        expiresAt\n        createdAt\n      }\n    }\n  }\n"): typeof import('./graphql').CreateInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeInvitation($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      invitation {\n        id\n        state\n      }\n    }\n  }\n"): typeof import('./graphql').RevokeInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys($first: Int, $after: String) {\n    apiKeys(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          name\n          role\n          prefix\n          createdAt\n          lastUsedAt\n          revokedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').ApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        id\n        name\n        role\n        prefix\n        createdAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n"): typeof import('./graphql').CreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      apiKey {\n        id\n        revokedAt\n      }\n    }\n  }\n"): typeof import('./graphql').RevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmailOutbox($first: Int, $after: String) {\n    emailOutbox(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          to\n          subject\n          bodyText\n          status\n          error\n          attachmentNames\n          createdAt\n          sentAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').EmailOutboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuditEventFields on AuditEvent {\n    id\n    action\n    summary\n    createdAt\n    actor {\n      id\n      name\n      email\n    }\n  }\n"): typeof import('./graphql').AuditEventFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($first: Int, $after: String) {\n    auditEvents(first: $first, after: $after) {\n      edges {\n        node {\n          ...AuditEventFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').AuditEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Activity {\n    activity {\n      ...AuditEventFields\n    }\n  }\n"): typeof import('./graphql').ActivityDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
