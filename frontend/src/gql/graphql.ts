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

/** The medium of a channel. */
export type ChannelKind =
  /** SMS through a Twilio-compatible provider. */
  | 'SMS'
  /** The embeddable web chat widget. */
  | 'WEBCHAT'
  /** WhatsApp through Meta's Cloud API. */
  | 'WHATSAPP';

/** Where a conversation stands. */
export type ConversationStatus =
  /** Done; the customer's next message starts a new conversation. */
  | 'CLOSED'
  /** Needs attention. */
  | 'OPEN'
  /** Waiting on someone. */
  | 'PENDING';

/** Input of createApiKey. */
export type CreateApiKeyInput = {
  /** A label for people. */
  name: string;
  /** ADMIN, AGENT or BILLING; not above the creator's. */
  role: Role;
};

/** Input of createChannel. */
export type CreateChannelInput = {
  /** The E.164 number (SMS) or the phone_number_id (WhatsApp); omit for web chat. */
  address?: string | null | undefined;
  /** The medium. */
  kind: ChannelKind;
  /** A label for people. */
  name: string;
  /** Required for SMS. */
  sms?: SmsChannelInput | null | undefined;
  /** Required for WhatsApp. */
  whatsapp?: WhatsAppChannelInput | null | undefined;
};

/** Input of createInvitation. */
export type CreateInvitationInput = {
  /** Who to invite. */
  email: string;
  /** Their role; not above the inviter's. */
  role: Role;
};

/** Input of createWebhookEndpoint. */
export type CreateWebhookEndpointInput = {
  /** A note for people. */
  description?: string | null | undefined;
  /** The event types to receive; omit or leave empty for all. */
  eventTypes?: Array<string> | null | undefined;
  /** An http(s) URL that resolves to a public address. */
  url: string;
};

