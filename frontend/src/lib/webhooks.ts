// Small pure helpers of the webhooks settings page.

/** A delay for people: "30 s", "5 min", "2 h", "1 h 30 min", "2 d". */
export function formatDelay(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) {
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return s ? `${m} min ${s} s` : `${m} min`;
  }
  if (seconds < 86_400 || seconds % 86_400) {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  return `${seconds / 86_400} d`;
}

/**
 * The published retry schedule as a sentence: the delays after the first
 * attempt, and how long until the last one.
 */
export function describeRetrySchedule(delays: readonly number[]): string {
  if (!delays.length) return 'A failed delivery is not retried.';
  const list = delays.map(formatDelay);
  const joined = list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : list[0];
  const total = delays.reduce((a, b) => a + b, 0);
  return (
    `A failed delivery is retried ${delays.length} ${delays.length === 1 ? 'time' : 'times'}, after ${joined}: ` +
    `${delays.length + 1} attempts over about ${formatDelay(roundForTotal(total))}.`
  );
}

function roundForTotal(seconds: number): number {
  if (seconds >= 3600) return Math.round(seconds / 3600) * 3600;
  if (seconds >= 60) return Math.round(seconds / 60) * 60;
  return seconds;
}

/** A JSON body indented for reading; anything else as it is. */
export function prettyJSON(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
