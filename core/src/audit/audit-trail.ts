import { createHash } from 'node:crypto';
import type { Clock } from '../ports/clock';
import type { Ids } from '../ports/ids';
import type { DocValue, Store } from '../ports/store';
import type { CompanionWrites, DocumentChange } from '../store/change-log';
import { jsonBytes } from '../store/limits';
import { transact } from '../store/transact';
import { redact } from '../http/redact';

/** Partition of the audit trail: entries under `entry:<time-ordered id>`, and the markers of recorded idempotent requests. */
export const AUDIT_PARTITION = 'audit';

/** Most changed documents an entry lists with their values. */
export const MAX_AUDITED_CHANGES = 20;

/** Most bytes (JSON) of the changed documents' values an entry holds; beyond it only their addresses are kept. */
export const MAX_AUDITED_CHANGE_BYTES = 32 * 1024;

/** One document an admin write changed, its values redacted like the access log's (credentials never shown). */
export interface AuditChange {
  [field: string]: unknown;
  partition: string;
  key: string;
  before?: DocValue;
  after?: DocValue;
}

/** Who did what to what: the facts of one admin write the caller knows. */
export interface AuditFacts {
  /** The operator's id, `key:<keyId>` for an API key, or `bootstrap` for the admin key. */
  actor: string;
  /** The route's policy action, e.g. `wallet:PostAdminUsersWalletDeposit`. */
  action: string;
  /** The policy resource of the request. */
  resource: string;
  method: string;
  path: string;
  /**
   * The answer's status, for an entry recorded after the answer (a write that changed no document,
   * or a store whose batches cannot span partitions). An entry committed with its change has none:
   * the access log holds the answer, under the request id.
   */
  status?: number;
  requestId: string;
  idempotencyKey?: string;
}

/** One admin write as recorded: its facts, when, and what it changed. */
export interface AuditEntry extends AuditFacts {
  [field: string]: unknown;
  id: string;
  /** When it was recorded (ms since epoch). */
  at: number;
  /** The documents the write changed, before → after (absent before: created; absent after: deleted). */
  changes: AuditChange[];
  /** Set when more documents changed than the entry shows values of: `changes` then lists addresses only, at most `MAX_AUDITED_CHANGES`. */
  changesTruncated?: boolean;
}

/** What the caller says of an admin write: its facts and the changes its units of work committed. */
export type AuditDraft = AuditFacts & { changes: readonly DocumentChange[] };

/** A page of the audit trail, newest first. */
export interface AuditPage {
  entries: AuditEntry[];
  cursor?: string;
}

/** The changes as an entry shows them: redacted values, bounded in number and size (addresses only past the bound). */
function auditedChanges(changes: readonly DocumentChange[]): Pick<AuditEntry, 'changes' | 'changesTruncated'> {
  const full = changes.slice(0, MAX_AUDITED_CHANGES).map(({ partition, key, before, after }) => ({
    partition,
    key,
    ...(before === undefined ? {} : { before: redact(before) as DocValue }),
    ...(after === undefined ? {} : { after: redact(after) as DocValue }),
  }));
  if (changes.length <= MAX_AUDITED_CHANGES && jsonBytes(full) <= MAX_AUDITED_CHANGE_BYTES) return { changes: full };
  return { changes: full.map(({ partition, key }) => ({ partition, key })), changesTruncated: true };
}

/** An entry's changes with more appended, bounded again (addresses only if either part was already). */
function mergedChanges(entry: AuditEntry, more: readonly DocumentChange[]): Pick<AuditEntry, 'changes' | 'changesTruncated'> {
  const merged = auditedChanges([...(entry.changes as DocumentChange[]), ...more]);
  if (!entry.changesTruncated || merged.changesTruncated) return merged;
  return { changes: merged.changes.map(({ partition, key }) => ({ partition, key })), changesTruncated: true };
}

/** The marker of an idempotent request's entry: one per actor, action, resource and idempotency key. */
function onceKey(draft: AuditFacts): string {
  const digest = createHash('sha256').update(JSON.stringify([draft.actor, draft.action, draft.resource, draft.idempotencyKey])).digest('base64url');
  return `once:${digest}`;
}

