// Calls in the console: labels, the live panel's phase and timer, merging
// live updates into a list, and the voice side of the dev phone simulator.
import type { CallFieldsFragment, CallStatus } from '../gql/graphql';
import { fetchSimJSON, simError } from './sim';

export type Call = CallFieldsFragment;

export const CALL_STATUS_LABELS: Record<CallStatus, string> = {
  INITIATED: 'Starting',
  RINGING: 'Ringing',
  IN_PROGRESS: 'Connected',
  COMPLETED: 'Completed',
  BUSY: 'Busy',
  NO_ANSWER: 'No answer',
  FAILED: 'Failed',
  CANCELED: 'Canceled',
};

export const CALL_TONE: Record<CallStatus, 'ok' | 'warn' | 'bad' | 'muted'> = {
  INITIATED: 'muted',
  RINGING: 'warn',
  IN_PROGRESS: 'ok',
  COMPLETED: 'ok',
  BUSY: 'bad',
  NO_ANSWER: 'bad',
  FAILED: 'bad',
  CANCELED: 'muted',
};

/** Every status the calls list filters by, in lifecycle order. */
export const CALL_STATUSES = Object.keys(CALL_STATUS_LABELS) as CallStatus[];

/** A call is live until its last leg has ended. */
export function isLive(c: Pick<Call, 'endedAt'>): boolean {
  return !c.endedAt;
}

/** What the agent should read in the live panel. */
export function callPhase(c: Pick<Call, 'status' | 'endedAt' | 'legs' | 'customerNumber' | 'contact'>): string {
  const who = c.contact?.name || c.customerNumber;
  if (c.status === 'IN_PROGRESS') return `Connected with ${who}`;
  if (c.status !== 'INITIATED' && c.status !== 'RINGING') {
    const label = CALL_STATUS_LABELS[c.status];
    return c.endedAt ? `Ended: ${label.toLowerCase()}` : `${label}: ending…`;
  }
  const agent = c.legs.find((l) => l.role === 'AGENT');
  const customer = c.legs.find((l) => l.role === 'CUSTOMER');
  if (customer) return `Calling ${who}…`;
  if (agent?.status === 'RINGING') return 'Your phone is ringing: answer it';
  if (agent?.status === 'IN_PROGRESS') return `Calling ${who}…`;
  return 'Placing the call…';
}

/**
 * Seconds on the live panel's timer: talk time once the customer answered
 * (until the end), else time since the call was placed.
 */
export function callSeconds(c: Pick<Call, 'createdAt' | 'answeredAt' | 'endedAt'>, now: number): number {
  const from = Date.parse(c.answeredAt ?? c.createdAt);
  const to = c.endedAt ? Date.parse(c.endedAt) : now;
  if (Number.isNaN(from) || Number.isNaN(to)) return 0;
  return Math.max(0, Math.floor((to - from) / 1000));
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Puts an updated call in place, or first when new; keeps newest first otherwise. */
export function mergeCall(list: readonly Call[], c: Call): Call[] {
  const i = list.findIndex((x) => x.id === c.id);
  if (i < 0) return [c, ...list];
  const out = list.slice();
  out[i] = c;
  return out;
}

/** A local calendar day ("2026-01-31", from a date input) as an RFC 3339 range; null for none. */
export function dayRange(day: string): { since: string; until: string } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const start = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(start.getTime())) return null;
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { since: start.toISOString(), until: end.toISOString() };
}

/** Whether an RFC 3339 time falls in range (any time without a range). */
export function inRange(iso: string, range: { since: string; until: string } | null): boolean {
  if (!range) return true;
  const t = Date.parse(iso);
  return t >= Date.parse(range.since) && t < Date.parse(range.until);
}

// The voice side of the dev phone simulator: the simulated carrier's handsets
// under /sim/voice (only `switchboard dev` serves it).

export type HandsetState = 'idle' | 'ringing' | 'talking' | 'dropped';

export interface Handset {
  number: string;
  state: HandsetState;
  from?: string;
  last_status?: string;
  script: { manual?: boolean };
}

export const SIM_VOICE = '/sim/voice';

/** The simulated handsets, or null when this server runs no simulated carrier. */
export async function fetchHandsets(fetchFn: typeof fetch = fetch, signal?: AbortSignal): Promise<Handset[] | null> {
  const body = await fetchSimJSON(`${SIM_VOICE}/handsets`, fetchFn, signal);
  return Array.isArray(body) ? (body as Handset[]) : null;
}

export type HandsetAction = 'answer' | 'decline' | 'hangup' | 'keys';

/** Answers, declines or hangs up a handset, or presses keys on it. */
export async function handsetAction(number: string, action: HandsetAction, digits = '', fetchFn: typeof fetch = fetch): Promise<void> {
  const res = await fetchFn(`${SIM_VOICE}/handsets/${encodeURIComponent(number)}/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: action === 'keys' ? JSON.stringify({ digits }) : '{}',
  });
  if (!res.ok) throw await simError(res);
}

/** Keys a phone has. */
export function validDigits(s: string): boolean {
  return /^[0-9*#]{1,20}$/.test(s);
}

/** PCM16LE bytes to Web Audio floats. */
export function pcm16ToFloat(buf: ArrayBuffer): Float32Array<ArrayBuffer> {
  const view = new DataView(buf);
  const out = new Float32Array(new ArrayBuffer(Math.floor(buf.byteLength / 2) * 4));
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 32768;
  return out;
}
