// What the inbox and settings pages render, without a server: labels the e2e tests
// rely on, the reply window, message statuses.
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { Conversation, Message } from '../lib/inbox';

vi.mock('../lib/api', () => ({ api: {}, sessions: { subscribe: () => () => {}, get: () => null } }));

const { ReplyBox, MessageItem, ConversationItem, ConversationControls, ContactPanel } = await import('./Inbox');
const { ChannelsPage, WebChatSettings, channelInput } = await import('./Channels');
const { WebhooksPage } = await import('./Webhooks');

const HOUR = 3600_000;

function conversation(over: Partial<Conversation> = {}): Conversation {
  return {
    id: 'c1',
    status: 'OPEN',
    unreadCount: 2,
    lastActivityAt: new Date().toISOString(),
    replyWindowClosesAt: null,
    contact: { id: 'k1', name: 'Ana Lima', phone: '+4915112345678', email: null, externalId: null },
    assignee: null,
    channel: { id: 'ch1', kind: 'SMS', name: 'Support', address: '+14155550100' },
    latest: { edges: [{ node: { id: 'm1', direction: 'INBOUND', body: 'Where is my order?', createdAt: new Date().toISOString() } }] },
    ...over,
  };
}

const whatsapp = { id: 'ch2', kind: 'WHATSAPP' as const, name: 'WhatsApp', address: '106540352242922' };

function labels(html: string): string[] {
  return [...html.matchAll(/<label for="([^"]+)"[^>]*>([^<]+)<\/label>/g)].map(([, id, text]) => {
    expect(html).toMatch(new RegExp(`<(input|select|textarea)[^>]* id="${id}"`));
    return text!;
  });
}

describe('reply box', () => {
  it('is labelled Reply and enabled on SMS', () => {
    const html = renderToString(<ReplyBox conversation={conversation()} onSent={() => {}} />);
    expect(labels(html)).toEqual(['Reply']);
    expect(html).not.toMatch(/<textarea[^>]*disabled/);
    expect(html).not.toContain('reply-window');
  });

  it('shows the time left in an open WhatsApp window', () => {
    const c = conversation({ channel: whatsapp, replyWindowClosesAt: new Date(Date.now() + 5 * HOUR + 10.5 * 60_000).toISOString() });
    const html = renderToString(<ReplyBox conversation={c} onSent={() => {}} />);
    expect(html).toContain('closes in 5 h 10 min');
    expect(html).not.toMatch(/<textarea[^>]*disabled/);
  });

  it('disables the box and explains templates once the WhatsApp window has passed', () => {
    const c = conversation({ channel: whatsapp, replyWindowClosesAt: new Date(Date.now() - HOUR).toISOString() });
    const html = renderToString(<ReplyBox conversation={c} onSent={() => {}} />);
    expect(html).toMatch(/<textarea[^>]*disabled/);
    expect(html).toContain('only an approved template message');
    expect(html).toMatch(/<button type="submit"[^>]*disabled/);
  });
});

describe('messages', () => {
  const base: Message = {
    id: 'm2',
    direction: 'OUTBOUND',
    body: 'On its way',
    status: 'DELIVERED',
    error: null,
    createdAt: new Date().toISOString(),
    attachments: [],
    author: { id: 'u1', name: 'Agent One' },
  };

  it('shows an outbound message’s status', () => {
    const html = renderToString(<MessageItem m={base} />);
    expect(html).toContain('message-out');
    expect(html).toContain('data-status="DELIVERED"');
    expect(html).toContain('Delivered');
  });

  it('shows the error of a failed message', () => {
    const html = renderToString(<MessageItem m={{ ...base, status: 'FAILED', error: '30003: Unreachable' }} />);
    expect(html).toContain('Not delivered: 30003: Unreachable');
  });

  it('shows no status on inbound messages', () => {
    const html = renderToString(<MessageItem m={{ ...base, direction: 'INBOUND', status: 'RECEIVED', author: null }} />);
    expect(html).toContain('message-in');
    expect(html).not.toContain('data-status');
  });
});

describe('conversation list item', () => {
  it('shows name, channel, preview and unread count', () => {
    const html = renderToString(<ConversationItem c={conversation()} now={Date.now()} selected={false} />);
    expect(html).toContain('Ana Lima');
    expect(html).toContain('>SMS<');
    expect(html).toContain('Where is my order?');
    expect(html).toContain('aria-label="2 unread"');
  });

  it('shows the assignee', () => {
    const html = renderToString(
      <ConversationItem c={conversation({ assignee: { id: 'u1', name: 'Agent One' } })} now={Date.now()} selected={false} />,
    );
    expect(html).toContain('Agent One');
  });

  it('falls back to the phone number', () => {
    const c = conversation({ contact: { id: 'k', name: '', phone: '+14155550123', email: null, externalId: null }, unreadCount: 0 });
    const html = renderToString(<ConversationItem c={c} now={Date.now()} selected />);
    expect(html).toContain('+14155550123');
    expect(html).not.toContain('unread');
    expect(html).toContain('aria-current="page"');
  });
});

describe('settings forms', () => {
  it('label every field of the SMS channel form', () => {
    expect(labels(renderToString(<ChannelsPage />))).toEqual([
      'Name',
      'Phone number',
      'Account SID',
      'Auth token',
      'API base URL (optional)',
    ]);
  });

  it('label the conversation controls and the contact form', () => {
    const c = conversation({ contact: { id: 'k1', name: 'Ana Lima', phone: null, email: 'ana@example.com', externalId: 'crm-7' } });
    const controls = renderToString(
      <ConversationControls conversation={c} assignees={[{ id: 'u1', name: 'Agent One' }]} onUpdated={() => {}} />,
    );
    expect(labels(controls)).toEqual(['Status', 'Assign to']);
    expect(controls).toContain('>Unassigned<');
    expect(controls).toContain('>Agent One<');
    const contact = renderToString(<ContactPanel c={c} onUpdated={() => {}} />);
    expect(labels(contact)).toEqual(['Name', 'E-mail', 'CRM id']);
    expect(contact).toContain('value="crm-7"');
  });

  it('show a web chat channel’s snippet and settings', () => {
    const html = renderToString(
      <WebChatSettings
        channel={{
          id: 'ch3',
          kind: 'WEBCHAT',
          name: 'Website',
          address: null,
          enabled: true,
          webhookUrl: null,
          createdAt: new Date().toISOString(),
          webChat: { publicKey: 'pk_1', snippet: '<script src="x" data-key="pk_1"></script>', offline: true, allowedOrigins: ['https://a.example'] },
        }}
      />,
    );
    expect(html).toContain('data-key=&quot;pk_1&quot;');
    expect(html).toContain('Offline (collect leads)');
    expect(labels(html)).toEqual(['Allowed origins']);
    expect(html).toContain('https://a.example');
  });

  it('creates a web chat channel from its name alone', () => {
    const sms = { name: 'x', number: '', accountSid: '', authToken: '', apiBaseUrl: '' };
    const wa = { name: '', phoneNumberId: '', accessToken: '', appSecret: '', verifyToken: '', apiBaseUrl: '', apiVersion: '' };
    expect(channelInput('WEBCHAT', sms, wa, ' Website ')).toEqual({ kind: 'WEBCHAT', name: 'Website' });
  });

  it('label the webhook endpoint form', () => {
    expect(labels(renderToString(<WebhooksPage />))).toEqual(['URL', 'Description']);
  });
});
