import { randomBytes } from 'node:crypto';
import { KumoError } from '@kumo/core';

/**
 * The MQTT client id convention of game clients on AWS IoT Core, so that the broker's lifecycle
 * events (which carry only the client id) say which player connected:
 *
 *     kumo-u-<percent-encoded user id>-<connection>
 *
 * - `<percent-encoded user id>` is `encodeURIComponent(userId)`: no `#` or `+` (IoT Core sends no
 *   lifecycle events for client ids holding them), no `/`.
 * - `<connection>` is 1..32 letters or digits (no `-`), unique per connection of the user; the
 *   user id is everything between the prefix and the LAST `-`, so user ids may contain `-`.
 * - The whole id is at most 128 bytes (IoT Core's limit), so user ids are limited to what fits.
 *
 * Game clients pass it to `connectAsUser` from `@kumo/adapter-mqtt` as `client: { clientId }`;
 * the IoT policy of players should only allow `iot:Connect` on `client/kumo-u-<their id>-*`.
 * Any other client id (the MQTT push's `kumo-server-...`, devices, tools) is not a player and its
 * lifecycle events are ignored.
 */
export const PLAYER_CLIENT_ID_PREFIX = 'kumo-u-';

/** IoT Core's longest client id, in bytes. */
export const MAX_CLIENT_ID_BYTES = 128;

const CONNECTION = /^[A-Za-z0-9]{1,32}$/;

/** A player client id cannot be made from these arguments. */
export class InvalidClientId extends KumoError {
  constructor(message: string) {
    super('invalid', 'invalid_client_id', message);
  }
}

/** The player's client id for one connection (`connection` defaults to 16 random hex digits). */
export function playerClientId(userId: string, connection = randomBytes(8).toString('hex')): string {
  if (userId === '') throw new InvalidClientId('a user id cannot be empty');
  if (!CONNECTION.test(connection)) throw new InvalidClientId('a connection id is 1..32 letters or digits');
  const clientId = `${PLAYER_CLIENT_ID_PREFIX}${encodeURIComponent(userId)}-${connection}`;
  if (Buffer.byteLength(clientId, 'utf8') > MAX_CLIENT_ID_BYTES) throw new InvalidClientId(`a client id is limited to ${MAX_CLIENT_ID_BYTES} bytes`);
  return clientId;
}

/** The user and connection of a player's client id, or `undefined` for any other client id. */
export function parsePlayerClientId(clientId: string): { userId: string; connection: string } | undefined {
  if (!clientId.startsWith(PLAYER_CLIENT_ID_PREFIX)) return undefined;
  const rest = clientId.slice(PLAYER_CLIENT_ID_PREFIX.length);
  const split = rest.lastIndexOf('-');
  const connection = rest.slice(split + 1);
  if (split < 1 || !CONNECTION.test(connection)) return undefined;
  try {
    return { userId: decodeURIComponent(rest.slice(0, split)), connection };
  } catch {
    return undefined;
  }
}
