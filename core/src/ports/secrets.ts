import { KumoError } from './errors';

/** Secrets port: named secret values (token signing key, admin key), never in code. */
export interface Secrets {
  /** The secret's value; throws if it is not configured. */
  get(name: SecretName): string;
}

/** The secrets Kumo reads. */
export type SecretName = 'tokenSigningKey' | 'adminKey';

const ENV_NAMES: Record<SecretName, string> = {
  tokenSigningKey: 'KUMO_TOKEN_SECRET',
  adminKey: 'KUMO_ADMIN_KEY',
};

/** Secrets read from environment variables `KUMO_TOKEN_SECRET` and `KUMO_ADMIN_KEY`. */
export function envSecrets(env: Record<string, string | undefined> = process.env): Secrets {
  return {
    get(name) {
      const value = env[ENV_NAMES[name]];
      if (!value || value.length < 16) {
        throw new KumoError('internal', 'misconfigured', `set ${ENV_NAMES[name]} to a secret of at least 16 characters`);
      }
      return value;
    },
  };
}