/** Input of deleteWebhookEndpoint. */
export type DeleteWebhookEndpointInput = {
  /** The endpoint. */
  id: string | number;
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

/** Which way a message went. */
export type MessageDirection =
  /** From the customer. */
  | 'INBOUND'
  /** To the customer. */
  | 'OUTBOUND';

/** Where a message stands. Outbound messages only move forward: QUEUED, SENT, DELIVERED, READ; or FAILED. */
export type MessageStatus =
  /** Delivered to the handset. */
  | 'DELIVERED'
  /** Refused or undeliverable; see error. */
  | 'FAILED'
  /** Waiting for the send job. */
  | 'QUEUED'
  /** Read by the customer (WhatsApp). */
  | 'READ'
  /** An inbound message, stored. */
  | 'RECEIVED'
  /** Accepted by the provider. */
  | 'SENT';

/** Input of refreshSession. */
export type RefreshSessionInput = {
  /** The refresh token from the last session; it is retired by this call. */
  refreshToken: string;
};

/** Input of replayWebhookDelivery. */
export type ReplayWebhookDeliveryInput = {
  /** The delivery to send again, with the same webhook-id and body. */
  id: string | number;
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

/** Input of rotateWebhookSecret. */
export type RotateWebhookSecretInput = {
  /** The endpoint. */
  id: string | number;
};

/** Input of sendMessage. */
export type SendMessageInput = {
  /** The text. */
  body: string;
  /** The conversation to reply in; the reply goes out on its active channel. */
  conversationId: string | number;
};

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

/** SMS provider credentials. */
export type SmsChannelInput = {
  /** The provider account SID (AC…). */
  accountSid: string;
  /** Another API base URL (a regional edge, or a simulator); default the provider's. */
  apiBaseUrl?: string | null | undefined;
  /** The auth token; it signs the provider's webhooks and authenticates sends. Never returned. */
  authToken: string;
  /** A Messaging Service SID to send through, instead of the number itself. */
  messagingServiceSid?: string | null | undefined;
};

/** Input of switchTenant. */
export type SwitchTenantInput = {
  /** The current refresh token; it is retired and a new session issued in the other tenant. */
  refreshToken: string;
  /** One of the viewer's memberships. */
  tenantId: string | number;
};

/** Input of updateContact; omitted fields stay as they are, empty strings clear them. */
export type UpdateContactInput = {
  /** E-mail. */
  email?: string | null | undefined;
  /** The contact's id in the tenant's CRM. */
  externalId?: string | null | undefined;
  /** The contact. */
  id: string | number;
  /** Name. */
  name?: string | null | undefined;
};

/** Input of updateConversation; omitted fields stay as they are. */
export type UpdateConversationInput = {
  /** Assign it to this agent. */
  assigneeId?: string | number | null | undefined;
  /** The conversation. */
  id: string | number;
  /** Clear the unread count. */
  markRead?: boolean | null | undefined;
  /** A new status. */
  status?: ConversationStatus | null | undefined;
  /** Remove the assignee. */
  unassign?: boolean | null | undefined;
};

/** Input of updateWebChatSettings. */
export type UpdateWebChatSettingsInput = {
  /** The sites allowed to embed the widget (https://shop.example.com); empty allows every site. */
  allowedOrigins: Array<string>;
  /** The web chat channel. */
  channelId: string | number;
  /** Ask visitors for their details instead of promising a live reply. */
  offline: boolean;
};

/** Input of updateWebhookEndpoint; omitted fields stay as they are. */
export type UpdateWebhookEndpointInput = {
  /** A new note. */
  description?: string | null | undefined;
  /** Switch it on or off. Switching on clears disabledReason. */
  enabled?: boolean | null | undefined;
  /** A new list of event types; empty for all. */
  eventTypes?: Array<string> | null | undefined;
  /** The endpoint. */
  id: string | number;
  /** A new URL. */
  url?: string | null | undefined;
};

/** Where a delivery stands. */
export type WebhookDeliveryStatus =
  /** The endpoint answered 2xx. */
  | 'DELIVERED'
  /** Refused (4xx) or out of attempts. */
  | 'FAILED'
  /** The endpoint answered 410 Gone and was disabled. */
  | 'GONE'
  /** Waiting for its first or next attempt. */
  | 'PENDING';

/** WhatsApp Cloud API credentials. */
export type WhatsAppChannelInput = {
  /** A system-user access token. Never returned. */
  accessToken: string;
  /** Another Graph API base URL (a simulator); default Meta's. */
  apiBaseUrl?: string | null | undefined;
  /** Graph API version, e.g. v21.0. */
  apiVersion?: string | null | undefined;
  /** The Meta app secret that signs webhooks. Never returned. */
  appSecret: string;
  /** The number as shown to customers. */
  displayPhoneNumber?: string | null | undefined;
  /** The verify token you enter at Meta for the subscription handshake. Never returned. */
  verifyToken: string;
  /** The WhatsApp Business Account id. */
  wabaId?: string | null | undefined;
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

export type ChannelFieldsFragment = { id: string, kind: ChannelKind, name: string, address: string | null, enabled: boolean, webhookUrl: string | null, createdAt: string, webChat: { publicKey: string, snippet: string, offline: boolean, allowedOrigins: Array<string> } | null };

export type MessageFieldsFragment = { id: string, direction: MessageDirection, body: string, status: MessageStatus, error: string | null, createdAt: string, attachments: Array<{ url: string | null, contentType: string | null, caption: string | null }>, author: { id: string, name: string } | null };

export type ConversationFieldsFragment = { id: string, status: ConversationStatus, unreadCount: number, lastActivityAt: string, replyWindowClosesAt: string | null, contact: { id: string, name: string, phone: string | null, email: string | null, externalId: string | null }, assignee: { id: string, name: string } | null, channel: { id: string, kind: ChannelKind, name: string, address: string | null }, latest: { edges: Array<{ node: { id: string, direction: MessageDirection, body: string, createdAt: string } }> } };

export type ConversationsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  status?: ConversationStatus | null | undefined;
  kind?: ChannelKind | null | undefined;
  unreadOnly?: boolean | null | undefined;
  assigneeId?: string | number | null | undefined;
}>;


export type ConversationsQuery = { conversations: { edges: Array<{ node: { id: string, status: ConversationStatus, unreadCount: number, lastActivityAt: string, replyWindowClosesAt: string | null, contact: { id: string, name: string, phone: string | null, email: string | null, externalId: string | null }, assignee: { id: string, name: string } | null, channel: { id: string, kind: ChannelKind, name: string, address: string | null }, latest: { edges: Array<{ node: { id: string, direction: MessageDirection, body: string, createdAt: string } }> } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConversationThreadQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConversationThreadQuery = { node:
    | { id: string, status: ConversationStatus, unreadCount: number, lastActivityAt: string, replyWindowClosesAt: string | null, messages: { edges: Array<{ node: { id: string, direction: MessageDirection, body: string, status: MessageStatus, error: string | null, createdAt: string, attachments: Array<{ url: string | null, contentType: string | null, caption: string | null }>, author: { id: string, name: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, contact: { id: string, name: string, phone: string | null, email: string | null, externalId: string | null }, assignee: { id: string, name: string } | null, channel: { id: string, kind: ChannelKind, name: string, address: string | null }, latest: { edges: Array<{ node: { id: string, direction: MessageDirection, body: string, createdAt: string } }> } }
    | Record<PropertyKey, never>
   | null };

export type SendMessageMutationVariables = Exact<{
  input: SendMessageInput;
}>;


export type SendMessageMutation = { sendMessage: { message: { id: string, direction: MessageDirection, body: string, status: MessageStatus, error: string | null, createdAt: string, attachments: Array<{ url: string | null, contentType: string | null, caption: string | null }>, author: { id: string, name: string } | null } } };

export type UpdateConversationMutationVariables = Exact<{
  input: UpdateConversationInput;
}>;


export type UpdateConversationMutation = { updateConversation: { conversation: { id: string, status: ConversationStatus, unreadCount: number, lastActivityAt: string, replyWindowClosesAt: string | null, contact: { id: string, name: string, phone: string | null, email: string | null, externalId: string | null }, assignee: { id: string, name: string } | null, channel: { id: string, kind: ChannelKind, name: string, address: string | null }, latest: { edges: Array<{ node: { id: string, direction: MessageDirection, body: string, createdAt: string } }> } } } };

export type UpdateContactMutationVariables = Exact<{
  input: UpdateContactInput;
}>;


export type UpdateContactMutation = { updateContact: { contact: { id: string, name: string, phone: string | null, email: string | null, externalId: string | null } } };

export type AssigneesQueryVariables = Exact<{ [key: string]: never; }>;


export type AssigneesQuery = { members: { edges: Array<{ node: { role: Role, user: { id: string, name: string, email: string } } }> } };

export type InboxSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type InboxSubscription = { inbox: { conversation: { id: string, status: ConversationStatus, unreadCount: number, lastActivityAt: string, replyWindowClosesAt: string | null, contact: { id: string, name: string, phone: string | null, email: string | null, externalId: string | null }, assignee: { id: string, name: string } | null, channel: { id: string, kind: ChannelKind, name: string, address: string | null }, latest: { edges: Array<{ node: { id: string, direction: MessageDirection, body: string, createdAt: string } }> } }, message: { id: string, direction: MessageDirection, body: string, status: MessageStatus, error: string | null, createdAt: string, attachments: Array<{ url: string | null, contentType: string | null, caption: string | null }>, author: { id: string, name: string } | null } | null } };

export type ChannelsQueryVariables = Exact<{ [key: string]: never; }>;


export type ChannelsQuery = { channels: Array<{ id: string, kind: ChannelKind, name: string, address: string | null, enabled: boolean, webhookUrl: string | null, createdAt: string, webChat: { publicKey: string, snippet: string, offline: boolean, allowedOrigins: Array<string> } | null }> };

export type CreateChannelMutationVariables = Exact<{
  input: CreateChannelInput;
}>;


export type CreateChannelMutation = { createChannel: { channel: { id: string, kind: ChannelKind, name: string, address: string | null, enabled: boolean, webhookUrl: string | null, createdAt: string, webChat: { publicKey: string, snippet: string, offline: boolean, allowedOrigins: Array<string> } | null } } };

export type UpdateWebChatSettingsMutationVariables = Exact<{
  input: UpdateWebChatSettingsInput;
}>;


export type UpdateWebChatSettingsMutation = { updateWebChatSettings: { webChat: { publicKey: string, snippet: string, offline: boolean, allowedOrigins: Array<string> } } };

export type WebhookEndpointFieldsFragment = { id: string, url: string, description: string, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, createdAt: string };

export type WebhookDeliveryFieldsFragment = { id: string, messageId: string, eventType: string, payload: string, status: WebhookDeliveryStatus, attempts: number, lastStatusCode: number | null, lastResponse: string | null, lastError: string | null, lastAttemptAt: string | null, nextAttemptAt: string | null, durationMs: number, createdAt: string, deliveredAt: string | null };

export type WebhookEndpointsQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhookEndpointsQuery = { webhookEventTypes: Array<string>, webhookRetryScheduleSeconds: Array<number>, webhookEndpoints: Array<{ id: string, url: string, description: string, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, createdAt: string }> };

export type WebhookDeliveriesQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type WebhookDeliveriesQuery = { node:
    | { id: string, deliveries: { edges: Array<{ node: { id: string, messageId: string, eventType: string, payload: string, status: WebhookDeliveryStatus, attempts: number, lastStatusCode: number | null, lastResponse: string | null, lastError: string | null, lastAttemptAt: string | null, nextAttemptAt: string | null, durationMs: number, createdAt: string, deliveredAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } }
    | Record<PropertyKey, never>
   | null };

export type CreateWebhookEndpointMutationVariables = Exact<{
  input: CreateWebhookEndpointInput;
}>;


export type CreateWebhookEndpointMutation = { createWebhookEndpoint: { secret: string, endpoint: { id: string, url: string, description: string, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, createdAt: string } } };

export type UpdateWebhookEndpointMutationVariables = Exact<{
  input: UpdateWebhookEndpointInput;
}>;


export type UpdateWebhookEndpointMutation = { updateWebhookEndpoint: { endpoint: { id: string, url: string, description: string, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, createdAt: string } } };

export type RotateWebhookSecretMutationVariables = Exact<{
  input: RotateWebhookSecretInput;
}>;


export type RotateWebhookSecretMutation = { rotateWebhookSecret: { secret: string } };

export type DeleteWebhookEndpointMutationVariables = Exact<{
  input: DeleteWebhookEndpointInput;
}>;


export type DeleteWebhookEndpointMutation = { deleteWebhookEndpoint: { deletedId: string } };

export type ReplayWebhookDeliveryMutationVariables = Exact<{
  input: ReplayWebhookDeliveryInput;
}>;


export type ReplayWebhookDeliveryMutation = { replayWebhookDelivery: { delivery: { id: string, messageId: string, eventType: string, payload: string, status: WebhookDeliveryStatus, attempts: number, lastStatusCode: number | null, lastResponse: string | null, lastError: string | null, lastAttemptAt: string | null, nextAttemptAt: string | null, durationMs: number, createdAt: string, deliveredAt: string | null } } };

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
export const ChannelFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"ChannelFields"}) as unknown as TypedDocumentString<ChannelFieldsFragment, unknown>;
export const MessageFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"MessageFields"}) as unknown as TypedDocumentString<MessageFieldsFragment, unknown>;
export const ConversationFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"ConversationFields"}) as unknown as TypedDocumentString<ConversationFieldsFragment, unknown>;
export const WebhookEndpointFieldsFragmentDoc = new TypedDocumentString(`
    fragment WebhookEndpointFields on WebhookEndpoint {
  id
  url
  description
  eventTypes
  enabled
  disabledReason
  createdAt
}
    `, {"fragmentName":"WebhookEndpointFields"}) as unknown as TypedDocumentString<WebhookEndpointFieldsFragment, unknown>;
export const WebhookDeliveryFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"WebhookDeliveryFields"}) as unknown as TypedDocumentString<WebhookDeliveryFieldsFragment, unknown>;
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
export const ConversationsDocument = new TypedDocumentString(`
    query Conversations($first: Int, $after: String, $status: ConversationStatus, $kind: ChannelKind, $unreadOnly: Boolean, $assigneeId: ID) {
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
}`) as unknown as TypedDocumentString<ConversationsQuery, ConversationsQueryVariables>;
export const ConversationThreadDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<ConversationThreadQuery, ConversationThreadQueryVariables>;
export const SendMessageDocument = new TypedDocumentString(`
    mutation SendMessage($input: SendMessageInput!) {
  sendMessage(input: $input) {
    message {
      ...MessageFields
    }
  }
}
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
}`) as unknown as TypedDocumentString<SendMessageMutation, SendMessageMutationVariables>;
export const UpdateConversationDocument = new TypedDocumentString(`
    mutation UpdateConversation($input: UpdateConversationInput!) {
  updateConversation(input: $input) {
    conversation {
      ...ConversationFields
    }
  }
}
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
}`) as unknown as TypedDocumentString<UpdateConversationMutation, UpdateConversationMutationVariables>;
export const UpdateContactDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<UpdateContactMutation, UpdateContactMutationVariables>;
export const AssigneesDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AssigneesQuery, AssigneesQueryVariables>;
export const InboxDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<InboxSubscription, InboxSubscriptionVariables>;
export const ChannelsDocument = new TypedDocumentString(`
    query Channels {
  channels {
    ...ChannelFields
  }
}
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
}`) as unknown as TypedDocumentString<ChannelsQuery, ChannelsQueryVariables>;
export const CreateChannelDocument = new TypedDocumentString(`
    mutation CreateChannel($input: CreateChannelInput!) {
  createChannel(input: $input) {
    channel {
      ...ChannelFields
    }
  }
}
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
}`) as unknown as TypedDocumentString<CreateChannelMutation, CreateChannelMutationVariables>;
export const UpdateWebChatSettingsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<UpdateWebChatSettingsMutation, UpdateWebChatSettingsMutationVariables>;
export const WebhookEndpointsDocument = new TypedDocumentString(`
    query WebhookEndpoints {
  webhookEndpoints {
    ...WebhookEndpointFields
  }
  webhookEventTypes
  webhookRetryScheduleSeconds
}
    fragment WebhookEndpointFields on WebhookEndpoint {
  id
  url
  description
  eventTypes
  enabled
  disabledReason
  createdAt
}`) as unknown as TypedDocumentString<WebhookEndpointsQuery, WebhookEndpointsQueryVariables>;
export const WebhookDeliveriesDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const CreateWebhookEndpointDocument = new TypedDocumentString(`
    mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    secret
    endpoint {
      ...WebhookEndpointFields
    }
  }
}
    fragment WebhookEndpointFields on WebhookEndpoint {
  id
  url
  description
  eventTypes
  enabled
  disabledReason
  createdAt
}`) as unknown as TypedDocumentString<CreateWebhookEndpointMutation, CreateWebhookEndpointMutationVariables>;
export const UpdateWebhookEndpointDocument = new TypedDocumentString(`
    mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(input: $input) {
    endpoint {
      ...WebhookEndpointFields
    }
  }
}
    fragment WebhookEndpointFields on WebhookEndpoint {
  id
  url
  description
  eventTypes
  enabled
  disabledReason
  createdAt
}`) as unknown as TypedDocumentString<UpdateWebhookEndpointMutation, UpdateWebhookEndpointMutationVariables>;
export const RotateWebhookSecretDocument = new TypedDocumentString(`
    mutation RotateWebhookSecret($input: RotateWebhookSecretInput!) {
  rotateWebhookSecret(input: $input) {
    secret
  }
}
    `) as unknown as TypedDocumentString<RotateWebhookSecretMutation, RotateWebhookSecretMutationVariables>;
export const DeleteWebhookEndpointDocument = new TypedDocumentString(`
    mutation DeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {
  deleteWebhookEndpoint(input: $input) {
    deletedId
  }
}
    `) as unknown as TypedDocumentString<DeleteWebhookEndpointMutation, DeleteWebhookEndpointMutationVariables>;
export const ReplayWebhookDeliveryDocument = new TypedDocumentString(`
    mutation ReplayWebhookDelivery($input: ReplayWebhookDeliveryInput!) {
  replayWebhookDelivery(input: $input) {
    delivery {
      ...WebhookDeliveryFields
    }
  }
}
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
}`) as unknown as TypedDocumentString<ReplayWebhookDeliveryMutation, ReplayWebhookDeliveryMutationVariables>;