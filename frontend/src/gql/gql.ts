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
    "\n  fragment ChannelFields on Channel {\n    id\n    kind\n    name\n    address\n    enabled\n    webhookUrl\n    createdAt\n    webChat {\n      publicKey\n      snippet\n      offline\n      allowedOrigins\n    }\n  }\n": typeof types.ChannelFieldsFragmentDoc,
    "\n  fragment MessageFields on Message {\n    id\n    direction\n    body\n    status\n    error\n    createdAt\n    attachments {\n      url\n      contentType\n      caption\n    }\n    author {\n      id\n      name\n    }\n  }\n": typeof types.MessageFieldsFragmentDoc,
    "\n  fragment ConversationFields on Conversation {\n    id\n    status\n    unreadCount\n    lastActivityAt\n    replyWindowClosesAt\n    contact {\n      id\n      name\n      phone\n      email\n      externalId\n    }\n    assignee {\n      id\n      name\n    }\n    channel {\n      id\n      kind\n      name\n      address\n    }\n    latest: messages(first: 1) {\n      edges {\n        node {\n          id\n          direction\n          body\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.ConversationFieldsFragmentDoc,
    "\n  query Conversations(\n    $first: Int\n    $after: String\n    $status: ConversationStatus\n    $kind: ChannelKind\n    $unreadOnly: Boolean\n    $assigneeId: ID\n  ) {\n    conversations(\n      first: $first\n      after: $after\n      status: $status\n      kind: $kind\n      unreadOnly: $unreadOnly\n      assigneeId: $assigneeId\n    ) {\n      edges {\n        node {\n          ...ConversationFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ConversationsDocument,
    "\n  query ConversationThread($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on Conversation {\n        ...ConversationFields\n        messages(first: $first, after: $after) {\n          edges {\n            node {\n              ...MessageFields\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConversationThreadDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      message {\n        ...MessageFields\n      }\n    }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation UpdateConversation($input: UpdateConversationInput!) {\n    updateConversation(input: $input) {\n      conversation {\n        ...ConversationFields\n      }\n    }\n  }\n": typeof types.UpdateConversationDocument,
    "\n  mutation UpdateContact($input: UpdateContactInput!) {\n    updateContact(input: $input) {\n      contact {\n        id\n        name\n        phone\n        email\n        externalId\n      }\n    }\n  }\n": typeof types.UpdateContactDocument,
    "\n  query Assignees {\n    members(first: 100) {\n      edges {\n        node {\n          role\n          user {\n            id\n            name\n            email\n          }\n        }\n      }\n    }\n  }\n": typeof types.AssigneesDocument,
    "\n  subscription Inbox {\n    inbox {\n      conversation {\n        ...ConversationFields\n      }\n      message {\n        ...MessageFields\n      }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  query Channels {\n    channels {\n      ...ChannelFields\n    }\n  }\n": typeof types.ChannelsDocument,
    "\n  mutation CreateChannel($input: CreateChannelInput!) {\n    createChannel(input: $input) {\n      channel {\n        ...ChannelFields\n      }\n    }\n  }\n": typeof types.CreateChannelDocument,
    "\n  mutation UpdateWebChatSettings($input: UpdateWebChatSettingsInput!) {\n    updateWebChatSettings(input: $input) {\n      webChat {\n        publicKey\n        snippet\n        offline\n        allowedOrigins\n      }\n    }\n  }\n": typeof types.UpdateWebChatSettingsDocument,
    "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    description\n    eventTypes\n    enabled\n    disabledReason\n    createdAt\n  }\n": typeof types.WebhookEndpointFieldsFragmentDoc,
    "\n  fragment WebhookDeliveryFields on WebhookDelivery {\n    id\n    messageId\n    eventType\n    payload\n    status\n    attempts\n    lastStatusCode\n    lastResponse\n    lastError\n    lastAttemptAt\n    nextAttemptAt\n    durationMs\n    createdAt\n    deliveredAt\n  }\n": typeof types.WebhookDeliveryFieldsFragmentDoc,
    "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...WebhookEndpointFields\n    }\n    webhookEventTypes\n    webhookRetryScheduleSeconds\n  }\n": typeof types.WebhookEndpointsDocument,
    "\n  query WebhookDeliveries($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on WebhookEndpoint {\n        id\n        deliveries(first: $first, after: $after) {\n          edges {\n            node {\n              ...WebhookDeliveryFields\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n": typeof types.CreateWebhookEndpointDocument,
    "\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) {\n      endpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n": typeof types.UpdateWebhookEndpointDocument,
    "\n  mutation RotateWebhookSecret($input: RotateWebhookSecretInput!) {\n    rotateWebhookSecret(input: $input) {\n      secret\n    }\n  }\n": typeof types.RotateWebhookSecretDocument,
    "\n  mutation DeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {\n    deleteWebhookEndpoint(input: $input) {\n      deletedId\n    }\n  }\n": typeof types.DeleteWebhookEndpointDocument,
    "\n  mutation ReplayWebhookDelivery($input: ReplayWebhookDeliveryInput!) {\n    replayWebhookDelivery(input: $input) {\n      delivery {\n        ...WebhookDeliveryFields\n      }\n    }\n  }\n": typeof types.ReplayWebhookDeliveryDocument,
    "\n  fragment WhatsAppTemplateFields on WhatsAppTemplate {\n    id\n    name\n    language\n    body\n    parameterCount\n    createdAt\n  }\n": typeof types.WhatsAppTemplateFieldsFragmentDoc,
    "\n  query WhatsAppTemplates($channelId: ID!) {\n    whatsAppTemplates(channelId: $channelId) {\n      ...WhatsAppTemplateFields\n    }\n  }\n": typeof types.WhatsAppTemplatesDocument,
    "\n  mutation CreateWhatsAppTemplate($input: CreateWhatsAppTemplateInput!) {\n    createWhatsAppTemplate(input: $input) {\n      template {\n        ...WhatsAppTemplateFields\n      }\n    }\n  }\n": typeof types.CreateWhatsAppTemplateDocument,
    "\n  mutation DeleteWhatsAppTemplate($input: DeleteWhatsAppTemplateInput!) {\n    deleteWhatsAppTemplate(input: $input) {\n      deletedId\n    }\n  }\n": typeof types.DeleteWhatsAppTemplateDocument,
    "\n  mutation SendTemplate($input: SendTemplateInput!) {\n    sendTemplate(input: $input) {\n      message {\n        ...MessageFields\n      }\n    }\n  }\n": typeof types.SendTemplateDocument,
    "\n  fragment CallFields on Call {\n    id\n    direction\n    status\n    contact {\n      id\n      name\n      phone\n    }\n    agent {\n      id\n      name\n    }\n    agentNumber\n    customerNumber\n    endReason\n    createdAt\n    answeredAt\n    endedAt\n    durationSeconds\n    billableSeconds\n    recordingSeconds\n    recordingUrl\n    legs {\n      id\n      role\n      status\n      number\n    }\n  }\n": typeof types.CallFieldsFragmentDoc,
    "\n  query Calls($first: Int, $after: String, $status: CallStatus, $contactId: ID, $since: Time, $until: Time) {\n    calls(first: $first, after: $after, status: $status, contactId: $contactId, since: $since, until: $until) {\n      edges {\n        node {\n          ...CallFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.CallsDocument,
    "\n  query Call($id: ID!) {\n    call(id: $id) {\n      ...CallFields\n      timeline {\n        kind\n        role\n        status\n        detail\n        at\n      }\n    }\n  }\n": typeof types.CallDocument,
    "\n  mutation StartCall($input: StartCallInput!) {\n    startCall(input: $input) {\n      call {\n        ...CallFields\n      }\n    }\n  }\n": typeof types.StartCallDocument,
    "\n  mutation HangUpCall($input: HangUpCallInput!) {\n    hangUpCall(input: $input) {\n      call {\n        ...CallFields\n      }\n    }\n  }\n": typeof types.HangUpCallDocument,
    "\n  mutation SetMyPhone($input: SetMyPhoneInput!) {\n    setMyPhone(input: $input) {\n      user {\n        id\n        phone\n      }\n    }\n  }\n": typeof types.SetMyPhoneDocument,
    "\n  query MyPhone {\n    viewer {\n      user {\n        id\n        phone\n      }\n    }\n  }\n": typeof types.MyPhoneDocument,
    "\n  subscription CallChanged {\n    callChanged {\n      ...CallFields\n    }\n  }\n": typeof types.CallChangedDocument,
    "\n  fragment ChatSwitchFields on ChatSwitch {\n    id\n    conversationId\n    toKind\n    initiator\n    address\n    state\n    failure\n    welcomeStatus\n    revertDeadline\n    revertable\n    createdAt\n    activatedAt\n    finishedAt\n    fromChannel {\n      id\n      kind\n      name\n    }\n  }\n": typeof types.ChatSwitchFieldsFragmentDoc,
    "\n  query ConversationSwitches($id: ID!) {\n    node(id: $id) {\n      ... on Conversation {\n        id\n        reconnectVia\n        chatSwitches {\n          ...ChatSwitchFields\n        }\n      }\n    }\n  }\n": typeof types.ConversationSwitchesDocument,
    "\n  mutation RequestChatSwitch($input: RequestChatSwitchInput!) {\n    requestChatSwitch(input: $input) {\n      chatSwitch {\n        ...ChatSwitchFields\n      }\n    }\n  }\n": typeof types.RequestChatSwitchDocument,
    "\n  mutation RevertChatSwitch($input: RevertChatSwitchInput!) {\n    revertChatSwitch(input: $input) {\n      chatSwitch {\n        ...ChatSwitchFields\n      }\n    }\n  }\n": typeof types.RevertChatSwitchDocument,
    "\n  mutation ReconnectConversation($input: ReconnectConversationInput!) {\n    reconnectConversation(input: $input) {\n      chatSwitch {\n        ...ChatSwitchFields\n      }\n    }\n  }\n": typeof types.ReconnectConversationDocument,
    "\n  mutation SendVisitorAction($input: SendVisitorActionInput!) {\n    sendVisitorAction(input: $input) {\n      conversationId\n    }\n  }\n": typeof types.SendVisitorActionDocument,
    "\n  subscription ChatSwitches {\n    chatSwitches {\n      type\n      chatSwitch {\n        ...ChatSwitchFields\n      }\n    }\n  }\n": typeof types.ChatSwitchesDocument,
    "\n  fragment ChatSwitchSettingsFields on ChatSwitchSettings {\n    defaultCountry\n    whatsappTemplate\n    whatsappLanguage\n  }\n": typeof types.ChatSwitchSettingsFieldsFragmentDoc,
    "\n  query ChatSwitchSettings {\n    chatSwitchSettings {\n      ...ChatSwitchSettingsFields\n    }\n  }\n": typeof types.ChatSwitchSettingsDocument,
    "\n  mutation UpdateChatSwitchSettings($input: UpdateChatSwitchSettingsInput!) {\n    updateChatSwitchSettings(input: $input) {\n      settings {\n        ...ChatSwitchSettingsFields\n      }\n    }\n  }\n": typeof types.UpdateChatSwitchSettingsDocument,
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
    "\n  fragment ChannelFields on Channel {\n    id\n    kind\n    name\n    address\n    enabled\n    webhookUrl\n    createdAt\n    webChat {\n      publicKey\n      snippet\n      offline\n      allowedOrigins\n    }\n  }\n": types.ChannelFieldsFragmentDoc,
    "\n  fragment MessageFields on Message {\n    id\n    direction\n    body\n    status\n    error\n    createdAt\n    attachments {\n      url\n      contentType\n      caption\n    }\n    author {\n      id\n      name\n    }\n  }\n": types.MessageFieldsFragmentDoc,
    "\n  fragment ConversationFields on Conversation {\n    id\n    status\n    unreadCount\n    lastActivityAt\n    replyWindowClosesAt\n    contact {\n      id\n      name\n      phone\n      email\n      externalId\n    }\n    assignee {\n      id\n      name\n    }\n    channel {\n      id\n      kind\n      name\n      address\n    }\n    latest: messages(first: 1) {\n      edges {\n        node {\n          id\n          direction\n          body\n          createdAt\n        }\n      }\n    }\n  }\n": types.ConversationFieldsFragmentDoc,
    "\n  query Conversations(\n    $first: Int\n    $after: String\n    $status: ConversationStatus\n    $kind: ChannelKind\n    $unreadOnly: Boolean\n    $assigneeId: ID\n  ) {\n    conversations(\n      first: $first\n      after: $after\n      status: $status\n      kind: $kind\n      unreadOnly: $unreadOnly\n      assigneeId: $assigneeId\n    ) {\n      edges {\n        node {\n          ...ConversationFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ConversationsDocument,
    "\n  query ConversationThread($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on Conversation {\n        ...ConversationFields\n        messages(first: $first, after: $after) {\n          edges {\n            node {\n              ...MessageFields\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": types.ConversationThreadDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      message {\n        ...MessageFields\n      }\n    }\n  }\n": types.SendMessageDocument,
    "\n  mutation UpdateConversation($input: UpdateConversationInput!) {\n    updateConversation(input: $input) {\n      conversation {\n        ...ConversationFields\n      }\n    }\n  }\n": types.UpdateConversationDocument,
    "\n  mutation UpdateContact($input: UpdateContactInput!) {\n    updateContact(input: $input) {\n      contact {\n        id\n        name\n        phone\n        email\n        externalId\n      }\n    }\n  }\n": types.UpdateContactDocument,
    "\n  query Assignees {\n    members(first: 100) {\n      edges {\n        node {\n          role\n          user {\n            id\n            name\n            email\n          }\n        }\n      }\n    }\n  }\n": types.AssigneesDocument,
    "\n  subscription Inbox {\n    inbox {\n      conversation {\n        ...ConversationFields\n      }\n      message {\n        ...MessageFields\n      }\n    }\n  }\n": types.InboxDocument,
    "\n  query Channels {\n    channels {\n      ...ChannelFields\n    }\n  }\n": types.ChannelsDocument,
    "\n  mutation CreateChannel($input: CreateChannelInput!) {\n    createChannel(input: $input) {\n      channel {\n        ...ChannelFields\n      }\n    }\n  }\n": types.CreateChannelDocument,
    "\n  mutation UpdateWebChatSettings($input: UpdateWebChatSettingsInput!) {\n    updateWebChatSettings(input: $input) {\n      webChat {\n        publicKey\n        snippet\n        offline\n        allowedOrigins\n      }\n    }\n  }\n": types.UpdateWebChatSettingsDocument,
    "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    description\n    eventTypes\n    enabled\n    disabledReason\n    createdAt\n  }\n": types.WebhookEndpointFieldsFragmentDoc,
    "\n  fragment WebhookDeliveryFields on WebhookDelivery {\n    id\n    messageId\n    eventType\n    payload\n    status\n    attempts\n    lastStatusCode\n    lastResponse\n    lastError\n    lastAttemptAt\n    nextAttemptAt\n    durationMs\n    createdAt\n    deliveredAt\n  }\n": types.WebhookDeliveryFieldsFragmentDoc,
    "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...WebhookEndpointFields\n    }\n    webhookEventTypes\n    webhookRetryScheduleSeconds\n  }\n": types.WebhookEndpointsDocument,
    "\n  query WebhookDeliveries($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on WebhookEndpoint {\n        id\n        deliveries(first: $first, after: $after) {\n          edges {\n            node {\n              ...WebhookDeliveryFields\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n": types.CreateWebhookEndpointDocument,
    "\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) {\n      endpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n": types.UpdateWebhookEndpointDocument,
    "\n  mutation RotateWebhookSecret($input: RotateWebhookSecretInput!) {\n    rotateWebhookSecret(input: $input) {\n      secret\n    }\n  }\n": types.RotateWebhookSecretDocument,
    "\n  mutation DeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {\n    deleteWebhookEndpoint(input: $input) {\n      deletedId\n    }\n  }\n": types.DeleteWebhookEndpointDocument,
    "\n  mutation ReplayWebhookDelivery($input: ReplayWebhookDeliveryInput!) {\n    replayWebhookDelivery(input: $input) {\n      delivery {\n        ...WebhookDeliveryFields\n      }\n    }\n  }\n": types.ReplayWebhookDeliveryDocument,
    "\n  fragment WhatsAppTemplateFields on WhatsAppTemplate {\n    id\n    name\n    language\n    body\n    parameterCount\n    createdAt\n  }\n": types.WhatsAppTemplateFieldsFragmentDoc,
    "\n  query WhatsAppTemplates($channelId: ID!) {\n    whatsAppTemplates(channelId: $channelId) {\n      ...WhatsAppTemplateFields\n    }\n  }\n": types.WhatsAppTemplatesDocument,
    "\n  mutation CreateWhatsAppTemplate($input: CreateWhatsAppTemplateInput!) {\n    createWhatsAppTemplate(input: $input) {\n      template {\n        ...WhatsAppTemplateFields\n      }\n    }\n  }\n": types.CreateWhatsAppTemplateDocument,
    "\n  mutation DeleteWhatsAppTemplate($input: DeleteWhatsAppTemplateInput!) {\n    deleteWhatsAppTemplate(input: $input) {\n      deletedId\n    }\n  }\n": types.DeleteWhatsAppTemplateDocument,
    "\n  mutation SendTemplate($input: SendTemplateInput!) {\n    sendTemplate(input: $input) {\n      message {\n        ...MessageFields\n      }\n    }\n  }\n": types.SendTemplateDocument,
    "\n  fragment CallFields on Call {\n    id\n    direction\n    status\n    contact {\n      id\n      name\n      phone\n    }\n    agent {\n      id\n      name\n    }\n    agentNumber\n    customerNumber\n    endReason\n    createdAt\n    answeredAt\n    endedAt\n    durationSeconds\n    billableSeconds\n    recordingSeconds\n    recordingUrl\n    legs {\n      id\n      role\n      status\n      number\n    }\n  }\n": types.CallFieldsFragmentDoc,
    "\n  query Calls($first: Int, $after: String, $status: CallStatus, $contactId: ID, $since: Time, $until: Time) {\n    calls(first: $first, after: $after, status: $status, contactId: $contactId, since: $since, until: $until) {\n      edges {\n        node {\n          ...CallFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.CallsDocument,
    "\n  query Call($id: ID!) {\n    call(id: $id) {\n      ...CallFields\n      timeline {\n        kind\n        role\n        status\n        detail\n        at\n      }\n    }\n  }\n": types.CallDocument,
    "\n  mutation StartCall($input: StartCallInput!) {\n    startCall(input: $input) {\n      call {\n        ...CallFields\n      }\n    }\n  }\n": types.StartCallDocument,
    "\n  mutation HangUpCall($input: HangUpCallInput!) {\n    hangUpCall(input: $input) {\n      call {\n        ...CallFields\n      }\n    }\n  }\n": types.HangUpCallDocument,
    "\n  mutation SetMyPhone($input: SetMyPhoneInput!) {\n    setMyPhone(input: $input) {\n      user {\n        id\n        phone\n      }\n    }\n  }\n": types.SetMyPhoneDocument,
    "\n  query MyPhone {\n    viewer {\n      user {\n        id\n        phone\n      }\n    }\n  }\n": types.MyPhoneDocument,
    "\n  subscription CallChanged {\n    callChanged {\n      ...CallFields\n    }\n  }\n": types.CallChangedDocument,
    "\n  fragment ChatSwitchFields on ChatSwitch {\n    id\n    conversationId\n    toKind\n    initiator\n    address\n    state\n    failure\n    welcomeStatus\n    revertDeadline\n    revertable\n    createdAt\n    activatedAt\n    finishedAt\n    fromChannel {\n      id\n      kind\n      name\n    }\n  }\n": types.ChatSwitchFieldsFragmentDoc,
    "\n  query ConversationSwitches($id: ID!) {\n    node(id: $id) {\n      ... on Conversation {\n        id\n        reconnectVia\n        chatSwitches {\n          ...ChatSwitchFields\n        }\n      }\n    }\n  }\n": types.ConversationSwitchesDocument,
    "\n  mutation RequestChatSwitch($input: RequestChatSwitchInput!) {\n    requestChatSwitch(input: $input) {\n      chatSwitch {\n        ...ChatSwitchFields\n      }\n    }\n  }\n": types.RequestChatSwitchDocument,
    "\n  mutation RevertChatSwitch($input: RevertChatSwitchInput!) {\n    revertChatSwitch(input: $input) {\n      chatSwitch {\n        ...ChatSwitchFields\n      }\n    }\n  }\n": types.RevertChatSwitchDocument,
    "\n  mutation ReconnectConversation($input: ReconnectConversationInput!) {\n    reconnectConversation(input: $input) {\n      chatSwitch {\n        ...ChatSwitchFields\n      }\n    }\n  }\n": types.ReconnectConversationDocument,
    "\n  mutation SendVisitorAction($input: SendVisitorActionInput!) {\n    sendVisitorAction(input: $input) {\n      conversationId\n    }\n  }\n": types.SendVisitorActionDocument,
    "\n  subscription ChatSwitches {\n    chatSwitches {\n      type\n      chatSwitch {\n        ...ChatSwitchFields\n      }\n    }\n  }\n": types.ChatSwitchesDocument,
    "\n  fragment ChatSwitchSettingsFields on ChatSwitchSettings {\n    defaultCountry\n    whatsappTemplate\n    whatsappLanguage\n  }\n": types.ChatSwitchSettingsFieldsFragmentDoc,
    "\n  query ChatSwitchSettings {\n    chatSwitchSettings {\n      ...ChatSwitchSettingsFields\n    }\n  }\n": types.ChatSwitchSettingsDocument,
    "\n  mutation UpdateChatSwitchSettings($input: UpdateChatSwitchSettingsInput!) {\n    updateChatSwitchSettings(input: $input) {\n      settings {\n        ...ChatSwitchSettingsFields\n      }\n    }\n  }\n": types.UpdateChatSwitchSettingsDocument,
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChannelFields on Channel {\n    id\n    kind\n    name\n    address\n    enabled\n    webhookUrl\n    createdAt\n    webChat {\n      publicKey\n      snippet\n      offline\n      allowedOrigins\n    }\n  }\n"): typeof import('./graphql').ChannelFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageFields on Message {\n    id\n    direction\n    body\n    status\n    error\n    createdAt\n    attachments {\n      url\n      contentType\n      caption\n    }\n    author {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').MessageFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConversationFields on Conversation {\n    id\n    status\n    unreadCount\n    lastActivityAt\n    replyWindowClosesAt\n    contact {\n      id\n      name\n      phone\n      email\n      externalId\n    }\n    assignee {\n      id\n      name\n    }\n    channel {\n      id\n      kind\n      name\n      address\n    }\n    latest: messages(first: 1) {\n      edges {\n        node {\n          id\n          direction\n          body\n          createdAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ConversationFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Conversations(\n    $first: Int\n    $after: String\n    $status: ConversationStatus\n    $kind: ChannelKind\n    $unreadOnly: Boolean\n    $assigneeId: ID\n  ) {\n    conversations(\n      first: $first\n      after: $after\n      status: $status\n      kind: $kind\n      unreadOnly: $unreadOnly\n      assigneeId: $assigneeId\n    ) {\n      edges {\n        node {\n          ...ConversationFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').ConversationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConversationThread($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on Conversation {\n        ...ConversationFields\n        messages(first: $first, after: $after) {\n          edges {\n            node {\n              ...MessageFields\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ConversationThreadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      message {\n        ...MessageFields\n      }\n    }\n  }\n"): typeof import('./graphql').SendMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateConversation($input: UpdateConversationInput!) {\n    updateConversation(input: $input) {\n      conversation {\n        ...ConversationFields\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateContact($input: UpdateContactInput!) {\n    updateContact(input: $input) {\n      contact {\n        id\n        name\n        phone\n        email\n        externalId\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateContactDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Assignees {\n    members(first: 100) {\n      edges {\n        node {\n          role\n          user {\n            id\n            name\n            email\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AssigneesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Inbox {\n    inbox {\n      conversation {\n        ...ConversationFields\n      }\n      message {\n        ...MessageFields\n      }\n    }\n  }\n"): typeof import('./graphql').InboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Channels {\n    channels {\n      ...ChannelFields\n    }\n  }\n"): typeof import('./graphql').ChannelsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateChannel($input: CreateChannelInput!) {\n    createChannel(input: $input) {\n      channel {\n        ...ChannelFields\n      }\n    }\n  }\n"): typeof import('./graphql').CreateChannelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebChatSettings($input: UpdateWebChatSettingsInput!) {\n    updateWebChatSettings(input: $input) {\n      webChat {\n        publicKey\n        snippet\n        offline\n        allowedOrigins\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateWebChatSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    description\n    eventTypes\n    enabled\n    disabledReason\n    createdAt\n  }\n"): typeof import('./graphql').WebhookEndpointFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookDeliveryFields on WebhookDelivery {\n    id\n    messageId\n    eventType\n    payload\n    status\n    attempts\n    lastStatusCode\n    lastResponse\n    lastError\n    lastAttemptAt\n    nextAttemptAt\n    durationMs\n    createdAt\n    deliveredAt\n  }\n"): typeof import('./graphql').WebhookDeliveryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...WebhookEndpointFields\n    }\n    webhookEventTypes\n    webhookRetryScheduleSeconds\n  }\n"): typeof import('./graphql').WebhookEndpointsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on WebhookEndpoint {\n        id\n        deliveries(first: $first, after: $after) {\n          edges {\n            node {\n              ...WebhookDeliveryFields\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').WebhookDeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n"): typeof import('./graphql').CreateWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) {\n      endpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSecret($input: RotateWebhookSecretInput!) {\n    rotateWebhookSecret(input: $input) {\n      secret\n    }\n  }\n"): typeof import('./graphql').RotateWebhookSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {\n    deleteWebhookEndpoint(input: $input) {\n      deletedId\n    }\n  }\n"): typeof import('./graphql').DeleteWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplayWebhookDelivery($input: ReplayWebhookDeliveryInput!) {\n    replayWebhookDelivery(input: $input) {\n      delivery {\n        ...WebhookDeliveryFields\n      }\n    }\n  }\n"): typeof import('./graphql').ReplayWebhookDeliveryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WhatsAppTemplateFields on WhatsAppTemplate {\n    id\n    name\n    language\n    body\n    parameterCount\n    createdAt\n  }\n"): typeof import('./graphql').WhatsAppTemplateFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WhatsAppTemplates($channelId: ID!) {\n    whatsAppTemplates(channelId: $channelId) {\n      ...WhatsAppTemplateFields\n    }\n  }\n"): typeof import('./graphql').WhatsAppTemplatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWhatsAppTemplate($input: CreateWhatsAppTemplateInput!) {\n    createWhatsAppTemplate(input: $input) {\n      template {\n        ...WhatsAppTemplateFields\n      }\n    }\n  }\n"): typeof import('./graphql').CreateWhatsAppTemplateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWhatsAppTemplate($input: DeleteWhatsAppTemplateInput!) {\n    deleteWhatsAppTemplate(input: $input) {\n      deletedId\n    }\n  }\n"): typeof import('./graphql').DeleteWhatsAppTemplateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTemplate($input: SendTemplateInput!) {\n    sendTemplate(input: $input) {\n      message {\n        ...MessageFields\n      }\n    }\n  }\n"): typeof import('./graphql').SendTemplateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CallFields on Call {\n    id\n    direction\n    status\n    contact {\n      id\n      name\n      phone\n    }\n    agent {\n      id\n      name\n    }\n    agentNumber\n    customerNumber\n    endReason\n    createdAt\n    answeredAt\n    endedAt\n    durationSeconds\n    billableSeconds\n    recordingSeconds\n    recordingUrl\n    legs {\n      id\n      role\n      status\n      number\n    }\n  }\n"): typeof import('./graphql').CallFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Calls($first: Int, $after: String, $status: CallStatus, $contactId: ID, $since: Time, $until: Time) {\n    calls(first: $first, after: $after, status: $status, contactId: $contactId, since: $since, until: $until) {\n      edges {\n        node {\n          ...CallFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').CallsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Call($id: ID!) {\n    call(id: $id) {\n      ...CallFields\n      timeline {\n        kind\n        role\n        status\n        detail\n        at\n      }\n    }\n  }\n"): typeof import('./graphql').CallDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartCall($input: StartCallInput!) {\n    startCall(input: $input) {\n      call {\n        ...CallFields\n      }\n    }\n  }\n"): typeof import('./graphql').StartCallDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HangUpCall($input: HangUpCallInput!) {\n    hangUpCall(input: $input) {\n      call {\n        ...CallFields\n      }\n    }\n  }\n"): typeof import('./graphql').HangUpCallDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetMyPhone($input: SetMyPhoneInput!) {\n    setMyPhone(input: $input) {\n      user {\n        id\n        phone\n      }\n    }\n  }\n"): typeof import('./graphql').SetMyPhoneDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyPhone {\n    viewer {\n      user {\n        id\n        phone\n      }\n    }\n  }\n"): typeof import('./graphql').MyPhoneDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CallChanged {\n    callChanged {\n      ...CallFields\n    }\n  }\n"): typeof import('./graphql').CallChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChatSwitchFields on ChatSwitch {\n    id\n    conversationId\n    toKind\n    initiator\n    address\n    state\n    failure\n    welcomeStatus\n    revertDeadline\n    revertable\n    createdAt\n    activatedAt\n    finishedAt\n    fromChannel {\n      id\n      kind\n      name\n    }\n  }\n"): typeof import('./graphql').ChatSwitchFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConversationSwitches($id: ID!) {\n    node(id: $id) {\n      ... on Conversation {\n        id\n        reconnectVia\n        chatSwitches {\n          ...ChatSwitchFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ConversationSwitchesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestChatSwitch($input: RequestChatSwitchInput!) {\n    requestChatSwitch(input: $input) {\n      chatSwitch {\n        ...ChatSwitchFields\n      }\n    }\n  }\n"): typeof import('./graphql').RequestChatSwitchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevertChatSwitch($input: RevertChatSwitchInput!) {\n    revertChatSwitch(input: $input) {\n      chatSwitch {\n        ...ChatSwitchFields\n      }\n    }\n  }\n"): typeof import('./graphql').RevertChatSwitchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReconnectConversation($input: ReconnectConversationInput!) {\n    reconnectConversation(input: $input) {\n      chatSwitch {\n        ...ChatSwitchFields\n      }\n    }\n  }\n"): typeof import('./graphql').ReconnectConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendVisitorAction($input: SendVisitorActionInput!) {\n    sendVisitorAction(input: $input) {\n      conversationId\n    }\n  }\n"): typeof import('./graphql').SendVisitorActionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ChatSwitches {\n    chatSwitches {\n      type\n      chatSwitch {\n        ...ChatSwitchFields\n      }\n    }\n  }\n"): typeof import('./graphql').ChatSwitchesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChatSwitchSettingsFields on ChatSwitchSettings {\n    defaultCountry\n    whatsappTemplate\n    whatsappLanguage\n  }\n"): typeof import('./graphql').ChatSwitchSettingsFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChatSwitchSettings {\n    chatSwitchSettings {\n      ...ChatSwitchSettingsFields\n    }\n  }\n"): typeof import('./graphql').ChatSwitchSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateChatSwitchSettings($input: UpdateChatSwitchSettingsInput!) {\n    updateChatSwitchSettings(input: $input) {\n      settings {\n        ...ChatSwitchSettingsFields\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateChatSwitchSettingsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
