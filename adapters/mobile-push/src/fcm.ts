import { GoogleAuth } from 'google-auth-library';
import { KumoError, Throttled, type MobilePush, type PushEvent } from '@kumo/core';
import type { DeviceTokenSource, StaleTokenHandler } from './token-source';

/** Options of `FcmMobilePush`. */
export interface FcmOptions {
  /** Firebase project ID. */
  projectId: string;
  /** Where the user's device registration tokens come from. */
  deviceTokens: DeviceTokenSource;
  /** OAuth 2 access token with the `firebase.messaging` scope; default: Application Default Credentials. */
  accessToken?: () => Promise<string>;
  /** API root; default `https://fcm.googleapis.com` (tests point it at a local receiver). */
  endpoint?: string;
  /** Called with a token FCM reports as no longer registered, so the registry can drop it. */
  onStaleToken?: StaleTokenHandler;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

/**
 * Access tokens with the FCM scope: from the given service account key (its parsed JSON, read
 * from a secret), else from Application Default Credentials.
 */
export function defaultFcmAccessToken(credentials?: Record<string, string>): () => Promise<string> {
  const auth = new GoogleAuth({ scopes: [SCOPE], ...(credentials ? { credentials } : {}) });
  return async () => {
    const token = await auth.getAccessToken();
    if (!token) throw new KumoError('unavailable', 'fcm_auth', 'no access token for Firebase Cloud Messaging');
    return token;
  };
}

/**
 * Mobile push through Firebase Cloud Messaging's HTTP v1 API: one `messages:send` per device
 * token. The event travels as a data message (`type` and `data` as JSON text, since FCM data
 * values are strings), so the game decides how to show it.
 *
 * Outcomes: a token FCM reports UNREGISTERED (404) or as invalid is dropped through
 * `onStaleToken` and does not fail the send; 429 and 503 become `Throttled`, other failures a
 * `KumoError`, so the queued job fails and the queue redelivers it.
 */
export class FcmMobilePush implements MobilePush {
  private readonly endpoint: string;
  private readonly accessToken: () => Promise<string>;

  constructor(private readonly options: FcmOptions) {
    this.endpoint = (options.endpoint ?? 'https://fcm.googleapis.com').replace(/\/+$/, '');
    this.accessToken = options.accessToken ?? defaultFcmAccessToken();
  }

  /** Sends the event to each of the user's devices. */
  async send(userId: string, event: PushEvent): Promise<void> {
    const tokens = await this.options.deviceTokens(userId);
    if (tokens.length === 0) return;
    const bearer = await this.accessToken();
    const url = `${this.endpoint}/v1/projects/${encodeURIComponent(this.options.projectId)}/messages:send`;
    for (const token of tokens) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: { token, data: { type: event.type, data: JSON.stringify(event.data) } } }),
      });
      if (response.ok) continue;
      const problem = await fcmError(response);
      if (problem.stale) await this.options.onStaleToken?.(userId, token);
      else if (response.status === 429 || response.status === 503) throw new Throttled(`FCM answered ${response.status}`, { status: problem.status });
      else throw new KumoError('unavailable', 'fcm_failed', `FCM answered ${response.status}: ${problem.message}`, { status: problem.status });
    }
  }
}

/** The parts of an FCM error body that decide what to do. */
async function fcmError(response: Response): Promise<{ stale: boolean; status?: string; message: string }> {
  const body = (await response.json().catch(() => ({}))) as {
    error?: { status?: string; message?: string; details?: Array<{ errorCode?: string }> };
  };
  const codes = body.error?.details?.map((detail) => detail.errorCode) ?? [];
  const stale = codes.includes('UNREGISTERED') || (response.status === 400 && codes.includes('INVALID_ARGUMENT') && /token/i.test(body.error?.message ?? ''));
  return { stale, status: body.error?.status, message: body.error?.message ?? response.statusText };
}
