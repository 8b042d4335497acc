import type { Decision, NamedPolicy } from './evaluate';

/** Most decisions remembered per attachment list (beyond, the list's decisions start over). */
const MAX_DECISIONS_PER_TARGET = 256;

type Remembered = { policies: ReadonlyArray<NamedPolicy | undefined>; decision: Decision };

/**
 * Policy decisions remembered per principal (by its attachment list, as the policy cache holds it)
 * and per action, resource and user: a decision is reused only while it would be made from the
 * very same policy objects, so any change that reloads a document or an attachment list (a put,
 * a detach, the cache's expiry or change signal) makes the next request evaluate afresh.
 */
export class DecisionMemo {
  private readonly byTarget = new WeakMap<readonly string[], Map<string, Remembered>>();

  /** The decision for `key` made from exactly `policies` (same objects, same order), if remembered. */
  get(attachments: readonly string[], key: string, policies: ReadonlyArray<NamedPolicy | undefined>): Decision | undefined {
    const remembered = this.byTarget.get(attachments)?.get(key);
    if (!remembered || remembered.policies.length !== policies.length) return undefined;
    return remembered.policies.every((policy, i) => policy === policies[i]) ? remembered.decision : undefined;
  }

  /** Remembers the decision for `key` made from `policies`. */
  set(attachments: readonly string[], key: string, policies: ReadonlyArray<NamedPolicy | undefined>, decision: Decision): void {
    let decisions = this.byTarget.get(attachments);
    if (!decisions || decisions.size >= MAX_DECISIONS_PER_TARGET) this.byTarget.set(attachments, (decisions = new Map()));
    decisions.set(key, { policies, decision });
  }
}
