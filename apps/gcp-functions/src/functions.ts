import type { CloudEventFunction, HttpFunction } from '@google-cloud/functions-framework';
import { getRequestListener } from '@hono/node-server';
import { createApp, KumoError, runJob, type AppOptions, type createContainer, type ShippedAccessLog } from '@kumo/core';
import { DELAYED_SUFFIX } from '@kumo/adapter-gcp/light';
import type { PubSubQueue } from '@kumo/adapter-gcp';

/** The `data` of a `google.cloud.pubsub.topic.v1.messagePublished` CloudEvent. */
export interface MessagePublishedData {
  message: { data?: string; attributes?: Record<string, string>; messageId?: string };
  subscription?: string;
}

/** The two functions a deployment registers. */
export interface KumoFunctions {
  /** Every HTTP route of the Hono app, as one HTTP function. */
  api: HttpFunction;
  /** Pub/Sub messages of every Kumo queue (and `<queue>-delayed` topics), as one CloudEvent function. */
  jobs: CloudEventFunction<MessagePublishedData>;
}

/** A delayed message came before its time: failing makes Pub/Sub deliver it again later. */
export class NotDueYet extends KumoError {
  constructor(seconds: number) {
    super('unavailable', 'not_due_yet', `the delayed message is due in ${seconds} s`, { seconds });
  }
}

type Container = ReturnType<typeof createContainer>;

/**
 * Builds the functions over a container. HTTP: the functions framework hands an Express
 * request whose body it has already read; `getRequestListener` of @hono/node-server turns it
 * into a Fetch `Request` (using the framework's `rawBody`) and writes the `Response` back.
 * Jobs: the topic in the event's `source` names the queue; the message runs through `runJob`,
 * whose error fails the invocation so that Pub/Sub redelivers (and dead-letters) it. With `log`
 * (see `functionsAccessLog`), the access log goes there and is flushed after each HTTP call
 * (what a flush cannot send stays buffered for the next); so are `telemetry`'s traces and metrics,
 * after each HTTP call and each job.
 * `queue` may be a function that loads the queue on the first job (an entry whose adapter set
 * loads on first use).
 */
export function createFunctions(container: Container, queue: PubSubQueue | (() => Promise<PubSubQueue>), options: AppOptions & { log?: ShippedAccessLog } = {}): KumoFunctions {
  const { log, ...appOptions } = options;
  const pubsub = typeof queue === 'function' ? queue : async () => queue;
  const listener = getRequestListener(createApp(container, { ...appOptions, accessLog: log?.accessLog ?? appOptions.accessLog }).fetch);
  return {
    api: async (request, response) => {
      await listener(request, response);
      await log?.flush();
      await appOptions.telemetry?.flush();
    },
    async jobs(event) {
      const queue = await pubsub();
      const topicId = /\/topics\/([^/]+)$/.exec(event.source)?.[1] ?? '';
      const queueName = queue.names.queueOfTopic(topicId);
      if (queueName === undefined) throw new KumoError('invalid', 'unknown_topic', `topic "${topicId}" is not a Kumo queue`);
      const message = event.data?.message ?? {};
      const data = Buffer.from(message.data ?? '', 'base64');
      if (queueName.endsWith(DELAYED_SUFFIX)) {
        const outcome = await queue.forwardIfDue(queueName.slice(0, -DELAYED_SUFFIX.length), data, message.attributes ?? {});
        if (outcome !== true) throw new NotDueYet(outcome);
        return;
      }
      try {
        await runJob(container, queueName, JSON.parse(data.toString('utf8')));
      } finally {
        await appOptions.telemetry?.flush();
      }
    },
  };
}
