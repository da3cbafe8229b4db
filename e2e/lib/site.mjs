// A customer's website that embeds the web chat widget, for the web chat and
// chat switch tests.
import { createServer } from 'node:http';

/** Serves a customer's website that embeds the widget, on its own port (origin). */
export function startSite(snippet) {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Acme shop</title></head>
<body><h1>Acme shop</h1><p>Questions? Chat with us.</p>${snippet}</body></html>`;
  const srv = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${srv.address().port}/`, close: () => new Promise((r) => srv.close(r)) }));
  });
}
