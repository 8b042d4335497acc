import type { app as functionsApp, HttpMethod } from '@azure/functions';
import { createApp, DEFAULT_QUEUE_SETTINGS, resolve, SERVICES, type AppOptions } from '@kumo/core';
import type { Container } from 'inversify';
import { STORAGE_SETTING } from './config';
import { httpHandler } from './http';
import { queueTriggerHandler } from './queue-trigger';

/** The part of `@azure/functions`' `app` the registration uses (tests pass a recorder). */
export type FunctionsApp = Pick<typeof functionsApp, 'http' | 'storageQueue'>;

const ALL_METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * Registers the function app: one HTTP function `kumo` (every method, route `{*path}`, anonymous
 * at the Functions level — Kumo authenticates with its own tokens) serving the one Hono app (its
 * `telemetry` flushed before each invocation returns), and
 * one Storage Queue trigger per job queue, reading the `KUMO_STORAGE` connection.
 */
export function registerFunctions(target: FunctionsApp, container: Container, options: AppOptions = {}): void {
  const hono = createApp(container, options);
  target.http('kumo', { methods: ALL_METHODS, authLevel: 'anonymous', route: '{*path}', handler: httpHandler(async (request) => {
    try {
      return await hono.fetch(request);
    } finally {
      await options.telemetry?.flush();
    }
  }) });
  for (const queueName of resolve(container, SERVICES.Jobs).queues()) {
    target.storageQueue(`queue-${queueName}`, {
      queueName,
      connection: STORAGE_SETTING,
      handler: queueTriggerHandler(container, queueName, DEFAULT_QUEUE_SETTINGS.maxAttempts),
    });
  }
}
