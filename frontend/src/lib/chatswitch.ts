// The console's chat switch rules, kept pure so they can be tested: how a
// conversation's switches read as entries of its thread, which switch actions
// an agent is offered, and how live switch events merge into the list.
import type { ChannelKind, ChatSwitchFieldsFragment } from '../gql/graphql';
import type { Conversation, Message } from './inbox';

export type ChatSwitch = ChatSwitchFieldsFragment;

const KIND: Record<ChannelKind, string> = { SMS: 'SMS', WHATSAPP: 'WhatsApp', WEBCHAT: 'web chat' };

/** A call with the contact, as far as the thread needs it. */
export type TimelineCall = { id: string; createdAt: string };

/** One line of a thread: a message, or a system entry for a switch or a call. */
export type TimelineEntry<C extends TimelineCall = TimelineCall> =
  | { kind: 'message'; at: number; message: Message }
  | { kind: 'switch'; at: number; chatSwitch: ChatSwitch }
  | { kind: 'call'; at: number; call: C };

function time(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/**
 * Messages, switches and calls in time order (a switch at the moment it was
 * asked for, a call when it was placed); ties keep messages first. While
 * earlier messages are not loaded (hasEarlier), calls before the first loaded
 * message wait for them, so they never sit above a gap.
 */
export function timeline<C extends TimelineCall = TimelineCall>(
  messages: readonly Message[],
  switches: readonly ChatSwitch[],
  calls: readonly C[] = [],
  hasEarlier = false,
): TimelineEntry<C>[] {
  const first = messages.length ? Math.min(...messages.map((m) => time(m.createdAt))) : Infinity;
  const entries: TimelineEntry<C>[] = [
    ...messages.map((m) => ({ kind: 'message' as const, at: time(m.createdAt), message: m })),
    ...switches.map((s) => ({ kind: 'switch' as const, at: time(s.createdAt), chatSwitch: s })),
    ...calls
      .filter((c) => !hasEarlier || time(c.createdAt) >= first)
      .map((c) => ({ kind: 'call' as const, at: time(c.createdAt), call: c })),
  ];
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || (a.e.kind === b.e.kind ? a.i - b.i : a.e.kind === 'message' ? -1 : 1))
    .map(({ e }) => e);
}

const WHO: Record<ChatSwitch['initiator'], string> = { VISITOR: 'The visitor', OPERATOR: 'An agent', RECONNECT: 'An agent' };

/** What the thread says about a switch, as a system entry. */
export function switchText(s: ChatSwitch): string {
  const to = KIND[s.toKind];
  const at = s.address ? ` at ${s.address}` : '';
  const from = KIND[s.fromChannel.kind];
  const verb = s.initiator === 'RECONNECT' ? `reconnected the chat by ${to}${at}` : `moved the chat from ${from} to ${to}${at}`;
  switch (s.state) {
    case 'PENDING':
      return s.toKind === 'WEBCHAT'
        ? `${WHO[s.initiator]} sent a link back to web chat; waiting for the customer to open it.`
        : `${WHO[s.initiator]} asked to continue on ${to}${at}; sending the welcome message…`;
    case 'ACTIVE':
      return `${WHO[s.initiator]} ${verb}.`;
    case 'FAILED':
      return `Switch to ${to}${at} failed: ${s.failure ?? 'no reason given'}. The chat stayed on ${from}.`;
    case 'REVERTED':
      return `${WHO[s.initiator]} ${verb}, then it was reverted to ${from}.`;
    case 'ENDED':
      return `${WHO[s.initiator]} ${verb}.`;
  }
}

/** Adds or replaces a switch (by id), keeping the list in creation order. */
export function upsertSwitch(list: readonly ChatSwitch[], s: ChatSwitch): ChatSwitch[] {
  const rest = list.filter((x) => x.id !== s.id);
  return [...rest, s].sort((a, b) => time(a.createdAt) - time(b.createdAt));
}

/** Seconds left to revert, by the client's clock (the server has the last word). */
export function revertSecondsLeft(s: ChatSwitch, now: number): number {
  if (s.state !== 'ACTIVE' || !s.revertDeadline) return 0;
  return Math.max(0, Math.ceil((time(s.revertDeadline) - now) / 1000));
}

export interface SwitchActions {
  /** Kinds the agent may ask the web chat visitor to continue on (the visitor action command). */
  askVisitor: ChannelKind[];
  /** Kinds an ended chat or lead may be reconnected by; empty without a number. */
  reconnect: ChannelKind[];
  /** Whether a link back to web chat may be sent (an open SMS or WhatsApp conversation). */
  backToWeb: boolean;
  /** The switch the agent may still revert, if any. */
  revertable: ChatSwitch | null;
}

/** What switch actions the console offers for a conversation. */
export function switchActions(
  c: Conversation,
  switches: readonly ChatSwitch[],
  reconnectVia: readonly ChannelKind[],
  configured: readonly ChannelKind[],
  now: number,
): SwitchActions {
  const open = c.status !== 'CLOSED';
  const busy = switches.some((s) => s.state === 'PENDING' && s.toKind !== 'WEBCHAT');
  const onWeb = c.channel.kind === 'WEBCHAT';
  const latest = switches[switches.length - 1] ?? null;
  return {
    askVisitor: open && onWeb && c.status === 'OPEN' && !busy ? configured.filter((k) => k === 'SMS' || k === 'WHATSAPP') : [],
    reconnect: c.status === 'OPEN' ? [] : [...reconnectVia],
    backToWeb: open && !onWeb && !busy && configured.includes('WEBCHAT'),
    revertable: latest && latest.revertable && revertSecondsLeft(latest, now) > 0 ? latest : null,
  };
}

/** A template choice of the switch settings: "name|language", or '' for none. */
export function templateChoice(name: string | null | undefined, language: string | null | undefined): string {
  return name && language ? `${name}|${language}` : '';
}

/** The settings input for a default country as typed and a template choice. */
export function switchSettingsInput(country: string, choice: string): {
  defaultCountry: string | null;
  whatsappTemplate: string | null;
  whatsappLanguage: string | null;
} {
  const c = country.trim().toUpperCase();
  const [name, language] = choice ? choice.split('|') : [];
  return { defaultCountry: c || null, whatsappTemplate: name || null, whatsappLanguage: language || null };
}
