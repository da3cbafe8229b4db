import { useEffect, useState } from 'react';
import { ErrorNote } from '../components';
import { fetchHandsets, handsetAction, pcm16ToFloat, SIM_VOICE, validDigits, type Handset, type HandsetAction } from '../lib/calls';
import { graphqlWebSocketURL } from '../lib/ws';

/**
 * The simulated phone network's handsets (dev only): answer or decline a
 * ringing phone, press keys, hang up, and listen to what the phone hears.
 */
export function VoiceHandsets() {
  const [handsets, setHandsets] = useState<Handset[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const list = await fetchHandsets();
      if (stopped) return;
      setHandsets(list);
      timer = setTimeout(() => void poll(), 700);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  if (handsets === null) return null;
  // Phones people answer, and any phone on a call.
  const shown = handsets.filter((h) => h.script.manual || h.state !== 'idle');
  const act = async (number: string, action: HandsetAction, digits = '') => {
    setError(null);
    try {
      await handsetAction(number, action, digits);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby="sim-voice-heading">
      <h2 id="sim-voice-heading">Simulated phones (voice)</h2>
      <p className="hint">
        Click-to-call rings the agent’s phone first: the demo users’ phones wait here for you to answer. Other numbers
        follow their scripts (any unknown number answers by itself).
      </p>
      <ErrorNote error={error} />
      <ul className="handsets" aria-label="Simulated phones">
        {shown.map((h) => (
          <HandsetRow key={h.number} handset={h} act={act} />
        ))}
      </ul>
    </section>
  );
}

function HandsetRow({ handset: h, act }: { handset: Handset; act: (n: string, a: HandsetAction, d?: string) => Promise<void> }) {
  const [digits, setDigits] = useState('');
  return (
    <li className="handset" data-testid="handset" data-number={h.number} data-state={h.state}>
      <strong>{h.number}</strong> <span className="chip">{h.state}</span>
      {h.from ? <span className="muted"> from {h.from}</span> : null}
      {h.state === 'ringing' ? (
        <>
          <button type="button" className="button primary small" onClick={() => void act(h.number, 'answer')}>
            Answer
          </button>
          <button type="button" className="button danger small" onClick={() => void act(h.number, 'decline')}>
            Decline
          </button>
        </>
      ) : null}
      {h.state === 'talking' || h.state === 'dropped' ? (
        <>
          <input
            aria-label={`Keys to press on ${h.number}`}
            value={digits}
            size={6}
            placeholder="1#"
            onChange={(e) => setDigits(e.target.value)}
          />
          <button
            type="button"
            className="button secondary small"
            disabled={!validDigits(digits)}
            onClick={() => void act(h.number, 'keys', digits).then(() => setDigits(''))}
          >
            Press
          </button>
          <button type="button" className="button danger small" onClick={() => void act(h.number, 'hangup')}>
            Hang up
          </button>
          <Listen number={h.number} />
        </>
      ) : null}
    </li>
  );
}

/** Plays what a handset hears: PCM16LE 8 kHz frames over a WebSocket into Web Audio. */
function Listen({ number }: { number: string }) {
  const [on, setOn] = useState(false);
  useEffect(() => {
    if (!on) return;
    const ctx = new AudioContext();
    let playAt = 0;
    const ws = new WebSocket(graphqlWebSocketURL(window.location, `${SIM_VOICE}/handsets/${encodeURIComponent(number)}/audio`));
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (ev) => {
      if (!(ev.data instanceof ArrayBuffer)) return;
      const samples = pcm16ToFloat(ev.data);
      if (!samples.length) return;
      const buf = ctx.createBuffer(1, samples.length, 8000);
      buf.copyToChannel(samples, 0);
      const src = ctx.createBufferSource();
      src.buffer = buf;
      src.connect(ctx.destination);
      // A little latency absorbs network jitter.
      playAt = Math.max(playAt, ctx.currentTime + 0.1);
      src.start(playAt);
      playAt += buf.duration;
    };
    return () => {
      ws.close();
      void ctx.close();
    };
  }, [on, number]);
  return (
    <button type="button" className="button secondary small" onClick={() => setOn((v) => !v)} aria-pressed={on}>
      {on ? 'Stop listening' : 'Listen'}
    </button>
  );
}
