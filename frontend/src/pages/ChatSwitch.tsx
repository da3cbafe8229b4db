// The console's part of the chat switch: the conversation's switches (shown as
// system entries in the thread), the reconnect, visitor action, back-to-web
// and revert actions. The rules live in lib/chatswitch.ts.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ErrorNote } from '../components';
import type { ChannelKind } from '../gql/graphql';
import { api } from '../lib/api';
import { switchActions, switchText, revertSecondsLeft, upsertSwitch, type ChatSwitch } from '../lib/chatswitch';
import { useAction, useQuery } from '../lib/hooks';
import { CHANNEL_LABELS, type Conversation } from '../lib/inbox';
import { useSubscription } from '../lib/live';
import { hasField } from '../lib/node';
import { useNow } from '../lib/useInbox';
import {
  ChannelsQuery,
  ChatSwitchesSubscription,
  ConversationSwitchesQuery,
  ReconnectConversationMutation,
  RequestChatSwitchMutation,
  RevertChatSwitchMutation,
  SendVisitorActionMutation,
} from '../operations';

export interface ConversationSwitches {
  switches: ChatSwitch[];
  reconnectVia: ChannelKind[];
  configured: ChannelKind[];
  error: unknown;
  upsert: (s: ChatSwitch) => void;
}

/** The kinds of the tenant's enabled channels: what a chat may be switched to. Read once per inbox, not per conversation. */
export function useConfiguredKinds(): ChannelKind[] {
  const q = useQuery(() => api.request(ChannelsQuery), []);
  return useMemo(() => [...new Set((q.data?.channels ?? []).filter((ch) => ch.enabled).map((ch) => ch.kind))], [q.data]);
}

/** A conversation's switches, kept current by the chatSwitches subscription; `configured` from useConfiguredKinds. */
export function useConversationSwitches(c: Conversation, configured: ChannelKind[]): ConversationSwitches {
  const [switches, setSwitches] = useState<ChatSwitch[]>([]);
  const [reconnectVia, setReconnectVia] = useState<ChannelKind[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    api.request(ConversationSwitchesQuery, { id: c.id }).then(
      (data) => {
        const node = hasField(data.node, 'chatSwitches') ? data.node : null;
        setSwitches(node ? [...node.chatSwitches] : []);
        setReconnectVia(node ? [...node.reconnectVia] : []);
        setError(null);
      },
      (err: unknown) => setError(err),
    );
  }, [c.id]);
  // The status and channel change with switches and reconnects: re-read then.
  useEffect(load, [load, c.status, c.channel.id]);
  const upsert = useCallback((s: ChatSwitch) => {
    if (s.conversationId === c.id) setSwitches((list) => upsertSwitch(list, s));
  }, [c.id]);
  useSubscription(ChatSwitchesSubscription, {
    onData: (d) => upsert(d.chatSwitches.chatSwitch),
    onConnected: (wasRetry) => {
      if (wasRetry) load();
    },
  });
  return { switches, reconnectVia, configured, error, upsert };
}

/** A switch as a system entry of the thread. */
export function SwitchEntry({ s }: { s: ChatSwitch }) {
  return (
    <li className="message message-system" data-testid="switch-entry" data-state={s.state} data-to={s.toKind}>
      <p className="system-entry">{switchText(s)}</p>
    </li>
  );
}

/** The switch actions the conversation offers now. */
export function SwitchBar({ conversation: c, sw }: { conversation: Conversation; sw: ConversationSwitches }) {
  const latest = sw.switches[sw.switches.length - 1];
  const deadline = latest?.revertDeadline ? Date.parse(latest.revertDeadline) : null;
  const now = useNow(1000, deadline);
  const actions = switchActions(c, sw.switches, sw.reconnectVia, sw.configured, now);
  const [asked, setAsked] = useState<string | null>(null);
  const act = useAction(async (what: 'ask' | 'reconnect' | 'web' | 'revert', kind?: ChannelKind) => {
    setAsked(null);
    if (what === 'ask' && kind) {
      await api.request(SendVisitorActionMutation, { input: { conversationId: c.id, to: kind } });
      setAsked(`The visitor was asked to continue on ${CHANNEL_LABELS[kind]}.`);
      return;
    }
    let s: ChatSwitch | undefined;
    if (what === 'reconnect' && kind) {
      s = (await api.request(ReconnectConversationMutation, { input: { conversationId: c.id, via: kind } })).reconnectConversation.chatSwitch;
    } else if (what === 'web') {
      s = (await api.request(RequestChatSwitchMutation, { input: { conversationId: c.id, to: 'WEBCHAT' } })).requestChatSwitch.chatSwitch;
    } else if (what === 'revert' && actions.revertable) {
      s = (await api.request(RevertChatSwitchMutation, { input: { switchId: actions.revertable.id } })).revertChatSwitch.chatSwitch;
    }
    if (s) {
      sw.upsert(s);
      if (s.state === 'FAILED') throw new Error(`Not sent: ${s.failure ?? 'the provider refused it'}. Nothing changed.`);
    }
  });
  const none = !actions.askVisitor.length && !actions.reconnect.length && !actions.backToWeb && !actions.revertable;
  return (
    <div className="switch-bar" data-testid="switch-bar">
      <span className="switch-active" data-testid="active-channel">
        Active channel: <strong>{CHANNEL_LABELS[c.channel.kind]}</strong>
      </span>
      {actions.askVisitor.map((k) => (
        <button key={k} type="button" className="button secondary small" disabled={act.pending} onClick={() => void act.run('ask', k)}>
          Ask visitor to continue on {CHANNEL_LABELS[k]}
        </button>
      ))}
      {actions.reconnect.map((k) => (
        <button key={k} type="button" className="button secondary small" disabled={act.pending} onClick={() => void act.run('reconnect', k)}>
          Reconnect by {CHANNEL_LABELS[k]}
        </button>
      ))}
      {actions.backToWeb ? (
        <button type="button" className="button secondary small" disabled={act.pending} onClick={() => void act.run('web')}>
          Send a link back to web chat
        </button>
      ) : null}
      {actions.revertable ? (
        <button type="button" className="button secondary small" disabled={act.pending} onClick={() => void act.run('revert')}>
          Revert ({revertSecondsLeft(actions.revertable, now)} s)
        </button>
      ) : null}
      {none && c.status !== 'OPEN' ? <span className="hint">No phone number: reconnecting is not possible.</span> : null}
      {asked ? (
        <span className="hint" role="status">
          {asked}
        </span>
      ) : null}
      <ErrorNote error={act.error ?? sw.error} />
    </div>
  );
}
