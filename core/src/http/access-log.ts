import type { Context } from 'hono';
import type { LogSink } from '../ports/log-sink';
import type { AppEnv } from './env';
import { forEachRequestHeader, requestHeader } from './headers';
import { isSecretName, REDACTED, redact, redactQuery, redactText } from './redact';

/** One access-log record, written when the handler has finished. */
export interface AccessLogEntry {
  at: string;
  requestId: string;
  /**
   * `action` is the policy action the request was authorized for, if the route is behind auth.
   * `query`, `headers` and `body` are redacted: credentials (by name, and signed tokens anywhere)
   * never reach the log, and the body is a bounded excerpt of what the app read.
   */
  request: { method: string; path: string; query: string; headers?: Record<string, string>; userId?: string; action?: string; body?: unknown };
  response: { status: number; durationMs: number; errorCode?: string };
}

/** Where access-log records go. */
export type AccessLogSink = (entry: AccessLogEntry) => void;

/** Lines of the default sink not yet written. */
let unwritten: string[] = [];

/** Whether the default sink writes what is left at process exit (set up with its first line). */
let writesAtExit = false;

/** Writes the lines gathered so far in one write (stdout to a pipe or file is a system call per write). */
function writeUnwritten(): void {
  if (unwritten.length === 0) return;
  const text = unwritten.join('');
  unwritten = [];
  process.stdout.write(text);
}

/**
 * Default sink: one JSON line per request on stdout. The lines of the requests that end in one
 * turn of the event loop go out in one write at its end (and at process exit), not one write each.
 */
export const stdoutAccessLog: AccessLogSink = (entry) => {
  if (unwritten.push(`${JSON.stringify(entry)}\n`) > 1) return;
  if (!writesAtExit) {
    writesAtExit = true;
    process.on('exit', writeUnwritten);
  }
  setImmediate(writeUnwritten);
};

/** The stdout lines as a `LogSink`, for a deployment that alerts on errors but ships no logs elsewhere (its platform collects stdout). */
export const stdoutLogSink: LogSink = {
  name: 'stdout',
  maxBatch: 1000,
  async ship(records) {
    process.stdout.write(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    return [];
  },
};

/** Most characters of a logged path. */
const MAX_LOGGED_PATH = 512;

/** Most request headers logged. */
const MAX_LOGGED_HEADERS = 30;

/** The request's headers, credentials redacted, bounded. */
function loggedHeaders(c: Context<AppEnv>): Record<string, string> {
  const headers: Record<string, string> = {};
  let count = 0;
  forEachRequestHeader(c, (value, name) => {
    if (count++ < MAX_LOGGED_HEADERS) headers[name] = isSecretName(name) ? REDACTED : redactText(value);
  });
  return headers;
}

/** The JSON body the app read while serving the request (never read here: a refused body is not logged); undefined at once when it read none. */
function loggedBody(c: Context<AppEnv>): Promise<unknown> | undefined {
  // Hono keeps the promises of the bodies read so far (its type says the values).
  const cached = c.req.bodyCache as { json?: Promise<unknown>; text?: Promise<string> };
  if (cached.json !== undefined) return cached.json.then(redact, () => undefined);
  if (cached.text === undefined || !requestHeader(c, 'content-type')?.includes('json')) return undefined;
  return cached.text.then(
    (text) => {
      if (!text) return undefined;
      try {
        return redact(JSON.parse(text));
      } catch {
        return redactText(text);
      }
    },
    () => undefined,
  );
}

/** The record of one request, its body still to be added; throws only if something unforeseen breaks. */
function record(c: Context<AppEnv>, durationMs: number): AccessLogEntry {
  const url = c.req.url;
  const queryAt = url.indexOf('?');
  const errorCode = c.get('errorCode');
  const entry: AccessLogEntry = {
    at: new Date().toISOString(),
    requestId: c.get('requestId'),
    request: {
      method: c.req.method,
      path: redactText(c.req.path, MAX_LOGGED_PATH),
      query: queryAt < 0 || queryAt === url.length - 1 ? '' : redactQuery(url.slice(queryAt)),
      headers: loggedHeaders(c),
    },
    response: { status: c.res.status, durationMs: Math.round(durationMs * 100) / 100 },
  };
  const principal = c.get('principal');
  if (principal) entry.request.userId = principal.userId;
  const access = c.get('access');
  if (access) entry.request.action = access.action;
  if (errorCode !== undefined) entry.response.errorCode = errorCode;
  return entry;
}

/** Hands one record to the sink; a sink that throws is reported on stderr. */
function write(sink: AccessLogSink, entry: AccessLogEntry): void {
  try {
    sink(entry);
  } catch (error) {
    console.error('access log sink failed:', error instanceof Error ? error.message : String(error));
  }
}

/**
 * Logs a request and its response once the handler has ended (errors included, since the error
 * mapper has already turned them into responses), `durationMs` after it started. Never fails the
 * response and never skips the record: if the full record cannot be made, a minimal one (method,
 * status, duration) is written instead. Synchronous unless the app read a body (a promise, then).
 */
export function logAccess(c: Context<AppEnv>, durationMs: number, sink: AccessLogSink): Promise<void> | undefined {
  let entry: AccessLogEntry;
  let body: Promise<unknown> | undefined;
  try {
    entry = record(c, durationMs);
    body = loggedBody(c);
  } catch {
    entry = {
      at: new Date().toISOString(),
      requestId: String(c.get('requestId')),
      request: { method: c.req.method, path: '[unloggable]', query: '' },
      response: { status: c.res.status, durationMs: Math.round(durationMs * 100) / 100, errorCode: c.get('errorCode') },
    };
  }
  if (body === undefined) return void write(sink, entry);
  return body.then((value) => {
    if (value !== undefined) entry.request.body = value;
    write(sink, entry);
  });
}
