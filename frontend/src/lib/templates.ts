// WhatsApp template bodies carry their parameters as {{1}}, {{2}}, …; the
// server checks the same rules (internal/inbox/templates.go).

const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/** The body filled in with params; a parameter not yet given shows as its placeholder. */
export function renderTemplate(body: string, params: string[]): string {
  return body.replace(PLACEHOLDER, (whole, n: string) => {
    const value = params[Number(n) - 1];
    return value ? value : whole;
  });
}

/** Whether every one of count parameters has a value. */
export function templateReady(count: number, params: string[]): boolean {
  for (let i = 0; i < count; i++) {
    if (!params[i]?.trim()) return false;
  }
  return true;
}
