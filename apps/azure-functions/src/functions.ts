import type { app as functionsApp, HttpMethod } from '@azure/functions';
import { createApp, DEFAULT_QUEUE_SETTINGS, resolve, SERVICES, type AppOptions, type ShippedAccessLog } from '@kumo/core';
import type { Container } from 'inversify';
import { STORAGE_SETTING } from './config';
import { httpHandler } from './http';
import { queueTriggerHandler } from './queue-trigger';

/** The part of `@azure/functions`' `app` the registration uses (tests pass a recorder). */
export type FunctionsApp = Pick<typeof functionsApp, 'http' | 'storageQueue'>;

const ALL_METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * Registers the function app: one HTTP function `kumo` (every method, route `{*path}`, anonymous
 * at the Functions level — Kumo authenticates with its own tokens) serving the one Hono app, and
 * one Storage Queue trigger per job queue, reading the `KUMO_STORAGE` connection. With `log` (see
 * `functionsAccessLog`), the access log goes there and is flushed before each HTTP invocation
 * returns (what a flush cannot send stays buffered for the next); so are `telemetry`'s traces and metrics,
 * which each queue trigger flushes too (a span per job).
 */
export function registerFunctions(target: FunctionsApp, container: Container, options: AppOptions & { log?: ShippedAccessLog } = {}): void {
  const { log, ...appOptions } = options;
  const hono = createApp(container, { ...appOptions, accessLog: log?.accessLog ?? appOptions.accessLog });
  const serve = httpHandler((request) => hono.fetch(request));
  const handler: typeof serve = async (request) => {
    const response = await serve(request);
    await log?.flush();
    await appOptions.telemetry?.flush();
    return response;
  };
  target.http('kumo', { methods: ALL_METHODS, authLevel: 'anonymous', route: '{*path}', handler });
  for (const queueName of resolve(container, SERVICES.Jobs).queues()) {
    const run = queueTriggerHandler(container, queueName, DEFAULT_QUEUE_SETTINGS.maxAttempts);
    target.storageQueue(`queue-${queueName}`, {
      queueName,
      connection: STORAGE_SETTING,
      handler: async (message, context) => {
        try {
          await run(message, context);
        } finally {
          await appOptions.telemetry?.flush();
        }
      },
    });
  }
}
