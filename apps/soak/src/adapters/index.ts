import type { AdapterStarter } from './started';

export type { AdapterStarter, StartedAdapter } from './started';

/**
 * The adapters a soak can run on, by `--adapter` name, each loaded only when chosen (the cloud
 * SDKs are slow to import). Another adapter is one file here and one line: start its backend
 * with its package's testing helpers and return its ports.
 */
export const ADAPTERS: Readonly<Record<string, () => Promise<AdapterStarter>>> = {
  memory: async () => (await import('./memory')).startMemory,
  aws: async () => (await import('./aws')).startAws,
  gcp: async () => (await import('./gcp')).startGcp,
  azure: async () => (await import('./azure')).startAzure,
  postgres: async () => (await import('./postgres')).startPostgres,
  pglite: async () => (await import('./postgres')).startPglite,
};
