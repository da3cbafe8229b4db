import { useState, type FormEvent } from 'react';
import { ChannelBadge, CopyButton, Empty, ErrorNote, Field, PageHeader, SaveButton, StatusBadge } from '../components';
import type { ChannelFieldsFragment, CreateChannelInput, WhatsAppTemplateFieldsFragment } from '../gql/graphql';
import { parseOrigins } from '../lib/inbox';
import { api } from '../lib/api';
import { formatTime } from '../lib/format';
import { useAction, useQuery } from '../lib/hooks';
import {
  ChannelsQuery,
  ChatSwitchSettingsQuery,
  CreateChannelMutation,
  CreateWhatsAppTemplateMutation,
  DeleteWhatsAppTemplateMutation,
  UpdateChatSwitchSettingsMutation,
  UpdateWebChatSettingsMutation,
  WhatsAppTemplatesQuery,
} from '../operations';
import { switchSettingsInput, templateChoice } from '../lib/chatswitch';

type Kind = 'SMS' | 'WHATSAPP' | 'WEBCHAT';

const KIND_LABELS: Record<Kind, string> = { SMS: 'SMS', WHATSAPP: 'WhatsApp', WEBCHAT: 'Web chat' };

const emptySms = { name: '', number: '', accountSid: '', authToken: '', apiBaseUrl: '' };
const emptyWhatsApp = {
  name: '',
  phoneNumberId: '',
  accessToken: '',
  appSecret: '',
  verifyToken: '',
  apiBaseUrl: '',
  apiVersion: '',
};

/** The createChannel input for the form's fields; optional fields left empty are omitted. */
export function channelInput(
  kind: Kind,
  sms: typeof emptySms,
  wa: typeof emptyWhatsApp,
  webName = '',
): CreateChannelInput {
  const opt = (v: string) => (v.trim() ? v.trim() : null);
  if (kind === 'WEBCHAT') return { kind, name: webName.trim() };
  if (kind === 'SMS') {
    return {
      kind,
      name: sms.name.trim(),
      address: sms.number.trim(),
      sms: { accountSid: sms.accountSid.trim(), authToken: sms.authToken, apiBaseUrl: opt(sms.apiBaseUrl) },
    };
  }
  return {
    kind,
    name: wa.name.trim(),
    address: wa.phoneNumberId.trim(),
    whatsapp: {
      accessToken: wa.accessToken,
      appSecret: wa.appSecret,
      verifyToken: wa.verifyToken,
      apiBaseUrl: opt(wa.apiBaseUrl),
      apiVersion: opt(wa.apiVersion),
    },
  };
}

