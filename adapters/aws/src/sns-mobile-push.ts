import {
  CreatePlatformEndpointCommand,
  DeleteEndpointCommand,
  EndpointDisabledException,
  NotFoundException,
  PublishCommand,
  ThrottledException,
  type MessageAttributeValue,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { KumoError, storeDeviceBindings, storeDeviceTokens, Throttled, type DeviceBindings, type DevicePlatform, type MobilePush, type PushEvent, type Store } from '@kumo/core';

/** Options of `SnsMobilePush`. */
export interface SnsMobilePushOptions {
  client: SNSClient;
  /** The store holding core's device registry; the platform endpoint ARNs are kept there too. */
  store: Store;
  /**
   * ARNs of the SNS platform applications, per device platform: `fcm` an application of platform
   * `GCM` (FCM), `apns` one of `APNS` or `APNS_SANDBOX`. Devices of a platform without one are skipped.
   */
  platformApplications: Partial<Record<DevicePlatform, string>>;
}

/** APNs delivery settings SNS passes on as headers: a background notification. */
const APNS_ATTRIBUTES: Record<string, MessageAttributeValue> = {
  'AWS.SNS.MOBILE.APNS.PUSH_TYPE': { DataType: 'String', StringValue: 'background' },
  'AWS.SNS.MOBILE.APNS.PRIORITY': { DataType: 'String', StringValue: '5' },
};

/**
 * Mobile push through Amazon SNS mobile push. For each device token in core's registry a
 * platform endpoint is created once (`CreatePlatformEndpoint`) and its ARN kept beside the
 * device (`storeDeviceBindings`, service `sns`); each notification is one `Publish` to that
 * endpoint with a per-platform JSON message: FCM gets an HTTP v1 data message (`type`, and `data`
 * as JSON text), APNs a background notification whose payload holds `type` and `data`.
 *
 * When SNS answers that the endpoint is disabled (the push service reported the token invalid),
 * the token is forgotten in the registry, the endpoint deleted and its ARN dropped; the player's
 * other devices still get the event. A device the player unregistered has its endpoint deleted
 * the same way (`releaseDevice`). SNS keeps one endpoint per token, so players of a shared device
 * share it: when SNS no longer knows a kept endpoint (released for the other player), it is
 * created again and the notification sent to it. SNS throttling becomes `Throttled` and other
 * failures propagate, so the queued job is retried.
 */
export class SnsMobilePush implements MobilePush {
  private readonly endpoints: DeviceBindings;

  constructor(private readonly options: SnsMobilePushOptions) {
    this.endpoints = storeDeviceBindings(options.store, 'sns');
  }

  /** Publishes the event to every device of the user whose platform has an application. */
  async send(userId: string, event: PushEvent): Promise<void> {
    for (const [platform, application] of Object.entries(this.options.platformApplications) as Array<[DevicePlatform, string]>) {
      const registry = storeDeviceTokens(this.options.store, platform);
      for (const token of await registry.tokens(userId)) {
        const endpointArn = await this.endpoint(userId, platform, application, token);
        try {
          await this.publish(endpointArn, platform, event);
        } catch (error) {
          if (error instanceof NotFoundException) {
            // SNS keeps one endpoint per token: released for another player of a shared device, it is made anew.
            await this.endpoints.drop(userId, platform, token);
            await this.publish(await this.endpoint(userId, platform, application, token), platform, event);
            continue;
          }
          if (!(error instanceof EndpointDisabledException)) throw snsFailure(error);
          await registry.forget(userId, token);
          await this.deleteEndpoint(userId, platform, token, endpointArn);
        }
      }
    }
  }

  private async publish(endpointArn: string, platform: DevicePlatform, event: PushEvent): Promise<void> {
    await this.options.client.send(new PublishCommand(publishInput(endpointArn, platform, event)));
  }

  /** Deletes the platform endpoint of a device the player no longer has registered, and its kept ARN. */
  async releaseDevice(userId: string, platform: DevicePlatform, token: string): Promise<void> {
    const endpointArn = await this.endpoints.get(userId, platform, token);
    if (endpointArn) await this.deleteEndpoint(userId, platform, token, endpointArn);
  }

  /** `DeleteEndpoint` (SNS answers success for an endpoint already gone), then drops the kept ARN. */
  private async deleteEndpoint(userId: string, platform: DevicePlatform, token: string, endpointArn: string): Promise<void> {
    await this.options.client.send(new DeleteEndpointCommand({ EndpointArn: endpointArn })).catch((error: unknown) => {
      throw snsFailure(error);
    });
    await this.endpoints.drop(userId, platform, token);
  }

  /** The device's platform endpoint ARN: the kept one, or a new endpoint (kept from now on). */
  private async endpoint(userId: string, platform: DevicePlatform, application: string, token: string): Promise<string> {
    const kept = await this.endpoints.get(userId, platform, token);
    if (kept) return kept;
    const created = await this.options.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: application, Token: token })).catch((error: unknown) => {
      throw snsFailure(error);
    });
    if (!created.EndpointArn) throw new KumoError('unavailable', 'sns_failed', 'SNS created a platform endpoint without an ARN');
    await this.endpoints.set(userId, platform, token, created.EndpointArn);
    return created.EndpointArn;
  }
}

/** The Publish request: a JSON message with one entry per platform (SNS picks the endpoint's). */
function publishInput(endpointArn: string, platform: DevicePlatform, event: PushEvent) {
  const fcm = { fcmV1Message: { message: { data: { type: event.type, data: JSON.stringify(event.data) } } } };
  const apns = { aps: { 'content-available': 1 }, type: event.type, data: event.data };
  const message = { default: JSON.stringify(event), GCM: JSON.stringify(fcm), APNS: JSON.stringify(apns), APNS_SANDBOX: JSON.stringify(apns) };
  return { TargetArn: endpointArn, MessageStructure: 'json', Message: JSON.stringify(message), ...(platform === 'apns' ? { MessageAttributes: APNS_ATTRIBUTES } : {}) };
}

/** SNS throttling as `Throttled` (the job is retried later); anything else as it is. */
function snsFailure(error: unknown): unknown {
  return error instanceof ThrottledException ? new Throttled('SNS is throttling', { service: 'sns' }) : error;
}
