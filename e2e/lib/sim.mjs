// The phone simulator's REST API, served by `switchboard dev` under /sim/: a
// simulated SMS and WhatsApp provider that signs its webhooks like the real ones.
async function json(res, what) {
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${what}: HTTP ${res.status}, not JSON (is this a switchboard dev with the simulator?): ${text.slice(0, 200)}`);
  }
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status}: ${body?.error ?? text}`);
  return body;
}

/** GET /sim/: {sms: {numbers}, whatsapp: {phoneNumberIds}}. */
export async function simInfo(baseURL) {
  return json(await fetch(`${baseURL}/sim/`, { headers: { Accept: 'application/json' } }), 'GET /sim/');
}

/** The customer's phone sends an SMS; resolves with {sid} once Switchboard accepted the signed webhook. */
export async function simSendSMS(baseURL, { from, to, body }) {
  const res = await fetch(`${baseURL}/sim/sms/inbound`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ from, to, body }),
  });
  return json(res, 'POST /sim/sms/inbound');
}

/** The customer's phone sends a WhatsApp message; resolves with {id}. */
export async function simSendWhatsApp(baseURL, { from, name, to, text }) {
  const res = await fetch(`${baseURL}/sim/whatsapp/inbound`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ from, name, to, text }),
  });
  return json(res, 'POST /sim/whatsapp/inbound');
}

/** What the simulated phones received (the agents' replies), newest first. */
export async function simMessages(baseURL) {
  return json(await fetch(`${baseURL}/sim/messages`), 'GET /sim/messages');
}
