import type { Clock } from '../ports/clock';
import type { Store } from '../ports/store';
import { transact } from '../store/transact';
import { hashSecret, verifySecret } from '../services/account/secret-hash';
import { Unauthorized, type IssuedToken, type TokenService } from '../http/access-tokens';
import { OperatorExists, OperatorNotFound, TooManyPolicies } from './policy-errors';
import type { PolicyService } from './policy-service';
import { MAX_ATTACHED_POLICIES } from './policy-service';
import { OPERATOR_PARTITION, operatorDocKey, operatorUserId } from './principals';

/** Stored operator: the password only as a scrypt hash; `policies` are the operator's roles. */
interface OperatorDoc {
  [field: string]: unknown;
  passwordHash: string;
  policies: string[];
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** An operator as admins see it (never the password hash). */
export interface OperatorInfo {
  operatorId: string;
  roles: string[];
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A new operator: a sign-in name, a password, and the roles (policy names) it starts with. */
export interface NewOperator {
  operatorId: string;
  password: string;
  roles: string[];
}

const info = (operatorId: string, doc: OperatorDoc): OperatorInfo => ({
  operatorId,
  roles: doc.policies,
  disabled: doc.disabled,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
});

let unknownOperatorHash: Promise<string> | undefined;
/** A scrypt hash checked when an operator id is unknown, so the refusal takes as long as a wrong password (made on first use, not at cold start). */
const hashForUnknown = () => (unknownOperatorHash ??= hashSecret('no such operator'));

/**
 * Named operator accounts of the console and admin API, instead of one shared admin key (which
 * stays for bootstrap: creating the first operators). An operator signs in with a password for a
 * short-lived admin-audience token of principal `operator:<id>`; what it may do is exactly what
 * its roles allow (roles are policies: the built-in `kumo-role-support`, `kumo-role-finance`,
 * `kumo-role-admin`, or any stored one). Disabling an operator refuses its tokens at once on this
 * instance and within the policies' change check elsewhere.
 */
export class OperatorService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly tokens: TokenService,
    private readonly policies: PolicyService,
  ) {}

  /** Creates an operator; 409 `operator_exists` if the id is taken, 404 `policy_not_found` for an unknown role. */
  async create(input: NewOperator): Promise<OperatorInfo> {
    const roles = [...new Set(input.roles)];
    if (roles.length > MAX_ATTACHED_POLICIES) throw new TooManyPolicies(MAX_ATTACHED_POLICIES);
    await Promise.all(roles.map((role) => this.policies.get(role)));
    const now = this.clock.now();
    const doc: OperatorDoc = { passwordHash: await hashSecret(input.password), policies: roles, disabled: false, createdAt: now, updatedAt: now };
    await transact(this.store, async (tx) => {
      if (await tx.get(OPERATOR_PARTITION, operatorDocKey(input.operatorId), { assumeAbsent: true })) throw new OperatorExists(input.operatorId);
      tx.put(OPERATOR_PARTITION, operatorDocKey(input.operatorId), doc, { assumeAbsent: true });
    });
    return info(input.operatorId, doc);
  }

  /** Every operator in id order (at most 1000). */
  async list(): Promise<OperatorInfo[]> {
    const page = await this.store.query<OperatorDoc>(OPERATOR_PARTITION, { prefix: 'operator:', limit: 1000 });
    return page.items.map((doc) => info(doc.key.slice('operator:'.length), doc.value));
  }

  /** Disables or enables an operator; a disabled operator cannot sign in and its tokens are refused. */
  async setDisabled(operatorId: string, disabled: boolean): Promise<OperatorInfo> {
    const updated = await this.update(operatorId, { disabled });
    await this.policies.forget({ kind: 'operator', operatorId });
    return info(operatorId, updated);
  }

  /** Gives an operator a new password (the old one stops working; tokens already issued live out their 15 minutes). */
  async setPassword(operatorId: string, password: string): Promise<OperatorInfo> {
    return info(operatorId, await this.update(operatorId, { passwordHash: await hashSecret(password) }));
  }

  private update(operatorId: string, fields: Partial<OperatorDoc>): Promise<OperatorDoc> {
    return transact(this.store, async (tx) => {
      const doc = await tx.get<OperatorDoc>(OPERATOR_PARTITION, operatorDocKey(operatorId));
      if (!doc) throw new OperatorNotFound(operatorId);
      const next = { ...doc.value, ...fields, updatedAt: this.clock.now() };
      tx.put(OPERATOR_PARTITION, operatorDocKey(operatorId), next);
      return next;
    });
  }

  /** Exchanges an operator's id and password for a short-lived admin token; 401 for a wrong pair or a disabled operator. */
  async signIn(operatorId: string, password: string): Promise<IssuedToken> {
    const doc = await this.store.get<OperatorDoc>(OPERATOR_PARTITION, operatorDocKey(operatorId));
    const matches = await verifySecret(password, doc?.value.passwordHash ?? (await hashForUnknown()));
    if (!doc || !matches || doc.value.disabled) throw new Unauthorized('invalid operator id or password, or the operator is disabled');
    return this.tokens.issue({ userId: operatorUserId(operatorId), role: 'admin' });
  }
}