export function ChannelsPage() {
  const channels = useQuery(() => api.request(ChannelsQuery), []);
  const [created, setCreated] = useState<ChannelFieldsFragment | null>(null);
  const whatsappChannels = channels.data?.channels.filter((c) => c.kind === 'WHATSAPP') ?? [];
  // One read serves the template cards and the chat switch's template
  // choice, so a template registered above is offered there at once.
  const templates = useQuery(async () => {
    const lists = await Promise.all(whatsappChannels.map((c) => api.request(WhatsAppTemplatesQuery, { channelId: c.id })));
    return new Map(whatsappChannels.map((c, i) => [c.id, lists[i].whatsAppTemplates]));
  }, [whatsappChannels.map((c) => c.id).join(',')]);

  return (
    <>
      <PageHeader title="Channels" />
      <p className="lead">
        The numbers and accounts through which customers reach you. Give each provider the channel’s webhook URL for
        incoming messages and status callbacks.
      </p>

      {created ? (
        <section className="card success-card" role="status" aria-labelledby="created-channel-heading">
          <h2 id="created-channel-heading">Channel “{created.name}” added</h2>
          {created.webChat ? (
            <>
              <p>Paste this tag into every page of your site, just before the closing body tag:</p>
              <div className="secret-row">
                <code className="secret-value">{created.webChat.snippet}</code>
                <CopyButton value={created.webChat.snippet} />
              </div>
            </>
          ) : null}
          {created.webhookUrl ? (
            <>
              <p>
                Now set this URL at {created.kind === 'SMS' ? 'your SMS provider, for incoming messages and status callbacks' : 'Meta, as the callback URL of your WhatsApp app (with the verify token you chose)'}:
              </p>
              <div className="secret-row">
                <code className="secret-value">{created.webhookUrl}</code>
                <CopyButton value={created.webhookUrl} />
              </div>
            </>
          ) : null}
          <button type="button" className="button secondary" onClick={() => setCreated(null)}>
            Done
          </button>
        </section>
      ) : null}

      <section className="card" aria-labelledby="channels-heading">
        <h2 id="channels-heading">Your channels</h2>
        <ErrorNote error={channels.error} />
        {channels.data?.channels.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Address</th>
                <th scope="col">Webhook URL</th>
                <th scope="col">Status</th>
                <th scope="col">Added</th>
              </tr>
            </thead>
            <tbody>
              {channels.data.channels.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>
                    <ChannelBadge kind={c.kind} />
                  </td>
                  <td>{c.address ? <code>{c.address}</code> : '—'}</td>
                  <td>
                    {c.webhookUrl ? (
                      <div className="url-cell">
                        <code className="url" title={c.webhookUrl}>
                          {c.webhookUrl}
                        </code>
                        <CopyButton
                          value={c.webhookUrl}
                          label={`Copy the webhook URL of ${c.name}`}
                          className="button secondary small"
                        />
                      </div>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {c.enabled ? <StatusBadge status="enabled" tone="ok" /> : <StatusBadge status="disabled" tone="muted" />}
                  </td>
                  <td>{formatTime(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : channels.loading ? (
          <p>Loading…</p>
        ) : (
          <Empty>No channels yet. Add an SMS number, a WhatsApp number or a web chat below.</Empty>
        )}
      </section>

      {channels.data?.channels
        .filter((c) => c.webChat)
        .map((c) => (
          <WebChatSettings key={c.id} channel={c} />
        ))}

      {whatsappChannels.map((c) => (
        <WhatsAppTemplates key={c.id} channel={c} templates={templates} />
      ))}

      {channels.data?.channels.some((c) => c.kind === 'WEBCHAT') ? <ChatSwitchSettingsCard templates={templates} /> : null}

      <AddChannel
        onCreated={(c) => {
          setCreated(c);
          channels.reload();
        }}
      />
    </>
  );
}

function AddChannel({ onCreated }: { onCreated: (c: ChannelFieldsFragment) => void }) {
  const [kind, setKind] = useState<Kind>('SMS');
  const [sms, setSms] = useState(emptySms);
  const [wa, setWa] = useState(emptyWhatsApp);
  const [webName, setWebName] = useState('');

  const create = useAction(async () => {
    const data = await api.request(CreateChannelMutation, { input: channelInput(kind, sms, wa, webName) });
    setSms(emptySms);
    setWa(emptyWhatsApp);
    setWebName('');
    onCreated(data.createChannel.channel);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };

  return (
    <section className="card" aria-labelledby="add-channel-heading">
      <h2 id="add-channel-heading">Add a channel</h2>
      <form className="form" onSubmit={submit}>
        <fieldset className="segmented">
          <legend>Kind</legend>
          {(['SMS', 'WHATSAPP', 'WEBCHAT'] as const).map((k) => (
            <label key={k} className={kind === k ? 'selected' : undefined}>
              <input type="radio" name="channel-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {KIND_LABELS[k]}
            </label>
          ))}
        </fieldset>

        {kind === 'WEBCHAT' ? (
          <div className="form-grid">
            <Field id="web-name" label="Name" hint="For people, e.g. “Website chat”. You get the tag to embed once it is added.">
              <input id="web-name" required value={webName} onChange={(e) => setWebName(e.target.value)} />
            </Field>
          </div>
        ) : kind === 'SMS' ? (
          <div className="form-grid">
            <Field id="sms-name" label="Name" hint="For people, e.g. “Support line”.">
              <input id="sms-name" required value={sms.name} onChange={(e) => setSms({ ...sms, name: e.target.value })} />
            </Field>
            <Field id="sms-number" label="Phone number" hint="E.164, e.g. +14155550100.">
              <input
                id="sms-number"
                required
                inputMode="tel"
                placeholder="+14155550100"
                pattern="\+[1-9][0-9]{6,14}"
                value={sms.number}
                onChange={(e) => setSms({ ...sms, number: e.target.value })}
              />
            </Field>
            <Field id="sms-sid" label="Account SID">
              <input
                id="sms-sid"
                required
                autoComplete="off"
                placeholder="AC…"
                value={sms.accountSid}
                onChange={(e) => setSms({ ...sms, accountSid: e.target.value })}
              />
            </Field>
            <Field id="sms-token" label="Auth token" hint="Signs the provider’s webhooks; never shown again.">
              <input
                id="sms-token"
                type="password"
                required
                autoComplete="new-password"
                value={sms.authToken}
                onChange={(e) => setSms({ ...sms, authToken: e.target.value })}
              />
            </Field>
            <Field id="sms-base" label="API base URL (optional)" hint="Default: the provider’s. For a regional edge or a simulator.">
              <input
                id="sms-base"
                type="url"
                placeholder="https://api.twilio.com"
                value={sms.apiBaseUrl}
                onChange={(e) => setSms({ ...sms, apiBaseUrl: e.target.value })}
              />
            </Field>
          </div>
        ) : (
          <div className="form-grid">
            <Field id="wa-name" label="Name" hint="For people, e.g. “WhatsApp support”.">
              <input id="wa-name" required value={wa.name} onChange={(e) => setWa({ ...wa, name: e.target.value })} />
            </Field>
            <Field id="wa-id" label="Phone number ID" hint="Meta’s phone_number_id, not the number itself.">
              <input
                id="wa-id"
                required
                inputMode="numeric"
                pattern="[0-9]+"
                value={wa.phoneNumberId}
                onChange={(e) => setWa({ ...wa, phoneNumberId: e.target.value })}
              />
            </Field>
            <Field id="wa-token" label="Access token" hint="A system-user token; never shown again.">
              <input
                id="wa-token"
                type="password"
                required
                autoComplete="new-password"
                value={wa.accessToken}
                onChange={(e) => setWa({ ...wa, accessToken: e.target.value })}
              />
            </Field>
            <Field id="wa-secret" label="App secret" hint="Signs Meta’s webhooks; never shown again.">
              <input
                id="wa-secret"
                type="password"
                required
                autoComplete="new-password"
                value={wa.appSecret}
                onChange={(e) => setWa({ ...wa, appSecret: e.target.value })}
              />
            </Field>
            <Field id="wa-verify" label="Verify token" hint="Any string; enter the same at Meta for the subscription.">
              <input
                id="wa-verify"
                type="password"
                required
                autoComplete="new-password"
                value={wa.verifyToken}
                onChange={(e) => setWa({ ...wa, verifyToken: e.target.value })}
              />
            </Field>
            <Field id="wa-base" label="API base URL (optional)" hint="Default: Meta’s Graph API. For a simulator.">
              <input
                id="wa-base"
                type="url"
                placeholder="https://graph.facebook.com"
                value={wa.apiBaseUrl}
                onChange={(e) => setWa({ ...wa, apiBaseUrl: e.target.value })}
              />
            </Field>
            <Field id="wa-version" label="API version (optional)" hint="e.g. v21.0.">
              <input
                id="wa-version"
                placeholder="v21.0"
                value={wa.apiVersion}
                onChange={(e) => setWa({ ...wa, apiVersion: e.target.value })}
              />
            </Field>
          </div>
        )}
        <div>
          <button type="submit" className="button primary" disabled={create.pending}>
            {create.pending ? 'Adding…' : `Add ${KIND_LABELS[kind]} channel`}
          </button>
        </div>
      </form>
      <ErrorNote error={create.error} />
    </section>
  );
}

/** A web chat channel's embed snippet and settings. */
export function WebChatSettings({ channel }: { channel: ChannelFieldsFragment }) {
  const initial = channel.webChat!;
  const [setup, setSetup] = useState(initial);
  const [offline, setOffline] = useState(initial.offline);
  const [origins, setOrigins] = useState(initial.allowedOrigins.join('\n'));
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    setSaved(false);
    const data = await api.request(UpdateWebChatSettingsMutation, {
      input: { channelId: channel.id, offline, allowedOrigins: parseOrigins(origins) },
    });
    const next = data.updateWebChatSettings.webChat;
    setSetup(next);
    setOffline(next.offline);
    setOrigins(next.allowedOrigins.join('\n'));
    setSaved(true);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  const id = `webchat-${channel.id}`;
  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="webchat-settings">
      <h2 id={`${id}-heading`}>Web chat “{channel.name}”</h2>
      <p>Paste this tag into every page of your site, just before the closing body tag:</p>
      <div className="secret-row">
        <code className="secret-value" data-testid="webchat-snippet">
          {setup.snippet}
        </code>
        <CopyButton value={setup.snippet} label={`Copy the embed snippet of ${channel.name}`} />
      </div>
      <form className="form" onSubmit={submit}>
        <label className="check">
          <input
            type="checkbox"
            checked={offline}
            onChange={(e) => {
              setSaved(false);
              setOffline(e.target.checked);
            }}
          />
          Offline (collect leads)
        </label>
        <p className="hint">The widget asks visitors for their name and e-mail instead of promising a live reply.</p>
        <Field
          id={`${id}-origins`}
          label="Allowed origins"
          hint="One per line, e.g. https://shop.example.com. Leave empty to allow every site."
        >
          <textarea
            id={`${id}-origins`}
            rows={3}
            value={origins}
            placeholder="https://shop.example.com"
            onChange={(e) => {
              setSaved(false);
              setOrigins(e.target.value);
            }}
          />
        </Field>
        <SaveButton label="Save web chat settings" pending={save.pending} saved={saved} />
      </form>
      <ErrorNote error={save.error} />
    </section>
  );
}

/** The registered templates of each WhatsApp channel, by channel id, and how to read them again. */
export interface TemplatesByChannel {
  data: Map<string, WhatsAppTemplateFieldsFragment[]> | null;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

/** The approved templates agents may send on a WhatsApp channel outside the 24-hour window. */
export function WhatsAppTemplates({ channel, templates }: { channel: ChannelFieldsFragment; templates: TemplatesByChannel }) {
  const [name, setName] = useState('');
  const [language, setLanguage] = useState('en_US');
  const [body, setBody] = useState('');
  const add = useAction(async () => {
    await api.request(CreateWhatsAppTemplateMutation, { input: { channelId: channel.id, name, language, body } });
    setName('');
    setBody('');
    templates.reload();
  });
  const remove = useAction(async (id: string) => {
    await api.request(DeleteWhatsAppTemplateMutation, { input: { id } });
    templates.reload();
  });
  const id = `templates-${channel.id}`;
  const list = templates.data?.get(channel.id) ?? [];
  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="whatsapp-templates">
      <h2 id={`${id}-heading`}>WhatsApp templates of “{channel.name}”</h2>
      <p>
        Register the templates Meta has approved for this number, exactly as approved. Agents pick one when a
        customer has not written for 24 hours.
      </p>
      <ErrorNote error={templates.error ?? remove.error} />
      {list.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Language</th>
              <th scope="col">Text</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((t) => (
              <tr key={t.id}>
                <td>
                  <code>{t.name}</code>
                </td>
                <td>{t.language}</td>
                <td>{t.body}</td>
                <td>
                  <button
                    type="button"
                    className="button secondary small"
                    disabled={remove.pending}
                    onClick={() => void remove.run(t.id)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : templates.loading ? (
        <p>Loading…</p>
      ) : (
        <Empty>No templates registered yet.</Empty>
      )}
      <form
        className="form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void add.run();
        }}
      >
        <Field id={`${id}-name`} label="Name" hint="As registered with Meta: lower-case letters, digits and underscores.">
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} placeholder="order_update" />
        </Field>
        <Field id={`${id}-language`} label="Language" hint="The template's language code, e.g. en or en_US.">
          <input id={`${id}-language`} value={language} onChange={(e) => setLanguage(e.target.value)} />
        </Field>
        <Field id={`${id}-body`} label="Text" hint="The approved text, with {{1}}, {{2}}, … where the parameters go.">
          <textarea
            id={`${id}-body`}
            rows={3}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            placeholder="Hi {{1}}, your order {{2}} has shipped."
          />
        </Field>
        <div>
          <button type="submit" className="button primary" disabled={add.pending || !name.trim() || !body.trim()}>
            {add.pending ? 'Adding…' : 'Add template'}
          </button>
        </div>
      </form>
      <ErrorNote error={add.error} />
    </section>
  );
}

/**
 * The chat switch's settings: the country assumed for numbers a visitor types
 * without one, and the approved template that welcomes a customer moved to
 * WhatsApp (a business-started WhatsApp message outside the 24-hour window
 * must be one).
 */
export function ChatSwitchSettingsCard({ templates }: { templates: TemplatesByChannel }) {
  const settings = useQuery(() => api.request(ChatSwitchSettingsQuery), []);
  const [country, setCountry] = useState<string | null>(null);
  const [choice, setChoice] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const current = settings.data?.chatSwitchSettings;
  const countryValue = country ?? current?.defaultCountry ?? '';
  const choiceValue = choice ?? templateChoice(current?.whatsappTemplate, current?.whatsappLanguage);
  const options = new Map<string, string>();
  for (const list of templates.data?.values() ?? []) {
    for (const t of list) options.set(templateChoice(t.name, t.language), `${t.name} (${t.language})`);
  }
  if (choiceValue && !options.has(choiceValue)) options.set(choiceValue, choiceValue.replace('|', ' (') + ')');
  const save = useAction(async () => {
    setSaved(false);
    await api.request(UpdateChatSwitchSettingsMutation, { input: switchSettingsInput(countryValue, choiceValue) });
    settings.reload();
    setCountry(null);
    setChoice(null);
    setSaved(true);
  });
  return (
    <section className="card" aria-labelledby="chat-switch-settings-heading" data-testid="chat-switch-settings">
      <h2 id="chat-switch-settings-heading">Chat switch</h2>
      <p>Web chat visitors can continue a chat by SMS or WhatsApp; agents can reconnect ended chats and leads.</p>
      <ErrorNote error={settings.error ?? templates.error} />
      <form
        className="form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void save.run();
        }}
      >
        <Field id="switch-country" label="Default country" hint="Two letters (e.g. US) for numbers typed without a country code; empty requires +country numbers.">
          <input
            id="switch-country"
            value={countryValue}
            maxLength={2}
            onChange={(e) => {
              setSaved(false);
              setCountry(e.target.value);
            }}
          />
        </Field>
        <Field
          id="switch-template"
          label="WhatsApp welcome template"
          hint="Sent to a customer moved to WhatsApp outside the 24-hour window. Register templates under the WhatsApp channel above."
        >
          <select
            id="switch-template"
            value={choiceValue}
            onChange={(e) => {
              setSaved(false);
              setChoice(e.target.value);
            }}
          >
            <option value="">None (no switch to WhatsApp outside the window)</option>
            {[...options].map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <SaveButton label="Save chat switch settings" pending={save.pending} disabled={settings.loading} saved={saved} />
      </form>
      <ErrorNote error={save.error} />
    </section>
  );
}
