import type { Clock } from '../ports/clock';
import { KumoError } from '../ports/errors';
import type { Store } from '../ports/store';
import { transact } from '../store/transact';
import type { AccountService } from '../services/account/account-service';
import { Unauthorized, type Principal } from '../http/access-tokens';
import { userPartition } from '../services/user-partition';
import { evaluate, type Decision, type NamedPolicy } from './evaluate';
import { DEFAULT_PLAYER_POLICY, type PolicyDocument } from './policy-document';
import { AccessDenied, ApiKeyNotFound, OperatorNotFound, PolicyNotFound, TooManyPolicies } from './policy-errors';
import { API_KEY_PARTITION, apiKeyDocKey, OPERATOR_PARTITION, operatorDocKey, policyTarget, targetKey, type PolicyTarget } from './principals';
import { BOOTSTRAP_DOCUMENT, BOOTSTRAP_POLICY, builtInPolicy } from './operator-roles';
import { ChangeSignal } from '../store/change-signal';
import { DecisionMemo } from './decision-memo';
import { TtlCache } from '../store/ttl-cache';

/** How long policy documents and attachments stay cached per instance, how often an instance checks for changes, and what the admin key may do. */
export interface PolicySettings {
  cacheTtlMs: number;
  /** How often each instance reads the policies' change signal (default 1 s): a change made elsewhere applies within it. */
  changeCheckMs?: number;
  /**
   * What the admin key's token may do: `unrestricted` (the default: everything), or `bootstrap`:
   * only set up operators, roles and policies and read the audit trail, so that day-to-day work
   * is done by named operators.
   */
  adminKey?: 'unrestricted' | 'bootstrap';
}

/** Default: entries live 30 s; a change made on another instance applies within about a second; the admin key is unrestricted. */
export const DEFAULT_POLICY_SETTINGS: PolicySettings = { cacheTtlMs: 30_000, changeCheckMs: 1_000 };

/** The default settings with the admin key's scope from `KUMO_ADMIN_KEY_SCOPE` (`bootstrap` or `unrestricted`; anything else is refused at start). */
export function policySettingsFromEnv(env: Record<string, string | undefined>): PolicySettings {
  const scope = env.KUMO_ADMIN_KEY_SCOPE;
  if (scope === undefined || scope === '') return DEFAULT_POLICY_SETTINGS;
  if (scope !== 'bootstrap' && scope !== 'unrestricted') throw new KumoError('internal', 'misconfigured', 'KUMO_ADMIN_KEY_SCOPE is bootstrap or unrestricted');
  return { ...DEFAULT_POLICY_SETTINGS, adminKey: scope };
}

/** Most policies attached to one user or key (IAM's default for managed policies). */
export const MAX_ATTACHED_POLICIES = 10;

/** Partition of stored policy documents. */
const POLICY_PARTITION = 'policies';
const policyKey = (name: string) => `policy:${name}`;
/** A player's attachments live in the player's own partition. */
const ATTACHED = 'policy:attached';

/** A policy as stored and shown to admins; `builtIn` marks a built-in policy (the default player policy, an operator role) that no one stored yet. */
export interface PolicyRecord {
  [field: string]: unknown;
  name: string;
  document: PolicyDocument;
  createdAt: number;
  updatedAt: number;
  builtIn?: boolean;
}

/** A page of stored policies. */
export interface PolicyPage {
  policies: PolicyRecord[];
  cursor?: string;
}

/** The fields of an API key or operator record that policies use (a disabled operator is allowed nothing). */
interface KeyDoc {
  [field: string]: unknown;
  policies: string[];
  disabled?: boolean;
}

/** Where the attachments of an API key or an operator live, and the error for one that does not exist. */
function credentialAddress(target: Exclude<PolicyTarget, { kind: 'user' }>): { partition: string; key: string; missing: () => Error } {
  if (target.kind === 'key') return { partition: API_KEY_PARTITION, key: apiKeyDocKey(target.keyId), missing: () => new ApiKeyNotFound(target.keyId) };
  return { partition: OPERATOR_PARTITION, key: operatorDocKey(target.operatorId), missing: () => new OperatorNotFound(target.operatorId) };
}

