// Every GraphQL operation the console sends. `npm run codegen` turns these into
// typed documents in src/gql/; edit here, then regenerate.
import { graphql } from './gql';

export const ViewerFieldsFragment = graphql(`
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
`);

export const SessionFieldsFragment = graphql(`
  fragment SessionFields on Session {
    accessToken
    accessTokenExpiresAt
    refreshToken
    viewer {
      ...ViewerFields
    }
  }
`);

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      ...ViewerFields
    }
  }
`);

export const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      session {
        ...SessionFields
      }
    }
  }
`);

export const LogInMutation = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      session {
        ...SessionFields
      }
    }
  }
`);

export const RefreshSessionMutation = graphql(`
  mutation RefreshSession($input: RefreshSessionInput!) {
    refreshSession(input: $input) {
      session {
        ...SessionFields
      }
    }
  }
`);

export const LogOutMutation = graphql(`
  mutation LogOut($input: LogOutInput!) {
    logOut(input: $input) {
      ok
    }
  }
`);

export const SwitchTenantMutation = graphql(`
  mutation SwitchTenant($input: SwitchTenantInput!) {
    switchTenant(input: $input) {
      session {
        ...SessionFields
      }
    }
  }
`);

export const AcceptInvitationMutation = graphql(`
  mutation AcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      session {
        ...SessionFields
      }
    }
  }
`);

export const MembersQuery = graphql(`
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
`);

export const InvitationsQuery = graphql(`
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
`);

export const CreateInvitationMutation = graphql(`
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
`);

export const RevokeInvitationMutation = graphql(`
  mutation RevokeInvitation($input: RevokeInvitationInput!) {
    revokeInvitation(input: $input) {
      invitation {
        id
        state
      }
    }
  }
`);

export const ApiKeysQuery = graphql(`
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
`);

export const CreateApiKeyMutation = graphql(`
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
`);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      apiKey {
        id
        revokedAt
      }
    }
  }
`);

export const EmailOutboxQuery = graphql(`
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
`);

export const AuditEventFieldsFragment = graphql(`
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
`);

export const AuditEventsQuery = graphql(`
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
`);

export const ActivitySubscription = graphql(`
  subscription Activity {
    activity {
      ...AuditEventFields
    }
  }
`);
