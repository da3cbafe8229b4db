// The phone simulator's REST API, which only `switchboard dev` serves under /sim/.
// Elsewhere /sim/ is the console's own index.html (the SPA fallback answers 200),
// so "available" means a JSON answer of the expected shape, not just a 200.

export type SimProvider = 'sms' | 'whatsapp';

export interface SimInfo {
  sms: { numbers: string[] };
  whatsapp: { phoneNumberIds: string[] };
}

/** A message a simulated phone received: an agent's reply. */
export interface SimReceived {
  provider: SimProvider;
  id: string;
  from: string;
  to: string;
  body: string;
  status: string;
  at: string;
}

/** A message the simulated customer sent, kept by the page (the simulator does not list them). */
export interface SimSent {
  provider: SimProvider;
  id: string;
  from: string;
  to: string;
  body: string;
  at: string;
}

export interface SimError extends Error {
  status: number;
}

function strings(v: unknown): string[] | null {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
}

/** The GET /sim/ body, or null when it is not the simulator's. */
export function parseSimInfo(body: unknown): SimInfo | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as { sms?: { numbers?: unknown }; whatsapp?: { phoneNumberIds?: unknown } };
  const numbers = strings(b.sms?.numbers);
  const ids = strings(b.whatsapp?.phoneNumberIds);
  if (!numbers || !ids) return null;
  return { sms: { numbers }, whatsapp: { phoneNumberIds: ids } };
}

/** A simulator GET's JSON body, or null when no simulator answered (see above). Never throws. */
export async function fetchSimJSON(path: string, fetchFn: typeof fetch = fetch, signal?: AbortSignal): Promise<unknown> {
  try {
    const res = await fetchFn(path, { headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) });
    if (res.status !== 200 || !(res.headers.get('Content-Type') ?? '').includes('json')) return null;
    return (await res.json()) as unknown;
  } catch {
    return null;
  }
}

/** The simulator's numbers, or null when this server runs none. Never throws. */
export async function fetchSimInfo(fetchFn: typeof fetch = fetch, signal?: AbortSignal): Promise<SimInfo | null> {
  return parseSimInfo(await fetchSimJSON('/sim/', fetchFn, signal));
}

/** Digits only: "+49 151 1234" and "491511234" are the same phone. */
export function phoneDigits(s: string): string {
  return s.replace(/\D/g, '');
}

export function samePhone(a: string, b: string): boolean {
  const da = phoneDigits(a);
  return da !== '' && da === phoneDigits(b);
}

/** The request body of POST /sim/{provider}/inbound. */
export function inboundRequest(
  provider: SimProvider,
  p: { from: string; to: string; body: string; name?: string },
): { path: string; body: Record<string, string> } {
  if (provider === 'sms') {
    return { path: '/sim/sms/inbound', body: { from: p.from.trim(), to: p.to, body: p.body } };
  }
  // WhatsApp's wa_id is the number without "+" or spaces.
  return {
    path: '/sim/whatsapp/inbound',
    body: { from: phoneDigits(p.from), name: p.name?.trim() || 'Simulated customer', to: p.to, text: p.body },
  };
}

/** The error of a simulator request that failed: its JSON `error`, else the status. */
export async function simError(res: Response): Promise<SimError> {
  let message = `The simulator answered ${res.status}.`;
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string' && body.error) message = body.error;
  } catch {
    // not JSON: keep the status
  }
  return Object.assign(new Error(message), { status: res.status });
}

/** Sends a customer's message; resolves with the provider's message id. */
export async function sendInbound(
  provider: SimProvider,
  p: { from: string; to: string; body: string; name?: string },
  fetchFn: typeof fetch = fetch,
): Promise<string> {
  const req = inboundRequest(provider, p);
  const res = await fetchFn(req.path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(req.body),
  });
  if (!res.ok) throw await simError(res);
  const body = (await res.json()) as { sid?: string; id?: string };
  return body.sid ?? body.id ?? '';
}

/** What the simulated phones received, newest first. */
export async function fetchReceived(fetchFn: typeof fetch = fetch, signal?: AbortSignal): Promise<SimReceived[]> {
  const res = await fetchFn('/sim/messages', { headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) });
  if (!res.ok) throw await simError(res);
  const body: unknown = await res.json();
  return Array.isArray(body) ? (body as SimReceived[]) : [];
}

export type PhoneMessage =
  | ({ direction: 'sent' } & SimSent)
  | ({ direction: 'received' } & SimReceived);

/**
 * One phone's conversation on one provider, oldest first: what it sent, and
 * what it received from the tenant's channel.
 */
export function phoneThread(
  provider: SimProvider,
  phone: string,
  sent: readonly SimSent[],
  received: readonly SimReceived[],
): PhoneMessage[] {
  const out: PhoneMessage[] = [
    ...sent.filter((m) => m.provider === provider && samePhone(m.from, phone)).map((m) => ({ ...m, direction: 'sent' as const })),
    ...received
      .filter((m) => m.provider === provider && samePhone(m.to, phone))
      .map((m) => ({ ...m, direction: 'received' as const })),
  ];
  const t = (iso: string) => {
    const v = Date.parse(iso);
    return Number.isNaN(v) ? 0 : v;
  };
  return out.sort((a, b) => t(a.at) - t(b.at));
}
