import type { TestProject } from 'vitest/node';
import type { ContainerSuite } from './plan';
import { startSuiteContainers } from './containers';

/**
 * For an adapter's vitest `globalSetup` under `KUMO_EMULATORS=containers`: starts the suite's
 * official images, provides the same keys its process emulators provide, and returns the teardown.
 */
export async function provideSuiteContainers(project: TestProject, suite: ContainerSuite): Promise<() => Promise<void>> {
  const started = await startSuiteContainers(suite);
  // The keys are the suite's own `ProvidedContext` keys (see CONTAINER_PLAN), checked by a test.
  for (const [key, value] of Object.entries(started.provided)) project.provide(key as never, value as never);
  return started.stop;
}
