/** Names of fields, query parameters and headers whose values are credentials. */
const SECRET_NAME = /secret|token|password|key|authorization|cookie|signature|credential/i;

/** A value that looks like a signed token (a JWT: three base64url parts, the first a JSON header). */
const TOKEN_VALUE = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/** Deepest level of a JSON value the access log copies; deeper values are replaced by `"[deep]"`. */
export const MAX_LOGGED_DEPTH = 8;

/** Most array items or object fields the access log copies at one level. */
const MAX_LOGGED_ENTRIES = 50;

/** Most characters of one string the access log copies. */
const MAX_LOGGED_STRING = 256;

/** A string with every embedded signed token replaced, cut to a bounded length. */
export function redactText(text: string, max = MAX_LOGGED_STRING): string {
  const clean = text.includes('eyJ') ? text.replace(TOKEN_VALUE, REDACTED) : text;
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Whether a field, parameter or header name says its value is a credential. */
export const isSecretName = (name: string) => SECRET_NAME.test(name);

/**
 * Copies a JSON value for the log: fields with secret-looking names become `"[redacted]"`, signed
 * tokens inside strings too, and the copy is bounded (depth, entries per level, string length).
 * Iterative, so no input can overflow the stack.
 */
export function redact(value: unknown): unknown {
  const root: { value?: unknown } = {};
  const work: Array<{ from: unknown; into: Record<string | number, unknown>; at: string | number; depth: number }> = [{ from: value, into: root, at: 'value', depth: 0 }];
  while (work.length > 0) {
    const { from, into, at, depth } = work.pop()!;
    if (typeof from === 'string') into[at] = redactText(from);
    else if (from === null || typeof from !== 'object') into[at] = from;
    else if (depth >= MAX_LOGGED_DEPTH) into[at] = '[deep]';
    else if (Array.isArray(from)) {
      const copy: unknown[] = [];
      into[at] = copy;
      from.slice(0, MAX_LOGGED_ENTRIES).forEach((item, index) => work.push({ from: item, into: copy as unknown as Record<number, unknown>, at: index, depth: depth + 1 }));
      if (from.length > MAX_LOGGED_ENTRIES) copy[MAX_LOGGED_ENTRIES] = `[${from.length - MAX_LOGGED_ENTRIES} more]`;
    } else {
      const copy: Record<string, unknown> = {};
      into[at] = copy;
      for (const [name, item] of Object.entries(from).slice(0, MAX_LOGGED_ENTRIES)) {
        if (isSecretName(name)) copy[name] = REDACTED;
        else work.push({ from: item, into: copy, at: name, depth: depth + 1 });
      }
    }
  }
  return root.value;
}

/** A query string (`?a=1&token=...`) with credential parameters and embedded tokens redacted. */
export function redactQuery(search: string): string {
  if (!search) return search;
  const params = new URLSearchParams(search);
  const out = [...params].map(([name, value]) => `${encodeURIComponent(redactText(name, 64))}=${isSecretName(name) ? REDACTED : encodeURIComponent(redactText(value))}`);
  return `?${out.join('&')}`;
}
