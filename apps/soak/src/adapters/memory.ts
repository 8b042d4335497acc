import { capabilities, createMemoryPorts } from '@kumo/adapter-memory';
import type { AdapterStarter } from './started';

/** The embedded adapter: nothing to start. */
export const startMemory: AdapterStarter = async (queue) => ({
  adapter: { name: 'memory', ports: createMemoryPorts({ queue }), capabilities, visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds },
  stop: async () => {},
});
