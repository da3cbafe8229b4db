import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from './inbox';
import { revertSecondsLeft, switchActions, switchSettingsInput, switchText, templateChoice, timeline, upsertSwitch, type ChatSwitch } from './chatswitch';

function sw(over: Partial<ChatSwitch>): ChatSwitch {
  return {
    __typename: 'ChatSwitch',
    id: 's1',
    conversationId: 'c1',
    toKind: 'SMS',
    initiator: 'VISITOR',
    address: '+14155550123',
    state: 'ACTIVE',
    failure: null,
    welcomeStatus: 'SENT',
    revertDeadline: null,
    revertable: false,
    createdAt: '2026-01-01T10:00:05Z',
    activatedAt: '2026-01-01T10:00:06Z',
    finishedAt: null,
    fromChannel: { __typename: 'Channel', id: 'w', kind: 'WEBCHAT', name: 'Web' },
    ...over,
  } as ChatSwitch;
}

function msg(id: string, at: string): Message {
  return { id, direction: 'INBOUND', body: id, status: 'RECEIVED', error: null, createdAt: at, attachments: [], author: null } as unknown as Message;
}

function conv(kind: 'WEBCHAT' | 'SMS', status: 'OPEN' | 'PENDING' | 'CLOSED'): Conversation {
  return { id: 'c1', status, channel: { id: 'x', kind, name: 'x', address: null } } as unknown as Conversation;
}

describe('timeline', () => {
  it('puts switches between the messages, in time order', () => {
    const t = timeline([msg('a', '2026-01-01T10:00:00Z'), msg('b', '2026-01-01T10:00:10Z')], [sw({})]);
    expect(t.map((e) => (e.kind === 'message' ? e.message.id : e.kind === 'switch' ? e.chatSwitch.id : e.call.id))).toEqual(['a', 's1', 'b']);
  });
  it('keeps a message before a switch at the same instant', () => {
    const t = timeline([msg('a', '2026-01-01T10:00:05Z')], [sw({})]);
    expect(t.map((e) => e.kind)).toEqual(['message', 'switch']);
  });
  it('places calls with the contact among the messages', () => {
    const calls = [
      { id: 'call-early', createdAt: '2026-01-01T09:00:00Z' },
      { id: 'call-mid', createdAt: '2026-01-01T10:00:07Z' },
    ];
    const msgs = [msg('a', '2026-01-01T10:00:00Z'), msg('b', '2026-01-01T10:00:10Z')];
    const id = (e: ReturnType<typeof timeline>[number]) =>
      e.kind === 'message' ? e.message.id : e.kind === 'switch' ? e.chatSwitch.id : e.call.id;
    expect(timeline(msgs, [sw({})], calls).map(id)).toEqual(['call-early', 'a', 's1', 'call-mid', 'b']);
    // While earlier messages are not loaded, a call before them waits for them.
    expect(timeline(msgs, [], calls, true).map(id)).toEqual(['a', 'call-mid', 'b']);
  });
});

describe('switchText', () => {
  it('says who moved the chat where', () => {
    expect(switchText(sw({}))).toBe('The visitor moved the chat from web chat to SMS at +14155550123.');
    expect(switchText(sw({ state: 'REVERTED' }))).toContain('reverted to web chat');
    expect(switchText(sw({ state: 'FAILED', failure: 'invalid number' }))).toBe(
      'Switch to SMS at +14155550123 failed: invalid number. The chat stayed on web chat.',
    );
    expect(switchText(sw({ initiator: 'RECONNECT' }))).toBe('An agent reconnected the chat by SMS at +14155550123.');
    expect(switchText(sw({ state: 'PENDING', toKind: 'WEBCHAT', address: null }))).toContain('link back to web chat');
  });
});

describe('upsertSwitch', () => {
  it('replaces by id and keeps creation order', () => {
    const a = sw({ id: 'a', createdAt: '2026-01-01T10:00:00Z' });
    const b = sw({ id: 'b', createdAt: '2026-01-01T11:00:00Z' });
    const list = upsertSwitch(upsertSwitch([], b), a);
    expect(list.map((s) => s.id)).toEqual(['a', 'b']);
    expect(upsertSwitch(list, { ...a, state: 'REVERTED' }).map((s) => s.state)).toEqual(['REVERTED', 'ACTIVE']);
  });
});

describe('switchActions', () => {
  const now = Date.parse('2026-01-01T10:00:08Z');
  it('offers the visitor action on an open web chat, for configured phone channels only', () => {
    const a = switchActions(conv('WEBCHAT', 'OPEN'), [], [], ['WEBCHAT', 'SMS'], now);
    expect(a.askVisitor).toEqual(['SMS']);
    expect(a.reconnect).toEqual([]);
    expect(a.backToWeb).toBe(false);
  });
  it('offers reconnect only by the kinds the server allows (none without a number)', () => {
    expect(switchActions(conv('WEBCHAT', 'CLOSED'), [], ['SMS'], ['SMS'], now).reconnect).toEqual(['SMS']);
    expect(switchActions(conv('WEBCHAT', 'CLOSED'), [], [], ['SMS'], now).reconnect).toEqual([]);
    expect(switchActions(conv('WEBCHAT', 'CLOSED'), [], [], ['SMS'], now).askVisitor).toEqual([]);
  });
  it('offers the way back to web chat from a phone channel', () => {
    expect(switchActions(conv('SMS', 'OPEN'), [], [], ['WEBCHAT', 'SMS'], now).backToWeb).toBe(true);
  });
  it('offers revert while the deadline has not passed', () => {
    const s = sw({ revertable: true, revertDeadline: '2026-01-01T10:00:16Z' });
    expect(switchActions(conv('SMS', 'OPEN'), [s], [], ['SMS'], now).revertable?.id).toBe('s1');
    expect(revertSecondsLeft(s, now)).toBe(8);
    expect(switchActions(conv('SMS', 'OPEN'), [s], [], ['SMS'], Date.parse('2026-01-01T10:00:17Z')).revertable).toBeNull();
  });
  it('offers nothing new while a switch is in flight', () => {
    const a = switchActions(conv('WEBCHAT', 'OPEN'), [sw({ state: 'PENDING' })], [], ['SMS', 'WEBCHAT'], now);
    expect(a.askVisitor).toEqual([]);
  });
});

describe('switch settings', () => {
  it('round-trips a template choice and normalises the country', () => {
    expect(templateChoice('chat_continues', 'en_US')).toBe('chat_continues|en_US');
    expect(templateChoice(null, null)).toBe('');
    expect(switchSettingsInput(' us ', 'chat_continues|en_US')).toEqual({
      defaultCountry: 'US',
      whatsappTemplate: 'chat_continues',
      whatsappLanguage: 'en_US',
    });
    expect(switchSettingsInput('', '')).toEqual({ defaultCountry: null, whatsappTemplate: null, whatsappLanguage: null });
  });
});