/**
 * The append-only audit trail of admin writes, in the Store. No route updates or deletes an entry
 * (the trail has no method to). An entry is committed in the same atomic batch as the change it
 * describes (`companion`, on a store whose batches span partitions): the write and its entry land
 * together or not at all, whatever fails in between; a request that commits several times extends
 * its one entry in each commit. A write that changed no document, or one on a store whose batches
 * cannot span partitions, is recorded right after it answered (`record`). A write sent with an
 * `Idempotency-Key` is recorded once however often it is retried: a marker per actor, action,
 * resource and key commits with the first entry, and a repeat that changed nothing (the service
 * answered it from its own idempotency record) is not recorded again; a repeat that did change
 * documents (a route that does not honour the key) is, so no write is ever hidden. Entries are
 * newest-first by their time-ordered ids.
 */
export class AuditTrail {
  constructor(
    private readonly store: Store,
    private readonly ids: Ids,
    private readonly clock: Clock,
  ) {}

  /**
   * Companion writes (see `withChangeLog`) that commit the entry of one admin write with each of
   * its changes: created with the first commit (with the idempotency marker), extended by later
   * ones. `facts` is asked at each commit (the request's principal may be known only then);
   * `undefined` records nothing. Returns the entry's id too, to tell whether it landed.
   */
  companion(facts: () => AuditFacts | undefined): { id: string; key: string; writes: CompanionWrites } {
    const id = this.ids.next();
    const key = `entry:${id}`;
    const writes: CompanionWrites = async (tx, commitChanges, landed) => {
      const changes = commitChanges.filter((change) => change.partition !== AUDIT_PARTITION);
      const known = facts();
      if (!known || changes.length === 0) return;
      const exists = landed.some((change) => change.partition === AUDIT_PARTITION && change.key === key);
      const earlier = await tx.get<AuditEntry>(AUDIT_PARTITION, key, { assumeAbsent: !exists });
      if (earlier) {
        tx.put(AUDIT_PARTITION, key, { ...earlier.value, ...mergedChanges(earlier.value, changes) });
        return;
      }
      const once = known.idempotencyKey === undefined ? undefined : onceKey(known);
      if (once && !(await tx.get(AUDIT_PARTITION, once, { assumeAbsent: true }))) tx.put(AUDIT_PARTITION, once, { entry: id }, { assumeAbsent: true });
      tx.put(AUDIT_PARTITION, key, { ...known, id, at: this.clock.now(), ...auditedChanges(changes) }, { assumeAbsent: true });
    };
    return { id, key, writes };
  }

  /** Records an admin write (a changeless repeat of an idempotency key once only); returns the entry, or undefined for such a repeat. */
  async record(draft: AuditDraft): Promise<AuditEntry | undefined> {
    const changes = draft.changes.filter((change) => change.partition !== AUDIT_PARTITION);
    const entry: AuditEntry = { ...draft, id: this.ids.next(), at: this.clock.now(), ...auditedChanges(changes) };
    const once = draft.idempotencyKey === undefined ? undefined : onceKey(draft);
    return transact(this.store, async (tx) => {
      if (once) {
        const seen = await tx.get(AUDIT_PARTITION, once, { assumeAbsent: true });
        if (seen && changes.length === 0) return undefined;
        if (!seen) tx.put(AUDIT_PARTITION, once, { entry: entry.id }, { assumeAbsent: true });
      }
      tx.put(AUDIT_PARTITION, `entry:${entry.id}`, entry, { assumeAbsent: true });
      return entry;
    });
  }

  /** Entries newest first, a page at a time. */
  async list(options: { limit?: number; cursor?: string } = {}): Promise<AuditPage> {
    const page = await this.store.query<AuditEntry>(AUDIT_PARTITION, { prefix: 'entry:', limit: options.limit, cursor: options.cursor, reverse: true });
    return { entries: page.items.map((doc) => doc.value), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }
}
