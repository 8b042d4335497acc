/** Where the adapter suites get their emulators from. */
export type EmulatorProvider = 'process' | 'containers';

const PROVIDERS: readonly EmulatorProvider[] = ['process', 'containers'];

/**
 * The provider chosen by `KUMO_EMULATORS`: `process` (the default; emulators from npm and the
 * machine, started as child processes) or `containers` (the vendors' official images through
 * testcontainers, which needs a Docker engine). Any other value throws, naming the choices.
 */
export function emulatorProvider(env: NodeJS.ProcessEnv = process.env): EmulatorProvider {
  const value = env.KUMO_EMULATORS?.trim() || 'process';
  if ((PROVIDERS as readonly string[]).includes(value)) return value as EmulatorProvider;
  throw new Error(`KUMO_EMULATORS=${value} is not a provider: use one of ${PROVIDERS.join(', ')}`);
}

/**
 * Fails at once, with what to do, when no container engine answers: `KUMO_EMULATORS=containers`
 * never falls back to process emulators silently. `connect` is testcontainers' runtime lookup.
 */
export async function requireContainerRuntime(connect: () => Promise<unknown> = defaultConnect): Promise<void> {
  try {
    await connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `KUMO_EMULATORS=containers needs a reachable Docker engine (DOCKER_HOST or /var/run/docker.sock), and none answered: ${reason}. ` +
        'Start Docker, or run with KUMO_EMULATORS=process (the default) for the process emulators.',
    );
  }
}

async function defaultConnect(): Promise<unknown> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  return getContainerRuntimeClient();
}
