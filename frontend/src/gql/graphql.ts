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

/** Which way a call goes. */
export type CallDirection =
  /** From a customer. */
  | 'INBOUND'
  /** Placed by Switchboard, e.g. click-to-call. */
  | 'OUTBOUND';

/** Who a leg rings. */
export type CallLegRole =
  /** The agent's own phone, rung first. */
  | 'AGENT'
  /** The contact's phone. */
  | 'CUSTOMER';

/** Where a call or one of its legs stands. Statuses only move forward; the first final one stays. */
export type CallStatus =
  /** The number was busy. */
  | 'BUSY'
  /** Hung up before the customer answered. */
  | 'CANCELED'
  /** Ended after the customer answered. */
  | 'COMPLETED'
  /** The carrier could not place the leg. */
  | 'FAILED'
  /** Created; the first leg is being placed. */
  | 'INITIATED'
  /** The customer answered: agent and customer are bridged and recorded. */
  | 'IN_PROGRESS'
  /** Nobody answered. */
  | 'NO_ANSWER'
  /** A phone is ringing (the agent's, then the customer's). */
  | 'RINGING';

/** The medium of a channel. */
export type ChannelKind =
  /** SMS through a Twilio-compatible provider. */
  | 'SMS'
  /** The embeddable web chat widget. */
  | 'WEBCHAT'
  /** WhatsApp through Meta's Cloud API. */
  | 'WHATSAPP';

/** What happened to a chat switch. */
export type ChatSwitchEventType =
  /** The conversation moved. */
  | 'ACTIVATED'
  /** It failed. */
  | 'FAILED'
  /** It was asked for. */
  | 'REQUESTED'
  /** It was undone. */
  | 'REVERTED';

/** Who started a chat switch. */
export type ChatSwitchInitiator =
  /** An agent, from the console. */
  | 'OPERATOR'
  /** An agent reconnecting an ended chat or an offline lead. */
  | 'RECONNECT'
  /** The visitor, from the web chat widget. */
  | 'VISITOR';

/** Where a chat switch stands. */
export type ChatSwitchState =
  /** The provider accepted the welcome: the conversation is on the new channel. */
  | 'ACTIVE'
  /** A later switch replaced it. */
  | 'ENDED'
  /** The welcome was refused or the provider unreachable; the conversation stayed where it was. See failure. */
  | 'FAILED'
  /** The welcome message is on its way (or, back to the web, the link was sent and not yet opened). */
  | 'PENDING'
  /** Undone within the revert window: the conversation went back to its previous channel. */
  | 'REVERTED';

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

/** Input of createWhatsAppTemplate. */
export type CreateWhatsAppTemplateInput = {
  /** The approved text, with {{1}}, {{2}}, … numbered without gaps. */
  body: string;
  /** A WhatsApp channel. */
  channelId: string | number;
  /** Its language code, e.g. en or en_US. */
  language: string;
  /** The approved template's name: lower-case letters, digits and underscores. */
  name: string;
};

/** Input of deleteWebhookEndpoint. */
export type DeleteWebhookEndpointInput = {
  /** The endpoint. */
  id: string | number;
};