/**
 * IAM-style policies: stores documents, attaches them to players, API keys and operators, and
 * authorizes requests. Players always have the default player policy (`kumo-default-player`) plus
 * what is attached to them (typically Deny statements: bans); API keys and operators have only
 * what is attached to them (an operator's roles; nothing attached: nothing allowed; a disabled
 * operator: refused); the root admin (the admin key) is not restricted, unless
 * `PolicySettings.adminKey` is `bootstrap` (then it may only set up operators, roles and policies). Documents and
 * attachments are cached per instance for `cacheTtlMs`; every change (a policy put or deleted,
 * attached or detached, a key revoked) bumps a `ChangeSignal` after it commits, which every
 * instance checks every `changeCheckMs`, dropping its entries when it moved: the change applies
 * here at once and on every other instance within about `changeCheckMs`. Decisions are remembered
 * while made from the same cached documents (`DecisionMemo`).
 */
export class PolicyService {
  private readonly documents: TtlCache<NamedPolicy | undefined>;
  private readonly attachments: TtlCache<string[] | undefined>;
  private readonly changes: ChangeSignal;
  private readonly bootstrapOnly: boolean;
  private readonly decisions = new DecisionMemo();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    settings: PolicySettings = DEFAULT_POLICY_SETTINGS,
  ) {
    this.bootstrapOnly = settings.adminKey === 'bootstrap';
    this.changes = new ChangeSignal(store, clock, 'policies', settings.changeCheckMs ?? DEFAULT_POLICY_SETTINGS.changeCheckMs);
    this.documents = new TtlCache(clock, { ttlMs: settings.cacheTtlMs, signal: this.changes });
    this.attachments = new TtlCache(clock, { ttlMs: settings.cacheTtlMs, signal: this.changes });
  }

  /** Creates or replaces a policy (the document is validated by the caller's schema). */
  async put(name: string, document: PolicyDocument): Promise<PolicyRecord> {
    const now = this.clock.now();
    const record = await transact(this.store, async (tx) => {
      const existing = await tx.get<PolicyRecord>(POLICY_PARTITION, policyKey(name));
      const next: PolicyRecord = { name, document, createdAt: existing?.value.createdAt ?? now, updatedAt: now };
      tx.put(POLICY_PARTITION, policyKey(name), next);
      return next;
    });
    this.documents.delete(name);
    await this.changes.bump();
    return record;
  }

  /** One policy; a built-in one (the default player policy, an operator role) while no one has stored another under its name. */
  async get(name: string): Promise<PolicyRecord> {
    const doc = await this.store.get<PolicyRecord>(POLICY_PARTITION, policyKey(name));
    if (doc) return doc.value;
    const builtIn = builtInPolicy(name);
    if (builtIn) return { name, document: builtIn, createdAt: 0, updatedAt: 0, builtIn: true };
    throw new PolicyNotFound(name);
  }

  /** Stored policies in name order, a page at a time. */
  async list(options: { limit?: number; cursor?: string } = {}): Promise<PolicyPage> {
    const page = await this.store.query<PolicyRecord>(POLICY_PARTITION, { prefix: 'policy:', limit: options.limit, cursor: options.cursor });
    return { policies: page.items.map((doc) => doc.value), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  /** Deletes a stored policy (deleting the default player policy restores the built-in one). Attachments naming it are then ignored. */
  async delete(name: string): Promise<void> {
    await transact(this.store, async (tx) => {
      if (!(await tx.get(POLICY_PARTITION, policyKey(name)))) throw new PolicyNotFound(name);
      tx.delete(POLICY_PARTITION, policyKey(name));
    });
    this.documents.delete(name);
    await this.changes.bump();
  }

  /** The names of the policies attached to a user, key or operator. */
  async attached(target: PolicyTarget): Promise<string[]> {
    if (target.kind === 'user') await this.accounts.assertExists(target.userId);
    const names = await this.readAttachments(target, true);
    if (!names && target.kind !== 'user') throw credentialAddress(target).missing();
    return names ?? [];
  }

  /** Attaches a policy to a user, key or operator (a no-op if already attached). */
  async attach(target: PolicyTarget, name: string): Promise<string[]> {
    await this.get(name);
    return this.changeAttachments(target, (names) => {
      if (names.includes(name)) return names;
      if (names.length >= MAX_ATTACHED_POLICIES) throw new TooManyPolicies(MAX_ATTACHED_POLICIES);
      return [...names, name];
    });
  }

  /** Detaches a policy from a user, key or operator (a no-op if not attached). */
  async detach(target: PolicyTarget, name: string): Promise<string[]> {
    return this.changeAttachments(target, (names) => names.filter((n) => n !== name));
  }

  /** Drops the cached attachments of a target (after its key was revoked, its operator disabled, or they changed), here at once and on every instance soon. */
  async forget(target: PolicyTarget): Promise<void> {
    this.attachments.delete(targetKey(target));
    await this.changes.bump();
  }

  /**
   * Decides whether the principal may do `action` on `resource`; throws `AccessDenied` if not,
   * and `Unauthorized` for a token of a revoked API key or of a disabled or removed operator.
   * Reads only through the caches.
   */
  async authorize(principal: Principal, action: string, resource: string): Promise<Decision> {
    const target = policyTarget(principal);
    if (target === 'root') return this.bootstrapOnly ? this.decide([{ name: BOOTSTRAP_POLICY, document: BOOTSTRAP_DOCUMENT }], principal, action, resource) : { effect: 'allow' };
    const names = await this.attachments.get(targetKey(target), () => this.readAttachments(target));
    if (!names) throw new Unauthorized(target.kind === 'operator' ? 'the operator is disabled' : 'the API key was revoked');
    const all = target.kind === 'user' ? [DEFAULT_PLAYER_POLICY, ...names] : names;
    const policies = await Promise.all(all.map((name) => this.documents.get(name, () => this.readPolicy(name))));
    return allowed(this.decision(names, policies, principal, action, resource), action, resource);
  }

  /**
   * Whether `authorize` would allow the request, answered at once from what is cached (the
   * attachments, the documents and the change signal all fresh): true if it allows; false if
   * something must be read first or it denies, so the caller asks `authorize`, which then reads
   * what it needs or throws. The same decision `authorize` makes, without a promise.
   */
  allowsFromCache(principal: Principal, action: string, resource: string): boolean {
    const target = policyTarget(principal);
    if (target === 'root') return !this.bootstrapOnly;
    const names = this.attachments.getNow(targetKey(target))?.value;
    if (!names) return false;
    const policies: Array<NamedPolicy | undefined> = [];
    for (const name of target.kind === 'user' ? [DEFAULT_PLAYER_POLICY, ...names] : names) {
      const cached = this.documents.getNow(name);
      if (!cached) return false;
      policies.push(cached.value);
    }
    return this.decision(names, policies, principal, action, resource).effect === 'allow';
  }

  /** The decision of `policies` (those attached as `names`) on the request, remembered while they stay the same objects. */
  private decision(names: readonly string[], policies: ReadonlyArray<NamedPolicy | undefined>, principal: Principal, action: string, resource: string): Decision {
    const key = `${principal.userId}\n${action}\n${resource}`;
    let decision = this.decisions.get(names, key, policies);
    if (!decision) {
      decision = evaluate(
        policies.filter((policy): policy is NamedPolicy => policy !== undefined),
        { action, resource, userId: principal.userId },
      );
      this.decisions.set(names, key, policies, decision);
    }
    return decision;
  }

  private decide(policies: NamedPolicy[], principal: Principal, action: string, resource: string): Decision {
    return allowed(evaluate(policies, { action, resource, userId: principal.userId }), action, resource);
  }

  private async readPolicy(name: string): Promise<NamedPolicy | undefined> {
    const doc = await this.store.get<PolicyRecord>(POLICY_PARTITION, policyKey(name));
    if (doc) return { name, document: doc.value.document };
    const builtIn = builtInPolicy(name);
    return builtIn ? { name, document: builtIn } : undefined;
  }

  /** Attached names, or undefined for an API key or operator that does not exist (or, unless `evenDisabled`, an operator that is disabled). */
  private async readAttachments(target: PolicyTarget, evenDisabled = false): Promise<string[] | undefined> {
    if (target.kind === 'user') return (await this.store.get<KeyDoc>(userPartition(target.userId), ATTACHED))?.value.policies ?? [];
    const { partition, key } = credentialAddress(target);
    const doc = await this.store.get<KeyDoc>(partition, key);
    return doc && (evenDisabled || !doc.value.disabled) ? doc.value.policies : undefined;
  }

  private async changeAttachments(target: PolicyTarget, change: (names: string[]) => string[]): Promise<string[]> {
    if (target.kind === 'user') await this.accounts.assertExists(target.userId);
    const credential = target.kind === 'user' ? undefined : credentialAddress(target);
    const [partition, key] = target.kind === 'user' ? [userPartition(target.userId), ATTACHED] : [credential!.partition, credential!.key];
    const names = await transact(this.store, async (tx) => {
      const doc = await tx.get<KeyDoc>(partition, key);
      if (credential && !doc) throw credential.missing();
      const next = change(doc?.value.policies ?? []);
      tx.put(partition, key, { ...doc?.value, policies: next });
      return next;
    });
    await this.forget(target);
    return names;
  }
}

/** The decision if it allows; else throws `AccessDenied`. */
function allowed(decision: Decision, action: string, resource: string): Decision {
  if (decision.effect !== 'allow') throw new AccessDenied(action, resource, decision);
  return decision;
}
