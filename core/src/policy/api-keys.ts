import { randomBytes } from 'node:crypto';
import type { Clock } from '../ports/clock';
import type { Ids } from '../ports/ids';
import type { Store } from '../ports/store';
import { transact } from '../store/transact';
import { hashSecret, verifySecret } from '../services/account/secret-hash';
import { Unauthorized, type IssuedToken, type TokenService } from '../http/access-tokens';
import { ApiKeyNotFound } from './policy-errors';
import type { PolicyService } from './policy-service';
import { API_KEY_PARTITION, apiKeyDocKey, apiKeyUserId } from './principals';

/** Stored API key: the secret only as a hash; the attached policies are what the key may do. */
interface ApiKeyDoc {
  [field: string]: unknown;
  name: string;
  secretHash: string;
  policies: string[];
  createdAt: number;
}

/** An API key as admins see it (never its secret). */
export interface ApiKeyInfo {
  keyId: string;
  name: string;
  policies: string[];
  createdAt: number;
}

/** A new API key: `apiKey` (`<keyId>.<secret>`) is shown only once. */
export interface CreatedApiKey extends ApiKeyInfo {
  apiKey: string;
}

/**
 * API keys of server-to-server callers (a purchase verifier, a game server). A key is exchanged
 * for a short-lived admin-role token whose principal is `key:<keyId>`; unlike the root admin, such
 * a caller may do only what the policies attached to its key allow (nothing, until one is).
 */
export class ApiKeyService {
  constructor(
    private readonly store: Store,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly tokens: TokenService,
    private readonly policies: PolicyService,
  ) {}

  /** Creates a key with a random 256-bit secret and no policies. */
  async create(name: string): Promise<CreatedApiKey> {
    const keyId = this.ids.next();
    const secret = randomBytes(32).toString('base64url');
    const doc: ApiKeyDoc = { name, secretHash: await hashSecret(secret), policies: [], createdAt: this.clock.now() };
    await transact(this.store, async (tx) => tx.put(API_KEY_PARTITION, apiKeyDocKey(keyId), doc));
    return { keyId, name, policies: [], createdAt: doc.createdAt, apiKey: `${keyId}.${secret}` };
  }

  /** Every key, oldest first (at most 1000). */
  async list(): Promise<ApiKeyInfo[]> {
    const page = await this.store.query<ApiKeyDoc>(API_KEY_PARTITION, { prefix: 'key:', limit: 1000 });
    return page.items.map((doc) => ({ keyId: doc.key.slice(4), name: doc.value.name, policies: doc.value.policies, createdAt: doc.value.createdAt }));
  }

  /** Revokes a key: its tokens stop working on this instance at once, elsewhere within the policies' change check (about a second). */
  async revoke(keyId: string): Promise<void> {
    await transact(this.store, async (tx) => {
      if (!(await tx.get(API_KEY_PARTITION, apiKeyDocKey(keyId)))) throw new ApiKeyNotFound(keyId);
      tx.delete(API_KEY_PARTITION, apiKeyDocKey(keyId));
    });
    await this.policies.forget({ kind: 'key', keyId });
  }

  /** Exchanges an API key for a short-lived token of the key's principal. */
  async signIn(apiKey: string): Promise<IssuedToken> {
    const [keyId, secret, extra] = apiKey.split('.');
    if (!keyId || !secret || extra !== undefined || !/^[0-9a-z]{26}$/.test(keyId)) throw new Unauthorized('invalid API key');
    const doc = await this.store.get<ApiKeyDoc>(API_KEY_PARTITION, apiKeyDocKey(keyId));
    if (!doc || !(await verifySecret(secret, doc.value.secretHash))) throw new Unauthorized('invalid API key');
    return this.tokens.issue({ userId: apiKeyUserId(keyId), role: 'admin' });
  }
}
