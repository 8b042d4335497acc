import { KumoError, NotFound } from '../../ports/errors';

/** The player has no device with this id (devices of other players are not visible). */
export class DeviceNotFound extends NotFound {
  constructor(details: { deviceId: string } | { platform: string }) {
    super('no such device is registered for this player', details, 'device_not_found');
  }
}

/** The token does not look like a token of its platform. */
export class InvalidDeviceToken extends KumoError {
  constructor(platform: string) {
    super('invalid', 'invalid_device_token', `not a valid ${platform} device token`, { platform });
  }
}
