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

export const ChannelFieldsFragment = graphql(`
  fragment ChannelFields on Channel {
    id
    kind
    name
    address
    enabled
    webhookUrl
    createdAt
    webChat {
      publicKey
      snippet
      offline
      allowedOrigins
    }
  }
`);

export const MessageFieldsFragment = graphql(`
  fragment MessageFields on Message {
    id
    direction
    body
    status
    error
    createdAt
    attachments {
      url
      contentType
      caption
    }
    author {
      id
      name
    }
  }
`);

export const ConversationFieldsFragment = graphql(`
  fragment ConversationFields on Conversation {
    id
    status
    unreadCount
    lastActivityAt
    replyWindowClosesAt
    contact {
      id
      name
      phone
      email
      externalId
    }
    assignee {
      id
      name
    }
    channel {
      id
      kind
      name
      address
    }
    latest: messages(first: 1) {
      edges {
        node {
          id
          direction
          body
          createdAt
        }
      }
    }
  }
`);

export const ConversationsQuery = graphql(`
  query Conversations(
    $first: Int
    $after: String
    $status: ConversationStatus
    $kind: ChannelKind
    $unreadOnly: Boolean
    $assigneeId: ID
  ) {
    conversations(
      first: $first
      after: $after
      status: $status
      kind: $kind
      unreadOnly: $unreadOnly
      assigneeId: $assigneeId
    ) {
      edges {
        node {
          ...ConversationFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ConversationThreadQuery = graphql(`
  query ConversationThread($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      ... on Conversation {
        ...ConversationFields
        messages(first: $first, after: $after) {
          edges {
            node {
              ...MessageFields
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

export const SendMessageMutation = graphql(`
  mutation SendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      message {
        ...MessageFields
      }
    }
  }
`);

export const UpdateConversationMutation = graphql(`
  mutation UpdateConversation($input: UpdateConversationInput!) {
    updateConversation(input: $input) {
      conversation {
        ...ConversationFields
      }
    }
  }
`);

export const UpdateContactMutation = graphql(`
  mutation UpdateContact($input: UpdateContactInput!) {
    updateContact(input: $input) {
      contact {
        id
        name
        phone
        email
        externalId
      }
    }
  }
`);

export const AssigneesQuery = graphql(`
  query Assignees {
    members(first: 100) {
      edges {
        node {
          role
          user {
            id
            name
            email
          }
        }
      }
    }
  }
`);

export const InboxSubscription = graphql(`
  subscription Inbox {
    inbox {
      conversation {
        ...ConversationFields
      }
      message {
        ...MessageFields
      }
    }
  }
`);

export const ChannelsQuery = graphql(`
  query Channels {
    channels {
      ...ChannelFields
    }
  }
`);

export const CreateChannelMutation = graphql(`
  mutation CreateChannel($input: CreateChannelInput!) {
    createChannel(input: $input) {
      channel {
        ...ChannelFields
      }
    }
  }
`);

export const UpdateWebChatSettingsMutation = graphql(`
  mutation UpdateWebChatSettings($input: UpdateWebChatSettingsInput!) {
    updateWebChatSettings(input: $input) {
      webChat {
        publicKey
        snippet
        offline
        allowedOrigins
      }
    }
  }
`);

export const WebhookEndpointFieldsFragment = graphql(`
  fragment WebhookEndpointFields on WebhookEndpoint {
    id
    url
    description
    eventTypes
    enabled
    disabledReason
    createdAt
  }
`);

export const WebhookDeliveryFieldsFragment = graphql(`
  fragment WebhookDeliveryFields on WebhookDelivery {
    id
    messageId
    eventType
    payload
    status
    attempts
    lastStatusCode
    lastResponse
    lastError
    lastAttemptAt
    nextAttemptAt
    durationMs
    createdAt
    deliveredAt
  }
`);

export const WebhookEndpointsQuery = graphql(`
  query WebhookEndpoints {
    webhookEndpoints {
      ...WebhookEndpointFields
    }
    webhookEventTypes
    webhookRetryScheduleSeconds
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      ... on WebhookEndpoint {
        id
        deliveries(first: $first, after: $after) {
          edges {
            node {
              ...WebhookDeliveryFields
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

export const CreateWebhookEndpointMutation = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        ...WebhookEndpointFields
      }
    }
  }
`);

export const UpdateWebhookEndpointMutation = graphql(`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      endpoint {
        ...WebhookEndpointFields
      }
    }
  }
`);

export const RotateWebhookSecretMutation = graphql(`
  mutation RotateWebhookSecret($input: RotateWebhookSecretInput!) {
    rotateWebhookSecret(input: $input) {
      secret
    }
  }
`);

export const DeleteWebhookEndpointMutation = graphql(`
  mutation DeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {
    deleteWebhookEndpoint(input: $input) {
      deletedId
    }
  }
`);

export const ReplayWebhookDeliveryMutation = graphql(`
  mutation ReplayWebhookDelivery($input: ReplayWebhookDeliveryInput!) {
    replayWebhookDelivery(input: $input) {
      delivery {
        ...WebhookDeliveryFields
      }
    }
  }
`);

export const WhatsAppTemplateFieldsFragment = graphql(`
  fragment WhatsAppTemplateFields on WhatsAppTemplate {
    id
    name
    language
    body
    parameterCount
    createdAt
  }
`);

export const WhatsAppTemplatesQuery = graphql(`
  query WhatsAppTemplates($channelId: ID!) {
    whatsAppTemplates(channelId: $channelId) {
      ...WhatsAppTemplateFields
    }
  }
`);

export const CreateWhatsAppTemplateMutation = graphql(`
  mutation CreateWhatsAppTemplate($input: CreateWhatsAppTemplateInput!) {
    createWhatsAppTemplate(input: $input) {
      template {
        ...WhatsAppTemplateFields
      }
    }
  }
`);

export const DeleteWhatsAppTemplateMutation = graphql(`
  mutation DeleteWhatsAppTemplate($input: DeleteWhatsAppTemplateInput!) {
    deleteWhatsAppTemplate(input: $input) {
      deletedId
    }
  }
`);

export const SendTemplateMutation = graphql(`
  mutation SendTemplate($input: SendTemplateInput!) {
    sendTemplate(input: $input) {
      message {
        ...MessageFields
      }
    }
  }
`);

export const CallFieldsFragment = graphql(`
  fragment CallFields on Call {
    id
    direction
    status
    contact {
      id
      name
      phone
    }
    agent {
      id
      name
    }
    agentNumber
    customerNumber
    endReason
    createdAt
    answeredAt
    endedAt
    durationSeconds
    billableSeconds
    recordingSeconds
    recordingUrl
    legs {
      id
      role
      status
      number
    }
  }
`);

export const CallsQuery = graphql(`
  query Calls($first: Int, $after: String, $status: CallStatus, $contactId: ID, $since: Time, $until: Time) {
    calls(first: $first, after: $after, status: $status, contactId: $contactId, since: $since, until: $until) {
      edges {
        node {
          ...CallFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CallQuery = graphql(`
  query Call($id: ID!) {
    call(id: $id) {
      ...CallFields
      timeline {
        kind
        role
        status
        detail
        at
      }
    }
  }
`);

export const StartCallMutation = graphql(`
  mutation StartCall($input: StartCallInput!) {
    startCall(input: $input) {
      call {
        ...CallFields
      }
    }
  }
`);

export const HangUpCallMutation = graphql(`
  mutation HangUpCall($input: HangUpCallInput!) {
    hangUpCall(input: $input) {
      call {
        ...CallFields
      }
    }
  }
`);

export const SetMyPhoneMutation = graphql(`
  mutation SetMyPhone($input: SetMyPhoneInput!) {
    setMyPhone(input: $input) {
      user {
        id
        phone
      }
    }
  }
`);

export const MyPhoneQuery = graphql(`
  query MyPhone {
    viewer {
      user {
        id
        phone
      }
    }
  }
`);

export const CallChangedSubscription = graphql(`
  subscription CallChanged {
    callChanged {
      ...CallFields
    }
  }
`);
export const ChatSwitchFieldsFragment = graphql(`
  fragment ChatSwitchFields on ChatSwitch {
    id
    conversationId
    toKind
    initiator
    address
    state
    failure
    welcomeStatus
    revertDeadline
    revertable
    createdAt
    activatedAt
    finishedAt
    fromChannel {
      id
      kind
      name
    }
  }
`);

export const ConversationSwitchesQuery = graphql(`
  query ConversationSwitches($id: ID!) {
    node(id: $id) {
      ... on Conversation {
        id
        reconnectVia
        chatSwitches {
          ...ChatSwitchFields
        }
      }
    }
  }
`);

export const RequestChatSwitchMutation = graphql(`
  mutation RequestChatSwitch($input: RequestChatSwitchInput!) {
    requestChatSwitch(input: $input) {
      chatSwitch {
        ...ChatSwitchFields
      }
    }
  }
`);

export const RevertChatSwitchMutation = graphql(`
  mutation RevertChatSwitch($input: RevertChatSwitchInput!) {
    revertChatSwitch(input: $input) {
      chatSwitch {
        ...ChatSwitchFields
      }
    }
  }
`);

export const ReconnectConversationMutation = graphql(`
  mutation ReconnectConversation($input: ReconnectConversationInput!) {
    reconnectConversation(input: $input) {
      chatSwitch {
        ...ChatSwitchFields
      }
    }
  }
`);

export const SendVisitorActionMutation = graphql(`
  mutation SendVisitorAction($input: SendVisitorActionInput!) {
    sendVisitorAction(input: $input) {
      conversationId
    }
  }
`);

export const ChatSwitchesSubscription = graphql(`
  subscription ChatSwitches {
    chatSwitches {
      type
      chatSwitch {
        ...ChatSwitchFields
      }
    }
  }
`);

export const ChatSwitchSettingsFieldsFragment = graphql(`
  fragment ChatSwitchSettingsFields on ChatSwitchSettings {
    defaultCountry
    whatsappTemplate
    whatsappLanguage
  }
`);

export const ChatSwitchSettingsQuery = graphql(`
  query ChatSwitchSettings {
    chatSwitchSettings {
      ...ChatSwitchSettingsFields
    }
  }
`);

export const UpdateChatSwitchSettingsMutation = graphql(`
  mutation UpdateChatSwitchSettings($input: UpdateChatSwitchSettingsInput!) {
    updateChatSwitchSettings(input: $input) {
      settings {
        ...ChatSwitchSettingsFields
      }
    }
  }
`);
