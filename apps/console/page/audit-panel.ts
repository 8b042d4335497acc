import type { ConsoleContext } from './console-context';
import { button, byId, el, fill, table, when, type Content } from './dom';

interface AuditChange {
  partition: string;
  key: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

interface AuditEntry {
  id: string;
  at: number;
  actor: string;
  action: string;
  path: string;
  requestId: string;
  changes: AuditChange[];
  changesTruncated?: boolean;
}

/** Entries per page of the trail. */
const PAGE = 25;

const shown = (value: unknown) => (value === undefined ? '∅' : JSON.stringify(value));

/** One changed document, one line per top-level field whose value changed: `field: before → after`. */
function describeChange(change: AuditChange): string {
  const name = `${change.partition} / ${change.key}`;
  if (!change.before && !change.after) return name;
  if (!change.before) return `${name} (created)\n${Object.entries(change.after!).map(([field, value]) => `  ${field}: ${shown(value)}`).join('\n')}`;
  if (!change.after) return `${name} (deleted)`;
  const fields = [...new Set([...Object.keys(change.before), ...Object.keys(change.after)])];
  const changed = fields.filter((field) => shown(change.before![field]) !== shown(change.after![field]));
  return `${name}\n${changed.map((field) => `  ${field}: ${shown(change.before![field])} → ${shown(change.after![field])}`).join('\n')}`;
}

function changesCell(entry: AuditEntry): Content {
  const lines = entry.changes.map(describeChange);
  if (entry.changesTruncated) lines.push('(more documents changed than the entry shows values of)');
  return lines.length === 0 ? 'nothing changed' : el('pre', {}, lines.join('\n'));
}

/**
 * The audit trail of admin writes (`GET /v1/admin/audit`): newest first, who did what and what it
 * changed (before → after), a page at a time. Read-only, as the API is. Returns the list's refresh.
 */
export function auditPanel(context: ConsoleContext): () => Promise<void> {
  let entries: AuditEntry[] = [];
  let cursor: string | undefined;

  function render(): void {
    const rows = entries.map((entry) => [when(entry.at), entry.actor, entry.action, entry.path, entry.requestId, changesCell(entry)]);
    const more = cursor ? button('Older entries', () => void context.run(older)) : '';
    fill('audit-list', table(['when (UTC)', 'who', 'action', 'path', 'request id', 'before → after'], rows), more);
  }
  async function load(after?: string): Promise<void> {
    const page = await context.api.call<{ entries: AuditEntry[]; cursor?: string }>('GET', `/v1/admin/audit?limit=${PAGE}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`);
    entries = after ? [...entries, ...page.entries] : page.entries;
    cursor = page.cursor;
    render();
  }
  const older = () => load(cursor);
  const refresh = () => load();

  byId('audit-refresh').addEventListener('click', () => void context.run(refresh));
  return refresh;
}
