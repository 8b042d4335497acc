import { v1, type PubSub } from '@google-cloud/pubsub';

/** A low-level subscriber client (synchronous pull) on the same endpoint and credentials as `pubsub`. */
export function subscriberClient(pubsub: PubSub): v1.SubscriberClient {
  const { port, ...options } = pubsub.options;
  return new v1.SubscriberClient({ ...options, port: port === undefined ? undefined : Number(port) });
}