/** Input of deleteWhatsAppTemplate. */
export type DeleteWhatsAppTemplateInput = {
  /** The template. */
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

/** Input of hangUpCall. */
export type HangUpCallInput = {
  /** The call. */
  id: string | number;
};

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

/** Input of reconnectConversation. */
export type ReconnectConversationInput = {
  /** An ended conversation or an offline lead whose contact has a phone number. */
  conversationId: string | number;
  /** SMS or WHATSAPP. */
  via: ChannelKind;
};

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

/** Input of requestChatSwitch. */
export type RequestChatSwitchInput = {
  /** The open conversation to move. */
  conversationId: string | number;
  /** The number to use for SMS or WhatsApp; omitted: the number the conversation or contact has. */
  phone?: string | null | undefined;
  /** The channel kind to move to. */
  to: ChannelKind;
};

/** Input of revertChatSwitch. */
export type RevertChatSwitchInput = {
  /** The active switch to undo, within its revert window. */
  switchId: string | number;
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

/** Input of sendTemplate. */
export type SendTemplateInput = {
  /** Values for the template body's {{1}}, {{2}}, … in order. */
  bodyParameters?: Array<string> | null | undefined;
  /** A WhatsApp conversation. */
  conversationId: string | number;
  /** The template's language code, e.g. en_US. */
  language: string;
  /** The approved template's name, as registered with Meta. */
  name: string;
};

/** Input of sendVisitorAction. */
export type SendVisitorActionInput = {
  /** An open web chat conversation. */
  conversationId: string | number;
  /** The channel the visitor is asked to continue on: SMS or WHATSAPP. */
  to: ChannelKind;
};

/** Input of setMyPhone. */
export type SetMyPhoneInput = {
  /** Your phone in E.164 (+14155550123); empty clears it. */
  phone: string;
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

/** Input of startCall: exactly one of contactId and conversationId. */
export type StartCallInput = {
  /** The contact to call. */
  contactId?: string | number | null | undefined;
  /** Call this conversation's contact. */
  conversationId?: string | number | null | undefined;
  /** Receives every status change (call.initiated … call.completed), signed the Standard Webhooks way. */
  statusCallbackUrl?: string | null | undefined;
};

/** Input of switchTenant. */
export type SwitchTenantInput = {
  /** The current refresh token; it is retired and a new session issued in the other tenant. */
  refreshToken: string;
  /** One of the viewer's memberships. */
  tenantId: string | number;
};

/** Input of updateChatSwitchSettings. */
export type UpdateChatSwitchSettingsInput = {
  /** ISO 3166-1 alpha-2 country, or null. */
  defaultCountry?: string | null | undefined;
  /** The template's language code; required with a template. */
  whatsappLanguage?: string | null | undefined;
  /** The approved WhatsApp template's name, or null. */
  whatsappTemplate?: string | null | undefined;
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

export type WhatsAppTemplateFieldsFragment = { id: string, name: string, language: string, body: string, parameterCount: number, createdAt: string };

export type WhatsAppTemplatesQueryVariables = Exact<{
  channelId: string | number;
}>;


export type WhatsAppTemplatesQuery = { whatsAppTemplates: Array<{ id: string, name: string, language: string, body: string, parameterCount: number, createdAt: string }> };

export type CreateWhatsAppTemplateMutationVariables = Exact<{
  input: CreateWhatsAppTemplateInput;
}>;


export type CreateWhatsAppTemplateMutation = { createWhatsAppTemplate: { template: { id: string, name: string, language: string, body: string, parameterCount: number, createdAt: string } } };

export type DeleteWhatsAppTemplateMutationVariables = Exact<{
  input: DeleteWhatsAppTemplateInput;
}>;


export type DeleteWhatsAppTemplateMutation = { deleteWhatsAppTemplate: { deletedId: string } };

export type SendTemplateMutationVariables = Exact<{
  input: SendTemplateInput;
}>;


export type SendTemplateMutation = { sendTemplate: { message: { id: string, direction: MessageDirection, body: string, status: MessageStatus, error: string | null, createdAt: string, attachments: Array<{ url: string | null, contentType: string | null, caption: string | null }>, author: { id: string, name: string } | null } } };

export type CallFieldsFragment = { id: string, direction: CallDirection, status: CallStatus, agentNumber: string, customerNumber: string, endReason: string | null, createdAt: string, answeredAt: string | null, endedAt: string | null, durationSeconds: number | null, billableSeconds: number | null, recordingSeconds: number | null, recordingUrl: string | null, contact: { id: string, name: string, phone: string | null } | null, agent: { id: string, name: string } | null, legs: Array<{ id: string, role: CallLegRole, status: CallStatus, number: string }> };

export type CallsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  status?: CallStatus | null | undefined;
  contactId?: string | number | null | undefined;
  since?: string | null | undefined;
  until?: string | null | undefined;
}>;


export type CallsQuery = { calls: { edges: Array<{ node: { id: string, direction: CallDirection, status: CallStatus, agentNumber: string, customerNumber: string, endReason: string | null, createdAt: string, answeredAt: string | null, endedAt: string | null, durationSeconds: number | null, billableSeconds: number | null, recordingSeconds: number | null, recordingUrl: string | null, contact: { id: string, name: string, phone: string | null } | null, agent: { id: string, name: string } | null, legs: Array<{ id: string, role: CallLegRole, status: CallStatus, number: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CallQueryVariables = Exact<{
  id: string | number;
}>;


export type CallQuery = { call: { id: string, direction: CallDirection, status: CallStatus, agentNumber: string, customerNumber: string, endReason: string | null, createdAt: string, answeredAt: string | null, endedAt: string | null, durationSeconds: number | null, billableSeconds: number | null, recordingSeconds: number | null, recordingUrl: string | null, timeline: Array<{ kind: string, role: CallLegRole | null, status: CallStatus | null, detail: string, at: string }>, contact: { id: string, name: string, phone: string | null } | null, agent: { id: string, name: string } | null, legs: Array<{ id: string, role: CallLegRole, status: CallStatus, number: string }> } | null };

export type StartCallMutationVariables = Exact<{
  input: StartCallInput;
}>;


export type StartCallMutation = { startCall: { call: { id: string, direction: CallDirection, status: CallStatus, agentNumber: string, customerNumber: string, endReason: string | null, createdAt: string, answeredAt: string | null, endedAt: string | null, durationSeconds: number | null, billableSeconds: number | null, recordingSeconds: number | null, recordingUrl: string | null, contact: { id: string, name: string, phone: string | null } | null, agent: { id: string, name: string } | null, legs: Array<{ id: string, role: CallLegRole, status: CallStatus, number: string }> } } };

export type HangUpCallMutationVariables = Exact<{
  input: HangUpCallInput;
}>;


export type HangUpCallMutation = { hangUpCall: { call: { id: string, direction: CallDirection, status: CallStatus, agentNumber: string, customerNumber: string, endReason: string | null, createdAt: string, answeredAt: string | null, endedAt: string | null, durationSeconds: number | null, billableSeconds: number | null, recordingSeconds: number | null, recordingUrl: string | null, contact: { id: string, name: string, phone: string | null } | null, agent: { id: string, name: string } | null, legs: Array<{ id: string, role: CallLegRole, status: CallStatus, number: string }> } } };

export type SetMyPhoneMutationVariables = Exact<{
  input: SetMyPhoneInput;
}>;


export type SetMyPhoneMutation = { setMyPhone: { user: { id: string, phone: string | null } } };

export type MyPhoneQueryVariables = Exact<{ [key: string]: never; }>;


export type MyPhoneQuery = { viewer: { user: { id: string, phone: string | null } | null } };

export type CallChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type CallChangedSubscription = { callChanged: { id: string, direction: CallDirection, status: CallStatus, agentNumber: string, customerNumber: string, endReason: string | null, createdAt: string, answeredAt: string | null, endedAt: string | null, durationSeconds: number | null, billableSeconds: number | null, recordingSeconds: number | null, recordingUrl: string | null, contact: { id: string, name: string, phone: string | null } | null, agent: { id: string, name: string } | null, legs: Array<{ id: string, role: CallLegRole, status: CallStatus, number: string }> } };

export type ChatSwitchFieldsFragment = { id: string, conversationId: string, toKind: ChannelKind, initiator: ChatSwitchInitiator, address: string | null, state: ChatSwitchState, failure: string | null, welcomeStatus: string, revertDeadline: string | null, revertable: boolean, createdAt: string, activatedAt: string | null, finishedAt: string | null, fromChannel: { id: string, kind: ChannelKind, name: string } };

export type ConversationSwitchesQueryVariables = Exact<{
  id: string | number;
}>;


export type ConversationSwitchesQuery = { node:
    | { id: string, reconnectVia: Array<ChannelKind>, chatSwitches: Array<{ id: string, conversationId: string, toKind: ChannelKind, initiator: ChatSwitchInitiator, address: string | null, state: ChatSwitchState, failure: string | null, welcomeStatus: string, revertDeadline: string | null, revertable: boolean, createdAt: string, activatedAt: string | null, finishedAt: string | null, fromChannel: { id: string, kind: ChannelKind, name: string } }> }
    | Record<PropertyKey, never>
   | null };

export type RequestChatSwitchMutationVariables = Exact<{
  input: RequestChatSwitchInput;
}>;


export type RequestChatSwitchMutation = { requestChatSwitch: { chatSwitch: { id: string, conversationId: string, toKind: ChannelKind, initiator: ChatSwitchInitiator, address: string | null, state: ChatSwitchState, failure: string | null, welcomeStatus: string, revertDeadline: string | null, revertable: boolean, createdAt: string, activatedAt: string | null, finishedAt: string | null, fromChannel: { id: string, kind: ChannelKind, name: string } } } };

export type RevertChatSwitchMutationVariables = Exact<{
  input: RevertChatSwitchInput;
}>;


export type RevertChatSwitchMutation = { revertChatSwitch: { chatSwitch: { id: string, conversationId: string, toKind: ChannelKind, initiator: ChatSwitchInitiator, address: string | null, state: ChatSwitchState, failure: string | null, welcomeStatus: string, revertDeadline: string | null, revertable: boolean, createdAt: string, activatedAt: string | null, finishedAt: string | null, fromChannel: { id: string, kind: ChannelKind, name: string } } } };

export type ReconnectConversationMutationVariables = Exact<{
  input: ReconnectConversationInput;
}>;


export type ReconnectConversationMutation = { reconnectConversation: { chatSwitch: { id: string, conversationId: string, toKind: ChannelKind, initiator: ChatSwitchInitiator, address: string | null, state: ChatSwitchState, failure: string | null, welcomeStatus: string, revertDeadline: string | null, revertable: boolean, createdAt: string, activatedAt: string | null, finishedAt: string | null, fromChannel: { id: string, kind: ChannelKind, name: string } } } };

export type SendVisitorActionMutationVariables = Exact<{
  input: SendVisitorActionInput;
}>;


export type SendVisitorActionMutation = { sendVisitorAction: { conversationId: string } };

export type ChatSwitchesSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ChatSwitchesSubscription = { chatSwitches: { type: ChatSwitchEventType, chatSwitch: { id: string, conversationId: string, toKind: ChannelKind, initiator: ChatSwitchInitiator, address: string | null, state: ChatSwitchState, failure: string | null, welcomeStatus: string, revertDeadline: string | null, revertable: boolean, createdAt: string, activatedAt: string | null, finishedAt: string | null, fromChannel: { id: string, kind: ChannelKind, name: string } } } };

export type ChatSwitchSettingsFieldsFragment = { defaultCountry: string | null, whatsappTemplate: string | null, whatsappLanguage: string | null };

export type ChatSwitchSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type ChatSwitchSettingsQuery = { chatSwitchSettings: { defaultCountry: string | null, whatsappTemplate: string | null, whatsappLanguage: string | null } };

export type UpdateChatSwitchSettingsMutationVariables = Exact<{
  input: UpdateChatSwitchSettingsInput;
}>;


export type UpdateChatSwitchSettingsMutation = { updateChatSwitchSettings: { settings: { defaultCountry: string | null, whatsappTemplate: string | null, whatsappLanguage: string | null } } };

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
export const WhatsAppTemplateFieldsFragmentDoc = new TypedDocumentString(`
    fragment WhatsAppTemplateFields on WhatsAppTemplate {
  id
  name
  language
  body
  parameterCount
  createdAt
}
    `, {"fragmentName":"WhatsAppTemplateFields"}) as unknown as TypedDocumentString<WhatsAppTemplateFieldsFragment, unknown>;
export const CallFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"CallFields"}) as unknown as TypedDocumentString<CallFieldsFragment, unknown>;
export const ChatSwitchFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"ChatSwitchFields"}) as unknown as TypedDocumentString<ChatSwitchFieldsFragment, unknown>;
export const ChatSwitchSettingsFieldsFragmentDoc = new TypedDocumentString(`
    fragment ChatSwitchSettingsFields on ChatSwitchSettings {
  defaultCountry
  whatsappTemplate
  whatsappLanguage
}
    `, {"fragmentName":"ChatSwitchSettingsFields"}) as unknown as TypedDocumentString<ChatSwitchSettingsFieldsFragment, unknown>;
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
export const WhatsAppTemplatesDocument = new TypedDocumentString(`
    query WhatsAppTemplates($channelId: ID!) {
  whatsAppTemplates(channelId: $channelId) {
    ...WhatsAppTemplateFields
  }
}
    fragment WhatsAppTemplateFields on WhatsAppTemplate {
  id
  name
  language
  body
  parameterCount
  createdAt
}`) as unknown as TypedDocumentString<WhatsAppTemplatesQuery, WhatsAppTemplatesQueryVariables>;
export const CreateWhatsAppTemplateDocument = new TypedDocumentString(`
    mutation CreateWhatsAppTemplate($input: CreateWhatsAppTemplateInput!) {
  createWhatsAppTemplate(input: $input) {
    template {
      ...WhatsAppTemplateFields
    }
  }
}
    fragment WhatsAppTemplateFields on WhatsAppTemplate {
  id
  name
  language
  body
  parameterCount
  createdAt
}`) as unknown as TypedDocumentString<CreateWhatsAppTemplateMutation, CreateWhatsAppTemplateMutationVariables>;
export const DeleteWhatsAppTemplateDocument = new TypedDocumentString(`
    mutation DeleteWhatsAppTemplate($input: DeleteWhatsAppTemplateInput!) {
  deleteWhatsAppTemplate(input: $input) {
    deletedId
  }
}
    `) as unknown as TypedDocumentString<DeleteWhatsAppTemplateMutation, DeleteWhatsAppTemplateMutationVariables>;
export const SendTemplateDocument = new TypedDocumentString(`
    mutation SendTemplate($input: SendTemplateInput!) {
  sendTemplate(input: $input) {
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
}`) as unknown as TypedDocumentString<SendTemplateMutation, SendTemplateMutationVariables>;
export const CallsDocument = new TypedDocumentString(`
    query Calls($first: Int, $after: String, $status: CallStatus, $contactId: ID, $since: Time, $until: Time) {
  calls(
    first: $first
    after: $after
    status: $status
    contactId: $contactId
    since: $since
    until: $until
  ) {
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
}`) as unknown as TypedDocumentString<CallsQuery, CallsQueryVariables>;
export const CallDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<CallQuery, CallQueryVariables>;
export const StartCallDocument = new TypedDocumentString(`
    mutation StartCall($input: StartCallInput!) {
  startCall(input: $input) {
    call {
      ...CallFields
    }
  }
}
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
}`) as unknown as TypedDocumentString<StartCallMutation, StartCallMutationVariables>;
export const HangUpCallDocument = new TypedDocumentString(`
    mutation HangUpCall($input: HangUpCallInput!) {
  hangUpCall(input: $input) {
    call {
      ...CallFields
    }
  }
}
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
}`) as unknown as TypedDocumentString<HangUpCallMutation, HangUpCallMutationVariables>;
export const SetMyPhoneDocument = new TypedDocumentString(`
    mutation SetMyPhone($input: SetMyPhoneInput!) {
  setMyPhone(input: $input) {
    user {
      id
      phone
    }
  }
}
    `) as unknown as TypedDocumentString<SetMyPhoneMutation, SetMyPhoneMutationVariables>;
export const MyPhoneDocument = new TypedDocumentString(`
    query MyPhone {
  viewer {
    user {
      id
      phone
    }
  }
}
    `) as unknown as TypedDocumentString<MyPhoneQuery, MyPhoneQueryVariables>;
export const CallChangedDocument = new TypedDocumentString(`
    subscription CallChanged {
  callChanged {
    ...CallFields
  }
}
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
}`) as unknown as TypedDocumentString<CallChangedSubscription, CallChangedSubscriptionVariables>;
export const ConversationSwitchesDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<ConversationSwitchesQuery, ConversationSwitchesQueryVariables>;
export const RequestChatSwitchDocument = new TypedDocumentString(`
    mutation RequestChatSwitch($input: RequestChatSwitchInput!) {
  requestChatSwitch(input: $input) {
    chatSwitch {
      ...ChatSwitchFields
    }
  }
}
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
}`) as unknown as TypedDocumentString<RequestChatSwitchMutation, RequestChatSwitchMutationVariables>;
export const RevertChatSwitchDocument = new TypedDocumentString(`
    mutation RevertChatSwitch($input: RevertChatSwitchInput!) {
  revertChatSwitch(input: $input) {
    chatSwitch {
      ...ChatSwitchFields
    }
  }
}
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
}`) as unknown as TypedDocumentString<RevertChatSwitchMutation, RevertChatSwitchMutationVariables>;
export const ReconnectConversationDocument = new TypedDocumentString(`
    mutation ReconnectConversation($input: ReconnectConversationInput!) {
  reconnectConversation(input: $input) {
    chatSwitch {
      ...ChatSwitchFields
    }
  }
}
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
}`) as unknown as TypedDocumentString<ReconnectConversationMutation, ReconnectConversationMutationVariables>;
export const SendVisitorActionDocument = new TypedDocumentString(`
    mutation SendVisitorAction($input: SendVisitorActionInput!) {
  sendVisitorAction(input: $input) {
    conversationId
  }
}
    `) as unknown as TypedDocumentString<SendVisitorActionMutation, SendVisitorActionMutationVariables>;
export const ChatSwitchesDocument = new TypedDocumentString(`
    subscription ChatSwitches {
  chatSwitches {
    type
    chatSwitch {
      ...ChatSwitchFields
    }
  }
}
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
}`) as unknown as TypedDocumentString<ChatSwitchesSubscription, ChatSwitchesSubscriptionVariables>;
export const ChatSwitchSettingsDocument = new TypedDocumentString(`
    query ChatSwitchSettings {
  chatSwitchSettings {
    ...ChatSwitchSettingsFields
  }
}
    fragment ChatSwitchSettingsFields on ChatSwitchSettings {
  defaultCountry
  whatsappTemplate
  whatsappLanguage
}`) as unknown as TypedDocumentString<ChatSwitchSettingsQuery, ChatSwitchSettingsQueryVariables>;
export const UpdateChatSwitchSettingsDocument = new TypedDocumentString(`
    mutation UpdateChatSwitchSettings($input: UpdateChatSwitchSettingsInput!) {
  updateChatSwitchSettings(input: $input) {
    settings {
      ...ChatSwitchSettingsFields
    }
  }
}
    fragment ChatSwitchSettingsFields on ChatSwitchSettings {
  defaultCountry
  whatsappTemplate
  whatsappLanguage
}`) as unknown as TypedDocumentString<UpdateChatSwitchSettingsMutation, UpdateChatSwitchSettingsMutationVariables>;